package schedcheck.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import schedcheck.counterexamples.Report;
import schedcheck.counterexamples.TimelineRenderer;

/**
 * The reports {@code schedcheck check} prints for one checked scenario, for the Java API
 * ({@code schedcheck.api.Result#report()}): the same code path as the command, so that the
 * text and JSON are the command's byte for byte.
 */
public final class CheckText {
  private CheckText() {}

  /**
   * The text report of {@code run}, as {@code schedcheck check --view VIEW --width WIDTH LABEL}
   * prints it for one file.
   *
   * @param label what the first line names ({@code LABEL: verdict}): the file as given
   * @param view {@code compact} or {@code full}
   * @param width the longest line (>= 60), or null for the default (156)
   */
  public static String text(String label, CheckRun run, String view, Integer width) {
    Report.View.parse(view);
    CheckCommand c = new CheckCommand();
    c.view = view;
    c.width = width;
    StringWriter text = new StringWriter();
    c.printText(new PrintWriter(text), Path.of(label), run);
    return Report.fit(text.toString(), width == null ? TimelineRenderer.DEFAULT_WIDTH : width);
  }

  /** The {@code --json} object of {@code run} (one line), as the command prints it for the file {@code label}. */
  public static String json(String label, CheckRun run) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(CheckCommand.jsonOf(Path.of(label), run));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree: " + e.getMessage(), e);
    }
  }
}
