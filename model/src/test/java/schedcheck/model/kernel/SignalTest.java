package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import schedcheck.checker.Successors;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * Signals: FUTEX_SWAP's wait half returns -EINTR like FUTEX_WAIT; a signal does not wake a
 * plain (uninterruptible) mutex_lock; a pending signal is consumed by the -EINTR return; a
 * signal sets nothing in a scenario until it is sent.
 */
class SignalTest {

  /** Every reachable state. */
  static List<KState> reachable(KernelModel m) {
    Set<KState> seen = new HashSet<>();
    ArrayDeque<KState> todo = new ArrayDeque<>(m.initialStates());
    List<KState> out = new ArrayList<>();
    while (!todo.isEmpty()) {
      KState s = todo.poll();
      if (!seen.add(s)) {
        continue;
      }
      out.add(s);
      m.successors(s, new Successors<>() {
        @Override
        public void next(StepInfo action, KState state) {
          todo.add(state);
        }

        @Override
        public void cut(String bound) {}
      });
    }
    return out;
  }

  static boolean any(List<KState> states, Predicate<KState> p) {
    return states.stream().anyMatch(p);
  }

  static KernelModel model(String yaml) throws Exception {
    Scenario sc = ScenarioParser.parse(yaml, "signal-test.yaml");
    return new KernelModel(sc);
  }

  @Test
  void futexSwapWaitHalfReturnsEintr() throws Exception {
    KernelModel m = model("""
        name: swap-signal
        cpus: 2
        kernel: {proxy: false}
        memory: {req: 0, rsp: 0}
        tasks:
          t1:
            program: |
              r = futex_swap req rsp 0
          t2:
            program: |
              signal t1
        """);
    List<KState> all = reachable(m);
    // t1 back in user space (at its end, before do_exit) with -EINTR and the signal consumed.
    assertTrue(any(all, s -> s.depth(0) == 0 && s.pc(0) == 1 && s.reg(0, 0) == Kernel.EINTR && !s.signalPending(0)));
    // Never -EINTR with the signal still pending.
    assertFalse(any(all, s -> s.depth(0) == 0 && s.reg(0, 0) == Kernel.EINTR && s.signalPending(0)));
  }

  @Test
  void plainMutexLockIsNotInterrupted() throws Exception {
    for (boolean proxy : List.of(false, true)) {
      KernelModel m = model("""
          name: lock-signal
          cpus: 2
          kernel: {proxy: %s}
          mutexes: [M]
          tasks:
            owner:
              program: |
                lock M
                work
                unlock M
            waiter:
              program: |
                lock M
                unlock M
            sender:
              program: |
                signal waiter
          """.formatted(proxy));
      List<KState> all = reachable(m);
      // Whenever the waiter is back in user space after 'lock M' (pc 1), it owns M.
      assertFalse(any(all, s -> s.depth(1) == 0 && s.pc(1) == 1 && s.mutexOwner(0) != 1), "proxy " + proxy);
      // It takes M with the signal pending: the signal neither woke nor aborted the lock.
      assertTrue(any(all, s -> s.mutexOwner(0) == 1 && s.signalPending(1)), "proxy " + proxy);
    }
  }

  @Test
  void interruptibleLockReturnsEintrOrTheMutex() throws Exception {
    for (String version : List.of("pe-v6.17", "pe-v7.1", "pe-v7.2")) {
      KernelModel m = model("""
          name: lock-interruptible
          cpus: 2
          kernel: {variants: [%s]}
          mutexes: [M]
          tasks:
            owner:
              program: |
                lock M
                work
                unlock M
            waiter:
              program: |
                e = lock_interruptible M
                work
            sender:
              program: |
                signal waiter
          """.formatted(version));
      List<KState> all = reachable(m);
      Predicate<KState> returned = s -> !s.exited(1) && s.depth(1) == 0 && s.pc(1) == 1;
      assertTrue(any(all, s -> returned.test(s) && s.reg(1, 0) == Kernel.EINTR && s.mutexOwner(0) != 1
          && s.blockedOn(1) < 0 && !s.mutexWaiters(0).contains(1)), version + ": -EINTR, off the wait_list");
      assertTrue(any(all, s -> returned.test(s) && s.reg(1, 0) == 0 && s.mutexOwner(0) == 1), version + ": 0, owns M");
      assertFalse(any(all, s -> returned.test(s) && s.reg(1, 0) == 0 && s.mutexOwner(0) != 1), version);
      assertFalse(any(all, s -> returned.test(s) && s.reg(1, 0) == Kernel.EINTR && s.signalPending(1)), version);
    }
  }

  @Test
  void noSignalNoFlag() throws Exception {
    KernelModel m = model("""
        name: no-signal
        cpus: 2
        memory: {w: 0}
        tasks:
          a:
            program: |
              r = futex_wait w 0
          b:
            program: |
              store w 1
              r = futex_wake w 1
        """);
    for (KState s : reachable(m)) {
      for (int t = 0; t < 2; t++) {
        assertEquals(0, s.flags(t) & Layout.FLAG_SIGPENDING);
      }
    }
  }
}
