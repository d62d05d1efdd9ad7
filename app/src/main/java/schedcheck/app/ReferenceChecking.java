package schedcheck.app;

import java.util.ArrayList;
import java.util.List;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.FairCycles;
import schedcheck.checker.Found;
import schedcheck.checker.Limits;
import schedcheck.checker.Monitor;
import schedcheck.checker.Path;
import schedcheck.checker.Property;
import schedcheck.checker.Replay;
import schedcheck.checker.Successors;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.checker.StopFlag;
import schedcheck.checker.Verdict;
import schedcheck.counterexamples.ReferenceMinimizer;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.properties.Starvation;
import schedcheck.properties.reference.RefStarvation;
import schedcheck.properties.reference.ReferenceProperties;

/**
 * Checks a scenario at {@code kernel.detail: syscall}, the reference semantics ({@link
 * ReferenceModel}): every statement and system call one atomic step, with the properties of
 * {@link ReferenceProperties}, under the same search, bounds, strategies and limits as the
 * steps model. {@link Checking#check(Scenario, CheckOptions, Progress)} dispatches here.
 *
 * <p>For the differential test: {@code Checking.check(scenario.withDetail(SYSCALL),
 * options.exploringEverything(), progress)} returns a {@link CheckRun} whose {@code result()}
 * ({@link SearchResult#violations()}) lists the first violation of every violated property,
 * in the order the search found them, and whose {@code reference()} is non-null ({@code
 * model()} and {@code trace()} are null at this level). A DFS counterexample is shortened
 * for display ({@link ReferenceRun#firstPath()}); the search result keeps the path found.
 */
public final class ReferenceChecking {
  private ReferenceChecking() {}

  public static CheckRun check(Scenario scenario, CheckOptions options, Progress progress) {
    return check(scenario, options, progress, null);
  }

  /** As {@link #check(Scenario, CheckOptions, Progress)}, ending early (cut interrupted) when {@code stop} is set. */
  public static CheckRun check(Scenario scenario, CheckOptions options, Progress progress, StopFlag stop) {
    return check(scenario, options, progress, stop, Boolean.getBoolean(MISSED_EVERY_TASK),
        Boolean.getBoolean(KEEP_DEAD_REGISTERS));
  }

  /**
   * System property: {@code -Dschedcheck.reference.keepDeadRegisters=true} makes the reference's
   * fingerprint read every register, as before 2026-12-01 (the old state counts; same
   * verdicts), instead of reading a register no statement will read again as 0.
   */
  public static final String KEEP_DEAD_REGISTERS = "schedcheck.reference.keepDeadRegisters";

  /**
   * System property: {@code -Dschedcheck.reference.missedEveryTask=true} makes the reference
   * record a wake that woke fewer than asked for every other task, as before 2026-12-01 (the
   * old state counts; same verdicts), instead of only for the tasks that can wait on its word.
   */
  public static final String MISSED_EVERY_TASK = "schedcheck.reference.missedEveryTask";

  /** As {@link #check(Scenario, CheckOptions, Progress, StopFlag)}; {@code everyTask}: see {@link ReferenceModel#ReferenceModel(Scenario, boolean)}. */
  public static CheckRun check(Scenario scenario, CheckOptions options, Progress progress, StopFlag stop,
      boolean everyTask) {
    return check(scenario, options, progress, stop, everyTask, false);
  }

  /** As above; {@code keepDeadRegisters}: see {@link ReferenceModel#ReferenceModel(Scenario, boolean, boolean)}. */
  public static CheckRun check(Scenario scenario, CheckOptions options, Progress progress, StopFlag stop,
      boolean everyTask, boolean keepDeadRegisters) {
    ReferenceModel model = new ReferenceModel(scenario, everyTask, keepDeadRegisters);
    ReferenceProperties.Set props = ReferenceProperties.of(model, scenario.check());
    String expected = Checking.expectedViolation(scenario, props.checked().stream().map(Property::name).toList());
    long startNanos = System.nanoTime(); // one wall-clock budget for both passes
    Limits limits = Checking.searchLimits(scenario, options, stop, expected);
    schedcheck.checker.Search search = Sampling.search(options);
    ReferenceModel searched = searchedModel(model, options);
    boolean starvation = scenario.check().contains("starvation");
    boolean lost = scenario.check().contains("lost-wakeup");
    // one exploration instead of two: the safety search records the liveness pass's quotient
    FairCycles.Recording<RefState, RefStep> recording = recording(searched, starvation, lost, options, search, limits);
    SearchResult result = recording != null
        ? ((BreadthFirst) search).run(searched, props.checked(), limits, progress, recording)
        : search.run(searched, props.checked(), limits, progress);
    // the goals decided on the recorded quotient, or null (nothing recorded, or the search's
    // graph is not the quotient's: a violation or a limit ended it early; then as before)
    FairCycles.Quotient recorded = recording == null ? null : recording.decide(result);
    recording = null;
    List<String> notes = new ArrayList<>();
    SearchResult liveness = null;
    String quotientNote = null;
    boolean random = Sampling.isRandom(options.strategy());
    if ((starvation || lost) && random) {
      notes.add(Sampling.NO_LIVENESS);
    } else if ((starvation || lost) && (result.violations().isEmpty() || options.exploreAll()
        || Liveness.expectsLassoNotYetFound(scenario, result))) {
      // with symmetry on, first on the symmetry quotient (one state per orbit, goals decided on
      // the product with the group, as at the kernel level: Checking.livenessPass); when that
      // does not decide (a candidate cycle, or it does not apply) the unreduced pass on the plain
      // model, whose lasso and counts are exactly those of a check without the quotient
      RefStarvation live = new RefStarvation(model, starvation, lost, options.fairness());
      int hint = result.cuts().containsKey("memory") ? 0 : (int) Math.min(result.states(), 1 << 28);
      FairCycles.Quotient q = recorded != null ? recorded
          : quotient(searched, starvation, lost, options, limits.remainingSince(startNanos), progress, hint);
      if (q != null && q.decided()) {
        liveness = q.result();
        quotientNote = Checking.quotientNote(q);
      } else {
        liveness = FairCycles.run(model, live, limits.remainingSince(startNanos), progress);
      }
      result = Liveness.merge(result, liveness);
      if (!options.fairness().equals(Starvation.Fairness.defaults())) {
        notes.add("liveness assumes fairness " + options.fairness().words());
      }
      if (expected == null) {
        expected = Checking.expectedViolation(scenario, List.of("starvation", "lost-wakeup"));
      }
    }
    result = Checking.expectedFirst(result, expected);
    Checking.expectationNotes(result, expected, options, notes);
    Verdict verdict = result.verdict();
    if (!props.unsupported().isEmpty()) {
      if (verdict == Verdict.HOLDS) {
        verdict = Verdict.INCOMPLETE;
      }
      notes.add("not checked: " + String.join(", ", props.unsupported()) + " (not supported yet)");
    }
    notes.add("detail: syscall (the reference semantics: each statement and system call one atomic step;"
        + " invariants has nothing to check at this level)");
    if (searched.groupSize() > 1) {
      notes.add(symmetryNote(searched.groupSize(), liveness != null && quotientNote == null));
    }
    if (quotientNote != null) {
      notes.add(quotientNote);
    }
    Found first = result.firstViolation();
    Path shown = first == null ? null : first.path();
    if (first != null && !first.isLasso() && options.minimize() && !"bfs".equals(options.strategy())
        && first.violation().witnesses().isEmpty()) {
      Property<RefState, RefStep> p = props.named(first.violation().property());
      if (p != null) {
        shown = ReferenceMinimizer.minimize(model, first.path(), path -> violates(model, p, path));
      }
    }
    schedcheck.checker.RandomSearch.Coverage sampled = Sampling.coverage(search);
    if (sampled != null) {
      notes.add(0, Sampling.text(sampled, result.firstViolation() == null ? null
          : result.firstViolation().violation().property()));
    }
    return new CheckRun(scenario, null, result, verdict, null, props.unsupported(), notes,
        new ReferenceRun(first != null && first.isLasso() ? model.withoutOwnBounds() : model, first, shown), liveness,
        sampled);
  }

  /**
   * The model the safety search runs on: {@code model} with symmetry reduction ({@link
   * ReferenceModel#withSymmetry()}) when the options allow it ({@code --no-symmetry} and {@code
   * --no-reduction} turn it off) and the scenario does not check {@code lock-order} (lockdep's
   * nesting rule compares lock instances by task index). The liveness pass, replays and
   * minimization use {@code model} itself.
   */
  public static ReferenceModel searchedModel(ReferenceModel model, CheckOptions options) {
    if (!options.symmetry() || model.scenario().check().contains("lock-order")) {
      return model;
    }
    return model.withSymmetry();
  }

  /**
   * The liveness pass on the symmetry quotient of {@code searched} ({@link FairCycles#quotient}
   * with {@link RefStarvation} built on it), or null when it is not tried: symmetry off
   * ({@code --no-symmetry}, {@code --no-reduction}, {@code -Dschedcheck.liveness.quotient=false})
   * or no interchangeable tasks. {@link FairCycles#quotient} itself refuses (not decided) a
   * property that is not equivariant, a preemption bound and a depth bound.
   */
  static FairCycles.Quotient quotient(ReferenceModel searched, boolean starvation, boolean lost,
      CheckOptions options, Limits limits, Progress progress, int hint) {
    if (!options.symmetry() || !Checking.quotientLiveness() || searched.groupSize() <= 1) {
      return null;
    }
    return FairCycles.quotient(searched, new RefStarvation(searched, starvation, lost, options.fairness()), limits,
        progress, hint);
  }

  /**
   * The recorder of the liveness quotient for the safety search on {@code searched} (see {@link
   * Checking#recording}), or null when that search does not store the quotient {@link #quotient}
   * would explore: one-pass off ({@code -Dschedcheck.liveness.onePass=false}), no quotient pass
   * (see {@link #quotient}), no liveness property, or a search other than the sequential
   * breadth-first one. The quotient pass runs on {@code searched} itself, so the models agree;
   * {@link FairCycles#recording} refuses a preemption bound, a depth bound and a property that
   * is not equivariant as {@link FairCycles#quotient} does.
   */
  public static FairCycles.Recording<RefState, RefStep> recording(ReferenceModel searched, boolean starvation, boolean lost,
      CheckOptions options, schedcheck.checker.Search search, Limits limits) {
    if (!(starvation || lost) || !Checking.onePassLiveness() || !options.symmetry() || !Checking.quotientLiveness()
        || searched.groupSize() <= 1 || search.getClass() != BreadthFirst.class) {
      return null;
    }
    return FairCycles.recording(searched, new RefStarvation(searched, starvation, lost, options.fairness()), limits);
  }

  /**
   * What the report says when the safety search stored one state per orbit of {@code order}
   * renamings; {@code unreducedLiveness}: the liveness pass ran on every state (the quotient did
   * not decide or was not tried).
   */
  static String symmetryNote(int order, boolean unreducedLiveness) {
    return "symmetry x" + order + ": the safety search stored one state per orbit of interchangeable tasks"
        + " (--no-symmetry: every state)" + (unreducedLiveness ? "; liveness unreduced" : "");
  }

  /** Whether property p, watching the execution {@code path} alone, finds a violation on it. */
  static boolean violates(ReferenceModel model, Property<RefState, RefStep> p, Path path) {
    Monitor<RefState, RefStep> monitor = p.newMonitor();
    List<Replay.Step<RefState, RefStep>> steps = Replay.replay(model, path);
    RefState s = steps.get(0).state();
    if (monitor.onState(s) != null) {
      return true;
    }
    int[] idx = path.steps();
    for (int i = 1; i < steps.size(); i++) {
      RefState next = steps.get(i).state();
      if (monitor.onTransition(s, i - 1, steps.get(i).action(), idx[i - 1], next) != null
          || monitor.onState(next) != null) {
        return true;
      }
      s = next;
    }
    boolean[] any = {false};
    model.successors(s, new Successors<>() {
      @Override
      public void next(RefStep action, RefState state) {
        any[0] = true;
      }

      @Override
      public void cut(String bound) {
        any[0] = true;
      }
    });
    return !any[0] && monitor.onTerminal(s) != null;
  }
}
