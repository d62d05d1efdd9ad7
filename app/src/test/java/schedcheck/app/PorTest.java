package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.DepthFirst;
import schedcheck.checker.Found;
import schedcheck.checker.Limits;
import schedcheck.checker.Progress;
import schedcheck.checker.Search;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Reduction;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.properties.PropertySet;

/**
 * Partial-order reduction ({@code --por}, {@code schedcheck.model.kernel.Por}) keeps verdicts:
 * on every shipped example and bench scenario the reduced search itself (not the unreduced
 * search {@code check} runs for a counterexample) finds the same verdict and the same set of
 * violated properties as the unreduced one, exploring everything, with and without symmetry
 * reduction, breadth- and depth-first; its state counts are pinned ({@link #PINNED}). Two
 * hand-made scenarios show that each condition matters: without the cycle proviso, or without
 * the visibility condition, the reduction misses a violation that the real one finds.
 */
class PorTest {

  /** file -> {states with POR, states without}, exploring everything, no symmetry, bfs. */
  static final Map<String, long[]> PINNED = new TreeMap<>();

  static {
    // where POR applies (no proxy execution, FUTEX_SWAP or UMCG); the others are checked to be unreduced
    PINNED.put("examples/atomic-counter.yaml", new long[] {75, 75});
    PINNED.put("examples/double-rq-lock.yaml", new long[] {39, 39});
    PINNED.put("examples/f1-unlocked-check.yaml", new long[] {127, 133});
    PINNED.put("examples/f3-chain-empty-fastpath.yaml", new long[] {116, 122});
    PINNED.put("examples/f5-reset-after-wake.yaml", new long[] {823, 874});
    PINNED.put("examples/f6-single-wait.yaml", new long[] {244, 244});
    PINNED.put("examples/f6-wait-loop.yaml", new long[] {540, 540});
    PINNED.put("examples/futex-mutex-broken.yaml", new long[] {203, 242});
    PINNED.put("examples/futex-mutex.yaml", new long[] {18117, 20168});
    PINNED.put("examples/futex-wait-wake.yaml", new long[] {133, 145});
    PINNED.put("examples/liveness/cs-forever.yaml", new long[] {94, 94});
    PINNED.put("examples/liveness/f1-fixed-with-hog.yaml", new long[] {250, 296});
    PINNED.put("examples/liveness/f1-lost-with-hog.yaml", new long[] {242, 272});
    PINNED.put("examples/liveness/pi-hog-2cpu-classic.yaml", new long[] {146, 170});
    PINNED.put("examples/liveness/pi-hog-classic.yaml", new long[] {42, 42});
    PINNED.put("examples/liveness/poll-futex.yaml", new long[] {26, 26});
    PINNED.put("examples/liveness/poll-lower-prio.yaml", new long[] {2, 2});
    PINNED.put("examples/liveness/spin-race.yaml", new long[] {28, 28});
    PINNED.put("examples/liveness/wakeq-inversion.yaml", new long[] {294, 377});
    PINNED.put("examples/lock-order-break.yaml", new long[] {18, 18});
    PINNED.put("examples/lock-order-kernel.yaml", new long[] {169, 181});
    PINNED.put("examples/lockdep-cycle.yaml", new long[] {31, 31});
    PINNED.put("examples/nested-annotation-abba.yaml", new long[] {30, 30});
    PINNED.put("examples/pingpong-wake-wait.yaml", new long[] {510, 557});
    PINNED.put("examples/protocol-deadlock.yaml", new long[] {20, 81});
    PINNED.put("examples/proxy/priority-inversion-classic.yaml", new long[] {63, 63});
    PINNED.put("examples/racy-counter.yaml", new long[] {157, 157});
    PINNED.put("examples/racy-critical-section.yaml", new long[] {89, 96});
    PINNED.put("examples/regressions/exit-holding-spinlock.yaml", new long[] {3, 3});
    PINNED.put("examples/regressions/fast-path-is-no-livelock.yaml", new long[] {3, 3});
    PINNED.put("examples/regressions/lost-wakeup-is-no-deadlock.yaml", new long[] {25, 35});
    PINNED.put("examples/regressions/recursive-lock-classic.yaml", new long[] {9, 9});
    PINNED.put("examples/sleep-holding-spinlock.yaml", new long[] {119, 119});
    PINNED.put("examples/spinlock-abba.yaml", new long[] {36, 36});
    PINNED.put("examples/spinlock-ordered.yaml", new long[] {33, 33});
    PINNED.put("bench/scenarios/futex-mutex.yaml", new long[] {18117, 20168});
    PINNED.put("bench/scenarios/futex-ring-n3-f1.yaml", new long[] {416068, 800904});
    PINNED.put("bench/scenarios/futex-ring-n3.yaml", new long[] {448356, 779784}); // only with -Dreduction.all=true
  }

  static CheckOptions options(Reduction r, boolean symmetry, String strategy) {
    return CheckOptions.defaults().withStrategy(strategy).exploringEverything().withSymmetry(symmetry).withReduction(r);
  }

  static Set<String> violated(SearchResult r) {
    Set<String> out = new TreeSet<>();
    for (Found f : r.violations()) {
      out.add(f.violation().property());
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> porKeepsEveryVerdictAndViolatedProperty() throws IOException {
    boolean all = Boolean.getBoolean("reduction.all");
    return ReductionTest.files().stream().map(p -> DynamicTest.dynamicTest(ReductionTest.key(p), () -> {
      long[] sizes = ReductionTest.PINNED.get(ReductionTest.key(p));
      assertNotNull(sizes, ReductionTest.key(p) + " has no pinned state counts in ReductionTest");
      if (!all && (sizes[1] > ReductionTest.DEFAULT_SUITE_LIMIT || sizes[0] < 0)) {
        return;
      }
      Scenario sc = ExamplesTest.load(p);
      if (sc.kernel().detail() != Scenario.Detail.STEPS) {
        return;
      }
      long[] pinned = PINNED.get(ReductionTest.key(p));
      if (!Checking.reductionFor(sc, options(Reduction.POR, false, "bfs")).por()) {
        assertEquals(null, pinned, "POR does not apply to " + p);
        assertFalse(new KernelModel(sc, Reduction.POR).porApplies());
        return;
      }
      boolean repin = Boolean.getBoolean("por.repin"); // prints the PINNED lines instead of checking them
      if (repin) {
        pinned = new long[] {-1, 0};
      }
      assertNotNull(pinned, ReductionTest.key(p) + " has no pinned state counts with POR");
      if (!all && pinned[1] > ReductionTest.DEFAULT_SUITE_LIMIT) {
        return;
      }
      SearchResult por = Checking.safetySearch(sc, options(Reduction.POR, false, "bfs"));
      SearchResult full = Checking.safetySearch(sc, options(Reduction.NONE, false, "bfs"));
      System.out.printf("por %-55s %9d %9d %5.2fx%n", ReductionTest.key(p), por.states(), full.states(),
          full.states() / (double) por.states());
      assertEquals(full.verdict(), por.verdict(), "verdict");
      assertEquals(violated(full), violated(por), "violated properties");
      assertTrue(por.states() <= full.states(), "no more states than without");
      if (repin) {
        System.out.printf("    PINNED.put(\"%s\", new long[] {%d, %d});%n", ReductionTest.key(p), por.states(), full.states());
      } else {
        assertEquals(pinned[0], por.states(), "states with POR");
        assertEquals(pinned[1], full.states(), "states without");
      }
      {
        // with symmetry, and depth-first: the same verdicts again
        SearchResult sym = Checking.safetySearch(sc, options(Reduction.POR, true, "bfs"));
        SearchResult symFull = Checking.safetySearch(sc, options(Reduction.NONE, true, "bfs"));
        assertEquals(symFull.verdict(), sym.verdict(), "verdict with symmetry");
        assertEquals(violated(symFull), violated(sym), "violated properties with symmetry");
        SearchResult dfs = Checking.safetySearch(sc, options(Reduction.POR, false, "dfs"));
        assertEquals(full.verdict(), dfs.verdict(), "verdict, dfs");
        assertEquals(violated(full), violated(dfs), "violated properties, dfs");
      }
    }));
  }

  /** A check with POR tells the same story as one without: verdict, counts and trace of the unreduced search. */
  @Test
  void aViolationIsToldByTheUnreducedSearch() throws Exception {
    Path f = Path.of("..", "examples", "f1-unlocked-check.yaml");
    Scenario sc = ExamplesTest.load(f);
    CheckRun with = Checking.check(sc, CheckOptions.defaults().withReduction(Reduction.POR), Progress.NONE);
    CheckRun without = Checking.check(sc, CheckOptions.defaults(), Progress.NONE);
    assertEquals(Verdict.VIOLATED, with.verdict());
    assertEquals(without.result().states(), with.result().states());
    assertEquals(without.trace().path(), with.trace().path());
    assertTrue(with.notes().get(0).startsWith("partial-order reduction found lost-wakeup in "), with.notes().toString());
    assertTrue(Checking.safetySearch(sc, CheckOptions.defaults().withReduction(Reduction.POR)).states()
        < without.result().states(), "the reduced search stored fewer states");
  }

  @Test
  void theSwitchAndWhatTheReportSays() {
    String ex = "../examples/futex-wait-wake.yaml";
    CliTest.Result on = CliTest.run("check", "--por", ex);
    assertTrue(on.out().contains("133 states") && on.out().contains("bfs, reduced by por"), on.out());
    for (List<String> off : List.<List<String>>of(List.of(), List.of("--por", "--no-reduction"),
        List.of("--por", "--workers", "2"), List.of("--por", "--max-depth", "100"), List.of("--por", "--movers"))) {
      List<String> args = new java.util.ArrayList<>(List.of("check"));
      args.addAll(off);
      args.add(ex);
      CliTest.Result r = CliTest.run(args.toArray(String[]::new));
      assertFalse(r.out().contains("reduced by por"), off + ": " + r.out());
    }
    assertTrue(CliTest.run("check", "--json", "--por", ex).out().contains("\"reductions\":[\"por\"]"));
    // a violation: the counts are the unreduced search's, and the reductions say so
    CliTest.Result bad = CliTest.run("check", "--json", "--por", "../examples/f1-unlocked-check.yaml");
    assertTrue(bad.out().contains("\"reductions\":[]") && bad.out().contains("partial-order reduction found"), bad.out());
    assertTrue(CliTest.run("check", "--help").out().contains("--por"));
    // a starvation lasso comes from the (unreduced) liveness pass: the safety search's counts stay reduced
    CliTest.Result lasso = CliTest.run("check", "--por", "../examples/liveness/pi-hog-2cpu-classic.yaml");
    assertTrue(lasso.out().contains("violated: starvation") && lasso.out().contains("146 states")
        && lasso.out().contains("reduced by por") && !lasso.out().contains("partial-order reduction found"), lasso.out());
  }

  // ------------------------------------------------------------------ what each condition keeps

  static Scenario parse(String yaml) throws Exception {
    return ScenarioParser.parse(yaml, "por-test.yaml");
  }

  static SearchResult search(KernelModel model, Scenario sc, Search search) {
    PropertySet props = PropertySet.of(model, sc.check());
    return search.run(model, props.forSearch(), Limits.none(), Progress.NONE);
  }

  /**
   * The ignoring problem: a task spinning in a private loop ({@code goto} itself) is an ample
   * set in every state; without the proviso the search follows it for ever and never lets the
   * other task fail its assertion. The proviso sees the loop lead back to a stored state and
   * expands fully.
   */
  static final String IGNORING = """
      name: por-ignoring
      cpus: 2
      kernel: {proxy: false}
      tasks:
        spinner:
          cpu: 0
          program: |
            loop:
            goto loop
        checker:
          cpu: 1
          program: |
            r = 1
            assert r == 0
      check: [assertions]
      expect: {violated: assertions}
      """;

  /**
   * Visibility: {@code enter}/{@code leave} change what mutual-exclusion reads. Taken as private
   * steps, one task runs its whole critical section before the other can start, and the
   * overlap is never stored.
   */
  static final String VISIBLE = """
      name: por-visible
      cpus: 2
      kernel: {proxy: false}
      tasks:
        a:
          cpu: 0
          program: |
            enter
            leave
        b:
          cpu: 1
          program: |
            enter
            leave
      check: [mutual-exclusion]
      expect: {violated: mutual-exclusion}
      """;

  @Test
  void withoutTheProvisoAViolationIsMissed() throws Exception {
    Scenario sc = parse(IGNORING);
    for (Search s : List.<Search>of(new BreadthFirst(), new DepthFirst())) {
      assertEquals(Set.of("assertions"), violated(search(new KernelModel(sc, Reduction.POR), sc, s)), s.name());
      assertEquals(Set.of(), violated(search(KernelModel.withUnsoundPor(sc, "no-proviso"), sc, s)), s.name());
    }
    assertTrue(new KernelModel(sc, Reduction.POR).porApplies());
    assertEquals(Set.of("assertions"), violated(Checking.safetySearch(sc, options(Reduction.POR, true, "bfs"))));
  }

  @Test
  void withoutVisibilityAViolationIsMissed() throws Exception {
    Scenario sc = parse(VISIBLE);
    for (Search s : List.<Search>of(new BreadthFirst(), new DepthFirst())) {
      assertEquals(Set.of("mutual-exclusion"), violated(search(new KernelModel(sc, Reduction.POR), sc, s)), s.name());
      assertEquals(Set.of(), violated(search(KernelModel.withUnsoundPor(sc, "no-visibility"), sc, s)), s.name());
    }
  }

  /**
   * Kernel-step POR's footprints matter: the FUTEX_WAKE fast-path bug (variant futex-f3) loses
   * the waiter's wakeup only when its value check (W2) reads the flag before the waker's store.
   * With the futex word left out of futex_wait's declared footprint, the waiter's wait looks
   * independent of the store, the store is explored first alone, and the violation is missed;
   * the real footprints find it. The run-time check of the declarations reports the step that
   * reads the left-out word.
   */
  static final String F3_RACE = """
      name: por-footprint
      cpus: 2
      kernel:
        proxy: false
        variants: [%s]
      memory:
        flag: 0
      tasks:
        waker:
          program: |
            store flag 1
            r = futex_wake flag 1
        waiter:
          program: |
            again:
            r = load flag
            if r != 0 goto done
            r = futex_wait flag 0
            goto again
            done:
      check: [lost-wakeup, deadlock]
      """;

  @Test
  void aTooSmallFootprintMissesAViolation() throws Exception {
    for (String variant : List.of("futex-f3-chain-empty-fastpath", "futex-f1-unlocked-check")) {
      Scenario sc = parse(F3_RACE.formatted(variant));
      KernelModel real = new KernelModel(sc, Reduction.POR);
      assertTrue(real.kernelPorApplies(), variant);
      for (Search s : List.<Search>of(new BreadthFirst(), new DepthFirst())) {
        SearchResult full = search(new KernelModel(sc), sc, s);
        SearchResult reduced = search(new KernelModel(sc, Reduction.POR), sc, s);
        assertEquals(Set.of("lost-wakeup"), violated(full), variant);
        assertEquals(Set.of("lost-wakeup"), violated(reduced), variant);
        assertTrue(reduced.states() < full.states(), variant + " reduced");
        assertEquals(Set.of(), violated(search(KernelModel.withUnsoundPor(sc, "drop-word:flag"), sc, s)), variant);
        // the waiters count is not what this race turns on: without it the violation is still found
        assertEquals(Set.of("lost-wakeup"), violated(search(KernelModel.withUnsoundPor(sc, "drop-waiters:flag"), sc, s)));
      }
      if (Boolean.getBoolean(KernelModel.CHECK_PROPERTY)) {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
            () -> search(KernelModel.withUnsoundPor(sc, "checked-drop-word:flag"), sc, new BreadthFirst()));
        assertTrue(e.getMessage().contains("outside its declared footprint") && e.getMessage().contains("user word flag"),
            e.getMessage());
      }
    }
    // the correct kernel holds, with fewer states
    Scenario ok = parse(F3_RACE.formatted(""));
    SearchResult full = search(new KernelModel(ok), ok, new BreadthFirst());
    SearchResult reduced = search(new KernelModel(ok, Reduction.POR), ok, new BreadthFirst());
    assertEquals(Verdict.HOLDS, full.verdict());
    assertEquals(Verdict.HOLDS, reduced.verdict());
    assertTrue(reduced.states() < full.states(), reduced.states() + " < " + full.states());
  }

  /**
   * Kernel-step POR is off where a property reads kernel fields in every state ({@code
   * invariants}, {@code lock-order}) or a statement has no declared footprint (mutexes,
   * signals, spinlocks, yield); user-step POR still applies there.
   */
  @Test
  void kernelStepsReducedOnlyWhereJustified() throws Exception {
    Scenario withInvariants = ExamplesTest.load(Path.of("..", "examples", "f3-chain-empty-fastpath.yaml"));
    assertTrue(new KernelModel(withInvariants, Reduction.POR).porApplies());
    assertFalse(new KernelModel(withInvariants, Reduction.POR).kernelPorApplies());
    Scenario mutex = ExamplesTest.load(Path.of("..", "examples", "liveness", "pi-hog-2cpu-classic.yaml"));
    assertFalse(new KernelModel(mutex, Reduction.POR).kernelPorApplies());
    Scenario ring = ExamplesTest.load(Path.of("..", "bench", "scenarios", "futex-ring-n3.yaml"));
    assertTrue(new KernelModel(ring, Reduction.POR).kernelPorApplies());
    assertFalse(new KernelModel(ring).kernelPorApplies());
  }

  /** Where POR cannot be justified it stays off (and the report does not name it). */
  @Test
  void offWhereItCannotBeJustified() throws Exception {
    for (String f : List.of("swap-ping-pong.yaml", "proxy/local-chain.yaml", "umcg/switch-to.yaml")) {
      Scenario sc = ExamplesTest.load(Path.of("..", "examples", f));
      assertFalse(new KernelModel(sc, Reduction.POR).porApplies(), f);
      assertFalse(Checking.reductionFor(sc, CheckOptions.defaults().withReduction(Reduction.POR)).por(), f);
    }
    Scenario ring = ExamplesTest.load(Path.of("..", "bench", "scenarios", "futex-ring-n3.yaml"));
    assertTrue(new KernelModel(ring, Reduction.POR).porApplies());
    assertFalse(Checking.reductionFor(ring, CheckOptions.defaults().withReduction(Reduction.POR).withStrategy("random")).por());
  }
}
