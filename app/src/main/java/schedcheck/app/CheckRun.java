package schedcheck.app;

import java.util.List;
import schedcheck.checker.RandomSearch;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;
import schedcheck.counterexamples.Trace;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.scenario.Scenario;

/**
 * The outcome of checking one scenario file.
 *
 * @param verdict as reported: {@code INCOMPLETE} also when an unsupported property was asked for
 * @param trace the counterexample of the first violation (minimized if asked), or null
 * @param unsupported properties the file asks for that schedcheck cannot check yet
 * @param notes extra lines for the report (e.g. why the verdict is incomplete)
 * @param reference at {@code kernel.detail: syscall}, the reference model the search explored
 *     (then {@code model} and {@code trace} are null); null at the default detail, {@code steps}
 * @param liveness the liveness pass (fair cycles), or null when none ran; its violation, if
 *     any, is also {@code result}'s (a lasso), its cuts are also {@code result}'s
 * @param sampling what a random search ({@code --strategy random} or {@code pct}) covered;
 *     null for an exhaustive one
 */
public record CheckRun(
    Scenario scenario,
    KernelModel model,
    SearchResult result,
    Verdict verdict,
    Trace trace,
    List<String> unsupported,
    List<String> notes,
    ReferenceRun reference,
    SearchResult liveness,
    RandomSearch.Coverage sampling) {

  /** A run of an exhaustive search. */
  public CheckRun(Scenario scenario, KernelModel model, SearchResult result, Verdict verdict, Trace trace,
      List<String> unsupported, List<String> notes, ReferenceRun reference, SearchResult liveness) {
    this(scenario, model, result, verdict, trace, unsupported, notes, reference, liveness, null);
  }

  /** A run of the kernel model ({@code kernel.detail: steps}). */
  public CheckRun(Scenario scenario, KernelModel model, SearchResult result, Verdict verdict, Trace trace,
      List<String> unsupported, List<String> notes) {
    this(scenario, model, result, verdict, trace, unsupported, notes, null, null);
  }

  /** A run without a liveness pass. */
  public CheckRun(Scenario scenario, KernelModel model, SearchResult result, Verdict verdict, Trace trace,
      List<String> unsupported, List<String> notes, ReferenceRun reference) {
    this(scenario, model, result, verdict, trace, unsupported, notes, reference, null);
  }

  /** For a lasso counterexample, the number of steps before its loop; else -1. */
  public int loopStart() {
    return result.firstViolation() == null ? -1 : result.firstViolation().loopStart();
  }

  /** The violated property, or null. */
  public String property() {
    return result.firstViolation() == null ? null : result.firstViolation().violation().property();
  }

  /** Whether the scenario's {@code expect} (if any) matches; true when it has none. */
  public boolean asExpected() {
    Scenario.Expect e = scenario.expect();
    if (e == null) {
      return true;
    }
    if (e.holds()) {
      return verdict == Verdict.HOLDS;
    }
    return verdict == Verdict.VIOLATED && e.property().equals(property());
  }

  /** The expectation as written, or null. */
  public String expected() {
    Scenario.Expect e = scenario.expect();
    if (e == null) {
      return null;
    }
    return e.holds() ? "holds" : "violated: " + e.property();
  }

  /** The verdict as the contract writes it, e.g. {@code violated: lost-wakeup}. */
  public String verdictText() {
    return verdict == Verdict.VIOLATED ? "violated: " + property() : verdict.word();
  }
}
