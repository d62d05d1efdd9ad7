package schedcheck.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.Found;
import schedcheck.checker.Limits;
import schedcheck.checker.Monitor;
import schedcheck.checker.Progress;
import schedcheck.checker.Property;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Successors;
import schedcheck.checker.Verdict;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.Kernel;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.kernel.Variant;
import schedcheck.model.kernel.Variants;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * Kernel mutexes and Proxy Execution (issue #3): every bug variant is caught by its
 * scenario with the right property and the same scenario holds on the fixed kernel (the
 * variant's own version, and the default v7.2); the holding scenarios hold under every
 * merged version; the ABBA livelock (C.P3) is a deadlock with its blocked_on cycle named,
 * and the walk round the cycle is bounded and flagged.
 */
class ProxyExecutionTest {
  static final Path DIR = Path.of("..", "examples", "proxy");
  static final List<String> VERSIONS = List.of("pe-v6.17", "pe-v7.1", "pe-v7.2");

  static Scenario load(String file) throws Exception {
    return ScenarioParser.parse(DIR.resolve(file));
  }

  static Scenario with(Scenario sc, List<String> variants) {
    Scenario.Kernel k = sc.kernel();
    return new Scenario(sc.file(), sc.name(), sc.description(), sc.cpus(),
        new Scenario.Kernel(k.proxy(), variants, k.lockOrder(), k.futexBuckets()),
        sc.memory(), sc.mutexes(), sc.locks(), sc.tasks(), sc.check(), sc.bounds(), null);
  }

  static SearchResult check(Scenario sc) {
    KernelModel m = new KernelModel(sc);
    return new BreadthFirst().run(m, PropertySet.of(m, sc.check()).forSearch(), Limits.none(), Progress.NONE);
  }

  static String violated(SearchResult r) {
    Found f = r.firstViolation();
    return f == null ? null : f.violation().property();
  }

  @ParameterizedTest(name = "{0} under {1}: {2}")
  @CsvSource({
      "p1-wake-without-return.yaml, pe-v7.1;pe-p1-wake-without-return, invariants, INV-3, pe-v7.1",
      "p5-stale-owner.yaml, pe-v7.1;pe-p5-stale-owner-cpu, invariants, INV-2, pe-v7.1",
      "p6-deactivate-before-idle.yaml, pe-p6-deactivate-before-idle, invariants, INV-2, pe-v7.2",
      "p7-migrate-curr.yaml, pe-p7-migrate-curr, invariants, INV-2, pe-v7.2",
      "p11-running-deactivated.yaml, pe-p11-wake-keeps-blocked-on, invariants, INV-4, pe-v7.2",
      "p11-lost-wakeup.yaml, pe-p11-wake-keeps-blocked-on, lost-wakeup, '', pe-v7.2",
      // Synthetic variants (no known-bugs entry), one per invariant they exercise.
      "x-wake-cpu-clobbered.yaml, pe-x-set-task-cpu-clobbers-wake-cpu, invariants, INV-12, pe-v7.1",
      "x-migrate-never-enqueues.yaml, pe-x-migrate-never-enqueues, invariants, INV-1, pe-v7.1",
  })
  void bugVariantIsCaughtAndTheFixedKernelHolds(String file, String variants, String property, String kind,
      String fixedVersion) throws Exception {
    Scenario sc = load(file);
    List<String> vs = List.of(variants.split(";"));
    assertEquals(vs, sc.kernel().variants(), "the scenario names its variant");
    SearchResult bug = check(sc);
    assertEquals(Verdict.VIOLATED, bug.verdict(), file + " under " + vs);
    assertEquals(property, violated(bug));
    assertEquals(kind, bug.firstViolation().violation().kind());
    assertEquals(Verdict.HOLDS, check(with(sc, List.of(fixedVersion))).verdict(), file + " under " + fixedVersion);
    assertEquals(Verdict.HOLDS, check(with(sc, List.of())).verdict(), file + " under the default (v7.2)");
  }

  @TestFactory
  Stream<DynamicTest> holdingScenariosHoldUnderEveryVersion() {
    List<DynamicTest> out = new ArrayList<>();
    for (String file : List.of("local-chain.yaml", "cross-cpu-chain.yaml", "priority-inversion-proxy.yaml",
        "p12-signal-migrated-donor.yaml")) {
      for (String v : VERSIONS) {
        out.add(DynamicTest.dynamicTest(file + " " + v, () -> {
          SearchResult r = check(with(load(file), List.of(v)));
          assertEquals(Verdict.HOLDS, r.verdict(), file + " under " + v + ": " + r.firstViolation());
        }));
      }
    }
    return out.stream();
  }

  @Test
  void priorityInversionWithoutProxyExecution() throws Exception {
    Scenario sc = load("priority-inversion-classic.yaml");
    assertTrue(!sc.kernel().proxy());
    assertEquals("assertions", violated(check(sc)));
    // The same workload with proxy execution on holds (the proxy file differs only there).
    Scenario on = load("priority-inversion-proxy.yaml");
    assertTrue(on.kernel().proxy());
    assertEquals(sc.tasks().size(), on.tasks().size());
  }

  @Test
  void abbaIsADeadlockWithItsCycleNamedUnderEveryVersion() throws Exception {
    for (String v : VERSIONS) {
      SearchResult r = check(with(load("abba-p3.yaml"), List.of(v)));
      assertEquals(Verdict.VIOLATED, r.verdict(), v);
      Violation vi = r.firstViolation().violation();
      assertEquals("deadlock", vi.property(), v);
      assertEquals("cycle", vi.kind(), v);
      assertTrue(vi.message().contains("t1 -> B -> t2 -> A -> t1") || vi.message().contains("t2 -> A -> t1 -> B -> t2"),
          v + ": " + vi.message());
    }
  }

  /** A property that fires where some cpu's find_proxy_task is stuck on a blocked_on cycle. */
  static Property<KState, StepInfo> walkSpins(KernelModel m) {
    return new Property<>() {
      @Override
      public String name() {
        return "walk-spins";
      }

      @Override
      public Monitor<KState, StepInfo> newMonitor() {
        return new Monitor<>() {
          @Override
          public Violation onState(KState s) {
            int c = m.queries().proxyWalkSpinning(s);
            return c < 0 ? null : Violation.of("walk-spins", "", m.queries().blockedOnChain(s, m.queries().proxyWalkDonor(s, c)));
          }
        };
      }
    };
  }

  @Test
  void theWalkRoundACycleIsBoundedAndFlagged() throws Exception {
    for (String v : VERSIONS) {
      KernelModel m = new KernelModel(with(load("abba-p3.yaml"), List.of(v)));
      SearchResult r = new BreadthFirst().run(m, List.of(walkSpins(m)), Limits.none(), Progress.NONE);
      assertEquals(Verdict.VIOLATED, r.verdict(), v + ": the walk reaches the cycle and stops there");
      String chain = r.firstViolation().violation().message();
      assertTrue(chain.matches("t[12] -> [AB] -> t[12] -> [AB] -> t[12]"), chain);
      // Exploring everything terminates: no step iterates the cycle without bound.
      SearchResult all = new BreadthFirst().run(m, List.of(), Limits.none().exploringEverything(), Progress.NONE);
      assertEquals(Verdict.HOLDS, all.verdict());
    }
  }

  /**
   * Whether a state satisfying {@code goal} is reachable on a path that earlier passed a
   * state satisfying {@code mark} (a search over pairs of state and "mark seen").
   */
  static boolean reachableAfter(KernelModel m, Predicate<KState> mark, Predicate<KState> goal) {
    Set<KState> before = new HashSet<>();
    Set<KState> after = new HashSet<>();
    ArrayDeque<KState> todo = new ArrayDeque<>();
    ArrayDeque<Boolean> marked = new ArrayDeque<>();
    for (KState s : m.initialStates()) {
      todo.add(s);
      marked.add(false);
    }
    while (!todo.isEmpty()) {
      KState s = todo.poll();
      boolean seen = marked.poll() || mark.test(s);
      if (!(seen ? after : before).add(s)) {
        continue;
      }
      if (seen && goal.test(s)) {
        return true;
      }
      List<KState> next = new ArrayList<>();
      m.successors(s, new Successors<>() {
        @Override
        public void next(StepInfo action, KState state) {
          next.add(state);
        }

        @Override
        public void cut(String bound) {}
      });
      for (KState n : next) {
        todo.add(n);
        marked.add(seen);
      }
    }
    return false;
  }

  /**
   * Known-bugs C.P12: A, a mutex_lock_interruptible waiter pinned to cpu0, is proxy-migrated
   * to its owner B's cpu1 and signalled there. v7.2: ttwu returns A to cpu0 and A gets
   * -EINTR while B still holds M. v7.1: ttwu_runnable only marks A TASK_RUNNING (blocked_on
   * still M): A stays B's donor, and nothing returns -EINTR to A before B unlocks; A then
   * takes M. Both versions hold every property.
   */
  @Test
  void signalToAProxyMigratedDonor() throws Exception {
    Scenario sc = load("p12-signal-migrated-donor.yaml");
    int a = 0;
    int b = 1;
    int mutex = 0;
    int e = sc.tasks().get(a).program().registers().indexOf("e");
    assertTrue(e >= 0);
    // A sits on cpu1 as a migrated donor of B, with a signal pending.
    Predicate<KState> migratedSignalled = s -> s.onRq(a) == Layout.ON_RQ_QUEUED && s.taskCpu(a) == 1
        && s.signalPending(a) && s.mutexOwner(mutex) == b && s.mutexWaiters(mutex).contains(a);
    Predicate<KState> interruptedWhileOwned = s -> s.reg(a, e) == Kernel.EINTR && s.mutexOwner(mutex) == b;
    Predicate<KState> tookTheMutex = s -> s.depth(a) == 0 && s.mutexOwner(mutex) == a;

    KernelModel v72 = new KernelModel(with(sc, List.of("pe-v7.2")));
    assertTrue(reachableAfter(v72, migratedSignalled, interruptedWhileOwned),
        "v7.2: the signalled donor returns -EINTR while B still holds M");

    KernelModel v71 = new KernelModel(with(sc, List.of("pe-v7.1")));
    // The P12 state itself: signalled, TASK_RUNNING, still blocked_on M, a donor on cpu1.
    assertTrue(reachableAfter(v71, migratedSignalled,
        s -> s.taskState(a) == Layout.TASK_RUNNING && s.blockedOn(a) == mutex && s.onRqList(1, a)));
    assertFalse(reachableAfter(v71, migratedSignalled, interruptedWhileOwned),
        "v7.1: the signal is not seen before B unlocks");
    assertTrue(reachableAfter(v71, migratedSignalled, tookTheMutex), "v7.1: after the unlock A takes M");
  }

  @Test
  void unlockingAMutexOneDoesNotOwnIsAFault() throws Exception {
    SearchResult r = check(load("unlock-not-owner.yaml"));
    assertEquals("assertions", violated(r));
    assertEquals("mutex-not-owner", r.firstViolation().violation().kind());
  }

  @Test
  void classicSleepingMutexesHold() throws Exception {
    for (String file : List.of("local-chain.yaml", "cross-cpu-chain.yaml", "many-waiters.yaml")) {
      Scenario sc = load(file);
      Scenario.Kernel k = sc.kernel();
      Scenario off = new Scenario(sc.file(), sc.name(), sc.description(), sc.cpus(),
          new Scenario.Kernel(false, k.variants(), k.lockOrder(), k.futexBuckets()),
          sc.memory(), sc.mutexes(), sc.locks(), sc.tasks(), sc.check(), sc.bounds(), null);
      assertEquals(Verdict.HOLDS, check(off).verdict(), file + " with kernel.proxy false");
    }
  }

  @Test
  void everyVersionAndBugVariantIsListedWithItsEntry() {
    for (String v : VERSIONS) {
      assertNotNull(Variants.byName(v), v);
    }
    for (String name : List.of("pe-p1-wake-without-return", "pe-p5-stale-owner-cpu", "pe-p6-deactivate-before-idle",
        "pe-p7-migrate-curr", "pe-p11-wake-keeps-blocked-on")) {
      Variant v = Variants.byName(name);
      assertNotNull(v, name);
      assertTrue(v.reproduces().startsWith("C.P"), name);
      assertTrue(!v.summary().isBlank() && !v.summary().contains("\n"), name);
    }
  }
}
