package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import schedcheck.checker.ToyModels.Counter;
import schedcheck.checker.ToyModels.Mutex;
import schedcheck.checker.ToyModels.Mx;

class SearchTest {

  static List<Search> searches() {
    return ToyModels.searches();
  }

  private static <S, A> SearchResult run(
      Search s, Model<S, A> m, List<Property<S, A>> props, Limits limits) {
    return s.run(m, props, limits, Progress.NONE);
  }

  @Test
  void names() {
    assertEquals("bfs", new BreadthFirst().name());
    assertEquals("dfs", new DepthFirst().name());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void counterModuloHolds(Search s) {
    SearchResult r = run(s, Counter.modulo(50), List.of(), Limits.none());
    assertEquals(s.name(), r.strategy());
    assertEquals(Verdict.HOLDS, r.verdict());
    assertEquals(50, r.states());
    assertEquals(50, r.transitions());
    assertEquals(49, r.maxDepth());
    assertTrue(r.cuts().isEmpty());
    assertTrue(r.violations().isEmpty());
    assertNull(r.firstViolation());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void petersonHoldsAndNaiveMutexIsViolated(Search s) {
    Mutex peterson = new Mutex(true);
    SearchResult ok =
        run(
            s,
            peterson,
            List.of(peterson.mutualExclusion(), ToyModels.terminalProperty("deadlock")),
            Limits.none());
    assertEquals(Verdict.HOLDS, ok.verdict(), ok.toString());
    SearchResult okBfs = run(new BreadthFirst(), peterson, List.of(), Limits.none());
    assertEquals(okBfs.states(), ok.states());
    assertEquals(okBfs.transitions(), ok.transitions());

    Mutex naive = new Mutex(false);
    SearchResult bad = run(s, naive, List.of(naive.mutualExclusion()), Limits.none());
    assertEquals(Verdict.VIOLATED, bad.verdict());
    Found f = bad.firstViolation();
    assertEquals("mutex", f.violation().property());
    Mx last = Replay.stateAt(naive, f.path());
    assertEquals(2, last.pc0());
    assertEquals(2, last.pc1());
    if (s instanceof BreadthFirst) {
      // p0 check, p1 check, p0 flag=1, p1 flag=1 (in some order): four steps at least
      assertEquals(4, f.path().length());
    }
  }

  @ParameterizedTest
  @MethodSource("searches")
  void terminalStateIsReported(Search s) {
    Counter chain = Counter.chain(4); // 0 -> 1 -> 2 -> 3
    SearchResult r =
        run(s, chain, List.of(ToyModels.terminalProperty("deadlock")), Limits.none());
    assertEquals(Verdict.VIOLATED, r.verdict());
    assertEquals(new Path(0, new int[] {0, 0, 0}), r.firstViolation().path());
    assertEquals("stuck", r.firstViolation().violation().kind());

    SearchResult quiet = run(s, chain, List.of(), Limits.none());
    assertEquals(Verdict.HOLDS, quiet.verdict());
    assertEquals(4, quiet.states());
    assertEquals(3, quiet.transitions());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void modelCutMakesIncompleteAndCutStateIsNotTerminal(Search s) {
    // 0 -> 1 -> 2, and at 2 the model cuts the only step: 2 is not terminal
    Counter m = new Counter(5, false, false, v -> v == 2);
    SearchResult r =
        run(s, m, List.of(ToyModels.terminalProperty("deadlock")), Limits.none());
    assertEquals(Verdict.INCOMPLETE, r.verdict());
    assertEquals(Map.of("preemptions", 1L), r.cuts());
    assertEquals(3, r.states());
    assertTrue(r.violations().isEmpty());

    // cut on a state that also has a successor
    Counter w = new Counter(6, true, true, v -> v % 2 == 0);
    SearchResult r2 = run(s, w, List.of(), Limits.none().exploringEverything());
    assertEquals(Verdict.INCOMPLETE, r2.verdict());
    assertEquals(Map.of("preemptions", 3L), r2.cuts()); // at 0, 2, 4
    assertEquals(6, r2.states());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void maxStates(Search s) {
    SearchResult r = run(s, Counter.modulo(100), List.of(), Limits.none().withMaxStates(10));
    assertEquals(Verdict.INCOMPLETE, r.verdict());
    assertEquals(10, r.states());
    assertEquals(Map.of("states", 1L), r.cuts());

    SearchResult exact = run(s, Counter.modulo(100), List.of(), Limits.none().withMaxStates(100));
    assertEquals(Verdict.HOLDS, exact.verdict());
    assertEquals(100, exact.states());

    SearchResult none = run(s, Counter.modulo(3), List.of(), Limits.none().withMaxStates(0));
    assertEquals(Verdict.INCOMPLETE, none.verdict());
    assertEquals(0, none.states());
    assertEquals(Map.of("states", 1L), none.cuts());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void maxDepth(Search s) {
    SearchResult r = run(s, Counter.modulo(100), List.of(), Limits.none().withMaxDepth(5));
    assertEquals(Verdict.INCOMPLETE, r.verdict());
    assertEquals(6, r.states());
    assertEquals(6, r.transitions()); // the step out of state 5 is generated and checked
    assertEquals(5, r.maxDepth());
    assertEquals(Map.of("depth", 1L), r.cuts());

    // the successor of the state at the bound is already stored: nothing was cut
    SearchResult cycle = run(s, Counter.modulo(6), List.of(), Limits.none().withMaxDepth(5));
    assertEquals(Verdict.HOLDS, cycle.verdict());
    assertEquals(6, cycle.states());

    // a terminal state at the bound is terminal; nothing was cut
    Counter chain = Counter.chain(4);
    SearchResult atBound =
        run(s, chain, List.of(ToyModels.terminalProperty("deadlock")), Limits.none().withMaxDepth(3));
    assertEquals(Verdict.VIOLATED, atBound.verdict());
    assertEquals(3, atBound.firstViolation().path().length());
    assertEquals(Verdict.HOLDS, run(s, chain, List.of(), Limits.none().withMaxDepth(3)).verdict());

    SearchResult zero = run(s, Counter.upDown(10), List.of(), Limits.none().withMaxDepth(0));
    assertEquals(Verdict.INCOMPLETE, zero.verdict());
    assertEquals(1, zero.states());
    assertEquals(2, zero.transitions());
    assertEquals(Map.of("depth", 2L), zero.cuts()); // 1 and 9
  }

  @ParameterizedTest
  @MethodSource("searches")
  void stepsOutOfStatesAtTheDepthBoundAreChecked(Search s) {
    // 0 -> 1 -> 2 -> 0: with maxDepth 2 every state is stored; the step 2 -> 0 is still shown
    // to onTransition, so a violation on it is found (path of 3 steps) rather than a HOLDS
    Property<Integer, String> p =
        ToyModels.transitionProperty(
            "no-wrap",
            (from, fromId, action, index, to) ->
                from == 2 && to == 0 ? Violation.of("no-wrap", "", "") : null);
    SearchResult r = run(s, Counter.modulo(3), List.of(p), Limits.none().withMaxDepth(2));
    assertEquals(Verdict.VIOLATED, r.verdict());
    assertEquals(new Path(0, new int[] {0, 0, 0}), r.firstViolation().path());
    assertEquals(3, r.states());
    SearchResult ok = run(s, Counter.modulo(3), List.of(), Limits.none().withMaxDepth(2));
    assertEquals(Verdict.HOLDS, ok.verdict());
    assertEquals(3, ok.transitions());
  }

  @Test
  void dfsReexpandsStatesReachedAgainAtSmallerDepth() {
    // upDown(10) from 0: DFS goes 0,1,2,...; with depth 4 BFS reaches {0,1,2,3,4,6,7,8,9}
    for (int d = 0; d <= 6; d++) {
      Limits l = Limits.none().withMaxDepth(d);
      SearchResult b = run(new BreadthFirst(), Counter.upDown(10), List.of(), l);
      SearchResult f = run(new DepthFirst(), Counter.upDown(10), List.of(), l);
      assertEquals(Math.min(10, 2 * d + 1), b.states());
      assertEquals(b.states(), f.states());
      assertEquals(b.transitions(), f.transitions());
      assertEquals(b.cuts(), f.cuts());
      assertEquals(b.verdict(), f.verdict());
      assertEquals(b.maxDepth(), f.maxDepth());
    }
  }

  @ParameterizedTest
  @MethodSource("searches")
  void transitionViolationIsLocatedAtFromPlusIndex(Search s) {
    Counter m = Counter.upDown(10);
    Property<Integer, String> p =
        ToyModels.transitionProperty(
            "no-dec-at-3",
            (from, fromId, action, index, to) ->
                from == 3 && action.equals("dec") ? Violation.of("no-dec-at-3", "", "") : null);
    SearchResult r = run(s, m, List.of(p), Limits.none());
    assertEquals(Verdict.VIOLATED, r.verdict());
    Path path = r.firstViolation().path();
    List<Replay.Step<Integer, String>> steps = Replay.replay(m, path);
    assertEquals(path.length() + 1, steps.size());
    assertEquals(3, steps.get(steps.size() - 2).state());
    assertEquals("dec", steps.get(steps.size() - 1).action());
    assertEquals(2, steps.get(steps.size() - 1).state());
    assertEquals(1, path.steps()[path.length() - 1]);
    if (s instanceof BreadthFirst) {
      assertEquals(new Path(0, new int[] {0, 0, 0, 1}), path);
    }
  }

  @ParameterizedTest
  @MethodSource("searches")
  void witnessesAreResolvedToPaths(Search s) {
    Counter m = Counter.modulo(10);
    Property<Integer, String> p =
        new Property<>() {
          @Override
          public String name() {
            return "remember";
          }

          @Override
          public Monitor<Integer, String> newMonitor() {
            return new Monitor<>() {
              long id3 = -1;
              int index3 = -1;

              @Override
              public Violation onTransition(
                  Integer from, long fromId, String action, int index, Integer to) {
                if (from == 3) {
                  id3 = fromId;
                  index3 = index;
                }
                return null;
              }

              @Override
              public Violation onState(Integer state) {
                if (state != 7) {
                  return null;
                }
                return new Violation(
                    "remember",
                    "",
                    "7 after 3",
                    List.of(new Witness("3->4", id3, index3), new Witness("at 3", id3, -1)));
              }
            };
          }
        };
    SearchResult r = run(s, m, List.of(p), Limits.none());
    Found f = r.firstViolation();
    assertEquals(new Path(0, new int[] {0, 0, 0, 0, 0, 0, 0}), f.path());
    assertEquals(2, f.witnessPaths().size());
    assertEquals(new Path(0, new int[] {0, 0, 0, 0}), f.witnessPaths().get(0));
    assertEquals(new Path(0, new int[] {0, 0, 0}), f.witnessPaths().get(1));
    assertEquals(4, Replay.stateAt(m, f.witnessPaths().get(0)));
    assertEquals(3, Replay.stateAt(m, f.witnessPaths().get(1)));
  }

  @ParameterizedTest
  @MethodSource("searches")
  void unknownWitnessIdIsAnError(Search s) {
    Property<Integer, String> p =
        ToyModels.stateProperty(
            "w",
            v ->
                v == 2
                    ? new Violation("w", "", "", List.of(new Witness("nowhere", 1000, -1)))
                    : null);
    assertThrows(
        IllegalStateException.class,
        () -> run(s, Counter.modulo(5), List.of(p), Limits.none()));
  }

  @ParameterizedTest
  @MethodSource("searches")
  void exploringEverythingKeepsFirstViolationOfEachProperty(Search s) {
    // 0 -> 1 -> 2 -> 3 (A) and 0 -> 19 -> 18 (B); 5 (also A) is behind 3
    Counter m = Counter.upDown(20);
    Property<Integer, String> a =
        ToyModels.stateProperty("A", v -> v == 3 || v == 5 ? Violation.of("A", "", "" + v) : null);
    Property<Integer, String> b =
        ToyModels.stateProperty("B", v -> v == 18 ? Violation.of("B", "", "" + v) : null);
    SearchResult all = run(s, m, List.of(a, b), Limits.none().exploringEverything());
    assertEquals(Verdict.VIOLATED, all.verdict());
    assertEquals(20, all.states()); // violating states are expanded too: everything is reached
    assertEquals(2, all.violations().size());
    List<String> props = new ArrayList<>();
    for (Found f : all.violations()) {
      props.add(f.violation().property());
      assertEquals(f.violation().message(), "" + Replay.stateAt(m, f.path()));
    }
    if (s instanceof BreadthFirst) {
      assertEquals(List.of("B", "A"), props); // 18 at depth 2, then 3 at depth 3
      assertEquals(new Path(0, new int[] {1, 1}), all.violations().get(0).path());
      assertEquals(new Path(0, new int[] {0, 0, 0}), all.violations().get(1).path());
    }

    SearchResult first = run(s, m, List.of(a, b), Limits.none());
    assertEquals(Verdict.VIOLATED, first.verdict());
    assertEquals(1, first.violations().size());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void searchingUntilAPropertyGoesPastOthersAndStopsAtIt(Search s) {
    // 0 -> 1 -> 2 -> 3 (A) and 0 -> 19 -> 18 (B): BFS meets B first, DFS A first
    Counter m = Counter.upDown(20);
    Property<Integer, String> a =
        ToyModels.stateProperty("A", v -> v == 3 ? Violation.of("A", "", "" + v) : null);
    Property<Integer, String> b =
        ToyModels.stateProperty("B", v -> v == 18 ? Violation.of("B", "", "" + v) : null);
    for (String until : List.of("A", "B")) {
      SearchResult r = run(s, m, List.of(a, b), Limits.none().searchingUntil(until));
      assertEquals(Verdict.VIOLATED, r.verdict());
      List<String> props = new ArrayList<>();
      for (Found f : r.violations()) {
        props.add(f.violation().property());
      }
      assertTrue(props.contains(until), until + ": " + props);
      // it stopped at `until`: that is the last one found
      assertEquals(until, props.get(props.size() - 1), until + ": " + props);
    }
    // a property that is never violated: everything is explored
    SearchResult none = run(s, m, List.of(a, b), Limits.none().searchingUntil("C"));
    assertEquals(20, none.states()); // as when exploring everything: 3 and 18 are expanded too
    assertEquals(2, none.violations().size());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void aStopFlagEndsTheSearchAsInterrupted(Search s) {
    StopFlag flag = new StopFlag();
    SearchResult free = run(s, Counter.modulo(100_000), List.of(), Limits.none().stoppedBy(flag));
    assertEquals(Verdict.HOLDS, free.verdict());
    assertEquals(100_000, free.states());
    flag.set();
    SearchResult r = run(s, Counter.modulo(100_000), List.of(), Limits.none().stoppedBy(flag));
    assertEquals(Verdict.INCOMPLETE, r.verdict());
    assertEquals(1L, r.cuts().get("interrupted"), r.cuts().toString());
    assertTrue(r.states() > 1000 && r.states() < 3000, "" + r.states());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void violatingStateEndsTheSearchWhenStoppingAtTheFirst(Search s) {
    // 0 -> 1 -> ... ; 3 is bad: the search stops there, 4.. are never reached
    Counter chain = Counter.chain(10);
    Property<Integer, String> p =
        ToyModels.stateProperty("three", v -> v == 3 ? Violation.of("three", "", "") : null);
    SearchResult r = run(s, chain, List.of(p), Limits.none());
    assertEquals(4, r.states());
    assertEquals(3, r.transitions());
    assertEquals(Verdict.VIOLATED, r.verdict());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void violatingStateIsExpandedWhenSearchingOn(Search s) {
    // 0 -> 1 -> ... -> 9; 3 violates "three", 7 (only behind 3) violates "seven": whether
    // "seven" is violated must not depend on whether "three" is checked too (issue 6, D1)
    Counter chain = Counter.chain(10);
    Property<Integer, String> three =
        ToyModels.stateProperty("three", v -> v == 3 ? Violation.of("three", "", "") : null);
    Property<Integer, String> seven =
        ToyModels.stateProperty("seven", v -> v == 7 ? Violation.of("seven", "", "") : null);
    for (Limits l : List.of(Limits.none().exploringEverything(), Limits.none().searchingUntil("seven"))) {
      SearchResult r = run(s, chain, List.of(three, seven), l);
      assertEquals(Verdict.VIOLATED, r.verdict());
      List<String> props = new ArrayList<>();
      r.violations().forEach(f -> props.add(f.violation().property()));
      assertEquals(List.of("three", "seven"), props, l.toString());
      assertEquals(7, r.violations().get(1).path().length());
      assertEquals(l.stopAt() == null ? 10 : 8, r.states(), l.toString());
    }
    SearchResult alone = run(s, chain, List.of(seven), Limits.none().exploringEverything());
    assertEquals(10, alone.states());
    assertEquals(9, alone.transitions());
    SearchResult both = run(s, chain, List.of(three, seven), Limits.none().exploringEverything());
    assertEquals(alone.states(), both.states());
    assertEquals(alone.transitions(), both.transitions());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void badInitialState(Search s) {
    Property<Integer, String> p =
        ToyModels.stateProperty("zero", v -> v == 0 ? Violation.of("zero", "", "") : null);
    SearchResult r = run(s, Counter.modulo(5), List.of(p), Limits.none());
    assertEquals(Verdict.VIOLATED, r.verdict());
    assertEquals(new Path(0, new int[0]), r.firstViolation().path());
    assertEquals(1, r.states());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void duplicateInitialStatesAreStoredOnce(Search s) {
    Model<Integer, String> m =
        new Model<>() {
          @Override
          public List<Integer> initialStates() {
            return List.of(4, 4, 2);
          }

          @Override
          public void successors(Integer v, Successors<Integer, String> out) {
            if (v > 0) {
              out.next("down", v - 1);
            }
          }

          @Override
          public long fingerprint(Integer v) {
            return v;
          }
        };
    Property<Integer, String> p =
        ToyModels.stateProperty("one", v -> v == 1 ? Violation.of("one", "", "") : null);
    SearchResult r = run(s, m, List.of(p), Limits.none().exploringEverything());
    assertEquals(5, r.states()); // 4, 3, 2, 1 (bad, but expanded: searching on), 0
    Path path = r.firstViolation().path();
    assertEquals(1, Replay.stateAt(m, path));
    if (s instanceof BreadthFirst) {
      assertEquals(new Path(2, new int[] {0}), path);
    }
  }

  @ParameterizedTest
  @MethodSource("searches")
  void timeLimit(Search s) {
    SearchResult r =
        run(s, Counter.chain(1_000_000), List.of(), Limits.none().withMaxTime(Duration.ZERO));
    assertEquals(Verdict.INCOMPLETE, r.verdict());
    assertEquals(1L, r.cuts().get("time"));
    assertTrue(r.states() < 1_000_000);
    // a small search finishes before the clock is even read: complete, so it holds
    SearchResult small =
        run(s, Counter.modulo(10), List.of(), Limits.none().withMaxTime(Duration.ZERO));
    assertEquals(Verdict.HOLDS, small.verdict());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void deepChainDoesNotOverflowAndReportsProgress(Search s) {
    AtomicInteger done = new AtomicInteger();
    AtomicInteger updates = new AtomicInteger();
    AtomicLong lastStates = new AtomicLong();
    Progress progress =
        new Progress() {
          @Override
          public void update(long states, long transitions, long queued, int depth, double sec) {
            updates.incrementAndGet();
            lastStates.set(states);
            assertTrue(queued >= 0);
          }

          @Override
          public void done() {
            done.incrementAndGet();
          }
        };
    long t0 = System.nanoTime();
    SearchResult r = s.run(Counter.chain(300_000), List.of(), Limits.none(), progress);
    double secs = (System.nanoTime() - t0) / 1e9;
    assertEquals(Verdict.HOLDS, r.verdict());
    assertEquals(300_000, r.states());
    assertEquals(299_999, r.maxDepth());
    assertEquals(1, done.get());
    assertTrue(updates.get() <= secs * 5 + 1, "too many progress updates: " + updates);
    assertTrue(lastStates.get() <= 300_000);
  }

  @ParameterizedTest
  @MethodSource("searches")
  void doneIsCalledWhenTheModelThrows(Search s) {
    AtomicInteger done = new AtomicInteger();
    Progress progress =
        new Progress() {
          @Override
          public void update(long states, long transitions, long queued, int depth, double sec) {}

          @Override
          public void done() {
            done.incrementAndGet();
          }
        };
    Model<Integer, String> broken =
        new Model<>() {
          @Override
          public List<Integer> initialStates() {
            return List.of(0);
          }

          @Override
          public void successors(Integer v, Successors<Integer, String> out) {
            throw new IllegalArgumentException("boom");
          }

          @Override
          public long fingerprint(Integer v) {
            return v;
          }
        };
    assertThrows(
        IllegalArgumentException.class, () -> s.run(broken, List.of(), Limits.none(), progress));
    assertEquals(1, done.get());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void deterministic(Search s) {
    Mutex naive = new Mutex(false);
    SearchResult a = run(s, naive, List.of(naive.mutualExclusion()), Limits.none());
    SearchResult b = run(s, naive, List.of(naive.mutualExclusion()), Limits.none());
    assertEquals(a.firstViolation(), b.firstViolation());
    assertEquals(a.states(), b.states());
    assertEquals(a.transitions(), b.transitions());
  }

  @Test
  void dfsExpandsFirstSuccessorFirst() {
    // with two successors, DFS follows index 0 first: first reaches 5 by five incs
    Counter m = Counter.upDown(20);
    Property<Integer, String> p =
        ToyModels.stateProperty("five", v -> v == 5 ? Violation.of("five", "", "") : null);
    SearchResult r = run(new DepthFirst(), m, List.of(p), Limits.none());
    assertEquals(new Path(0, new int[] {0, 0, 0, 0, 0}), r.firstViolation().path());
  }
}
