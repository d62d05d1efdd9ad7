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

  /** Three processes, each counting 0, 1, 2, 0, ... on a step of its own (state: the counters, base 3). */
  static Model<Integer, Integer> counters() {
    return new Model<>() {
      @Override
      public List<Integer> initialStates() {
        return List.of(0);
      }

      @Override
      public void successors(Integer s, Successors<Integer, Integer> out) {
        for (int p = 0, w = 1; p < 3; p++, w *= 3) {
          int c = s / w % 3;
          out.next(p, s - c * w + (c + 1) % 3 * w);
        }
      }

      @Override
      public long fingerprint(Integer s) {
        return s + 1;
      }
    };
  }

  /**
   * Goal p: process p steps (marked where its counter is 0, or everywhere); class p: process p
   * steps, weakly fair for every process but {@code unfair} (-1: none), whose steps serve nothing.
   */
  static LivenessProperty<Integer, Integer> eachSteps(int unfair, boolean markedEverywhere) {
    return new LivenessProperty<>() {
      @Override
      public String name() {
        return "starvation";
      }

      @Override
      public int goals() {
        return 3;
      }

      @Override
      public int stateGoals(Integer s) {
        if (markedEverywhere) {
          return 7;
        }
        int bits = 0;
        for (int p = 0, w = 1; p < 3; p++, w *= 3) {
          bits |= s / w % 3 == 0 ? 1 << p : 0;
        }
        return bits;
      }

      @Override
      public int edgeGoals(Integer from, Integer p, Integer to) {
        return 1 << p;
      }

      @Override
      public long serves(Integer from, Integer p, Integer to) {
        return p == unfair ? 0 : 1L << p;
      }

      @Override
      public Violation describe(int goal, List<Integer> loop, List<Integer> steps) {
        return Violation.of("starvation", "runnable", "process " + goal + " never steps; loop " + loop + " " + steps);
      }
    };
  }

  private static List<String> lassos(SearchResult r) {
    return r.violations().stream()
        .map(f -> f.violation().message() + " " + f.path() + " loop from " + f.loopStart())
        .toList();
  }

  /**
   * Deciding the goals on two threads first (every graph here, not only those of 100,000
   * states) gives the same verdicts and the same lassos, in the same order, as the goals
   * searched one after another: with the first lasso only and with every one; with a goal
   * violated (the process whose steps serve no fairness class starves) among goals that hold,
   * with every goal holding, and with goals marked in only part of the graph. It decides each
   * marked goal once, and a goal that holds is not searched again: fewer states visited.
   */
  @Test
  void decidingTheGoalsOnTwoThreadsChangesNothingReported() {
    boolean wasParallel = FairCycles.PARALLEL_ANALYSIS;
    int wasMin = FairCycles.PARALLEL_MIN_STATES;
    try {
      FairCycles.PARALLEL_MIN_STATES = 0;
      for (int unfair = -1; unfair < 3; unfair++) {
        for (boolean everywhere : new boolean[] {true, false}) {
          for (Limits limits : List.of(Limits.none(), Limits.none().exploringEverything())) {
            FairCycles.PARALLEL_ANALYSIS = false;
            SearchResult one = FairCycles.run(counters(), eachSteps(unfair, everywhere), limits, null);
            long[] oneStats = FairCycles.LAST_ANALYSIS.get();
            FairCycles.PARALLEL_ANALYSIS = true;
            SearchResult two = FairCycles.run(counters(), eachSteps(unfair, everywhere), limits, null);
            long[] twoStats = FairCycles.LAST_ANALYSIS.get();
            String what = "unfair " + unfair + ", marked everywhere " + everywhere + ", " + limits;
            assertEquals(unfair < 0 ? Verdict.HOLDS : Verdict.VIOLATED, one.verdict(), what);
            assertEquals(one.verdict(), two.verdict(), what);
            assertEquals(27, two.states(), what);
            assertEquals(lassos(one), lassos(two), what);
            if (unfair >= 0) {
              assertTrue(lassos(two).get(0).startsWith("process " + unfair + " never steps"), what + ": " + lassos(two));
            }
            assertEquals(0, oneStats[1], what);
            assertEquals(3, twoStats[1], what + ": each goal decided once");
            if (unfair < 0 && !everywhere) {
              assertTrue(twoStats[0] < oneStats[0], what + ": " + twoStats[0] + " visits against " + oneStats[0]);
            }
          }
        }
      }
    } finally {
      FairCycles.PARALLEL_ANALYSIS = wasParallel;
      FairCycles.PARALLEL_MIN_STATES = wasMin;
    }
  }
}
