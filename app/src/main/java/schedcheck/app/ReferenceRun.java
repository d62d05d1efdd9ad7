package schedcheck.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import schedcheck.checker.Found;
import schedcheck.checker.Path;
import schedcheck.checker.SearchResult;
import schedcheck.counterexamples.ReferenceReport;
import schedcheck.model.reference.ReferenceModel;

/**
 * What a check at {@code kernel.detail: syscall} adds to a {@link CheckRun}: the reference
 * model the search explored (its counterexamples replay against it, not the kernel model).
 *
 * @param first the first violation found, or null
 * @param firstPath the execution shown for {@code first}: its path as found or (DFS) a
 *     shorter one that still violates the same property; null when nothing is violated
 */
public record ReferenceRun(ReferenceModel model, Found first, Path firstPath) {

  /** The counterexample of {@code found} as text (the timeline, final state and why). */
  public String render(Found found) {
    return render(found, -1);
  }

  /** As {@link #render(Found)}, fitting the timeline in {@code width} characters (-1: 72-column cpu columns). */
  public String render(Found found, int width) {
    Path path = found == first && firstPath != null ? firstPath : found.path();
    var trace = ReferenceReport.replay(model, path);
    String text = width < 0 ? ReferenceReport.render(model, path, trace, found.violation())
        : ReferenceReport.render(model, path, trace, found.violation(),
            ReferenceReport.columnFor(width, model.shape().cpus, trace.size() - 1));
    String w = ReferenceReport.renderWitnesses(model, found);
    return w.isEmpty() ? text : text + "\n" + w;
  }

  /** The {@code --json} report of {@code result}. */
  public ObjectNode json(SearchResult result) {
    return ReferenceReport.json(model, result, firstPath);
  }
}
