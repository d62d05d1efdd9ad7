package schedcheck.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import schedcheck.checker.Found;
import schedcheck.checker.SearchResult;
import schedcheck.counterexamples.ReferenceReport;
import schedcheck.model.reference.ReferenceModel;

/**
 * What a check at {@code kernel.detail: syscall} adds to a {@link CheckRun}: the reference
 * model the search explored (its counterexamples replay against it, not the kernel model).
 */
public record ReferenceRun(ReferenceModel model) {

  /** The counterexample of {@code found} as text (the timeline, final state and why). */
  public String render(Found found) {
    var trace = ReferenceReport.replay(model, found.path());
    String text = ReferenceReport.render(model, found.path(), trace, found.violation());
    String w = ReferenceReport.renderWitnesses(model, found);
    return w.isEmpty() ? text : text + "\n" + w;
  }

  /** The {@code --json} report of {@code result}. */
  public ObjectNode json(SearchResult result) {
    return ReferenceReport.json(model, result);
  }
}
