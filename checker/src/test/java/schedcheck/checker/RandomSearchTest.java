package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import schedcheck.checker.RandomSearch.Mode;
import schedcheck.checker.ToyModels.Mx;

class RandomSearchTest {

  /** The mutual-exclusion toy with each process as a PCT actor. */
  static final class Actors extends ToyModels.Mutex {
    Actors(boolean peterson) {
      super(peterson);
    }

    @Override
    public int actor(String action) {
      return action.charAt(1) - '0';
    }
  }

  private static SearchResult run(Mode mode, long seed, long runs, Model<Mx, String> m, Property<Mx, String> p,
      Limits limits) {
    return new RandomSearch(mode, seed, runs, 3).run(m, List.of(p), limits, Progress.NONE);
  }

  @Test
  void randomAndPctFindTheNaiveMutexBreakAndTheirPathReplaysToIt() {
    for (Mode mode : Mode.values()) {
      Actors m = new Actors(false);
      RandomSearch search = new RandomSearch(mode, 7, 200, 3);
      SearchResult r = search.run(m, List.of(m.mutualExclusion()), Limits.none(), Progress.NONE);
      assertEquals(Verdict.VIOLATED, r.verdict(), mode.toString());
      assertEquals(mode.word, r.strategy());
      Mx last = Replay.stateAt(m, r.firstViolation().path());
      assertEquals(m.critical(), last.pc0());
      assertEquals(m.critical(), last.pc1());
      RandomSearch.Coverage c = search.coverage();
      assertEquals(r.cuts().get("runs"), c.runs());
      assertTrue(c.violationRun() >= 0 && c.violationRun() < c.runs());
      assertEquals(7 + c.violationRun(), c.violationSeed());
    }
  }

  @Test
  void theSameSeedGivesTheSameTraceAndTheViolatingRunReplaysAloneFromItsSeed() {
    for (Mode mode : Mode.values()) {
      for (long seed : new long[] {1, 42, -5}) {
        Actors m = new Actors(false);
        Limits l = Limits.none().withMaxDepth(40);
        RandomSearch a = new RandomSearch(mode, seed, 500, 3);
        SearchResult first = a.run(m, List.of(m.mutualExclusion()), l, Progress.NONE);
        SearchResult again = run(mode, seed, 500, m, m.mutualExclusion(), l);
        assertEquals(first.firstViolation().path(), again.firstViolation().path());
        assertEquals(first.states(), again.states());
        assertEquals(first.transitions(), again.transitions());
        // the violating run alone, from its own seed and one run
        SearchResult alone = run(mode, a.coverage().violationSeed(), 1, m, m.mutualExclusion(), l);
        assertEquals(Verdict.VIOLATED, alone.verdict(), mode + " seed " + seed);
        assertEquals(first.firstViolation().path(), alone.firstViolation().path());
      }
    }
  }

  @Test
  void aCorrectModelIsNeverHoldsButIncompleteWithTheRunsAndEveryStateSeen() {
    for (Mode mode : Mode.values()) {
      Actors m = new Actors(true);
      SearchResult bfs = new BreadthFirst().run(m, List.of(m.mutualExclusion()), Limits.none(), Progress.NONE);
      assertEquals(Verdict.HOLDS, bfs.verdict());
      SearchResult r = run(mode, 3, 300, m, m.mutualExclusion(), Limits.none().withMaxDepth(30));
      assertEquals(Verdict.INCOMPLETE, r.verdict(), mode.toString());
      assertEquals(300L, r.cuts().get("runs"));
      assertEquals(300L, r.cuts().get("depth"), "every run of a looping model ends at the cap");
      assertTrue(r.states() <= bfs.states());
      if (mode == Mode.RANDOM) {
        assertEquals(bfs.states(), r.states(), "300 walks of 30 steps see all of a 30-state model");
        assertEquals(bfs.transitions(), r.transitions(), "each state's steps counted once");
      }
    }
  }

  /** Two actors that can always step; the state counts each one's steps. */
  static final class TwoCounters implements Model<List<Integer>, String> {
    @Override
    public List<List<Integer>> initialStates() {
      return List.of(List.of(0, 0));
    }

    @Override
    public void successors(List<Integer> s, Successors<List<Integer>, String> out) {
      out.next("a", List.of(s.get(0) + 1, s.get(1)));
      out.next("b", List.of(s.get(0), s.get(1) + 1));
    }

    @Override
    public long fingerprint(List<Integer> s) {
      return s.get(0) * 1000L + s.get(1);
    }

    @Override
    public int actor(String action) {
      return action.charAt(0);
    }
  }

  @Test
  void pctWithoutChangePointsRunsTheHighestPriorityActorAloneAndWithThemSwitches() {
    TwoCounters m = new TwoCounters();
    Property<List<Integer>, String> six = ToyModels.stateProperty("six",
        s -> s.get(0) + s.get(1) == 6 ? Violation.of("six", "", "six steps") : null);
    java.util.Set<Character> firsts = new java.util.HashSet<>();
    boolean switched = false;
    for (long seed = 0; seed < 40; seed++) {
      SearchResult r = new RandomSearch(Mode.PCT, seed, 1, 1).run(m, List.of(six), Limits.none().withMaxDepth(20),
          Progress.NONE);
      List<Replay.Step<List<Integer>, String>> steps = Replay.replay(m, r.firstViolation().path());
      char who = steps.get(1).action().charAt(0);
      firsts.add(who);
      for (int i = 1; i < steps.size(); i++) {
        assertEquals(who, steps.get(i).action().charAt(0), "d = 1: seed " + seed + " step " + i);
      }
      // d = 2: one change point in 1..k (k = 20, the first execution's length at the cap)
      SearchResult r2 = new RandomSearch(Mode.PCT, seed, 1, 2).run(m, List.of(six), Limits.none().withMaxDepth(20),
          Progress.NONE);
      List<Integer> last = Replay.stateAt(m, r2.firstViolation().path());
      switched |= last.get(0) > 0 && last.get(1) > 0;
    }
    assertEquals(2, firsts.size(), "either actor may get the highest priority");
    assertTrue(switched, "a change point within the first six steps hands over to the other actor");
  }

  @Test
  void limitsEndTheSearch() {
    Actors m = new Actors(true);
    SearchResult few = run(Mode.RANDOM, 1, 1000, m, m.mutualExclusion(), Limits.none().withMaxStates(5));
    assertEquals(Verdict.INCOMPLETE, few.verdict());
    assertEquals(5, few.states());
    assertEquals(1L, few.cuts().get("states"));
    SearchResult timed = run(Mode.RANDOM, 1, Long.MAX_VALUE, m, m.mutualExclusion(),
        Limits.none().withMaxTime(Duration.ofMillis(200)));
    assertEquals(1L, timed.cuts().get("time"));
    assertTrue(timed.cuts().get("runs") >= 1);
    StopFlag stop = new StopFlag();
    stop.set();
    SearchResult stopped = run(Mode.PCT, 1, 1000, m, m.mutualExclusion(), Limits.none().stoppedBy(stop));
    assertEquals(Verdict.INCOMPLETE, stopped.verdict());
    assertEquals(1L, stopped.cuts().get("interrupted"));
  }

  /**
   * The memory limit (--max-memory) ends a random search as it ends BFS: incomplete, the cut
   * {@code memory} named, even for a model whose first run would find a violation.
   */
  @Test
  void theMemoryLimitEndsTheSearchAsIncompleteWithAMemoryCut() {
    for (Mode mode : Mode.values()) {
      for (boolean correct : new boolean[] {true, false}) {
        Actors m = new Actors(correct);
        SearchResult free = run(mode, 1, 40, m, m.mutualExclusion(),
            Limits.none().withMaxDepth(30).withMaxMemory(Long.MAX_VALUE / 4));
        assertFalse(free.cuts().containsKey("memory"), mode + " " + free.cuts());
        SearchResult r = run(mode, 1, 1000, m, m.mutualExclusion(), Limits.none().withMaxDepth(30).withMaxMemory(1));
        assertEquals(Verdict.INCOMPLETE, r.verdict(), mode + " correct=" + correct);
        assertEquals(1L, r.cuts().get("memory"), mode + " " + r.cuts());
        assertEquals(1L, r.cuts().get("runs"), "stopped before the first run got anywhere");
        assertTrue(r.states() >= 1 && r.states() <= m.initialStates().size(), "only the initial states: " + r.states());
      }
    }
  }

  @Test
  void aTerminalStateIsFoundAndTheDepthCapHidesIt() {
    ToyModels.Counter chain = ToyModels.Counter.chain(10);
    SearchResult r = new RandomSearch(Mode.RANDOM, 1, 1, 3)
        .run(chain, List.of(ToyModels.terminalProperty("stuck")), Limits.none(), Progress.NONE);
    assertEquals(Verdict.VIOLATED, r.verdict());
    assertEquals(9, r.firstViolation().path().length());
    SearchResult capped = new RandomSearch(Mode.RANDOM, 1, 5, 3)
        .run(chain, List.of(ToyModels.terminalProperty("stuck")), Limits.none().withMaxDepth(5), Progress.NONE);
    assertEquals(Verdict.INCOMPLETE, capped.verdict());
    assertEquals(5L, capped.cuts().get("depth"));
    assertFalse(capped.cuts().containsKey("states"));
  }
}
