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
    if (found.isLasso()) {
      text = withDeadRegisterNote(text, trace, found.loopStart());
    }
    String w = ReferenceReport.renderWitnesses(model, found);
    return w.isEmpty() ? text : text + "\n" + w;
  }

  /**
   * A lasso's loop returns to its entry up to registers that are dead there: the reference
   * fingerprints a register that no statement reads before overwriting it as 0 ({@link
   * ReferenceModel#deadRegisters}), so the state shown after the last round may hold another
   * value in such a register than the entry held. Say so, with both values, before the "why"
   * line, rather than let "the state after step k" be read as equal in every register.
   */
  private String withDeadRegisterNote(String text, java.util.List<schedcheck.checker.Replay.Step<
      schedcheck.model.reference.RefState, schedcheck.model.reference.RefStep>> trace, int k) {
    var sh = model.shape();
    var entry = trace.get(k).state();
    var end = trace.get(trace.size() - 1).state();
    java.util.List<String> differ = new java.util.ArrayList<>();
    for (int t = 0; t < sh.tasks; t++) {
      java.util.List<String> regs = model.scenario().tasks().get(t).program().registers();
      for (int r = 0; r < regs.size(); r++) {
        int a = sh.reg(entry, t, r);
        int b = sh.reg(end, t, r);
        if (a != b) {
          differ.add(sh.taskName(t) + "'s " + regs.get(r) + " (" + a + " at the entry, " + b + " after step "
              + (trace.size() - 1) + ")");
        }
      }
    }
    if (differ.isEmpty()) {
      return text;
    }
    String note = "the loop returns to its entry up to registers overwritten before they are read again: "
        + String.join(", ", differ) + "\n\n";
    int why = text.lastIndexOf("\nwhy: ");
    return why < 0 ? text + "\n" + note : text.substring(0, why + 1) + note + text.substring(why + 1);
  }

  /** The {@code --json} report of {@code result}. */
  public ObjectNode json(SearchResult result) {
    return ReferenceReport.json(model, result, firstPath);
  }
}
