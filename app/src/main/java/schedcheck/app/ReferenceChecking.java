package schedcheck.app;

import java.util.ArrayList;
import java.util.List;
import schedcheck.checker.Limits;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Scenario;
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
 * model()} and {@code trace()} are null at this level).
 */
public final class ReferenceChecking {
  private ReferenceChecking() {}

  public static CheckRun check(Scenario scenario, CheckOptions options, Progress progress) {
    ReferenceModel model = new ReferenceModel(scenario);
    ReferenceProperties.Set props = ReferenceProperties.of(model, scenario.check());
    Limits limits = Checking.limits(scenario, options);
    SearchResult result = Checking.strategy(options.strategy()).run(model, props.checked(), limits, progress);
    List<String> notes = new ArrayList<>();
    Verdict verdict = result.verdict();
    if (!props.unsupported().isEmpty()) {
      if (verdict == Verdict.HOLDS) {
        verdict = Verdict.INCOMPLETE;
      }
      notes.add("not checked: " + String.join(", ", props.unsupported()) + " (not supported yet)");
    }
    notes.add("detail: syscall (the reference semantics: each statement and system call one atomic step;"
        + " invariants has nothing to check at this level)");
    return new CheckRun(scenario, null, result, verdict, null, props.unsupported(), notes, new ReferenceRun(model));
  }
}
