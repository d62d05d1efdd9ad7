package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fair-cycle search on toy models: fairness, lassos that replay, and honest cuts. */
class FairCyclesTest {

  /** Process 0 loops between 0 and 1 for ever; process 1 takes one step (0 to 1) and is done. */
  record S(int a, int b) {}

  /**
   * @param gated process 1 can step only while process 0 is at 0 (enabled infinitely often,
   *     but not continuously)
   */
  static Model<S, String> model(boolean gated) {
    return new Model<>() {
      @Override
      public List<S> initialStates() {
        return List.of(new S(0, 0));
      }

      @Override
      public void successors(S s, Successors<S, String> out) {
        out.next("p0", new S(1 - s.a(), s.b()));
        if (s.b() == 0 && (!gated || s.a() == 0)) {
          out.next("p1", new S(s.a(), 1));
        }
      }

      @Override
      public long fingerprint(S s) {
        return s.a() * 31L + s.b() + 1;
      }
    };
  }

  /** Goal 0: process 1 finishes. Class k: process k steps; class 1 strong when asked. */
  static LivenessProperty<S, String> finishes(boolean fair, boolean strong) {
    return new LivenessProperty<>() {
      @Override
      public String name() {
        return "starvation";
      }

      @Override
      public int goals() {
        return 1;
      }

      @Override
      public int stateGoals(S s) {
        return s.b() == 0 ? 1 : 0;
      }

      @Override
      public int edgeGoals(S from, String a, S to) {
        return "p1".equals(a) ? 1 : 0;
      }

      @Override
      public long serves(S from, String a, S to) {
        return fair ? ("p0".equals(a) ? 1 : 2) : 0;
      }

      @Override
      public long strongClasses() {
        return strong ? 2 : 0;
      }

      @Override
      public Violation describe(int goal, List<S> loop, List<String> steps) {
        return Violation.of("starvation", "runnable", "p1 never steps; loop " + steps);
      }
    };
  }

  @Test
  void weakFairnessRulesOutTheLoopThatNeverRunsAContinuouslyEnabledProcess() {
    SearchResult r = FairCycles.run(model(false), finishes(true, false), Limits.none(), null);
    assertEquals(Verdict.HOLDS, r.verdict());
    assertEquals(4, r.states());
  }

  @Test
  void withoutFairnessTheLassoReplaysAndItsLoopReturnsToItsEntry() {
    Model<S, String> m = model(false);
    SearchResult r = FairCycles.run(m, finishes(false, false), Limits.none(), null);
    assertEquals(Verdict.VIOLATED, r.verdict());
    Found f = r.firstViolation();
    assertTrue(f.isLasso());
    int k = f.loopStart();
    int[] all = f.path().steps();
    int[] loop = java.util.Arrays.copyOfRange(all, k, all.length);
    assertTrue(loop.length > 0);
    Path twice = new Path(f.path().initial(), java.util.Arrays.copyOf(all, k));
    S entry = Replay.stateAt(m, twice);
    for (int round = 0; round < 2; round++) {
      for (int i : loop) {
        twice = twice.then(i);
      }
      assertEquals(entry, Replay.stateAt(m, twice), "round " + round + " returns to the entry");
    }
    // no step of the loop is process 1's
    for (Replay.Step<S, String> s : Replay.replay(m, f.path()).subList(k + 1, all.length + 1)) {
      assertEquals("p0", s.action());
    }
  }

  @Test
  void aProcessEnabledOnlyInfinitelyOftenNeedsStrongFairness() {
    assertEquals(Verdict.VIOLATED, FairCycles.run(model(true), finishes(true, false), Limits.none(), null).verdict());
    assertEquals(Verdict.HOLDS, FairCycles.run(model(true), finishes(true, true), Limits.none(), null).verdict());
  }

  @Test
  void boundsThatCutTheGraphNeverGiveHolds() {
    SearchResult depth = FairCycles.run(model(false), finishes(true, false), Limits.none().withMaxDepth(1), null);
    assertEquals(Verdict.INCOMPLETE, depth.verdict());
    assertTrue(depth.cuts().containsKey("depth"), depth.cuts().toString());
    SearchResult states = FairCycles.run(model(false), finishes(true, false), Limits.none().withMaxStates(2), null);
    assertEquals(Verdict.INCOMPLETE, states.verdict());
    // a depth bound that reaches every state cuts nothing: the edges back are all in the graph
    SearchResult enough = FairCycles.run(model(false), finishes(true, false), Limits.none().withMaxDepth(2), null);
    assertEquals(Verdict.HOLDS, enough.verdict());
  }

  /** Process 0 goes round a ring of {@code n} positions; process 1 takes one step and is done. */
  static Model<S, String> ring(int n) {
    return new Model<>() {
      @Override
      public List<S> initialStates() {
        return List.of(new S(0, 0));
      }

      @Override
      public void successors(S s, Successors<S, String> out) {
        out.next("p0", new S((s.a() + 1) % n, s.b()));
        if (s.b() == 0) {
          out.next("p1", new S(s.a(), 1));
        }
      }

      @Override
      public long fingerprint(S s) {
        return s.a() * 31L + s.b() + 1;
      }
    };
  }

  /**
   * A component as deep as it is large (the ring, 50,000 states deep in Tarjan's search) grows
   * the decomposition's stacks past their first 4,096 entries: the same verdicts and a lasso
   * round the whole ring, with and without fairness, and with a strong class that makes the
   * component be decomposed again.
   */
  @Test
  void aComponentDeeperThanTheFirstStacksIsFoundWhole() {
    int n = 50_000; // 100,000 states: also at FairCycles.Run.COLLECT_BEFORE_ANALYSIS
    SearchResult unfair = FairCycles.run(ring(n), finishes(false, false), Limits.none(), null);
    assertEquals(Verdict.VIOLATED, unfair.verdict());
    assertEquals(2 * n, unfair.states());
    Found f = unfair.firstViolation();
    assertEquals(n, f.path().steps().length - f.loopStart(), "the loop goes round the ring once");
    assertEquals(Verdict.HOLDS, FairCycles.run(ring(n), finishes(true, false), Limits.none(), null).verdict());
    assertEquals(Verdict.HOLDS, FairCycles.run(ring(n), finishes(true, true), Limits.none(), null).verdict());
  }
}
