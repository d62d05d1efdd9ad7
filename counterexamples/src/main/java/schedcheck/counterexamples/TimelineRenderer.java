package schedcheck.counterexamples;

import java.util.ArrayList;
import java.util.List;
import schedcheck.checker.Found;
import schedcheck.checker.Path;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KStep;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.Stmt;

/**
 * Renders a counterexample as plain text, the way interleavings are drawn on LKML: a header
 * (property, kind, message), a timeline with one column per cpu and one row per step (the
 * step in the column of the cpu it ran on, prefixed by the acting task, with its note and
 * the locks the task holds afterwards), the final state, and a {@code why:} line.
 */
public final class TimelineRenderer {
  /** The default line width budget; lines stay under it. */
  public static final int DEFAULT_WIDTH = 156;
  private static final String SEP = " | ";

  private final int width;

  public TimelineRenderer() {
    this(DEFAULT_WIDTH);
  }

  /** @param width the longest line wanted (cells wrap to fit; at least 60) */
  public TimelineRenderer(int width) {
    this.width = Math.max(60, width);
  }

  // ------------------------------------------------------------------ whole reports

  /** A found violation: its trace (replayed from its path), then its witnesses if any. */
  public String render(KernelModel model, Found found) {
    StringBuilder b = new StringBuilder(render(model, Trace.replay(model, found.path()), found.violation()));
    String w = renderWitnesses(model, found);
    if (!w.isEmpty()) {
      b.append('\n').append(w);
    }
    return b.toString();
  }

  /** A trace that shows {@code violation} (which may be null for a plain trace). */
  public String render(KernelModel model, Trace trace, Violation violation) {
    return render(model, trace, violation, table(model, trace));
  }

  /** As {@link #render(KernelModel, Trace, Violation)} with the timeline given (another view's). */
  String render(KernelModel model, Trace trace, Violation violation, String timeline) {
    Layout layout = model.layout();
    StringBuilder b = new StringBuilder();
    if (violation != null) {
      b.append("violated: ").append(violation.property());
      if (!violation.kind().isEmpty() && !violation.kind().equals(violation.property())) {
        b.append(" (").append(violation.kind()).append(')');
      }
      b.append('\n');
      if (!violation.message().isEmpty()) {
        b.append("  ").append(violation.message()).append('\n');
      }
    } else {
      b.append("trace\n");
    }
    b.append(scenarioLine(layout.scenario)).append('\n');
    b.append("start (initial state #").append(trace.path().initial()).append("): ")
        .append(currs(layout, trace.initial())).append('\n');
    b.append('\n');
    b.append(timeline);
    b.append('\n');
    b.append("final state");
    if (trace.length() > 0) {
      b.append(" (after step ").append(trace.length()).append(')');
    }
    b.append(":\n");
    b.append(finalState(model, trace.last()));
    if (violation != null) {
      b.append('\n');
      b.append("why: ").append(violation.message()).append("  [").append(violation.property());
      if (!violation.kind().isEmpty() && !violation.kind().equals(violation.property())) {
        b.append(": ").append(violation.kind());
      }
      b.append("]\n");
    }
    return b.toString();
  }

  /**
   * Each witness execution of a found violation (for a lock-order cycle: each edge's first
   * execution) as a timeline under a heading with its label; empty when there are none.
   */
  public String renderWitnesses(KernelModel model, Found found) {
    List<Trace> traces = new ArrayList<>();
    for (Path p : found.witnessPaths()) {
      traces.add(Trace.replay(model, p));
    }
    return renderWitnesses(model, JsonReport.witnessLabels(found.violation(), traces.size()), traces);
  }

  /** Witness traces under headings with their labels; empty when there are none. */
  public String renderWitnesses(KernelModel model, List<String> labels, List<Trace> witnesses) {
    if (witnesses.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < witnesses.size(); i++) {
      Trace t = witnesses.get(i);
      String label = i < labels.size() ? labels.get(i) : "witness " + (i + 1);
      b.append("witness ").append(i + 1).append('/').append(witnesses.size()).append(": ").append(label)
          .append("  (").append(t.length()).append(" steps)\n");
      b.append(table(model, t));
      if (i + 1 < witnesses.size()) {
        b.append('\n');
      }
    }
    return b.toString();
  }

  // ------------------------------------------------------------------ timeline

  /** The timeline table alone: a step-number column and one column per cpu. */
  public String table(KernelModel model, Trace trace) {
    return table(model, trace, java.util.Map.of());
  }

  /** The timeline table with marks on some steps (0-based index to text, see {@link Marks}). */
  public String table(KernelModel model, Trace trace, java.util.Map<Integer, String> marks) {
    Layout layout = model.layout();
    int cpus = layout.cpus;
    int n = trace.length();
    int numW = Math.max(1, String.valueOf(Math.max(n, 1)).length());

    // Cells: segments (the step, its note, the locks held after), per row.
    List<List<String>> segs = new ArrayList<>(n);
    List<String> indents = new ArrayList<>(n);
    for (int si = 0; si < n; si++) {
      Trace.Step s = trace.steps().get(si);
      StepInfo info = s.step();
      String who = Names.task(layout, info.task());
      List<String> cell = new ArrayList<>(3);
      cell.add(who + " " + info.text());
      if (!info.note().isEmpty()) {
        cell.add("-> " + info.note());
      }
      String detail = StepDetails.of(model, trace, si);
      if (!detail.isEmpty()) {
        cell.add("-> " + detail);
      }
      if (marks.containsKey(si)) {
        cell.add(marks.get(si));
      }
      if (info.task() >= 0) {
        List<String> held = Names.locks(layout, s.after().heldBy(info.task()));
        if (!held.isEmpty()) {
          cell.add("[holds " + String.join(", ", held) + "]");
        }
      }
      KState after = s.after();
      int c = info.cpu();
      // With proxy execution __schedule runs as steps of the cpu's scheduler context, which
      // holds the rq lock (and in find_proxy_task a wait_lock and blocked_lock) from the step
      // that calls schedule() on.
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
    }

    // Column widths: the widest cell line, cells wrapped to a cap that makes the table fit.
    int cap = Math.max(20, (width - numW - cpus * SEP.length()) / cpus);
    int[] colW = new int[cpus];
    for (int c = 0; c < cpus; c++) {
      colW[c] = ("cpu" + c).length();
    }
    for (int i = 0; i < n; i++) {
      int c = trace.steps().get(i).step().cpu();
      for (String l : pack(segs.get(i), cap, indents.get(i))) {
        colW[c] = Math.max(colW[c], l.length());
      }
    }

    StringBuilder b = new StringBuilder();
    StringBuilder line = new StringBuilder(pad("#", numW, true));
    StringBuilder rule = new StringBuilder("-".repeat(numW));
    for (int c = 0; c < cpus; c++) {
      line.append(SEP).append(pad("cpu" + c, colW[c], false));
      rule.append("-+-").append("-".repeat(colW[c]));
    }
    b.append(rtrim(line)).append('\n').append(rule).append('\n');

    for (int i = 0; i < n; i++) {
      int cpu = trace.steps().get(i).step().cpu();
      List<String> cellLines = pack(segs.get(i), colW[cpu], indents.get(i));
      for (int k = 0; k < cellLines.size(); k++) {
        line.setLength(0);
        line.append(pad(k == 0 ? String.valueOf(i + 1) : "", numW, true));
        for (int c = 0; c < cpus; c++) {
          line.append(SEP).append(pad(c == cpu ? cellLines.get(k) : "", colW[c], false));
        }
        b.append(rtrim(line)).append('\n');
      }
      for (int[] mig : migrations(layout, trace.before(i), trace.steps().get(i).after())) {
        b.append(rtrim(arrow(layout, mig[0], mig[1], mig[2], numW, colW))).append('\n');
      }
    }
    return b.toString();
  }

  /** Tasks whose task_cpu a step changed, as {task, from, to}. */
  static List<int[]> migrations(Layout layout, KState before, KState after) {
    List<int[]> out = new ArrayList<>();
    for (int t = 0; t < layout.tasks; t++) {
      if (before.taskCpu(t) != after.taskCpu(t) && !after.exited(t)) {
        out.add(new int[] {t, before.taskCpu(t), after.taskCpu(t)});
      }
    }
    return out;
  }

  /**
   * A row with an arrow from cpu column {@code from} to column {@code to}: the task's
   * task_cpu moved, e.g. {@code t2 ========> t2 (now on cpu1)}.
   */
  static String arrow(Layout layout, int t, int from, int to, int numW, int[] colW) {
    int[] x = new int[colW.length];
    int pos = numW;
    for (int c = 0; c < colW.length; c++) {
      pos += SEP.length();
      x[c] = pos;
      pos += colW[c];
    }
    String name = layout.taskName(t);
    String landed = name + " (now on cpu" + to + ")";
    StringBuilder b = new StringBuilder();
    if (from < to) {
      b.append(" ".repeat(x[from])).append(name).append(' ');
      b.append("=".repeat(Math.max(2, x[to] - b.length() - 2))).append("> ").append(landed);
    } else {
      b.append(" ".repeat(x[to])).append(landed).append(" <");
      b.append("=".repeat(Math.max(2, x[from] - b.length() - 1))).append(' ').append(name);
    }
    return b.toString();
  }

  /**
   * Lays out a cell's segments in lines of at most {@code w}: segments share a line while they
   * fit; a segment that does not fit starts a new, indented line and wraps at spaces.
   */
  static List<String> pack(List<String> segments, int w, String indent) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < segments.size(); i++) {
      String seg = segments.get(i);
      if (i > 0 && cur.length() + 2 + seg.length() <= w) {
        cur.append("  ").append(seg);
        continue;
      }
      if (i > 0) {
        out.add(cur.toString());
        cur.setLength(0);
        cur.append(indent);
      }
      for (String word : seg.split(" ", -1)) {
        boolean atStart = cur.length() == 0 || cur.toString().isBlank();
        if (!atStart && cur.length() + 1 + word.length() > w) {
          out.add(cur.toString());
          cur.setLength(0);
          cur.append(indent);
          atStart = true;
        }
        if (!atStart) {
          cur.append(' ');
        }
        // A word longer than a whole line is cut.
        while (cur.length() + word.length() > w && w - cur.length() > 0) {
          int room = w - cur.length();
          cur.append(word, 0, room);
          out.add(cur.toString());
          word = word.substring(room);
          cur.setLength(0);
          cur.append(indent);
        }
        cur.append(word);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  // ------------------------------------------------------------------ final state

  /** The state, section by section: cpus, tasks, memory, futex buckets, locks, mutexes. */
  public String finalState(KernelModel model, KState s) {
    Layout layout = model.layout();
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < layout.cpus; c++) {
      b.append("  cpu").append(c).append(": curr ").append(Names.task(layout, s.curr(c))).append(", rq [");
      List<Integer> rq = Names.runqueue(s, c);
      for (int i = 0; i < rq.size(); i++) {
        if (i > 0) {
          b.append(", ");
        }
        if (rq.get(i) == s.curr(c)) {
          b.append('*');
        }
        b.append(layout.taskName(rq.get(i)));
      }
      b.append(']');
      if (s.needResched(c)) {
        b.append(", need_resched");
      }
      if (s.donor(c) >= 0 && s.donor(c) != s.curr(c)) {
        b.append(", donor ").append(layout.taskName(s.donor(c)));
      }
      b.append('\n');
      scheduler(b, model, s, c);
    }
    for (int t = 0; t < layout.tasks; t++) {
      task(b, model, s, t);
    }
    b.append("  memory:");
    for (int w = 0; w < layout.words; w++) {
      b.append(w == 0 ? " " : ", ").append(layout.wordName(w)).append(" = ").append(s.word(w));
    }
    b.append(layout.words == 0 ? " none\n" : "\n");
    for (int hb = 0; hb < (layout.words == 0 ? 0 : layout.buckets); hb++) {
      b.append("  futex bucket hb(").append(layout.bucketName(hb)).append("): waiters = ")
          .append(s.waiters(hb)).append(", chain [")
          .append(String.join(", ", Names.tasks(layout, s.chain(hb)))).append("]\n");
    }
    List<String> held = new ArrayList<>();
    for (int l = 0; l < layout.locks; l++) {
      if (s.holder(l) >= 0) {
        held.add(layout.lockName(l) + " by " + layout.taskName(s.holder(l)));
      }
    }
    b.append("  locks held: ").append(held.isEmpty() ? "none" : String.join(", ", held)).append('\n');
    for (String chain : BlockedChains.of(s)) {
      b.append("  blocked_on chain: ").append(chain).append('\n');
    }
    for (int m = 0; m < layout.mutexes; m++) {
      b.append("  mutex ").append(layout.mutexName(m)).append(": owner ")
          .append(s.mutexOwner(m) < 0 ? "none" : layout.taskName(s.mutexOwner(m)))
          .append(", waiters [").append(String.join(", ", Names.tasks(layout, s.mutexWaiters(m))))
          .append("]\n");
    }
    if (layout.countPreemptions) {
      b.append("  preemptions: ").append(s.preemptions()).append('\n');
    }
    if (s.faultKind() != Layout.FAULT_NONE) {
      b.append("  fault: ").append(Names.task(layout, s.faultTask())).append(' ')
          .append(Names.fault(s.faultKind()));
      if (s.faultKind() == Layout.FAULT_ASSERT) {
        b.append(" at pc ").append(s.faultInfo());
      } else if (s.faultInfo() >= 0 && s.faultInfo() < layout.locks) {
        b.append(": ").append(layout.lockName(s.faultInfo()));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** Cpu c's scheduler context while __schedule runs there: its frames, locks, spinning. */
  private void scheduler(StringBuilder b, KernelModel model, KState s, int c) {
    if (!model.queries().inSchedule(s, c)) {
      return;
    }
    Layout layout = model.layout();
    String more = "      ";
    b.append(more).append("scheduler: ").append(String.join(" > ", model.queries().schedStack(s, c))).append("  (next step)\n");
    List<String> held = Names.locks(layout, s.heldBy(layout.cpuActor(c)));
    if (!held.isEmpty()) {
      b.append(more).append("holds ").append(String.join(", ", held)).append('\n');
    }
    int g = model.guardOf(s, c, s.curr(c));
    if (g >= 0 && s.holder(g) >= 0) {
      b.append(more).append("spinning on ").append(layout.lockName(g)).append(" (held by ")
          .append(Names.task(layout, s.holder(g))).append(")\n");
    }
  }

  private void task(StringBuilder b, KernelModel model, KState s, int t) {
    Layout layout = model.layout();
    String more = "      ";
    b.append("  ").append(layout.taskName(t)).append(": ");
    if (s.exited(t)) {
      b.append("DEAD(exited)\n");
      List<String> held = Names.locks(layout, s.heldBy(t));
      if (!held.isEmpty()) {
        b.append(more).append("holds ").append(String.join(", ", held)).append('\n');
      }
      return;
    }
    b.append(Names.taskState(s.taskState(t))).append(", on_rq=").append(s.onRq(t))
        .append(", cpu=").append(s.taskCpu(t));
    int running = s.runningOn(t);
    b.append(running >= 0 ? ", curr of cpu" + running : ", not running").append('\n');

    Stmt st = StateJson.statementAt(layout, t, s.pc(t));
    String stText = st == null ? "end of program (next: do_exit)" : st.text();
    if (s.depth(t) == 0) {
      b.append(more).append("at pc ").append(s.pc(t)).append(": ").append(stText).append('\n');
    } else {
      b.append(more).append("in system call at pc ").append(s.pc(t)).append(": ").append(stText).append('\n');
      List<String> stack = model.queries().kernelStack(s, t);
      KStep next = model.queries().nextKernelStep(s, t);
      List<String> shown = new ArrayList<>(stack.subList(0, stack.size() - 1));
      shown.add(next.describe());
      b.append(more).append("kernel: ").append(String.join(" > ", shown)).append("  (next step)\n");
    }

    int[] fw = model.queries().futexWait(s, t);
    if (fw != null) {
      String word = layout.wordName(fw[0]);
      b.append(more).append("waiting on ").append(word).append(": went to sleep on ").append(word)
          .append(" == ").append(fw[1]).append(", now ").append(word).append(" = ").append(s.word(fw[0]))
          .append("; futex_q ");
      if (s.onFutexChain(t)) {
        b.append("still queued on hb(").append(layout.bucketName(layout.bucketOf(fw[0]))).append(')');
      } else if (!s.futexLockPtr(t)) {
        b.append("dequeued by a waker (lock_ptr NULL)");
      } else {
        b.append("not on the chain, lock_ptr set");
      }
      b.append('\n');
    }
    if (s.onWakeQ(t)) {
      b.append(more).append("on a waker's wake_q (wake pending)\n");
    }
    if (s.signalPending(t)) {
      b.append(more).append("signal pending\n");
    }
    if (s.blockedOn(t) >= 0) {
      int m = s.blockedOn(t);
      b.append(more).append("blocked_on mutex ").append(layout.mutexName(m)).append(" (owner ")
          .append(s.mutexOwner(m) < 0 ? "none" : layout.taskName(s.mutexOwner(m))).append(")\n");
    }
    List<String> held = Names.locks(layout, s.heldBy(t));
    if (!held.isEmpty()) {
      b.append(more).append("holds ").append(String.join(", ", held)).append('\n');
    }
    int spin = model.spinningOn(s, t);
    if (spin >= 0) {
      b.append(more).append("spinning on ").append(layout.lockName(spin)).append(" (held by ")
          .append(Names.task(layout, s.holder(spin))).append(")\n");
    }
    List<String> missed = Names.words(layout, s.missedWakes(t));
    if (!missed.isEmpty()) {
      b.append(more).append("missed a wake on ").append(String.join(", ", missed))
          .append(" (it woke fewer tasks than it asked for)\n");
    }
    if (s.inCritical(t)) {
      b.append(more).append("inside enter/leave\n");
    }
    List<String> regNames = layout.scenario.tasks().get(t).program().registers();
    if (!regNames.isEmpty()) {
      b.append(more).append("regs:");
      for (int r = 0; r < regNames.size(); r++) {
        b.append(' ').append(regNames.get(r)).append('=').append(s.reg(t, r));
      }
      b.append('\n');
    }
  }

  // ------------------------------------------------------------------ helpers

  static String scenarioLine(Scenario sc) {
    StringBuilder b = new StringBuilder("scenario ").append(sc.name()).append(": ").append(sc.cpus())
        .append(sc.cpus() == 1 ? " cpu" : " cpus").append(", proxy ").append(sc.kernel().proxy() ? "on" : "off");
    if (!sc.kernel().variants().isEmpty()) {
      b.append(", kernel variants ").append(String.join(", ", sc.kernel().variants()));
    }
    return b.toString();
  }

  static String currs(Layout layout, KState s) {
    List<String> out = new ArrayList<>();
    for (int c = 0; c < layout.cpus; c++) {
      out.add("cpu" + c + " runs " + Names.task(layout, s.curr(c)));
    }
    return String.join(", ", out);
  }

  static String pad(String s, int w, boolean right) {
    if (s.length() >= w) {
      return s;
    }
    String sp = " ".repeat(w - s.length());
    return right ? sp + s : s + sp;
  }

  static String rtrim(CharSequence s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.subSequence(0, end).toString();
  }
}
