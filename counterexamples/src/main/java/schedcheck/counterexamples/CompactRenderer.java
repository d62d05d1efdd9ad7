package schedcheck.counterexamples;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StepInfo;

/**
 * The compact timeline ({@code --view compact}): a system call's (or a scheduler run's)
 * kernel steps fold into one row with the statement, the kernel labels it went through
 * ({@code futex_wait W1..W5, __schedule C2..C6}) and what came of them, as long as no other
 * actor's step comes in between; a step of another cpu splits the fold where it
 * interleaves. Rows are numbered with the steps they cover (the full view's numbers).
 */
public final class CompactRenderer {
  private static final String SEP = " | ";
  private static final Pattern LABEL =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\([A-Z_]+\\))? ([A-Z][A-Za-z0-9_.]*):");
  private static final Pattern BRACKET = Pattern.compile("\\[([A-Za-z_][A-Za-z0-9_]*) ([A-Z][A-Za-z0-9_.]*)\\]");

  private final int width;

  /** @param width the longest line wanted (cells wrap to fit; at least 60) */
  public CompactRenderer(int width) {
    this.width = Math.max(60, width);
  }

  /** A row: the steps [from, to) of the trace. */
  public record Row(int from, int to) {
    public int size() {
      return to - from;
    }
  }

  /**
   * The rows of a trace: a step joins the row before it when it is a kernel, scheduler or
   * exit step of the same actor (task and cpu); a user statement starts a new row, and so
   * does any step of another actor.
   */
  public static List<Row> rows(Trace trace) {
    List<Row> out = new ArrayList<>();
    List<StepInfo> steps = trace.stepInfos();
    int from = 0;
    for (int i = 1; i <= steps.size(); i++) {
      if (i == steps.size() || !joins(steps.get(i - 1), steps.get(i))) {
        out.add(new Row(from, i));
        from = i;
      }
    }
    return out;
  }

  private static boolean joins(StepInfo prev, StepInfo s) {
    return prev.cpu() == s.cpu() && prev.task() == s.task() && s.kind() != StepInfo.Kind.USER
        && s.kind() != StepInfo.Kind.EXIT && !Minimizer.isPreemption(s);
  }

  /** The kernel function and label a step runs, e.g. {@code futex_wait W1b}; empty for a plain statement. */
  public static String label(StepInfo s) {
    Matcher m = LABEL.matcher(s.text());
    if (m.find()) {
      return m.group(1) + " " + m.group(2);
    }
    m = BRACKET.matcher(s.text());
    if (m.find()) {
      return m.group(1) + " " + m.group(2);
    }
    if (s.kind() == StepInfo.Kind.SCHED) {
      int colon = s.text().indexOf(':');
      return colon > 0 ? s.text().substring(0, colon) : s.text();
    }
    return "";
  }

  /**
   * The labels of consecutive steps, folded per function: {@code futex_wait W1..W5,
   * __schedule C2..C5}; labels out of order are listed when there are
   * at most three ({@code __schedule C5r,C3,C5}), else given as the first and the last.
   */
  static String summary(List<StepInfo> steps) {
    List<String> parts = new ArrayList<>();
    String fn = null;
    List<String> labs = new ArrayList<>();
    for (StepInfo s : steps) {
      String l = label(s);
      if (l.isEmpty()) {
        continue;
      }
      int sp = l.indexOf(' ');
      String f = sp < 0 ? l : l.substring(0, sp);
      String lab = sp < 0 ? "" : l.substring(sp + 1);
      if (!f.equals(fn)) {
        if (fn != null) {
          parts.add(fold(fn, labs));
        }
        fn = f;
        labs = new ArrayList<>();
      }
      if (!lab.isEmpty() && (labs.isEmpty() || !labs.get(labs.size() - 1).equals(lab))) {
        labs.add(lab);
      }
    }
    if (fn != null) {
      parts.add(fold(fn, labs));
    }
    return String.join(", ", parts);
  }

  private static String fold(String fn, List<String> labs) {
    if (labs.isEmpty()) {
      return fn;
    }
    boolean ascending = true;
    for (int i = 1; i < labs.size(); i++) {
      ascending &= labs.get(i - 1).compareTo(labs.get(i)) < 0;
    }
    if (labs.size() == 1 || (!ascending && labs.size() <= 3)) {
      return fn + " " + String.join(",", labs);
    }
    return fn + " " + labs.get(0) + ".." + labs.get(labs.size() - 1);
  }

  /** The statement of a user step without its first kernel step: {@code r = futex_wait go 0}. */
  static String statement(StepInfo s) {
    int b = s.text().indexOf("  [");
    return b > 0 ? s.text().substring(0, b) : s.text();
  }

  /** The compact timeline table alone. */
  public String table(KernelModel model, Trace trace) {
    return table(model, trace, java.util.Map.of());
  }

  /** The compact table with marks on some steps (0-based index to text): a row shows its steps' marks. */
  public String table(KernelModel model, Trace trace, java.util.Map<Integer, String> marks) {
    Layout layout = model.layout();
    int cpus = layout.cpus;
    List<Row> rows = rows(trace);
    List<String> nums = new ArrayList<>();
    List<List<String>> segs = new ArrayList<>();
    List<String> indents = new ArrayList<>();
    List<Integer> rowCpu = new ArrayList<>();
    int numW = 1;
    for (Row r : rows) {
      String num = r.size() == 1 ? String.valueOf(r.from() + 1) : (r.from() + 1) + "-" + r.to();
      nums.add(num);
      numW = Math.max(numW, num.length());
      StepInfo first = trace.steps().get(r.from()).step();
      String who = Names.task(layout, first.task());
      List<String> cell = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      if (r.size() == 1) {
        cell.add(who + " " + first.text());
      } else {
        List<StepInfo> infos = new ArrayList<>();
        for (int i = r.from(); i < r.to(); i++) {
          infos.add(trace.steps().get(i).step());
        }
        if (first.kind() == StepInfo.Kind.USER) {
          cell.add(who + " " + statement(first));
          cell.add("[" + summary(infos) + "]");
        } else if (Minimizer.isPreemption(first)) {
          cell.add(who + " " + (first.text().startsWith("tick") ? "tick" : "wakeup") + " preemption: "
              + summary(infos));
        } else {
          cell.add(who + " " + summary(infos));
        }
      }
      for (int i = r.from(); i < r.to(); i++) {
        StepInfo s = trace.steps().get(i).step();
        if (!s.note().isEmpty()) {
          notes.add(s.note());
        }
        String d = StepDetails.of(model, trace, i);
        if (!d.isEmpty()) {
          notes.add(d);
        }
      }
      if (!notes.isEmpty()) {
        cell.add("-> " + String.join("; ", notes));
      }
      java.util.Set<String> rowMarks = new java.util.LinkedHashSet<>();
      for (int i = r.from(); i < r.to(); i++) {
        if (marks.containsKey(i)) {
          rowMarks.add(marks.get(i) + (r.size() > 1 ? " (step " + (i + 1) + ")" : ""));
        }
      }
      if (!rowMarks.isEmpty()) {
        cell.add(String.join(" ", rowMarks));
      }
      KState after = trace.steps().get(r.to() - 1).after();
      if (first.task() >= 0) {
        List<String> held = Names.locks(layout, after.heldBy(first.task()));
        if (!held.isEmpty()) {
          cell.add("[holds " + String.join(", ", held) + "]");
        }
      }
      int c = first.cpu();
      List<String> sched = Names.locks(layout, after.heldBy(layout.cpuActor(c)));
      if (!sched.isEmpty()) {
        cell.add("[cpu" + c + " holds " + String.join(", ", sched) + "]");
      }
      if (after.donor(c) >= 0 && after.donor(c) != after.curr(c)) {
        cell.add("[cpu" + c + ": donor " + Names.task(layout, after.donor(c)) + ", curr "
            + Names.task(layout, after.curr(c)) + "]");
      }
      segs.add(cell);
      indents.add(" ".repeat(Math.min(who.length() + 1, 6)));
      rowCpu.add(c);
    }

    int cap = Math.max(20, (width - numW - cpus * SEP.length()) / cpus);
    int[] colW = new int[cpus];
    for (int c = 0; c < cpus; c++) {
      colW[c] = ("cpu" + c).length();
    }
    for (int i = 0; i < rows.size(); i++) {
      for (String l : TimelineRenderer.pack(segs.get(i), cap, indents.get(i))) {
        colW[rowCpu.get(i)] = Math.max(colW[rowCpu.get(i)], l.length());
      }
    }
    StringBuilder b = new StringBuilder();
    StringBuilder line = new StringBuilder(TimelineRenderer.pad("#", numW, true));
    StringBuilder rule = new StringBuilder("-".repeat(numW));
    for (int c = 0; c < cpus; c++) {
      line.append(SEP).append(TimelineRenderer.pad("cpu" + c, colW[c], false));
      rule.append("-+-").append("-".repeat(colW[c]));
    }
    b.append(TimelineRenderer.rtrim(line)).append('\n').append(rule).append('\n');
    for (int i = 0; i < rows.size(); i++) {
      int cpu = rowCpu.get(i);
      List<String> cellLines = TimelineRenderer.pack(segs.get(i), colW[cpu], indents.get(i));
      for (int k = 0; k < cellLines.size(); k++) {
        line.setLength(0);
        line.append(TimelineRenderer.pad(k == 0 ? nums.get(i) : "", numW, true));
        for (int c = 0; c < cpus; c++) {
          line.append(SEP).append(TimelineRenderer.pad(c == cpu ? cellLines.get(k) : "", colW[c], false));
        }
        b.append(TimelineRenderer.rtrim(line)).append('\n');
      }
      Row r = rows.get(i);
      for (int s = r.from(); s < r.to(); s++) {
        for (int[] mig : TimelineRenderer.migrations(layout, trace.before(s), trace.steps().get(s).after())) {
          b.append(TimelineRenderer.rtrim(TimelineRenderer.arrow(layout, mig[0], mig[1], mig[2], numW, colW)))
              .append('\n');
        }
      }
    }
    return b.toString();
  }
}
