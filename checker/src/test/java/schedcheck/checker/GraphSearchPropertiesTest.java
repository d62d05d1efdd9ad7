package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.constraints.IntRange;
import schedcheck.checker.ToyModels.Edge;
import schedcheck.checker.ToyModels.Graph;

/**
 * BFS and DFS on random directed graphs, against answers computed independently from the
 * graph (breadth-first distances; bad nodes are expanded when the search goes on).
 */
class GraphSearchPropertiesTest {

  /** What a search exploring everything (up to depth d, or all when d < 0) must report. */
  record Expected(
      long states,
      long transitions,
      int maxDepth,
      Set<String> violated,
      Map<String, Long> cuts,
      int minBadDistance,
      int minTerminalDistance,
      int minForbiddenDistance) {

    Verdict verdict() {
      return !violated.isEmpty()
          ? Verdict.VIOLATED
          : cuts.isEmpty() ? Verdict.HOLDS : Verdict.INCOMPLETE;
    }
  }

  static Expected expected(Graph g, int d) {
    int[] dist = g.distances();
    long states = 0;
    long transitions = 0;
    int maxDepth = 0;
    long budget = 0;
    long beyond = 0;
    int minBad = Integer.MAX_VALUE;
    int minTerminal = Integer.MAX_VALUE;
    int minForbidden = Integer.MAX_VALUE;
    for (int v = 0; v < g.n; v++) {
      if (dist[v] < 0) {
        continue;
      }
      if (d >= 0 && dist[v] == d + 1) {
        beyond++;
      }
      if (d >= 0 && dist[v] > d) {
        continue;
      }
      states++;
      maxDepth = Math.max(maxDepth, dist[v]);
      if (g.bad[v]) {
        minBad = Math.min(minBad, dist[v]); // and expanded like any other state
      }
      if (g.cutAt[v]) {
        budget++;
      } else if (g.adj[v].length == 0) {
        minTerminal = Math.min(minTerminal, dist[v]);
      }
      // steps out of every stored state are counted and checked, also at the depth bound
      transitions += g.adj[v].length;
      if (g.hasForbiddenEdge(v)) {
        minForbidden = Math.min(minForbidden, dist[v] + 1);
      }
    }
    Set<String> violated = new TreeSet<>();
    if (minBad != Integer.MAX_VALUE) {
      violated.add("bad");
    }
    if (minTerminal != Integer.MAX_VALUE) {
      violated.add("deadlock");
    }
    if (minForbidden != Integer.MAX_VALUE) {
      violated.add("edge");
    }
    Map<String, Long> cuts = new HashMap<>();
    if (budget > 0) {
      cuts.put("budget", budget);
    }
    if (beyond > 0) {
      cuts.put("depth", beyond);
    }
    return new Expected(
        states, transitions, maxDepth, violated, cuts, minBad, minTerminal, minForbidden);
  }

  static List<Property<Integer, Edge>> allProperties(Graph g) {
    return List.of(g.badProperty(), ToyModels.terminalProperty("deadlock"), g.edgeProperty());
  }

  /**
   * Every reported path replays and shows what it claims; the first bad node reported is the
   * first one on its path (others may lie on the path to another property's violation).
   */
  static void checkFound(Graph g, Found f, int maxDepth) {
    List<Replay.Step<Integer, Edge>> steps = Replay.replay(g, f.path());
    if (maxDepth >= 0) {
      // a transition violation may end with a step out of a state at the bound
      int allowed = f.violation().property().equals("edge") ? maxDepth + 1 : maxDepth;
      assertTrue(f.path().length() <= allowed, "path longer than the depth bound: " + f);
    }
    if (f.violation().property().equals("bad")) {
      for (int k = 0; k < steps.size() - 1; k++) {
        assertFalse(g.bad[steps.get(k).state()], "path passes through an earlier bad node: " + f);
      }
    }
    int last = steps.get(steps.size() - 1).state();
    switch (f.violation().property()) {
      case "bad" -> assertTrue(g.bad[last], f.toString());
      case "deadlock" -> {
        assertEquals(0, g.adj[last].length);
        assertFalse(g.cutAt[last]);
        assertTrue(f.witnessPaths().isEmpty());
      }
      case "edge" -> {
        assertTrue(f.path().length() >= 1);
        int index = f.path().steps()[f.path().length() - 1];
        Edge e = steps.get(steps.size() - 1).action();
        assertTrue(g.forbiddenEdge[e.from()][index], f.toString());
        assertEquals(2, f.witnessPaths().size());
        assertEquals(f.path(), f.witnessPaths().get(0));
        int[] prefix = Arrays.copyOf(f.path().steps(), f.path().length() - 1);
        assertEquals(new Path(f.path().initial(), prefix), f.witnessPaths().get(1));
        assertEquals((Integer) e.from(), Replay.stateAt(g, f.witnessPaths().get(1)));
      }
      default -> throw new AssertionError("unexpected violation " + f);
    }
  }

  static Set<String> names(SearchResult r) {
    return r.violations().stream()
        .map(f -> f.violation().property())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @net.jqwik.api.Property(tries = 300)
  void exploringEverythingMatchesReachability(
      @ForAll @IntRange(min = 1, max = 12) int n,
      @ForAll long seed,
      @ForAll @IntRange(min = -1, max = 6) int depth) {
    Graph g = Graph.random(seed, n, 20, 10, 10);
    Expected e = expected(g, depth);
    Limits limits = Limits.none().withMaxDepth(depth).exploringEverything();
    for (Search s : ToyModels.searches()) {
      SearchResult r = s.run(g, allProperties(g), limits, Progress.NONE);
      String where = s.name() + " on " + g + " depth " + depth;
      assertEquals(e.states(), r.states(), where);
      assertEquals(e.transitions(), r.transitions(), where);
      assertEquals(e.violated(), names(r), where);
      assertEquals(e.cuts(), r.cuts(), where);
      assertEquals(e.verdict(), r.verdict(), where);
      assertEquals(r.violations().size(), names(r).size(), "one violation per property");
      if (depth >= 0 || s instanceof BreadthFirst) {
        assertEquals(e.maxDepth(), r.maxDepth(), where);
      }
      for (Found f : r.violations()) {
        checkFound(g, f, depth);
        if (s instanceof BreadthFirst) {
          int expectedLength =
              switch (f.violation().property()) {
                case "bad" -> e.minBadDistance();
                case "deadlock" -> e.minTerminalDistance();
                default -> e.minForbiddenDistance();
              };
          assertEquals(expectedLength, f.path().length(), "BFS path not shortest: " + where);
        }
      }
    }
  }

  @net.jqwik.api.Property(tries = 300)
  void stopAtFirstViolationAgreesAndBfsIsShortest(
      @ForAll @IntRange(min = 1, max = 12) int n,
      @ForAll long seed,
      @ForAll @IntRange(min = -1, max = 6) int depth) {
    Graph g = Graph.random(seed, n, 15, 10, 10);
    Expected all = expected(g, depth);
    Limits limits = Limits.none().withMaxDepth(depth);
    for (Search s : ToyModels.searches()) {
      SearchResult r = s.run(g, allProperties(g), limits, Progress.NONE);
      String where = s.name() + " on " + g + " depth " + depth;
      assertEquals(all.verdict(), r.verdict(), where);
      assertTrue(r.violations().size() <= 1);
      if (r.verdict() == Verdict.VIOLATED) {
        checkFound(g, r.firstViolation(), depth);
      } else {
        assertEquals(all.states(), r.states(), where);
        assertEquals(all.cuts(), r.cuts(), where);
      }
      // Only the "bad" property: BFS reports a shortest path to a bad node.
      SearchResult b = s.run(g, List.of(g.badProperty()), limits, Progress.NONE);
      if (all.minBadDistance() == Integer.MAX_VALUE) {
        assertNotEquals(Verdict.VIOLATED, b.verdict(), where);
      } else {
        assertEquals(Verdict.VIOLATED, b.verdict(), where);
        checkFound(g, b.firstViolation(), depth);
        if (s instanceof BreadthFirst) {
          assertEquals(all.minBadDistance(), b.firstViolation().path().length(), where);
        }
      }
    }
  }

  /** Fails if HOLDS is ever returned although something was cut. */
  @net.jqwik.api.Property(tries = 400)
  void neverHoldsWhenSomethingWasCut(
      @ForAll @IntRange(min = 1, max = 12) int n,
      @ForAll long seed,
      @ForAll @IntRange(min = -1, max = 5) int depth,
      @ForAll @IntRange(min = -1, max = 13) int maxStates,
      @ForAll boolean stopAtFirst,
      @ForAll @IntRange(min = 0, max = 30) int badPercent,
      @ForAll @IntRange(min = 0, max = 30) int cutPercent) {
    Graph g = Graph.random(seed, n, badPercent, cutPercent, 5);
    Limits limits = Limits.none().withMaxDepth(depth).withMaxStates(maxStates);
    if (!stopAtFirst) {
      limits = limits.exploringEverything();
    }
    Expected unbounded = expected(g, -1);
    Expected bounded = expected(g, depth);
    for (Search s : ToyModels.searches()) {
      SearchResult r = s.run(g, allProperties(g), limits, Progress.NONE);
      String where = s.name() + " on " + g + " " + limits + " -> " + r;
      r.cuts().values().forEach(c -> assertTrue(c > 0, where));
      if (!r.cuts().isEmpty()) {
        assertNotEquals(Verdict.HOLDS, r.verdict(), where);
      }
      if (maxStates >= 0) {
        assertTrue(r.states() <= maxStates, where);
        if (r.verdict() != Verdict.VIOLATED && bounded.states() > maxStates) {
          assertEquals(1L, r.cuts().get("states"), where);
        }
      }
      if (r.verdict() == Verdict.HOLDS) {
        assertTrue(r.violations().isEmpty(), where);
        assertTrue(r.cuts().isEmpty(), where);
        // then the search really saw everything there is
        assertEquals(Verdict.HOLDS, unbounded.verdict(), where);
        assertEquals(unbounded.states(), r.states(), where);
      }
      if (r.verdict() != Verdict.VIOLATED && bounded.verdict() != Verdict.HOLDS) {
        assertEquals(Verdict.INCOMPLETE, r.verdict(), where);
      }
      for (Found f : r.violations()) {
        checkFound(g, f, depth);
      }
    }
  }

  /** Without search limits the two strategies agree state for state on every graph. */
  @net.jqwik.api.Property(tries = 200)
  void strategiesAgreeOnLargerGraphs(
      @ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll long seed,
      @ForAll @IntRange(min = -1, max = 8) int depth) {
    Graph g = Graph.random(seed, n, 3, 3, 2);
    Limits limits = Limits.none().withMaxDepth(depth).exploringEverything();
    SearchResult b = new BreadthFirst().run(g, allProperties(g), limits, Progress.NONE);
    SearchResult d = new DepthFirst().run(g, allProperties(g), limits, Progress.NONE);
    assertEquals(b.verdict(), d.verdict());
    assertEquals(b.states(), d.states());
    assertEquals(b.transitions(), d.transitions());
    assertEquals(b.cuts(), d.cuts());
    assertEquals(names(b), names(d));
    if (depth >= 0) {
      assertEquals(b.maxDepth(), d.maxDepth());
    }
  }
}
