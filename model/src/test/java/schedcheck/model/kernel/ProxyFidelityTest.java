package schedcheck.model.kernel;

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
import schedcheck.model.scenario.ScenarioParser;

/**
 * The Proxy Execution model against the kernel's own sources (issue 6, item 5): each test
 * tells the corrected step from the one it replaced.
 */
class ProxyFidelityTest {

  /** One transition: the state it leaves, what it did, the state it reaches. */
  record Edge(KState from, StepInfo step, KState to) {}

  static List<Edge> edges(KernelModel m) {
    Set<KState> seen = new HashSet<>();
    ArrayDeque<KState> todo = new ArrayDeque<>(m.initialStates());
    List<Edge> out = new ArrayList<>();
    while (!todo.isEmpty()) {
      KState s = todo.poll();
      if (!seen.add(s)) {
        continue;
      }
      m.successors(s, new Successors<>() {
        @Override
        public void next(StepInfo action, KState state) {
          out.add(new Edge(s, action, state));
          todo.add(state);
        }

        @Override
        public void cut(String bound) {}
      });
    }
    return out;
  }

  static KernelModel model(String yaml, String version) throws Exception {
    return new KernelModel(ScenarioParser.parse(yaml.formatted(version), "fidelity-test.yaml"));
  }

  static boolean any(List<Edge> es, Predicate<Edge> p) {
    return es.stream().anyMatch(p);
  }

  /** A waiter on cpu0 blocks on A, which an owner on cpu1 holds: the owner is remote. */
  static final String REMOTE_OWNER = """
      name: remote-owner
      cpus: 2
      kernel: {variants: [%s]}
      mutexes: [A]
      tasks:
        owner:
          cpu: 1
          affinity: [1]
          program: |
            lock A
            work
            unlock A
        waiter:
          cpu: 0
          affinity: [0]
          program: |
            lock A
            unlock A
      """;

  /**
   * Merged v6.17 (commit 7de9d4f94638) has no curr_in_chain: when the waiter, still rq->curr
   * as prev, is picked and its owner is remote, the donor is deactivated at once. v7.1 and
   * v7.2 yield to idle instead.
   */
  @Test
  void v617DeactivatesTheDonorEvenWhenItIsCurr() throws Exception {
    int waiter = 1;
    Predicate<Edge> currInChain = e -> e.step().note().contains("rq->curr in the chain");
    Predicate<Edge> deactivatesCurrDonor = e -> e.step().note().contains("deactivate donor waiter")
        && e.from().curr(0) == waiter;

    List<Edge> v617 = edges(model(REMOTE_OWNER, "pe-v6.17"));
    assertTrue(any(v617, deactivatesCurrDonor), "v6.17: the donor that is rq->curr is deactivated");
    assertFalse(any(v617, currInChain), "v6.17 has no curr_in_chain test");

    for (String v : List.of("pe-v7.1", "pe-v7.2")) {
      List<Edge> es = edges(model(REMOTE_OWNER, v));
      assertTrue(any(es, currInChain), v + ": rq->curr in the chain yields to idle");
      assertFalse(any(es, deactivatesCurrDonor), v);
    }
  }

  /**
   * The owner sleeps while holding A, so the walk deactivates the lock_interruptible waiter;
   * a signal to the waiter races with it.
   */
  static final String SLEEPING_OWNER_SIGNAL = """
      name: sleeping-owner-signal
      cpus: 2
      kernel: {variants: [%s]}
      mutexes: [A]
      memory: {w: 0}
      tasks:
        owner:
          cpu: 0
          affinity: [0]
          program: |
            lock A
            r = futex_wait w 0
            unlock A
        waiter:
          cpu: 0
          affinity: [0]
          program: |
            e = lock_interruptible A
        sender:
          cpu: 1
          affinity: [1]
          program: |
            signal waiter
            store w 1
            r = futex_wake w 1
      """;

  /**
   * proxy_deactivate calls try_to_block_task(rq, donor, &state, true) in v6.17 and v7.1,
   * which does not block a donor with a signal pending in TASK_INTERRUPTIBLE: it sets
   * TASK_RUNNING and fails. v7.2 calls block_task directly (commit f0c1ecde6447) and does.
   */
  @Test
  void proxyDeactivateKeepsASignalledDonorExceptInV72() throws Exception {
    int waiter = 1;
    Predicate<Edge> dequeuesSignalled = e -> e.from().signalPending(waiter)
        && e.from().taskState(waiter) == Layout.TASK_INTERRUPTIBLE
        && e.from().onRq(waiter) == Layout.ON_RQ_QUEUED && e.to().onRq(waiter) == Layout.ON_RQ_NONE
        && e.step().text().contains("proxy_deactivate");
    Predicate<Edge> refuses = e -> e.step().note().contains("has a signal pending: try_to_block_task");
    for (String v : List.of("pe-v6.17", "pe-v7.1")) {
      List<Edge> es = edges(model(SLEEPING_OWNER_SIGNAL, v));
      assertFalse(any(es, dequeuesSignalled), v + ": a signalled interruptible donor is not dequeued");
      assertTrue(any(es, refuses), v + ": try_to_block_task refuses it");
    }
    List<Edge> v72 = edges(model(SLEEPING_OWNER_SIGNAL, "pe-v7.2"));
    assertTrue(any(v72, dequeuesSignalled), "v7.2: block_task has no signal check");
    assertFalse(any(v72, refuses));
  }

  /**
   * v7.2: proxy_deactivate is only ever called with blocked_on clear (commit abc40cca0efd
   * adds WARN_ON_ONCE(donor->blocked_on) there and drops the clear from ttwu's off-rq path),
   * so no task the walk deactivates keeps a blocked_on, and ttwu's activation (T4) never
   * clears one.
   */
  @Test
  void v72DeactivatesOnlyTasksWithoutBlockedOn() throws Exception {
    for (String yaml : List.of(REMOTE_OWNER, SLEEPING_OWNER_SIGNAL)) {
      int n = yaml == REMOTE_OWNER ? 2 : 3;
      List<Edge> es = edges(model(yaml, "pe-v7.2"));
      for (Edge e : es) {
        if (e.step().text().contains("proxy_deactivate") || e.step().text().contains("find_proxy_task")) {
          for (int t = 0; t < n; t++) {
            if (e.from().onRq(t) != Layout.ON_RQ_NONE && e.to().onRq(t) == Layout.ON_RQ_NONE) {
              assertTrue(e.to().blockedOn(t) < 0, "deactivated with blocked_on set: " + e.step());
            }
          }
        }
        if (e.step().text().contains("ttwu_queue")) {
          for (int t = 0; t < n; t++) {
            assertFalse(e.from().blockedOn(t) >= 0 && e.to().blockedOn(t) < 0, "T4 cleared blocked_on: " + e.step());
          }
        }
      }
    }
  }

  /** Every merged version names what each modeled step follows; other variants none. */
  @Test
  void everyVersionNamesItsSources() {
    for (Variant v : Variants.all()) {
      List<Variants.StepSource> src = Variants.sources(v);
      if (!Variants.PE_VERSIONS.contains(v)) {
        assertTrue(src.isEmpty(), v.name());
        continue;
      }
      assertFalse(src.isEmpty(), v.name());
      for (Variants.StepSource s : src) {
        assertFalse(s.steps().isBlank() || s.source().isBlank(), v.name() + ": " + s);
        assertFalse(s.steps().contains("\n") || s.source().contains("\n"), v.name() + ": " + s);
      }
    }
    // The v7.2 ttwu_runnable clear, on which P11 and P12 rest, is marked as a reconstruction.
    assertTrue(Variants.sources(Variants.PE_V7_2).stream()
        .anyMatch(s -> s.reconstruction() && s.steps().contains("ttwu_runnable")));
  }
}
