package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.checker.Successors;
import schedcheck.checker.Verdict;
import schedcheck.model.reference.RefShape;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.model.scenario.ScenarioParser;

/**
 * The reference semantics ({@code kernel.detail: syscall}), statement by statement and
 * property by property: for each a small scenario that violates and one that holds.
 */
class ReferenceSemanticsTest {

  /** A scenario at syscall detail: {@code kernel} is the rest of the kernel mapping (may be empty). */
  static Scenario parse(String yaml) {
    try {
      return ScenarioParser.parse(yaml, "test.yaml");
    } catch (ScenarioException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  static CheckRun check(String yaml) {
    Scenario sc = parse(yaml);
    assertEquals(Scenario.Detail.SYSCALL, sc.kernel().detail());
    return Checking.check(sc, CheckOptions.defaults(), Progress.NONE);
  }

  static CheckRun checkAll(String yaml) {
    return Checking.check(parse(yaml), CheckOptions.defaults().exploringEverything(), Progress.NONE);
  }

  static Set<String> violated(CheckRun run) {
    return run.result().violations().stream().map(f -> f.violation().property()).collect(Collectors.toSet());
  }

  static void holds(String yaml) {
    CheckRun run = check(yaml);
    assertEquals(Verdict.HOLDS, run.verdict(), () -> describe(run));
    assertNotNull(run.reference());
  }

  static Found violates(String yaml, String property, String kind) {
    CheckRun run = check(yaml);
    assertEquals(Verdict.VIOLATED, run.verdict(), () -> describe(run));
    Found f = run.result().firstViolation();
    assertEquals(property, f.violation().property(), () -> describe(run));
    if (kind != null) {
      assertEquals(kind, f.violation().kind(), () -> describe(run));
    }
    return f;
  }

  static String describe(CheckRun run) {
    Found f = run.result().firstViolation();
    return run.verdictText() + (f == null ? "" : "\n" + run.reference().render(f));
  }

  static String header(int cpus, boolean proxy) {
    return "name: t\ncpus: " + cpus + "\nkernel:\n  proxy: " + proxy + "\n  detail: syscall\n";
  }

  // ---------------------------------------------------------------- plain statements

  @Test
  void atomicReadModifyWriteStatementsAreAtomicAndPlainOnesRace() {
    String body = """
        memory: {m: 0}
        tasks:
          t1:
            program: |
              ACQUIRE
              enter
              leave
              store m 0
          t2:
            program: |
              ACQUIRE
              enter
              leave
              store m 0
        """;
    String cas = "again:\n      r = cas m 0 1\n      if r != 0 goto again";
    String xchg = "again:\n      r = xchg m 1\n      if r == 1 goto again";
    String racy = "again:\n      r = load m\n      if r != 0 goto again\n      store m 1";
    holds(header(2, false) + body.replace("ACQUIRE", cas));
    holds(header(2, false) + body.replace("ACQUIRE", xchg));
    violates(header(2, false) + body.replace("ACQUIRE", racy), "mutual-exclusion", "");
  }

  @Test
  void fetchAddCountsAndAssignmentsEvaluateExpressions() {
    String body = """
        memory: {c: 0, k: 5}
        tasks:
          t1:
            program: |
              r = fetch_add c 1
          t2:
            program: |
              r = fetch_add c -1
              r = fetch_add c 2
          t3:
            prio: 130
            program: |
              r = 7
              s = r + k - 10
              assert s == 2
              r = load c
              assert r == 2
        """;
    // t3 is less important: it runs when t1 and t2 have exited (one cpu).
    holds(header(1, false) + body);
    violates(header(1, false) + body.replace("s == 2", "s == 3"), "assertions", "assert");
    violates(header(1, false) + body.replace("fetch_add c 2", "xchg c 2"), "assertions", "assert");
  }

  // ---------------------------------------------------------------- futex_wait / futex_wake

  @Test
  void futexWaitReturnsMinusOneWhenTheWordDiffers() {
    String ok = header(1, false) + """
        memory: {x: 1}
        tasks:
          t1:
            program: |
              r = futex_wait x 0
              assert r == -1
        """;
    holds(ok);
    violates(ok.replace("r == -1", "r == -11"), "assertions", "assert");
  }

  @Test
  void aHandshakeOnAFutexHoldsAndAnUncheckedWaitLosesTheWakeup() {
    String ok = header(2, false) + """
        memory: {flag: 0}
        tasks:
          waiter:
            program: |
              again:
              r = load flag
              if r != 0 goto done
              r = futex_wait flag 0
              goto again
              done:
          waker:
            program: |
              store flag 1
              r = futex_wake flag 1
        """;
    holds(ok);
    // Wait without re-checking a value that the waker sets first: the word no longer holds it.
    String lost = header(2, false) + """
        memory: {flag: 0, seen: 0}
        tasks:
          waiter:
            program: |
              r = load flag
              store seen 1
              r = futex_wait seen 1
          waker:
            program: |
              store seen 2
              r = futex_wake seen 1
        """;
    Found f = violates(lost, "lost-wakeup", null);
    assertTrue(f.violation().message().contains("waiter sleeps in futex_wait on seen"), f.violation().message());
  }

  @Test
  void aWakeThatWokeNobodyBeforeTheWaitIsALostWakeup() {
    // The waker wakes before the waiter sleeps, and the value stays the same: only the
    // "woke fewer than asked" clause sees it.
    String yaml = header(2, false) + """
        memory: {w: 0}
        tasks:
          waiter:
            program: |
              r = futex_wait w 0
          waker:
            program: |
              r = futex_wake w 1
        """;
    Found f = violates(yaml, "lost-wakeup", null);
    assertTrue(f.violation().message().contains("woke fewer tasks than it asked for"), f.violation().message());
  }

  @Test
  void futexWakeReturnsHowManyItWoke() {
    String yaml = header(1, false) + """
        memory: {w: 0, n: 0}
        tasks:
          a:
            prio: 100
            program: |
              r = futex_wait w 0
          b:
            prio: 100
            program: |
              r = futex_wait w 0
          c:
            prio: 120
            program: |
              r = futex_wake w 5
              assert r == 2
        """;
    // c (less important) runs only when a and b sleep.
    holds(yaml);
    violates(yaml.replace("r == 2", "r == 1"), "assertions", "assert");
  }

  @Test
  void futexWakeWakesInPriorityOrderFifoAmongEquals() {
    String yaml = header(1, false) + """
        memory: {w: 0, order: 0}
        tasks:
          lo:
            prio: 110
            program: |
              r = futex_wait w 0
              store order 2
          hi:
            prio: 100
            program: |
              r = futex_wait w 0
              r = load order
              assert r == 0
          k:
            prio: 130
            program: |
              r = futex_wake w 1
              r = futex_wake w 1
        """;
    // hi waits first or last; either way the first wake takes hi (plist), which runs before lo is woken.
    holds(yaml);
  }

  // ---------------------------------------------------------------- signals

  @Test
  void aSignalInterruptsAFutexWaitWithMinusFour() {
    String yaml = header(2, false) + """
        memory: {w: 0}
        tasks:
          t1:
            program: |
              r = futex_wait w 0
              assert r == -4
          t2:
            program: |
              signal t1
        """;
    holds(yaml);
    violates(yaml.replace("r == -4", "r == 0"), "assertions", "assert");
  }

  @Test
  void aPendingSignalStaysPendingAcrossEagainAndIsConsumedByEintr() {
    String yaml = header(1, false) + """
        memory: {w: 0}
        tasks:
          t1:
            program: |
              signal t1
              r = futex_wait w 1
              assert r == -1
              r = futex_wait w 0
              assert r == -4
              r = futex_wait w 0
        """;
    // The signal was consumed: the last wait sleeps for good (a stuck state, nobody will wake it).
    Found f = violates(yaml, "deadlock", "stuck");
    assertTrue(f.path().length() >= 5);
  }

  @Test
  void aFutexWakeBeforeTheSignaledWaiterRunsMakesItReturnZero() {
    String yaml = header(2, false) + """
        memory: {w: 0}
        tasks:
          t1:
            cpu: 0
            program: |
              r = futex_wait w 0
              assert r == -4
          t2:
            cpu: 1
            program: |
              signal t1
              r = futex_wake w 1
        """;
    // After the signal woke t1, t2's wake can still dequeue it: then it returns 0.
    violates(yaml, "assertions", "assert");
  }

  @Test
  void lockInterruptibleGivesUpOnASignal() {
    String yaml = header(2, false) + """
        memory: {g: 0}
        mutexes: [A]
        tasks:
          owner:
            cpu: 0
            program: |
              lock A
              r = futex_wait g 0
              unlock A
          t2:
            cpu: 1
            program: |
              r = lock_interruptible A
              if r == 0 goto owned
              assert r == -4
              goto end
              owned:
              unlock A
              end:
              signal owner
        check: [assertions]
        """;
    holds(yaml);
    Found f = violates(yaml.replace("if r == 0 goto owned\n", ""), "assertions", "assert");
    assertNotNull(f);
  }

  @Test
  void anUninterruptibleLockIgnoresSignals() {
    String yaml = header(2, false) + """
        memory: {g: 0}
        mutexes: [A]
        tasks:
          owner:
            cpu: 0
            program: |
              lock A
              r = futex_wait g 0
              unlock A
          t2:
            cpu: 1
            program: |
              lock A
              unlock A
          t3:
            cpu: 1
            program: |
              signal t2
              store g 1
              r = futex_wake g 1
        """;
    holds(yaml);
  }

  // ---------------------------------------------------------------- mutexes

  static final String RECURSIVE = """
      mutexes: [A]
      tasks:
        t1:
          program: |
            lock A
            lock A
      check: [deadlock]
      """;

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aRecursiveLockIsADeadlockCycle(boolean proxy) {
    Found f = violates(header(1, proxy) + RECURSIVE, "deadlock", "cycle");
    assertEquals("wait-for cycle: t1 -> A -> t1", f.violation().message());
    // Also with every property checked: never a lost wakeup.
    Found g = violates(header(1, proxy) + RECURSIVE.replace("check: [deadlock]\n", ""), "deadlock", "cycle");
    assertEquals("wait-for cycle: t1 -> A -> t1", g.violation().message());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aRecursiveLockWithASecondTaskIsStillADeadlock(boolean proxy) {
    String yaml = header(2, proxy) + """
        mutexes: [A]
        tasks:
          t1:
            program: |
              lock A
              lock A
          t2:
            program: |
              lock A
              unlock A
        check: [deadlock]
        """;
    Found f = violates(yaml, "deadlock", "cycle");
    assertEquals("wait-for cycle: t1 -> A -> t1", f.violation().message());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void abbaOnMutexesIsANamedCycleAndOrderedLockingHolds(boolean proxy) {
    String abba = header(2, proxy) + """
        mutexes: [A, B]
        tasks:
          t1:
            program: |
              lock A
              lock B
              unlock B
              unlock A
          t2:
            program: |
              lock B
              lock A
              unlock A
              unlock B
        """;
    Found f = violates(abba, "deadlock", "cycle");
    String m = f.violation().message();
    assertTrue(m.equals("wait-for cycle: t1 -> B -> t2 -> A -> t1") || m.equals("wait-for cycle: t2 -> A -> t1 -> B -> t2"), m);
    holds(abba.replace("lock B\n      lock A\n      unlock A\n      unlock B", "lock A\n      lock B\n      unlock B\n      unlock A"));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aMutexGivesMutualExclusion(boolean proxy) {
    String body = """
        mutexes: [A]
        tasks:
          t1:
            program: |
              lock A
              enter
              leave
              unlock A
          t2:
            program: |
              lock A
              enter
              leave
              unlock A
          t3:
            program: |
              lock A
              enter
              leave
              unlock A
        """;
    holds(header(2, proxy) + body);
    violates(header(2, proxy) + body.replace("unlock A\n", "work\n").replace("lock A\n", "work\n"), "mutual-exclusion", "");
  }

  @Test
  void unlockingAMutexOneDoesNotOwnIsAnAssertion() {
    String yaml = header(1, true) + """
        mutexes: [A]
        tasks:
          t1:
            program: |
              unlock A
        """;
    Found f = violates(yaml, "assertions", "mutex-not-owner");
    assertTrue(f.violation().message().contains("t1 unlocks mutex A"));
  }

  @Test
  void aMutexHeldByAnExitedTaskBlocksItsWaiters() {
    String yaml = header(1, false) + """
        mutexes: [A]
        tasks:
          t1:
            prio: 100
            program: |
              lock A
          t2:
            prio: 110
            program: |
              lock A
        """;
    violates(yaml, "deadlock", "blocked");
  }

  @Test
  void withProxyExecutionTheOwnerRunsWithTheDonorsPriority() {
    // One cpu: lo holds A and wakes hi and mid; hi blocks on A. With proxy execution lo runs
    // in hi's place (with its priority) before mid, so hi gets A before mid stores; without
    // it mid runs first (priority inversion).
    String body = """
        memory: {x: 0, g: 0}
        mutexes: [A]
        tasks:
          hi:
            prio: 100
            program: |
              r = futex_wait g 0
              lock A
              unlock A
              r = load x
              assert r == 0
          mid:
            prio: 120
            program: |
              r = futex_wait g 0
              store x 1
          lo:
            prio: 130
            program: |
              lock A
              store g 1
              r = futex_wake g 2
              unlock A
        check: [assertions]
        """;
    CheckRun pe = check(header(1, true) + body);
    CheckRun classic = check(header(1, false) + body);
    assertEquals(Verdict.HOLDS, pe.verdict(), () -> describe(pe));
    assertEquals(Verdict.VIOLATED, classic.verdict(), () -> describe(classic));
  }

  // ---------------------------------------------------------------- futex_swap

  @Test
  void futexSwapHandsOverAndWaits() {
    String yaml = header(1, false) + """
        memory: {req: 0, rsp: 0}
        tasks:
          t1:
            program: |
              store req 1
              r = futex_swap req rsp 0
              r = load rsp
              assert r == 1
          t2:
            program: |
              wait:
              r = futex_wait req 0
              r = load req
              if r == 0 goto wait
              store rsp 1
              r = futex_wake rsp 1
        """;
    holds(yaml);
  }

  @Test
  void theSleepersOwnSwapWakeIsNotItsWake() {
    String yaml = header(1, false) + """
        memory: {w: 0}
        tasks:
          t1:
            program: |
              r = futex_swap w w 0
        """;
    // Stuck for ever, but not a lost wakeup: the wake that found nobody was its own.
    Found f = violates(yaml, "deadlock", "stuck");
    assertNotNull(f);
    holds(yaml + "check: [lost-wakeup]\n");
  }

  @Test
  void futexSwapPlacesTheWakeeOnTheCallersCpu() {
    String yaml = header(2, false) + """
        memory: {a: 0, b: 0}
        tasks:
          caller:
            cpu: 0
            program: |
              store a 1
              r = futex_swap a b 0
          wakee:
            cpu: 1
            program: |
              r = futex_wait a 0
              store b 1
              r = futex_wake b 1
        """;
    ReferenceModel m = new ReferenceModel(parse(yaml));
    RefShape sh = m.shape();
    boolean[] sawWokenOnCpu0 = {false};
    explore(m, s -> {
      // Once woken by the swap (pc 1, futex queue left), the wakee is on cpu0.
      if (sh.futexWaitWord(s, 1) >= 0 && sh.futexQueued(s, 1) < 0) {
        sawWokenOnCpu0[0] = true;
        return sh.taskCpu(s, 1) == 0;
      }
      return true;
    });
    assertTrue(sawWokenOnCpu0[0]);
  }

  // ---------------------------------------------------------------- spinlocks

  @Test
  void spinlockAbbaIsACycleAndSelfLockingToo() {
    String abba = header(2, false) + """
        locks: [L1, L2]
        tasks:
          t1:
            program: |
              spin_lock L1
              spin_lock L2
              spin_unlock L2
              spin_unlock L1
          t2:
            program: |
              spin_lock L2
              spin_lock L1
              spin_unlock L1
              spin_unlock L2
        check: [deadlock]
        """;
    Found f = violates(abba, "deadlock", "cycle");
    assertTrue(f.violation().message().contains("spins on L"), f.violation().message());
    String self = header(1, false) + """
        locks: [L1]
        tasks:
          t1:
            program: |
              spin_lock L1
              spin_lock L1
        check: [deadlock]
        """;
    assertEquals("wait-for cycle: t1 -> spins on L1 -> t1", violates(self, "deadlock", "cycle").violation().message());
  }

  @Test
  void aSpinlockGivesMutualExclusionAndKernelLockInstancesArePlainLocks() {
    String body = """
        tasks:
          t1:
            program: |
              spin_lock rq_lock(0)
              enter
              leave
              spin_unlock rq_lock(0)
          t2:
            program: |
              spin_lock rq_lock(0)
              enter
              leave
              spin_unlock rq_lock(0)
        """;
    holds(header(2, true) + body);
    violates(header(2, true) + body.replace("spin_lock rq_lock(0)\n", "work\n").replace("spin_unlock rq_lock(0)\n", "work\n"),
        "mutual-exclusion", "");
  }

  @Test
  void sleepingExitingOrUnlockingWrongWithSpinlocksAreAssertions() {
    String sleep = header(1, false) + """
        memory: {w: 0}
        locks: [L]
        tasks:
          t1:
            program: |
              spin_lock L
              r = futex_wait w 0
        """;
    violates(sleep, "assertions", "sleep-in-atomic");
    String exit = header(1, false) + """
        locks: [L]
        tasks:
          t1:
            program: |
              spin_lock L
        """;
    violates(exit, "assertions", "exit-in-atomic");
    String unlock = header(1, false) + """
        locks: [L]
        tasks:
          t1:
            program: |
              spin_unlock L
        """;
    violates(unlock, "assertions", "unlock-not-held");
    String blockOnMutex = header(2, false) + """
        locks: [L]
        mutexes: [A]
        tasks:
          t1:
            program: |
              lock A
              work
              unlock A
          t2:
            program: |
              spin_lock L
              lock A
              unlock A
              spin_unlock L
        check: [assertions]
        """;
    violates(blockOnMutex, "assertions", "sleep-in-atomic");
    String fine = header(1, false) + """
        locks: [L]
        tasks:
          t1:
            program: |
              spin_lock L
              work
              spin_unlock L
        """;
    holds(fine);
  }

  @Test
  void aSpinlockHolderIsNotPreempted() {
    // One cpu, equal priorities: without the spinlock a tick lets t2 see x == 1.
    String body = """
        memory: {x: 0}
        locks: [L]
        tasks:
          t1:
            program: |
              spin_lock L
              store x 1
              store x 0
              spin_unlock L
          t2:
            program: |
              r = load x
              assert r == 0
        check: [assertions]
        """;
    holds(header(1, false) + body);
    violates(header(1, false) + body.replace("spin_lock L\n", "work\n").replace("spin_unlock L\n", "work\n"), "assertions", "assert");
  }

  // ---------------------------------------------------------------- lock-order

  @Test
  void lockOrderDeclaredNestingAndCycles() {
    String declared = header(1, false) + """
        locks: [L1, L2]
        tasks:
          t1:
            program: |
              spin_lock L2
              spin_lock L1
              spin_unlock L1
              spin_unlock L2
        check: [lock-order]
        """;
    holds(declared);
    violates(declared.replace("  detail: syscall\n", "  detail: syscall\n  lock-order: [L1, L2]\n"), "lock-order", "declared-order");
    String nesting = header(2, false) + """
        tasks:
          t1:
            program: |
              spin_lock pi_lock(t2)
              spin_lock pi_lock(t1)
              spin_unlock pi_lock(t1)
              spin_unlock pi_lock(t2)
          t2:
            program: |
              work
        check: [lock-order]
        """;
    violates(nesting, "lock-order", "nesting");
    holds(nesting.replace("pi_lock(t2)", "pi_lock(X)").replace("pi_lock(t1)", "pi_lock(t2)").replace("pi_lock(X)", "pi_lock(t1)"));
    String cycle = header(1, false) + """
        locks: [L1, L2]
        tasks:
          t1:
            program: |
              spin_lock L1
              spin_lock L2
              spin_unlock L2
              spin_unlock L1
          t2:
            program: |
              spin_lock L2
              spin_lock L1
              spin_unlock L1
              spin_unlock L2
        check: [lock-order]
        """;
    Found f = violates(cycle, "lock-order", "cycle");
    assertEquals(1, f.witnessPaths().size());
  }

  // ---------------------------------------------------------------- scheduling

  @Test
  void aWokenMoreImportantTaskPreemptsAtOnce() {
    String body = """
        memory: {w: 0, x: 0}
        tasks:
          hi:
            prio: PRIO
            program: |
              r = futex_wait w 0
              store x 1
          lo:
            prio: 120
            program: |
              store w 1
              r = futex_wake w 1
              r = load x
              assert r == 1
        check: [assertions]
        """;
    holds(header(1, false) + body.replace("PRIO", "100"));
    violates(header(1, false) + body.replace("PRIO", "120"), "assertions", "assert");
  }

  @Test
  void yieldGivesTheCpuToAnEquallyImportantTask() {
    String body = """
        memory: {x: 0}
        tasks:
          t1:
            program: |
              YIELD
              r = load x
              assert r == 1
          t2:
            program: |
              store x 1
        check: [assertions]
        bounds: {preemptions: 0}
        """;
    CheckRun with = check(header(1, false) + body.replace("YIELD", "yield"));
    assertFalse(with.verdict() == Verdict.VIOLATED, () -> describe(with));
    violates(header(1, false) + body.replace("YIELD", "work"), "assertions", "assert");
  }

  @Test
  void ticksAmongEqualsCountAgainstThePreemptionBound() {
    String body = """
        memory: {x: 0}
        tasks:
          t1:
            program: |
              store x 1
              store x 0
          t2:
            program: |
              r = load x
              assert r == 0
        check: [assertions]
        """;
    violates(header(1, false) + body, "assertions", "assert");
    CheckRun bounded = check(header(1, false) + body + "bounds: {preemptions: 0}\n");
    assertEquals(Verdict.INCOMPLETE, bounded.verdict(), () -> describe(bounded));
    assertTrue(bounded.result().cuts().containsKey("preemptions"));
    // A bound that cuts nothing leaves the verdict holds.
    String noTie = body.replace("  t2:\n", "  t2:\n    prio: 130\n");
    CheckRun tie = check(header(1, false) + noTie + "bounds: {preemptions: 0}\n");
    assertEquals(Verdict.HOLDS, tie.verdict(), () -> describe(tie));
  }

  @Test
  void affinityIsRespected() {
    String yaml = header(2, true) + """
        memory: {w: 0}
        tasks:
          t1:
            affinity: [1]
            program: |
              r = futex_wait w 0
              work
          t2:
            cpu: 0
            affinity: [0]
            program: |
              store w 1
              r = futex_wake w 1
        check: [deadlock]
        """;
    ReferenceModel m = new ReferenceModel(parse(yaml));
    RefShape sh = m.shape();
    explore(m, s -> {
      for (int c = 0; c < sh.cpus; c++) {
        int t = sh.curr(s, c);
        if (t >= 0 && !sh.allowed(t, c)) {
          return false;
        }
      }
      return sh.exited(s, 0) || sh.taskCpu(s, 0) == 1;
    });
  }

  // ---------------------------------------------------------------- properties and the API

  @Test
  void aStuckLostWakeupIsNotADeadlockWhicheverPropertiesAreChecked() {
    String yaml = header(2, false) + """
        memory: {w: 0}
        tasks:
          waiter:
            program: |
              r = futex_wait w 0
          waker:
            program: |
              store w 1
        check: [deadlock]
        """;
    holds(yaml);
    violates(yaml.replace("check: [deadlock]", "check: [deadlock, lost-wakeup]"), "lost-wakeup", "");
  }

  @Test
  void invariantsHoldTriviallyAtThisLevel() {
    String yaml = header(1, true) + """
        mutexes: [A]
        tasks:
          t1:
            program: |
              lock A
              unlock A
        check: [invariants]
        """;
    holds(yaml);
  }

  @Test
  void exploringEverythingListsTheFirstViolationOfEveryProperty() {
    String yaml = header(2, false) + """
        memory: {x: 0, w: 0}
        tasks:
          t1:
            program: |
              enter
              r = load x
              assert r == 1
              leave
              r = futex_wait w 0
          t2:
            program: |
              enter
              store x 1
              leave
              store w 1
        """;
    Scenario sc = parse(yaml);
    CheckRun run = Checking.check(sc, CheckOptions.defaults().exploringEverything(), Progress.NONE);
    assertEquals(Set.of("mutual-exclusion", "assertions", "lost-wakeup"), violated(run));
    assertNull(run.model());
    CheckRun dfs = Checking.check(sc, CheckOptions.defaults().withStrategy("dfs").exploringEverything(), Progress.NONE);
    assertEquals(violated(run), violated(dfs));
    assertEquals(run.result().states(), dfs.result().states());
    assertEquals(run.result().transitions(), dfs.result().transitions());
  }

  @Test
  void variantsDoNotApplyAtSyscallDetail() {
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse("""
        name: t
        cpus: 1
        kernel:
          detail: syscall
          variants: [pe-v7.1]
        tasks:
          t1:
            program: work
        """, "v.yaml"));
    assertTrue(e.getMessage().startsWith("v.yaml:5:"), e.getMessage());
    assertTrue(e.getMessage().contains("variants do not apply"), e.getMessage());
  }

  @Test
  void statesAreCanonicalAndFingerprintsStable() {
    ReferenceModel m = new ReferenceModel(parse(header(2, true) + RECURSIVE));
    ReferenceModel n = new ReferenceModel(parse(header(2, true) + RECURSIVE));
    List<RefState> a = m.initialStates();
    List<RefState> b = n.initialStates();
    assertEquals(a, b);
    assertEquals(m.fingerprint(a.get(0)), n.fingerprint(b.get(0)));
  }

  @Test
  void dfsCounterexamplesAreShortenedAndStillViolate() {
    String yaml = header(2, false) + """
        tasks:
          t1:
            program: |
              work
              work
              work
              work
              work
              work
          t2:
            program: |
              r = 0
              assert r == 1
        check: [assertions]
        """;
    Scenario sc = parse(yaml);
    CheckRun dfs = Checking.check(sc, CheckOptions.defaults().withStrategy("dfs"), Progress.NONE);
    assertEquals(Verdict.VIOLATED, dfs.verdict());
    Found f = dfs.result().firstViolation();
    var shown = dfs.reference().firstPath();
    assertTrue(shown.length() < f.path().length(), shown.length() + " vs " + f.path().length());
    assertEquals(2, shown.length(), "t2's two steps; t1's steps on the other cpu are not needed");
    var prop = schedcheck.properties.reference.ReferenceProperties.of(dfs.reference().model(), sc.check()).named("assertions");
    assertTrue(ReferenceChecking.violates(dfs.reference().model(), prop, shown));
    CheckRun bfs = Checking.check(sc, CheckOptions.defaults(), Progress.NONE);
    assertEquals(bfs.result().firstViolation().path(), bfs.reference().firstPath(), "BFS paths are shown as found");
    assertTrue(dfs.reference().render(f).contains("violated: assertions"));
  }

  /** Explores every reachable state of m, asserting {@code ok} in each. */
  static int explore(ReferenceModel m, Predicate<RefState> ok) {
    Set<RefState> seen = new HashSet<>(m.initialStates());
    ArrayDeque<RefState> q = new ArrayDeque<>(seen);
    while (!q.isEmpty()) {
      RefState s = q.poll();
      assertTrue(ok.test(s), () -> "bad state " + s);
      m.successors(s, new Successors<RefState, RefStep>() {
        @Override
        public void next(RefStep action, RefState state) {
          if (seen.add(state)) {
            q.add(state);
          }
        }

        @Override
        public void cut(String bound) {}
      });
    }
    return seen.size();
  }
}
