package schedcheck.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.FairCycles;
import schedcheck.checker.Found;
import schedcheck.checker.Limits;
import schedcheck.checker.ParallelBreadthFirst;
import schedcheck.checker.Progress;
import schedcheck.checker.RandomSearch;
import schedcheck.checker.Search;
import schedcheck.checker.SearchResult;
import schedcheck.checker.StopFlag;
import schedcheck.checker.Verdict;
import schedcheck.counterexamples.Minimizer;
import schedcheck.counterexamples.Trace;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.MergedPaths;
import schedcheck.model.kernel.Reduction;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.properties.KernelProperty;
import schedcheck.properties.PropertySet;
import schedcheck.properties.Starvation;

/** Checks scenario files: parse, build the model and properties, search, explain. */
public final class Checking {

  /** A safety search of at least this many states is collected before the liveness pass. */
  static final long GC_BEFORE_LIVENESS_STATES = 100_000;
  private Checking() {}

  public static Search strategy(String name) {
    return strategy(name, 1);
  }

  /**
   * The search called {@code name}; {@code bfs} with {@code workers > 1} is the parallel
   * breadth-first search ({@link ParallelBreadthFirst}: the same result as the sequential one).
   */
  public static Search strategy(String name, int workers) {
    // a random one with the default seed and runs (Sampling.search seeds it from the options)
    return Strategies.named(name).factory().make(CheckOptions.defaults().withStrategy(name), workers);
  }

  public static Scenario load(Path file) throws ScenarioException, IOException {
    return ScenarioParser.parse(file);
  }

  public static CheckRun check(Path file, CheckOptions options, Progress progress)
      throws ScenarioException, IOException {
    return check(load(file), options, progress);
  }

  /** As {@link #check(Path, CheckOptions, Progress)}, ending early (cut interrupted) when {@code stop} is set. */
  public static CheckRun check(Path file, CheckOptions options, Progress progress, StopFlag stop)
      throws ScenarioException, IOException {
    return check(load(file), options, progress, stop);
  }

  public static CheckRun check(Scenario scenario, CheckOptions options, Progress progress) {
    return check(scenario, options, progress, null);
  }

  /**
   * Checks one parsed scenario at its {@code kernel.detail}: the kernel's own small steps, or
   * ({@code syscall}) the reference semantics, see {@link ReferenceChecking}.
   */
  public static CheckRun check(Scenario scenario, CheckOptions options, Progress progress, StopFlag stop) {
    if (scenario.kernel().detail() == Scenario.Detail.SYSCALL) {
      return ReferenceChecking.check(scenario, options, progress, stop);
    }
    long startNanos = System.nanoTime(); // --time / bounds.time: one wall-clock budget for every pass
    KernelModel model = new KernelModel(scenario, reductionFor(scenario, options));
    PropertySet props = PropertySet.of(model, scenario.check());
    model.observingEach(m -> PropertySet.of(m, scenario.check()).flagsState());
    String expected = expectedViolation(scenario, props.checked().stream().map(KernelProperty::name).toList());
    Limits limits = searchLimits(scenario, options, stop, expected);
    Search search = Sampling.search(options);
    KernelModel searched = searchedModel(model, options);
    // one exploration instead of two: the safety search records the liveness pass's quotient
    FairCycles.Recording<KState, StepInfo> recording = recording(scenario, model, searched, options, search, limits);
    SearchResult result = recording != null
        ? ((BreadthFirst) search).run(searched, props.forSearch(), limits, progress, recording)
        : search.run(searched, props.forSearch(), limits, progress);
    SearchResult porResult = null;
    if (model.reduction().por() && !result.violations().isEmpty()) {
      // Partial-order reduction decided the verdict; the counterexample (and the counts shown
      // with it) are the unreduced search's, the shortest interleaving in the usual order.
      porResult = result;
      model = new KernelModel(scenario, model.reduction().withoutPor());
      props = PropertySet.of(model, scenario.check());
      model.observingEach(m -> PropertySet.of(m, scenario.check()).flagsState());
      search = Sampling.search(options);
      result = search.run(searchedModel(model, options), props.forSearch(), limits.remainingSince(startNanos), progress);
    }
    // From here on the kernel's every small step: counterexamples found with merged
    // transitions are expanded, and the liveness pass runs without the mover reduction
    // (merging a run under a spinlock hides that the lock was held, which changes which steps
    // are enabled in the stored states, and weak fairness depends on enabledness).
    KernelModel reduced = model;
    model = model.reduction().any() ? new KernelModel(scenario) : model;
    result = unmerged(result, reduced, model);
    List<String> notes = new ArrayList<>();
    if (porResult != null) {
      notes.add(porNote(porResult, result));
    }
    SearchResult liveness = null;
    Starvation live = PropertySet.liveness(model, scenario.check(), options.fairness());
    boolean random = Sampling.isRandom(options.strategy());
    // the goals decided on the recorded quotient, or null (nothing recorded, or the search's
    // graph is not the quotient's: a violation or a limit ended it early; then as before)
    FairCycles.Quotient recorded = recording == null ? null : recording.decide(result);
    recording = null;
    if (live != null && random) {
      notes.add(Sampling.NO_LIVENESS);
    } else if (live != null && (result.violations().isEmpty() || options.exploreAll()
        || Liveness.expectsLassoNotYetFound(scenario, result))) {
      // The safety search's visited set and frontier are garbage now, most of it promoted to
      // the old generation; collecting it before the liveness pass builds its graph lets the
      // graph reuse those pages instead of touching new ones (peak RSS, bench/README.md
      // "Memory"). Below 100,000 states it is too little to matter (and not worth a full GC).
      // (A recorded quotient that decided needs no more memory: nothing to make room for. One
      // with a candidate cycle is garbage now, and collected with the rest.) A recorded quotient
      // exists only after a complete safety search without violation, so it always comes here.
      if (result.states() >= GC_BEFORE_LIVENESS_STATES && (recorded == null || !recorded.decided())) {
        System.gc();
      }
      // the safety search stored at most as many states as the liveness pass will (reductions
      // and a stop at a violation store fewer): the size of its visited set from the start,
      // unless the heap already ran out at that size
      int hint = result.cuts().containsKey("memory") ? 0 : (int) Math.min(result.states(), 1 << 28);
      liveness = livenessPass(scenario, model, live, options, limits, startNanos, progress, hint, notes, recorded);
      result = Liveness.merge(result, liveness);
      if (!options.fairness().equals(Starvation.Fairness.defaults())) {
        notes.add("liveness assumes fairness " + options.fairness().words());
      }
    }
    if (expected == null && live != null) {
      expected = expectedViolation(scenario, List.of("starvation", "lost-wakeup"));
    }
    result = expectedFirst(result, expected);
    expectationNotes(result, expected, options, notes);
    Verdict verdict = result.verdict();
    if (verdict == Verdict.HOLDS && !props.unsupported().isEmpty()) {
      verdict = Verdict.INCOMPLETE;
      notes.add("not checked: " + String.join(", ", props.unsupported()) + " (not supported yet)");
    } else if (!props.unsupported().isEmpty()) {
      notes.add("not checked: " + String.join(", ", props.unsupported()) + " (not supported yet)");
    }
    Trace trace = null;
    Found first = result.firstViolation();
    if (first != null && first.isLasso()) {
      trace = Trace.replay(model.withoutOwnBounds(), first.path());
    } else if (first != null) {
      trace = Trace.replay(model, first.path());
      if (options.minimize()) {
        // with merged transitions a BFS trace is shortest in transitions, not steps: shorten it
        boolean removeSteps = !"bfs".equals(options.strategy()) || reductionFor(scenario, options).any();
        trace = shrink(model, props, first, trace, removeSteps).trace();
      }
    }
    RandomSearch.Coverage sampled = Sampling.coverage(search);
    if (sampled != null) {
      notes.add(0, Sampling.text(sampled, result.firstViolation() == null ? null
          : result.firstViolation().violation().property()));
    }
    return new CheckRun(scenario, model, result, verdict, trace, props.unsupported(), notes, null, liveness, sampled);
  }

  /**
   * Whether the liveness pass tries the symmetry quotient first (see {@link #livenessPass}); on
   * by default, off with {@code -Dschedcheck.liveness.quotient=false} (to measure the unreduced
   * pass against it: the verdicts are the same, the counts and time are the unreduced pass's).
   */
  static final boolean QUOTIENT_LIVENESS =
      !"false".equals(System.getProperty("schedcheck.liveness.quotient"));

  /**
   * As {@link #QUOTIENT_LIVENESS}, read now rather than when the class loaded (for the syscall
   * level, {@link ReferenceChecking}, and tests that set the property; the default is the same).
   */
  static boolean quotientLiveness() {
    return !"false".equals(System.getProperty("schedcheck.liveness.quotient"));
  }

  /**
   * Whether a safety search that stores the liveness pass's quotient records its graph for it
   * ({@link FairCycles#recording}), so that the pass decides without exploring again; on by
   * default, off with {@code -Dschedcheck.liveness.onePass=false} (the quotient pass then explores
   * for itself, as before: the same verdicts, reports and counts). Read at call time.
   */
  static boolean onePassLiveness() {
    return !"false".equals(System.getProperty("schedcheck.liveness.onePass"));
  }

  /**
   * The recorder of the liveness quotient for the safety search of {@code searched}, or null
   * when that search does not store the quotient the liveness pass would explore: the pass
   * runs then as before. It does exactly when the search is the sequential breadth-first one,
   * without reductions but symmetry (no movers, no partial-order reduction) and without a
   * depth bound, on {@code model.withSymmetry()} with a group of more than one element, and the
   * scenario checks a liveness property the quotient applies to ({@link
   * FairCycles#quotientRefused}): that model is built as {@link #quotient}'s, {@code new
   * KernelModel(scenario).withSymmetry()} (same class, configuration, successor order and
   * fingerprints; the properties' observer only steers the movers, which are off).
   */
  public static FairCycles.Recording<KState, StepInfo> recording(Scenario scenario, KernelModel model, KernelModel searched,
      CheckOptions options, Search search, Limits limits) {
    if (!onePassLiveness() || !options.symmetry() || !QUOTIENT_LIVENESS || search.getClass() != BreadthFirst.class
        || model.reduction().any() || searched == model || searched.groupSize() <= 1 || limits.maxDepth() >= 0) {
      return null;
    }
    Starvation live = PropertySet.liveness(searched, scenario.check(), options.fairness());
    return live == null ? null : FairCycles.recording(searched, live, limits);
  }

  /** The note a liveness verdict decided on the symmetry quotient adds to the report. */
  public static final String QUOTIENT_NOTE = "liveness on the symmetry quotient:";

  /**
   * The liveness pass: with symmetry on (the options' default), first on the symmetry quotient
   * ({@link FairCycles#quotient}: the kernel's successors generated for one state per orbit, the
   * goals decided on the product of the quotient with the group); when that decides (no fair
   * bad cycle) its result, with a note of what it explored; otherwise (it does not apply, or
   * some goal has a candidate cycle) the unreduced pass on {@code model}, whose lasso, counts and
   * report are exactly those of a check without the quotient. {@code recorded}: the quotient the
   * safety search recorded and decided on ({@link #recording}), taken instead of exploring it
   * again; null when nothing was recorded.
   */
  static SearchResult livenessPass(Scenario scenario, KernelModel model, Starvation live, CheckOptions options,
      Limits limits, long startNanos, Progress progress, int hint, List<String> notes, FairCycles.Quotient recorded) {
    FairCycles.Quotient q = recorded != null ? recorded
        : quotient(scenario, options, limits.remainingSince(startNanos), progress, hint);
    if (q != null && q.decided()) {
      notes.add(quotientNote(q));
      return q.result();
    }
    return FairCycles.run(model, live, limits.remainingSince(startNanos), progress, hint);
  }

  /**
   * The quotient liveness pass of {@code scenario} under {@code options} (null with symmetry
   * off or no symmetric tasks): on {@code new KernelModel(scenario).withSymmetry()}, symmetry
   * and no other reduction, with the liveness property built on that model.
   */
  static FairCycles.Quotient quotient(Scenario scenario, CheckOptions options, Limits limits, Progress progress,
      int hint) {
    if (!options.symmetry() || !QUOTIENT_LIVENESS) {
      return null;
    }
    KernelModel q = new KernelModel(scenario).withSymmetry();
    if (q.groupSize() <= 1) {
      return null;
    }
    Starvation live = PropertySet.liveness(q, scenario.check(), options.fairness());
    if (live == null) {
      return null;
    }
    return FairCycles.quotient(q, live, limits, progress, hint);
  }

  /**
   * The note of a quotient pass that decided: "decided on" the product's nodes after a complete
   * search; when a limit cut the quotient ({@code incomplete}), what was explored before the cut,
   * in which no candidate cycle was found (which decides nothing).
   */
  static String quotientNote(FairCycles.Quotient q) {
    if (q.result() != null && q.result().verdict() == Verdict.INCOMPLETE) {
      return String.format("%s %d renamings; cut by a limit after %,d (state, renaming) nodes, %,d edges, "
          + "with no fair cycle among them", QUOTIENT_NOTE, q.groupSize(), q.productNodes(), q.productEdges());
    }
    return String.format("%s %d renamings; decided on %,d (state, renaming) nodes, %,d edges", QUOTIENT_NOTE,
        q.groupSize(), q.productNodes(), q.productEdges());
  }

  /**
   * The safety search of {@link #check} alone, at {@code kernel.detail: steps}: its own result,
   * so with partial-order reduction the reduced search's verdict and violations (before {@code
   * check} looks for the counterexample without it). For tests and the differential harness.
   */
  public static SearchResult safetySearch(Scenario scenario, CheckOptions options) {
    KernelModel model = new KernelModel(scenario, reductionFor(scenario, options));
    PropertySet props = PropertySet.of(model, scenario.check());
    model.observingEach(m -> PropertySet.of(m, scenario.check()).flagsState());
    String expected = expectedViolation(scenario, props.checked().stream().map(KernelProperty::name).toList());
    Limits limits = searchLimits(scenario, options, null, expected);
    return Sampling.search(options).run(searchedModel(model, options), props.forSearch(), limits, Progress.NONE);
  }

  /**
   * The model the safety search runs on: {@code model} with symmetry reduction ({@link
   * KernelModel#withSymmetry()}) when the options allow it and the scenario does not check
   * {@code lock-order} (lockdep's nesting rule compares lock instances by task index). The
   * liveness pass, replays and minimization always use {@code model} itself.
   */
  public static KernelModel searchedModel(KernelModel model, CheckOptions options) {
    if (!options.symmetry() || model.scenario().check().contains("lock-order")) {
      return model;
    }
    return model.withSymmetry();
  }

  /**
   * The reductions a check of {@code scenario} applies: those of the options, but no
   * partial-order reduction where it does not apply (another strategy than sequential bfs or
   * dfs, the movers, or a scenario it cannot justify), and no movers or POR with a depth bound (the file's or {@code --max-depth}: merged transitions would change
   * what a step count means), and none at syscall detail (the reference has its own steps).
   */
  public static Reduction reductionFor(Scenario scenario, CheckOptions options) {
    Reduction r = options.reduction();
    if (scenario.kernel().detail() == Scenario.Detail.SYSCALL) {
      return Reduction.NONE;
    }
    if (scenario.bounds().depth() >= 0 || options.maxDepth() >= 0) {
      return Reduction.NONE;
    }
    if (r.por() && (r.movers() || options.workers() != 1 || !List.of("bfs", "dfs").contains(options.strategy())
        || !KernelModel.porApplies(scenario))) {
      // POR needs the sequential search's visited set for its proviso, and a scenario it can
      // justify (see schedcheck.model.kernel.Por); it is never combined with the movers
      return r.withoutPor();
    }
    return r;
  }

  /**
   * What a check with partial-order reduction that found a violation says: the reduced
   * search's size, and that the counts and trace shown are the unreduced search's. When that
   * search (cut by a limit) did not reach the violation, says so.
   */
  static String porNote(SearchResult reduced, SearchResult unreduced) {
    String first = reduced.violations().get(0).violation().property();
    String head = String.format(POR_NOTE + " %s in %,d states; ", first, reduced.states());
    if (unreduced.violations().isEmpty()) {
      return head + "the unreduced search for its counterexample was cut ("
          + String.join(", ", new java.util.TreeSet<>(unreduced.cuts().keySet())) + ") before reaching it";
    }
    return head + "the counts and counterexample shown are the unreduced search's";
  }

  /**
   * The reductions the counts of {@code run} were found with, for its report: {@link
   * #reductionFor}, without partial-order reduction when the reduced safety search found a
   * violation (the counterexample and counts then come from the unreduced search, see {@link
   * #check}); a starvation lasso alone comes from the liveness pass, which is never reduced,
   * and leaves the safety search's reduced counts.
   */
  public static Reduction reductionShown(CheckRun run, CheckOptions options) {
    Reduction r = reductionFor(run.scenario(), options);
    boolean rerun = run.notes().stream().anyMatch(n -> n.startsWith(POR_NOTE));
    return r.por() && rerun ? r.withoutPor() : r;
  }

  /** How the note of a check whose counts come from the search run again without POR begins. */
  static final String POR_NOTE = "partial-order reduction found";

  /** The property the file expects to be violated, if it is one of those checked; else null. */
  static String expectedViolation(Scenario scenario, List<String> checked) {
    Scenario.Expect e = scenario.expect();
    if (e == null || e.holds()) {
      return null;
    }
    return checked.contains(e.property()) ? e.property() : null;
  }

  /**
   * The search's limits: the file's bounds and the options, a stop flag, and, when the file
   * expects {@code violated: P}, searching on past other properties until P is found
   * (whatever the strategy meets first).
   */
  static Limits searchLimits(Scenario scenario, CheckOptions options, StopFlag stop, String expected) {
    Limits limits = limits(scenario, options);
    if (stop != null) {
      limits = limits.stoppedBy(stop);
    }
    if (expected != null && limits.stopAtFirstViolation()) {
      limits = limits.searchingUntil(expected);
    }
    return limits;
  }

  /** Notes on how the search went on for the expected property, or was cut before finding it. */
  static void expectationNotes(SearchResult result, String expected, CheckOptions options, List<String> notes) {
    if (expected != null && result.violations().size() > 1 && !options.exploreAll()
        && expected.equals(result.violations().get(0).violation().property())) {
      notes.add("searched on past the first violation found (" + result.violations().get(1).violation().property()
          + ") for the expected " + expected);
    }
    if (expected != null && !result.violations().isEmpty() && !result.cuts().isEmpty()
        && !expected.equals(result.violations().get(0).violation().property())) {
      notes.add("the search was cut (" + String.join(", ", new java.util.TreeSet<>(result.cuts().keySet()))
          + ") before it found the expected " + expected + ": whether it is violated is not known");
    }
  }

  /**
   * {@code r}'s executions (found with {@code reduced}) as executions of {@code full}, the
   * model without reduction: see {@link MergedPaths}.
   */
  static SearchResult unmerged(SearchResult r, KernelModel reduced, KernelModel full) {
    if (reduced == full || r.violations().isEmpty()) {
      return r;
    }
    List<Found> out = new ArrayList<>();
    // lock-order judges a transition's acquisitions, and a merged transition's are all its
    // first step's: its executions end right after that step
    for (Found f : r.violations()) {
      boolean cut = f.violation().property().equals("lock-order");
      List<schedcheck.checker.Path> witnesses = new ArrayList<>();
      for (schedcheck.checker.Path w : f.witnessPaths()) {
        witnesses.add(endAtFirstStep(MergedPaths.expand(reduced, full, w), w, cut));
      }
      if (f.isLasso()) {
        MergedPaths.Expanded e = MergedPaths.expand(reduced.withoutOwnBounds(), full.withoutOwnBounds(), f.path());
        out.add(new Found(f.violation(), e.path(), witnesses, e.position(f.loopStart())));
      } else {
        out.add(new Found(f.violation(), endAtFirstStep(MergedPaths.expand(reduced, full, f.path()), f.path(), cut),
            witnesses));
      }
    }
    return new SearchResult(r.strategy(), r.verdict(), out, r.states(), r.transitions(), r.maxDepth(), r.seconds(),
        r.cuts());
  }

  /** The expanded path, or with {@code cut} its prefix that ends with the first step of the last transition. */
  private static schedcheck.checker.Path endAtFirstStep(MergedPaths.Expanded e, schedcheck.checker.Path reduced,
      boolean cut) {
    if (!cut || reduced.length() == 0) {
      return e.path();
    }
    int end = e.position(reduced.length() - 1) + 1;
    return new schedcheck.checker.Path(e.path().initial(), java.util.Arrays.copyOf(e.path().steps(), end));
  }

  /** The result with the expected property's violation (if found) first, the others after it. */
  static SearchResult expectedFirst(SearchResult r, String expected) {
    if (expected == null || r.violations().size() < 2) {
      return r;
    }
    List<Found> ordered = new ArrayList<>();
    for (Found f : r.violations()) {
      if (f.violation().property().equals(expected)) {
        ordered.add(f);
      }
    }
    if (ordered.isEmpty() || ordered.get(0) == r.violations().get(0)) {
      return r;
    }
    for (Found f : r.violations()) {
      if (!f.violation().property().equals(expected)) {
        ordered.add(f);
      }
    }
    return new SearchResult(r.strategy(), r.verdict(), ordered, r.states(), r.transitions(), r.maxDepth(),
        r.seconds(), r.cuts());
  }

  static Limits limits(Scenario sc, CheckOptions o) {
    Scenario.Bounds b = sc.bounds();
    int depth = min(b.depth(), o.maxDepth());
    long states = minL(b.states(), o.maxStates());
    Duration time = b.time();
    if (o.maxTime() != null && (time == null || o.maxTime().compareTo(time) < 0)) {
      time = o.maxTime();
    }
    Limits l = new Limits(depth, states, time, true).withMaxMemory(o.maxMemory());
    return o.exploreAll() ? l.exploringEverything() : l;
  }

  private static int min(int a, int b) {
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  private static long minL(long a, long b) {
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  /**
   * Shrinks a counterexample (see {@link Minimizer#shrink}) while the same property still
   * fails first with the same kind along it: a (DFS) trace loses steps, any trace gets fewer
   * context switches, preemptions and actors. A violation with witnesses (a lock-order
   * cycle) is left as it is.
   */
  static Minimizer.Result shrink(KernelModel model, PropertySet props, Found first, Trace trace, boolean removeSteps) {
    String property = first.violation().property();
    KernelProperty prop = null;
    for (KernelProperty p : props.checked()) {
      if (p.name().equals(property)) {
        prop = p;
      }
    }
    if (prop == null || !first.violation().witnesses().isEmpty()) {
      Minimizer.Size size = Minimizer.size(trace);
      return new Minimizer.Result(trace, size, size);
    }
    Predicate<Trace> stillBad = sameViolation(model, prop, first.violation());
    Minimizer.Result r = Minimizer.shrink(model, trace, stillBad, removeSteps);
    if (!removeSteps) {
      return r;
    }
    // A reordering may leave steps after the one that shows the violation (a path found with
    // merged transitions ends in a merged run, which the reordering can move): the shown
    // trace ends where the violation first shows.
    int[] steps = r.trace().path().steps();
    for (int n = 0; n < steps.length; n++) {
      Trace prefix = Trace.replay(model, new schedcheck.checker.Path(r.trace().path().initial(),
          java.util.Arrays.copyOf(steps, n)));
      if (stillBad.test(prefix)) {
        return new Minimizer.Result(prefix, r.before(), Minimizer.size(prefix));
      }
    }
    return r;
  }

  /** Whether a trace shows a violation of the same property and kind as {@code v}. */
  static Predicate<Trace> sameViolation(KernelModel model, KernelProperty prop, schedcheck.checker.Violation v) {
    return t -> {
      schedcheck.checker.Violation w = Replays.violation(model, prop, t);
      return w != null && w.property().equals(v.property()) && w.kind().equals(v.kind());
    };
  }

  /** Evaluates a property along a replayed trace, as the search would have. */
  static final class Replays {
    private Replays() {}

    static boolean violates(KernelModel model, KernelProperty p, Trace t) {
      return violation(model, p, t) != null;
    }

    /** The first violation of {@code p} along the trace (or at its end, if stuck), or null. */
    static schedcheck.checker.Violation violation(KernelModel model, KernelProperty p, Trace t) {
      return violation(model, p.newMonitor(), t, 0);
    }

    /**
     * The first violation of {@code p} along {@code main} after one monitor has seen every
     * witness execution first (a lock-class cycle needs the edges the witnesses took), or null.
     */
    static schedcheck.checker.Violation violationAcross(KernelModel model, KernelProperty p, List<Trace> witnesses,
        Trace main) {
      var monitor = p.newMonitor();
      long id = 1L << 40;
      for (Trace w : witnesses) {
        schedcheck.checker.Violation v = violation(model, monitor, w, id);
        if (v != null) {
          return v;
        }
        id += 1L << 20;
      }
      return violation(model, monitor, main, 0);
    }

    private static schedcheck.checker.Violation violation(KernelModel model,
        schedcheck.checker.Monitor<KState, StepInfo> monitor, Trace t, long firstId) {
      KState s = t.initial();
      schedcheck.checker.Violation v = monitor.onState(s);
      if (v != null) {
        return v;
      }
      long id = firstId;
      for (Trace.Step step : t.steps()) {
        KState next = step.after();
        v = monitor.onTransition(s, id++, step.step(), 0, next);
        if (v != null) {
          return v;
        }
        v = monitor.onState(next);
        if (v != null) {
          return v;
        }
        s = next;
      }
      boolean[] any = {false};
      model.successors(s, new schedcheck.checker.Successors<KState, StepInfo>() {
        @Override
        public void next(StepInfo action, KState state) {
          any[0] = true;
        }

        @Override
        public void cut(String bound) {
          any[0] = true;
        }
      });
      return any[0] ? null : monitor.onTerminal(s);
    }
  }
}
