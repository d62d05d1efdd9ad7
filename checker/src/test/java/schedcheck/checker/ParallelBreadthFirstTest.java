package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import schedcheck.checker.ToyModels.Edge;
import schedcheck.checker.ToyModels.Graph;

/**
 * The parallel BFS returns the sequential BFS's result, field for field (but the time), on
 * random graphs large enough for its extra threads to start, under every kind of limit, with
 * properties evaluated by the workers (replicas) and one that stays on the merge thread.
 */
class ParallelBreadthFirstTest {

  /** A graph model that can be copied for other threads (it is immutable). */
  static class Copyable implements Model<Integer, Edge> {
    final Graph g;
    final AtomicInteger replicas = new AtomicInteger();

    Copyable(Graph g) {
      this.g = g;
    }

    @Override
    public List<Integer> initialStates() {
      return g.initialStates();
    }

    @Override
    public void successors(Integer s, Successors<Integer, Edge> out) {
      g.successors(s, out);
    }

    @Override
    public long fingerprint(Integer s) {
      return g.fingerprint(s) * 0x9E3779B97F4A7C15L; // spread (and fingerprint 0 for state 0)
    }

    @Override
    public Model<Integer, Edge> replica() {
      replicas.incrementAndGet();
      return this;
    }
  }

  /** A property whose monitors have no memory: the workers may evaluate it. */
  static <S, A> Property<S, A> parallel(Property<S, A> p) {
    return new Property<>() {
      @Override
      public String name() {
        return p.name();
      }

      @Override
      public Monitor<S, A> newMonitor() {
        return p.newMonitor();
      }

      @Override
      public Property<S, A> replica(Model<S, A> model) {
        return this;
      }
    };
  }

  /** A large random graph: mostly fan-out, so that thousands of states wait at once. */
  static Graph big(long seed, int n, int badPermille, int cutPermille, int forbiddenPermille) {
    Random r = new Random(seed);
    int[][] adj = new int[n][];
    boolean[][] forb = new boolean[n][];
    boolean[] bad = new boolean[n];
    boolean[] cut = new boolean[n];
    for (int v = 0; v < n; v++) {
      int deg = r.nextInt(5);
      adj[v] = new int[deg];
      forb[v] = new boolean[deg];
      for (int k = 0; k < deg; k++) {
        adj[v][k] = r.nextInt(n);
        forb[v][k] = r.nextInt(1000) < forbiddenPermille;
      }
      bad[v] = r.nextInt(1000) < badPermille;
      cut[v] = r.nextInt(1000) < cutPermille;
    }
    return new Graph(n, adj, bad, new int[] {0, r.nextInt(n)}, cut, forb);
  }

  static List<Property<Integer, Edge>> properties(Graph g, boolean edgeSequential) {
    Property<Integer, Edge> edge = g.edgeProperty();
    return List.of(parallel(g.badProperty()), parallel(ToyModels.terminalProperty("deadlock")),
        edgeSequential ? edge : parallel(edge));
  }

  static void assertSameResult(SearchResult seq, SearchResult par, String where) {
    assertEquals(seq.verdict(), par.verdict(), where);
    assertEquals(seq.states(), par.states(), where);
    assertEquals(seq.transitions(), par.transitions(), where);
    assertEquals(seq.maxDepth(), par.maxDepth(), where);
    assertEquals(seq.cuts(), par.cuts(), where);
    assertEquals(seq.violations(), par.violations(), where);
    assertEquals(seq.strategy(), par.strategy(), where);
  }

  @net.jqwik.api.Property(tries = 60)
  void sameResultAsSequentialBfs(
      @ForAll @IntRange(min = 1, max = 6000) int n,
      @ForAll long seed,
      @ForAll @IntRange(min = -1, max = 14) int depth,
      @ForAll @IntRange(min = -1, max = 5000) int maxStates,
      @ForAll boolean stopAtFirst,
      @ForAll boolean edgeSequential,
      @ForAll @IntRange(min = 1, max = 4) int workers,
      @ForAll @IntRange(min = 0, max = 3) int badPermille,
      @ForAll @IntRange(min = 0, max = 20) int cutPermille) {
    Graph g = big(seed, n, badPermille, cutPermille, 1);
    Limits limits = Limits.none().withMaxDepth(depth).withMaxStates(maxStates);
    if (!stopAtFirst) {
      limits = limits.exploringEverything();
    }
    Copyable m = new Copyable(g);
    List<Property<Integer, Edge>> props = properties(g, edgeSequential);
    SearchResult seq = new BreadthFirst().run(m, props, limits, Progress.NONE);
    SearchResult par = new ParallelBreadthFirst(workers, 1).run(m, props, limits, Progress.NONE);
    assertSameResult(seq, par, "n " + n + " seed " + seed + " workers " + workers + " " + limits);
  }

  @Test
  void largeSpaceGrowsTheTableWithThreadsRunningAndAgrees() {
    Graph g = big(7, 400_000, 0, 0, 0);
    Copyable m = new Copyable(g);
    List<Property<Integer, Edge>> props = properties(g, true);
    Limits all = Limits.none().exploringEverything();
    SearchResult seq = new BreadthFirst().run(m, props, all, Progress.NONE);
    SearchResult par = new ParallelBreadthFirst(3).run(m, props, all, Progress.NONE);
    assertTrue(seq.states() > 200_000, "the space is large: " + seq.states());
    assertSameResult(seq, par, "400k");
    assertEquals(2, m.replicas.get(), "two helper threads were started");
  }

  @Test
  void aModelWithoutReplicasIsSearchedByOneThread() {
    Graph g = big(11, 20_000, 0, 0, 0);
    // Graph itself has no replica(): the search must not use it from another thread.
    Thread main = Thread.currentThread();
    Model<Integer, Edge> guarded = new Model<>() {
      @Override
      public List<Integer> initialStates() {
        return g.initialStates();
      }

      @Override
      public void successors(Integer s, Successors<Integer, Edge> out) {
        assertSame(main, Thread.currentThread());
        g.successors(s, out);
      }

      @Override
      public long fingerprint(Integer s) {
        return s;
      }
    };
    Limits all = Limits.none().exploringEverything();
    SearchResult seq = new BreadthFirst().run(guarded, properties(g, false), all, Progress.NONE);
    SearchResult par = new ParallelBreadthFirst(4).run(guarded, properties(g, false), all, Progress.NONE);
    assertSameResult(seq, par, "no replicas");
  }

  @Test
  void aWorkersExceptionIsRethrown() {
    Graph g = big(5, 50_000, 0, 0, 0);
    Model<Integer, Edge> failing = new Copyable(g) {
      @Override
      public void successors(Integer s, Successors<Integer, Edge> out) {
        if (s == 4242) {
          throw new IllegalStateException("model bug at 4242");
        }
        super.successors(s, out);
      }
    };
    boolean reaches = new BreadthFirst().run(new Copyable(g), List.of(ToyModels.<Integer, Edge>stateProperty("x",
        s -> s == 4242 ? Violation.of("x", "", "") : null)), Limits.none(), Progress.NONE).verdict()
        == Verdict.VIOLATED;
    if (reaches) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> new ParallelBreadthFirst(3).run(failing, List.of(), Limits.none(), Progress.NONE));
      assertEquals("model bug at 4242", e.getMessage());
    }
  }

  @Test
  void timeAndStopLimitsEndIncompleteWithTheWaitingStatesCut() {
    Graph g = big(3, 300_000, 0, 0, 0);
    Copyable m = new Copyable(g);
    SearchResult t = new ParallelBreadthFirst(2).run(m, List.of(), Limits.none().withMaxTime(Duration.ZERO),
        Progress.NONE);
    assertEquals(Verdict.INCOMPLETE, t.verdict());
    assertTrue(t.cuts().get("time") > 0, t.toString());
    StopFlag stop = new StopFlag();
    stop.set();
    SearchResult s = new ParallelBreadthFirst(2).run(m, List.of(), Limits.none().stoppedBy(stop), Progress.NONE);
    assertEquals(Verdict.INCOMPLETE, s.verdict());
    assertTrue(s.cuts().get("interrupted") > 0, s.toString());
  }

  /** The memory limit holds with threads too: the merge thread checks it like the sequential search. */
  @Test
  void aMemoryLimitEndsIncompleteWithTheWaitingStatesCut() {
    Copyable m = new Copyable(big(3, 300_000, 0, 0, 0));
    SearchResult free = new ParallelBreadthFirst(2).run(m, List.of(), Limits.none().withMaxMemory(Long.MAX_VALUE / 4),
        Progress.NONE);
    assertEquals(Verdict.HOLDS, free.verdict());
    SearchResult r = new ParallelBreadthFirst(2).run(m, List.of(), Limits.none().withMaxMemory(1), Progress.NONE);
    assertEquals(Verdict.INCOMPLETE, r.verdict());
    assertTrue(r.cuts().get("memory") > 0, r.toString());
    assertTrue(r.states() < free.states(), r.toString());
  }

  @Test
  void progressIsReportedAndDoneOnce() {
    Graph g = big(9, 1000, 0, 0, 0);
    List<String> calls = new ArrayList<>();
    new ParallelBreadthFirst(2).run(new Copyable(g), List.of(), Limits.none(), new Progress() {
      @Override
      public void update(long states, long transitions, long queued, int depth, double seconds) {}

      @Override
      public void done() {
        calls.add("done");
      }
    });
    assertEquals(List.of("done"), calls);
  }

  @Test
  void rejectsZeroWorkers() {
    assertThrows(IllegalArgumentException.class, () -> new ParallelBreadthFirst(0));
  }
}
