package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import schedcheck.checker.Path;
import schedcheck.checker.Replay;
import schedcheck.checker.Successors;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * The lock discipline's run-time check and the mover reduction: a step touching a protected
 * field without its lock is reported naming step and field; steps under a held lock merge
 * into one transition whose text names every step; a state a property flags is never merged
 * away; a merged path expands to the kernel's own steps.
 */
class MoversTest {

  /** t1 and t2 take L, change only their registers under it, and release it. */
  static final String LOCAL_UNDER_LOCK = """
      name: local-under-lock
      cpus: 2
      kernel: {proxy: false}
      locks: [L]
      tasks:
        t1:
          program: |
            spin_lock L
            r = 1
            r = 2
            spin_unlock L
        t2:
          program: |
            spin_lock L
            r = 3
            spin_unlock L
      check: [deadlock, assertions]
      expect: holds
      """;

  static Scenario parse(String yaml) throws Exception {
    return ScenarioParser.parse(yaml, "movers.yaml");
  }

  static List<StepInfo> steps(KernelModel m, KState s) {
    List<StepInfo> out = new ArrayList<>();
    m.successors(s, new Successors<>() {
      @Override
      public void next(StepInfo action, KState state) {
        out.add(action);
      }

      @Override
      public void cut(String bound) {}
    });
    return out;
  }

  @Test
  void aRunUnderAHeldLockIsOneTransitionNamingEveryStep() throws Exception {
    Scenario sc = parse(LOCAL_UNDER_LOCK);
    KernelModel reduced = new KernelModel(sc, Reduction.ALL);
    KernelModel full = new KernelModel(sc);
    List<KState> r = SignalTest.reachable(reduced);
    List<KState> f = SignalTest.reachable(full);
    assertTrue(r.size() < f.size(), r.size() + " reduced states, " + f.size() + " without");
    assertTrue(f.containsAll(r), "every state of the reduced model is a state of the full one");
    // from the start, t1's spin_lock L runs on to its unlock: one transition
    StepInfo first = steps(reduced, reduced.initialStates().get(0)).get(0);
    assertEquals("spin_lock L; then r = 1; then r = 2; then spin_unlock L", first.text());
    KernelModel fresh = new KernelModel(sc, Reduction.ALL);
    steps(fresh, fresh.initialStates().get(0));
    assertEquals(3 + 2, fresh.mergedSteps(), "t1's three steps after its spin_lock, t2's two");
    assertEquals("spin_lock L", steps(full, full.initialStates().get(0)).get(0).text());
  }

  @Test
  void aStateAPropertyFlagsIsStoredNotMergedAway() throws Exception {
    Scenario sc = parse(LOCAL_UNDER_LOCK);
    KernelModel reduced = new KernelModel(sc, Reduction.ALL);
    int t1 = 0;
    java.util.function.Predicate<KState> regIsOne = s -> s.reg(t1, 0) == 1 && s.pc(t1) == 2;
    assertFalse(SignalTest.any(SignalTest.reachable(reduced), regIsOne), "merged away without an observer");
    KernelModel watched = new KernelModel(sc, Reduction.ALL).observing(regIsOne::test);
    List<KState> states = SignalTest.reachable(watched);
    assertTrue(SignalTest.any(states, regIsOne), "the flagged state is stored");
    assertTrue(new HashSet<>(SignalTest.reachable(new KernelModel(sc))).containsAll(states));
  }

  @Test
  void aMergedPathExpandsToTheKernelsOwnSteps() throws Exception {
    Scenario sc = parse(LOCAL_UNDER_LOCK);
    KernelModel reduced = new KernelModel(sc, Reduction.ALL);
    KernelModel full = new KernelModel(sc);
    Path p = new Path(0, new int[] {0, 1}); // t1's run on cpu0, then t2's on cpu1
    MergedPaths.Expanded e = MergedPaths.expand(reduced, full, p);
    assertEquals(Replay.stateAt(reduced, p), Replay.stateAt(full, e.path()));
    assertEquals(4 + 3, e.path().length(), "t1's four steps, then t2's three");
    assertEquals(4, e.position(1));
    for (var step : Replay.replay(full, e.path()).subList(1, e.path().length() + 1)) {
      assertFalse(step.action().text().contains("; then "), step.action().text());
    }
  }

  @Test
  void lockOrderStillSeesEveryAcquisition() throws Exception {
    Scenario sc = parse(LOCAL_UNDER_LOCK.replace("r = 1\n", "spin_lock M\n      r = 1\n")
        .replace("r = 2\n", "spin_unlock M\n").replace("locks: [L]", "locks: [L, M]"));
    KernelModel reduced = new KernelModel(sc, Reduction.ALL);
    // the nested spin_lock M is a transition of its own, with its acquisition and what is held
    StepInfo first = steps(reduced, reduced.initialStates().get(0)).get(0);
    assertEquals("spin_lock L", first.text());
    Set<String> acquisitions = new HashSet<>();
    for (KState s : SignalTest.reachable(reduced)) {
      for (StepInfo i : steps(reduced, s)) {
        for (LockEvent ev : i.acquired()) {
          acquisitions.add(reduced.layout().lockName(ev.lock()) + " holding " + ev.held().length);
        }
      }
    }
    // (do_exit takes the rq lock)
    assertEquals(Set.of("L holding 0", "M holding 1", "rq_lock(0) holding 0", "rq_lock(1) holding 0"), acquisitions);
  }

  @Test
  void aStepTouchingAProtectedFieldWithoutItsLockIsAModelBug() throws Exception {
    Scenario sc = parse(LOCAL_UNDER_LOCK);
    KernelModel m = new KernelModel(sc);
    Ctx ctx = new Ctx(m.kernel());
    ctx.discipline = new LockDiscipline(m.layout());
    ctx.checking = true;
    KState s0 = m.initialStates().get(0);
    ctx.begin(s0, 0, 0);
    // t1 on cpu0 queues itself on cpu1's runqueue without rq_lock(1)
    LockDiscipline.Violation v = assertThrows(LockDiscipline.Violation.class, () -> ctx.w.rqAdd(1, 0));
    assertTrue(v.getMessage().contains("rq(1) runqueue without rq_lock(1)"), v.getMessage());
    assertTrue(v.getMessage().contains("t1's user statement at pc 0 (on cpu0, as t1)"), v.getMessage());
    // holding the lock it may
    ctx.begin(s0, 0, 0);
    ctx.lock(m.layout().rqLock(1));
    ctx.w.rqAdd(1, 0);
    // t1 writes t2's registers while t2 runs on cpu1
    ctx.begin(s0, 0, 0);
    v = assertThrows(LockDiscipline.Violation.class, () -> ctx.w.setReg(1, 0, 7));
    assertTrue(v.getMessage().contains("writes t2 register 0"), v.getMessage());
    // lockless fields (__state, on_rq) are no violation, but no mover either
    ctx.begin(s0, 0, 0);
    ctx.watchFrom();
    ctx.w.setState(1, Layout.TASK_RUNNING);
    ctx.w.setOnRq(0, Layout.ON_RQ_QUEUED);
    assertEquals(2, ctx.unprotected);
  }

  @Test
  void everyStepNamedNeverAMoverExists() throws Exception {
    // the steps of every kernel version the examples use
    Set<String> all = new HashSet<>();
    try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("..", "examples"))) {
      for (var f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        for (KStep k : new KernelModel(ScenarioParser.parse(f)).kernel().steps()) {
          all.add(k.function.name + " " + k.label);
        }
      }
    }
    for (String n : Movers.NEVER_MOVERS) {
      assertTrue(all.contains(n), n + " is no kernel step");
    }
  }

  @Test
  void withADepthBoundTheMoversAreOff() throws Exception {
    Scenario sc = parse(LOCAL_UNDER_LOCK.replace("expect: holds", "bounds: {depth: 20}\nexpect: holds"));
    assertFalse(new KernelModel(sc, Reduction.ALL).reduction().movers());
  }
}
