package schedcheck.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.Found;
import schedcheck.checker.Limits;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.model.scenario.Stmt;

/**
 * Issue 6, findings 3 and 4. Lockdep's nesting annotations as the kernel writes them: v7.2's
 * {@code __mutex_unlock_slowpath} takes the donor's and the first waiter's
 * {@code blocked_lock} with {@code raw_spin_lock_nested(..., SINGLE_DEPTH_NESTING)} while it
 * holds its own, which is no lock-order violation; programs say the same with {@code
 * spin_lock_nested L n} (double_rq_lock's second rq lock). And FUTEX_WAIT / FUTEX_SWAP return
 * the contract's -1 for EAGAIN and -4 for EINTR.
 */
class LockdepNestingAndFutexResultTest {

  static Scenario parse(String yaml) throws ScenarioException {
    return ScenarioParser.parse(yaml, "test.yaml");
  }

  static SearchResult check(Scenario sc) {
    KernelModel m = new KernelModel(sc);
    return new BreadthFirst().run(m, PropertySet.of(m, sc.check()).forSearch(), Limits.none(), Progress.NONE);
  }

  static Found first(SearchResult r) {
    return r.firstViolation();
  }

  // ------------------------------------------------------------------ finding 3

  /** The scenario: two tasks lock and unlock A on 2 cpus, defaults otherwise, every property. */
  static String twoLockers(String kernel) {
    return "name: two-lockers\ncpus: 2\n" + kernel + "mutexes: [A]\ntasks:\n"
        + "  t0:\n    program: |\n      lock A\n      unlock A\n"
        + "  t1:\n    program: |\n      lock A\n      unlock A\n";
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pe-v7.2 (default)", "pe-v7.1", "pe-v6.17"})
  void twoTasksLockingOneMutexHoldWithEveryProperty(String version) throws Exception {
    String kernel = version.startsWith("pe-v7.2") ? "" : "kernel:\n  variants: [" + version + "]\n";
    Scenario sc = parse(twoLockers(kernel));
    assertEquals(Scenario.DEFAULT_CHECK, sc.check());
    SearchResult r = check(sc);
    assertNull(first(r), () -> "under " + version + ": " + first(r).violation());
    assertEquals(Verdict.HOLDS, r.verdict());
  }

  @Test
  void theUnlockPathStillTakesTheWaitersBlockedLockNested() throws Exception {
    // With lock-order alone the search explores everything: the v7.2 unlock path is reached
    // (U3 marks the first waiter under its blocked_lock while holding its own) and is legal.
    Scenario sc = parse(twoLockers("") + "check: [lock-order]\n");
    SearchResult r = check(sc);
    assertEquals(Verdict.HOLDS, r.verdict());
    // The annotation changes no state: the state space is the one from before (pinned).
    assertEquals(TWO_LOCKERS_STATES, r.states(), "states");
  }

  /** States of the two-lockers scenario under v7.2, measured before the annotation. */
  static final long TWO_LOCKERS_STATES = 2_234;

  static String rqLocks(String first, String second, String check) {
    return "name: rq\ncpus: 2\nkernel:\n  proxy: false\ntasks:\n  t:\n    program: |\n"
        + "      " + first + "\n      " + second + "\n"
        + "      spin_unlock rq_lock(0)\n      spin_unlock rq_lock(1)\n"
        + "check: [" + check + "]\n";
  }

  @Test
  void doubleRqLockOrderIsAllowed() throws Exception {
    // double_rq_lock: ascending cpu order, the second with SINGLE_DEPTH_NESTING.
    assertEquals(Verdict.HOLDS,
        check(parse(rqLocks("spin_lock rq_lock(0)", "spin_lock_nested rq_lock(1) 1", "lock-order"))).verdict());
    // Ascending without an annotation stays allowed, as the contract says.
    assertEquals(Verdict.HOLDS,
        check(parse(rqLocks("spin_lock rq_lock(0)", "spin_lock rq_lock(1)", "lock-order"))).verdict());
  }

  @Test
  void aNestedAcquisitionIsAClassOfItsOwn() throws Exception {
    // Descending without an annotation: recursive locking of one class.
    Found plain = first(check(parse(rqLocks("spin_lock rq_lock(1)", "spin_lock rq_lock(0)", "lock-order"))));
    assertEquals("lock-order", plain.violation().property());
    assertEquals("nesting", plain.violation().kind());
    assertTrue(plain.violation().message().contains("spin_lock_nested"), plain.violation().message());
    // The same with the annotation: rq_lock/1 is not rq_lock.
    assertEquals(Verdict.HOLDS,
        check(parse(rqLocks("spin_lock rq_lock(1)", "spin_lock_nested rq_lock(0) 1", "lock-order"))).verdict());
    // Two locks of the same subclass nest only in ascending order, like two plain ones.
    Found same = first(check(parse(
        rqLocks("spin_lock_nested rq_lock(1) 1", "spin_lock_nested rq_lock(0) 1", "lock-order"))));
    assertEquals("nesting", same.violation().kind());
    assertTrue(same.violation().message().contains("rq_lock/1"), same.violation().message());
    // Subclass 0 is a plain spin_lock.
    assertEquals("nesting", first(check(parse(
        rqLocks("spin_lock rq_lock(1)", "spin_lock_nested rq_lock(0) 0", "lock-order")))).violation().kind());
  }

  @Test
  void nestedClassesTakePartInLockdepCycles() throws Exception {
    String yaml = "name: nested-cycle\ncpus: 2\nkernel:\n  proxy: false\nlocks: [X]\ntasks:\n"
        + "  a:\n    program: |\n      spin_lock rq_lock(0)\n      spin_lock_nested rq_lock(1) 1\n      spin_lock X\n"
        + "      spin_unlock X\n      spin_unlock rq_lock(1)\n      spin_unlock rq_lock(0)\n"
        + "  b:\n    program: |\n      spin_lock X\n      spin_lock_nested rq_lock(1) 1\n"
        + "      spin_unlock rq_lock(1)\n      spin_unlock X\n"
        + "check: [lock-order]\n";
    Found f = first(check(parse(yaml)));
    assertEquals("cycle", f.violation().kind());
    assertTrue(f.violation().message().contains("X -> rq_lock/1 -> X")
        || f.violation().message().contains("rq_lock/1 -> X -> rq_lock/1"), f.violation().message());
    assertTrue(f.violation().message().contains("rq_lock(1)/1"), "a nested lock is shown as lockdep does");
  }

  static Scenario withCheck(Scenario sc, String property) {
    return new Scenario(sc.file(), sc.name(), sc.description(), sc.cpus(), sc.kernel(), sc.memory(), sc.mutexes(),
        sc.locks(), sc.tasks(), java.util.List.of(property), sc.bounds(), null);
  }

  @Test
  void anAnnotationSilencesLockdepButNotTheDeadlockCheck() throws Exception {
    // examples/nested-annotation-abba.yaml: a double_rq_lock that forgot rq_order_less.
    String text = java.nio.file.Files.readString(java.nio.file.Path.of("..", "examples", "nested-annotation-abba.yaml"));
    Scenario sc = parse(text);
    assertEquals(Verdict.HOLDS, check(withCheck(sc, "lock-order")).verdict(), "lockdep sees rq_lock -> rq_lock/1 only");
    Found dl = first(check(withCheck(sc, "deadlock")));
    assertEquals("cycle", dl.violation().kind());
    // Without the annotation lockdep reports the descending nesting itself.
    Scenario plain = parse(text.replace("spin_lock_nested rq_lock(0) 1", "spin_lock rq_lock(0)"));
    Found lo = first(check(withCheck(plain, "lock-order")));
    assertEquals("nesting", lo.violation().kind());
    assertTrue(lo.violation().message().contains("t2 takes rq_lock(0) while holding rq_lock(1)"), lo.violation().message());
  }

  @Test
  void theDeclaredOrderComparesClassesWithoutSubclass() throws Exception {
    String yaml = "name: declared\ncpus: 1\nkernel:\n  proxy: false\n  lock-order: [pi_lock, rq_lock]\ntasks:\n"
        + "  t:\n    program: |\n      spin_lock rq_lock(0)\n      spin_lock_nested pi_lock(t) 1\n"
        + "      spin_unlock pi_lock(t)\n      spin_unlock rq_lock(0)\ncheck: [lock-order]\n";
    assertEquals("declared-order", first(check(parse(yaml))).violation().kind());
  }

  @Test
  void spinLockNestedParses() throws Exception {
    Scenario sc = parse(rqLocks("spin_lock rq_lock(0)", "spin_lock_nested rq_lock(1) 1", "lock-order"));
    Stmt s = sc.tasks().get(0).program().statements().get(1);
    assertTrue(s instanceof Stmt.SpinLock, s.toString());
    assertEquals(1, ((Stmt.SpinLock) s).subclass());
    assertEquals("spin_lock_nested rq_lock(1) 1", s.text());
    assertEquals(0, ((Stmt.SpinLock) sc.tasks().get(0).program().statements().get(0)).subclass());
  }

  @Test
  void badSubclassesAreRejectedWithTheirPosition() {
    ScenarioException tooBig = assertThrows(ScenarioException.class,
        () -> parse(rqLocks("spin_lock rq_lock(0)", "spin_lock_nested rq_lock(1) 8", "lock-order")));
    assertTrue(tooBig.getMessage().startsWith("test.yaml:9:"), tooBig.getMessage());
    assertTrue(tooBig.getMessage().contains("at most 7"), tooBig.getMessage());
    ScenarioException missing = assertThrows(ScenarioException.class,
        () -> parse(rqLocks("spin_lock rq_lock(0)", "spin_lock_nested rq_lock(1)", "lock-order")));
    assertTrue(missing.getMessage().contains("lockdep subclass"), missing.getMessage());
    ScenarioException negative = assertThrows(ScenarioException.class,
        () -> parse(rqLocks("spin_lock rq_lock(0)", "spin_lock_nested rq_lock(1) -1", "lock-order")));
    assertTrue(negative.getMessage().contains("lockdep subclass"), negative.getMessage());
  }

  // ------------------------------------------------------------------ finding 4

  static String oneTask(String memory, String program, String more) {
    return "name: futex-result\ncpus: 2\nkernel:\n  proxy: false\nmemory:\n" + memory + "tasks:\n"
        + "  t:\n    program: |\n" + program.indent(6) + more + "check: [assertions, lost-wakeup, deadlock]\n";
  }

  @Test
  void futexWaitOnAChangedWordReturnsMinusOne() throws Exception {
    // A program that branches on r == -1 (EAGAIN) as the contract says it may.
    String program = "r = futex_wait x 0\nif r == -1 goto eagain\nassert 0 == 1\neagain:\nassert r == -1\n";
    SearchResult r = check(parse(oneTask("  x: 1\n", program, "")));
    assertNull(first(r), () -> String.valueOf(first(r).violation()));
    assertEquals(Verdict.HOLDS, r.verdict());
  }

  @Test
  void futexSwapWhoseWaitWordChangedReturnsMinusOne() throws Exception {
    String program = "r = futex_swap w x 0\nassert r == -1\n";
    SearchResult r = check(parse(oneTask("  w: 0\n  x: 1\n", program, "")));
    assertNull(first(r), () -> String.valueOf(first(r).violation()));
  }

  @Test
  void aSignalledFutexWaitReturnsMinusFour() throws Exception {
    String program = "r = futex_wait x 0\nassert r == -4\n";
    String sender = "  s:\n    program: |\n      signal t\n";
    SearchResult r = check(parse(oneTask("  x: 0\n", program, sender)));
    assertNull(first(r), () -> String.valueOf(first(r).violation()));
    assertEquals(Verdict.HOLDS, r.verdict());
  }

  @Test
  void theOldValueIsGone() throws Exception {
    // A program that expects the kernel's internal -EAGAIN is now told otherwise.
    Found f = first(check(parse(oneTask("  x: 1\n", "r = futex_wait x 0\nassert r == -11\n", ""))));
    assertEquals("assertions", f.violation().property());
  }
}
