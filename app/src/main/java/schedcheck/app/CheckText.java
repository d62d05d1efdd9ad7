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
   * @param options the options {@code run} was checked with (the summary names its reductions)
   */
  public static String text(String label, CheckRun run, String view, Integer width, CheckOptions options) {
    Report.View.parse(view);
    CheckCommand c = new CheckCommand();
    c.view = view;
    c.width = width;
    StringWriter text = new StringWriter();
    c.printText(new PrintWriter(text), Path.of(label), run, options);
    return Report.fit(text.toString(), width == null ? TimelineRenderer.DEFAULT_WIDTH : width);
  }

  /** The {@code --json} object of {@code run} (one line), as the command prints it for the file {@code label}. */
  public static String json(String label, CheckRun run, CheckOptions options) {
    try {
      var o = CheckCommand.jsonOf(Path.of(label), run);
      o.putPOJO("reductions", Checking.reductionShown(run, options).names());
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree: " + e.getMessage(), e);
    }
  }
}
