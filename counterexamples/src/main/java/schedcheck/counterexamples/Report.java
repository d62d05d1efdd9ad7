package schedcheck.counterexamples;

import java.util.ArrayList;
import java.util.List;
import schedcheck.checker.Found;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KernelModel;

/**
 * A counterexample for people, in a chosen view and width: the header, the timeline
 * ({@link View#COMPACT}: {@link CompactRenderer}; {@link View#FULL}: one row per step,
 * {@link TimelineRenderer}), the final state, the {@code why:} line, lockdep's "possible
 * unsafe locking scenario" for lock cycles, and the explanation in words; every line fits
 * the width.
 */
public final class Report {
  /** How the timeline is drawn. */
  public enum View {
    COMPACT,
    FULL;

    /** {@code compact} or {@code full}. */
    public static View parse(String s) {
      return switch (s) {
        case "compact" -> COMPACT;
        case "full" -> FULL;
        default -> throw new IllegalArgumentException("unknown view '" + s + "' (compact, full)");
      };
    }
  }

  private final View view;
  private final int width;

  public Report(View view, int width) {
    this.view = view;
    this.width = width;
  }

  /** The report of a violation shown with {@code trace} (witness executions follow, in the full view). */
  public String render(KernelModel model, Trace trace, Found found) {
    Violation v = found.violation();
    TimelineRenderer full = new TimelineRenderer(width);
    java.util.Map<Integer, String> marks = Marks.of(model, trace, v);
    String timeline = view == View.COMPACT ? new CompactRenderer(width).table(model, trace, marks)
        : full.table(model, trace, marks);
    StringBuilder b = new StringBuilder(full.render(model, trace, v, timeline));
    List<String> lockdep = Explanation.lockdepScenario(model, trace, v);
    if (!lockdep.isEmpty()) {
      b.append('\n');
      for (String l : lockdep) {
        b.append(l).append('\n');
      }
    }
    List<String> words = Explanation.of(model, trace, v);
    if (!words.isEmpty()) {
      b.append('\n').append("explanation:\n");
      for (String w : words) {
        b.append("  ").append(w).append('\n');
      }
    }
    if (!found.witnessPaths().isEmpty()) {
      b.append('\n').append(full.renderWitnesses(model, found));
    }
    return fit(b.toString(), width);
  }

  /**
   * Every line at most {@code width} long: longer lines wrap at spaces, continuing with the
   * line's own indentation plus two; a word longer than a line is cut.
   */
  public static String fit(String text, int width) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      for (String l : wrap(line, Math.max(20, width))) {
        out.append(l).append('\n');
      }
    }
    // split(-1) leaves one empty piece after the final newline
    out.setLength(Math.max(0, out.length() - 1));
    return out.toString();
  }

  static List<String> wrap(String line, int width) {
    List<String> out = new ArrayList<>();
    if (line.length() <= width) {
      out.add(line);
      return out;
    }
    int ind = 0;
    while (ind < line.length() && line.charAt(ind) == ' ') {
      ind++;
    }
    String indent = " ".repeat(Math.min(ind + 2, width / 2));
    String rest = line;
    boolean first = true;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      int floor = first ? ind : indent.length();
      if (cut <= floor) {
        cut = width;
      }
      out.add(TimelineRenderer.rtrim(rest.substring(0, cut)));
      String tail = rest.substring(cut).stripLeading();
      rest = indent + tail;
      first = false;
    }
    if (!rest.isBlank()) {
      out.add(rest);
    }
    return out;
  }
}
