package schedcheck.counterexamples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import schedcheck.checker.Found;
import schedcheck.checker.Path;
import schedcheck.checker.Replay;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Violation;
import schedcheck.model.reference.RefShape;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Stmt;

/**
 * Counterexamples of the reference semantics ({@code kernel.detail: syscall}): the per-cpu
 * timeline with one row per statement or system call (e.g. {@code t2 r = futex_wait w2 0  ->
 * sleeps}), the final state, and the {@code --json} report with the same fields as the steps
 * model's ({@link JsonReport}).
 */
public final class ReferenceReport {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final int COLUMN = 72;

  private ReferenceReport() {}

  /** A replayed execution: its initial state, then every step with the state it leads to. */
  public static List<Replay.Step<RefState, RefStep>> replay(ReferenceModel model, Path path) {
    return Replay.replay(model, path);
  }

  /** The counterexample of {@code violation} along {@code trace}, as text, with 72-column cpu columns. */
  public static String render(ReferenceModel model, Path path, List<Replay.Step<RefState, RefStep>> trace,
      Violation violation) {
    return render(model, path, trace, violation, COLUMN);
  }

  /**
   * The cpu column width that makes a timeline of {@code cpus} cpus and {@code steps} steps
   * fit in {@code width} characters (at least 16).
   */
  public static int columnFor(int width, int cpus, int steps) {
    int numW = Math.max(1, String.valueOf(Math.max(steps, 1)).length());
    return Math.max(16, (width - numW - 1) / cpus - 3);
  }

  /** As {@link #render(ReferenceModel, Path, List, Violation)}, with cpu columns {@code column} wide. */
  public static String render(ReferenceModel model, Path path, List<Replay.Step<RefState, RefStep>> trace,
      Violation violation, int column) {
    RefShape sh = model.shape();
    StringBuilder b = new StringBuilder();
    b.append("violated: ").append(violation.property());
    if (!violation.kind().isEmpty()) {
      b.append(" (").append(violation.kind()).append(')');
    }
    b.append('\n');
    b.append("  ").append(violation.message()).append('\n');
    var sc = model.scenario();
    b.append("scenario ").append(sc.name()).append(": ").append(sc.cpus()).append(sc.cpus() == 1 ? " cpu" : " cpus")
        .append(", proxy ").append(sc.kernel().proxy() ? "on" : "off").append(", detail syscall (reference semantics)\n");
    b.append("start (initial state #").append(path.initial()).append("): ").append(currs(sh, trace.get(0).state()))
        .append("\n\n");
    b.append(table(model, trace, column));
    b.append('\n');
    b.append("final state");
    if (trace.size() > 1) {
      b.append(" (after step ").append(trace.size() - 1).append(')');
    }
    b.append(":\n");
    b.append(finalState(model, trace.get(trace.size() - 1).state()));
    b.append('\n');
    b.append("why: ").append(violation.message()).append("  [").append(violation.property());
    if (!violation.kind().isEmpty()) {
      b.append(": ").append(violation.kind());
    }
    b.append("]\n");
    return b.toString();
  }

  /** The witness executions of a found violation (a lock-order cycle's edges); empty if none. */
  public static String renderWitnesses(ReferenceModel model, Found found) {
    StringBuilder b = new StringBuilder();
    List<Path> ps = found.witnessPaths();
    List<String> labels = JsonReport.witnessLabels(found.violation(), ps.size());
    for (int i = 0; i < ps.size(); i++) {
      var t = replay(model, ps.get(i));
      b.append("witness ").append(i + 1).append('/').append(ps.size()).append(": ").append(labels.get(i))
          .append("  (").append(t.size() - 1).append(" steps)\n");
      b.append(table(model, t));
    }
    return b.toString();
  }

  private static String currs(RefShape sh, RefState s) {
    List<String> parts = new ArrayList<>();
    for (int c = 0; c < sh.cpus; c++) {
      parts.add("cpu" + c + " runs " + sh.taskName(sh.curr(s, c)));
    }
    return String.join(", ", parts);
  }

  /** The timeline: a step-number column and one column per cpu, one row per step. */
  public static String table(ReferenceModel model, List<Replay.Step<RefState, RefStep>> trace) {
    return table(model, trace, COLUMN);
  }

  /** As {@link #table(ReferenceModel, List)}, with cpu columns {@code column} wide. */
  public static String table(ReferenceModel model, List<Replay.Step<RefState, RefStep>> trace, int column) {
    final int COLUMN = column;
    RefShape sh = model.shape();
    int n = trace.size() - 1;
    int numW = Math.max(1, String.valueOf(Math.max(n, 1)).length());
    StringBuilder b = new StringBuilder();
    b.append(" ".repeat(numW - 1)).append("# ");
    for (int c = 0; c < sh.cpus; c++) {
      b.append("| ").append(pad("cpu" + c, c + 1 < sh.cpus ? COLUMN : 0)).append(c + 1 < sh.cpus ? " " : "");
    }
    b.append('\n');
    b.append("-".repeat(numW + 1));
    for (int c = 0; c < sh.cpus; c++) {
      b.append('+').append("-".repeat(COLUMN + 2));
    }
    b.append('\n');
    for (int i = 1; i <= n; i++) {
      RefStep st = trace.get(i).action();
      RefState after = trace.get(i).state();
      String cell = st.line(sh);
      if (st.task() >= 0) {
        List<Integer> held = sh.held(after, st.task());
        if (!held.isEmpty()) {
          List<String> names = new ArrayList<>();
          for (int l : held) {
            names.add(sh.lockName(l));
          }
          cell += "  [holds " + String.join(", ", names) + "]";
        }
      }
      List<String> lines = wrap(cell, COLUMN);
      for (int k = 0; k < lines.size(); k++) {
        String num = k == 0 ? String.valueOf(i) : "";
        b.append(" ".repeat(numW - num.length())).append(num).append(' ');
        for (int c = 0; c < sh.cpus; c++) {
          String text = c == st.cpu() ? lines.get(k) : "";
          boolean last = c + 1 == sh.cpus;
          b.append("| ").append(last ? text : pad(text, COLUMN) + " ");
        }
        b.append('\n');
      }
    }
    return b.toString();
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  private static List<String> wrap(String s, int w) {
    List<String> out = new ArrayList<>();
    String rest = s;
    boolean first = true;
    while (rest.length() > w) {
      int cut = rest.lastIndexOf(' ', w);
      if (cut <= 4) {
        cut = w;
      }
      out.add(rest.substring(0, cut));
      rest = "   " + rest.substring(cut).trim();
      first = false;
    }
    out.add(rest);
    return out;
  }

  /** The state, per task, memory, futex queues, mutexes and spinlocks, for a person. */
  public static String finalState(ReferenceModel model, RefState s) {
    RefShape sh = model.shape();
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < sh.cpus; c++) {
      List<String> rq = new ArrayList<>();
      for (int t = 0; t < sh.tasks; t++) {
        if (sh.onRq(s, t) && sh.taskCpu(s, t) == c) {
          rq.add(sh.taskName(t));
        }
      }
      b.append("  cpu").append(c).append(": curr ").append(sh.taskName(sh.curr(s, c))).append(", rq [")
          .append(String.join(", ", rq)).append("]\n");
    }
    for (int t = 0; t < sh.tasks; t++) {
      b.append("  ").append(sh.taskName(t)).append(": ").append(taskState(model, s, t)).append('\n');
      if (sh.exited(s, t)) {
        continue;
      }
      Stmt st = model.nextStatement(s, t);
      b.append("      at pc ").append(sh.pc(s, t)).append(": ").append(st == null ? "(end of program)" : st.text())
          .append('\n');
      String waits = waits(model, s, t);
      if (!waits.isEmpty()) {
        b.append("      ").append(waits).append('\n');
      }
      List<String> regs = model.scenario().tasks().get(t).program().registers();
      if (!regs.isEmpty()) {
        List<String> rs = new ArrayList<>();
        for (int r = 0; r < regs.size(); r++) {
          rs.add(regs.get(r) + "=" + sh.reg(s, t, r));
        }
        b.append("      regs: ").append(String.join(", ", rs)).append('\n');
      }
    }
    List<String> mem = new ArrayList<>();
    for (int x = 0; x < sh.words; x++) {
      mem.add(sh.wordName(x) + " = " + sh.word(s, x));
    }
    b.append("  memory: ").append(mem.isEmpty() ? "(none)" : String.join(", ", mem)).append('\n');
    for (int x = 0; x < sh.words; x++) {
      List<Integer> q = sh.futexQueue(s, x);
      if (!q.isEmpty()) {
        b.append("  futex queue ").append(sh.wordName(x)).append(": ").append(names(sh, q)).append('\n');
      }
    }
    for (int m = 0; m < sh.mutexes; m++) {
      int o = sh.mutexOwner(s, m);
      b.append("  mutex ").append(sh.mutexName(m)).append(": owner ").append(o < 0 ? "(none)" : sh.taskName(o))
          .append(", waiters ").append(names(sh, sh.mutexWaiters(s, m))).append('\n');
    }
    List<String> held = new ArrayList<>();
    for (int l = 0; l < sh.locks; l++) {
      if (sh.holder(s, l) >= 0) {
        held.add(sh.lockName(l) + " by " + sh.taskName(sh.holder(s, l)));
      }
    }
    b.append("  spinlocks held: ").append(held.isEmpty() ? "none" : String.join(", ", held)).append('\n');
    for (int t = 0; t < sh.tasks; t++) {
      if (sh.blockedOn(s, t) >= 0) {
        b.append("  blocked_on chain: ").append(model.blockedOnChain(s, t)).append('\n');
      }
    }
    return b.toString();
  }

  private static String names(RefShape sh, List<Integer> ts) {
    List<String> out = new ArrayList<>();
    for (int t : ts) {
      out.add(sh.taskName(t));
    }
    return "[" + String.join(", ", out) + "]";
  }

  /** A task's state in a word or two: exited, running, runnable, sleeping, blocked, spinning. */
  static String taskState(ReferenceModel model, RefState s, int t) {
    RefShape sh = model.shape();
    if (sh.exited(s, t)) {
      return "exited";
    }
    String sig = sh.has(s, t, RefShape.F_SIGNAL) ? ", signal pending" : "";
    String crit = sh.has(s, t, RefShape.F_CRITICAL) ? ", in its critical section" : "";
    String where = "cpu" + sh.taskCpu(s, t);
    int spin = model.spinningOn(s, t);
    String what = switch (sh.kind(s, t)) {
      case RefShape.FUTEX -> "sleeps (futex wait), off the runqueue";
      case RefShape.MUTEX -> "blocked on mutex " + sh.mutexName(sh.waitMutex(s, t))
          + (sh.onRq(s, t) ? ", queued on " + where + " as a donor" : ", asleep off the runqueue");
      default -> spin >= 0 ? "spins on " + sh.lockName(spin) + " on " + where
          : model.running(s, t) ? "running on " + where : "runnable, queued on " + where;
    };
    return what + sig + crit;
  }

  private static String waits(ReferenceModel model, RefState s, int t) {
    RefShape sh = model.shape();
    int x = sh.futexWaitWord(s, t);
    if (x >= 0) {
      String st = "in a futex wait on " + sh.wordName(x) + " (went to sleep on " + sh.wordName(x) + " == "
          + sh.futexWaitValue(s, t) + ", now " + sh.word(s, x) + ")";
      st += sh.futexQueued(s, t) >= 0 ? ", queued" : ", dequeued by a waker: returns 0 when it runs";
      if ((sh.missed(s, t) & (1 << x)) != 0) {
        st += "; a wake on " + sh.wordName(x) + " woke fewer than it asked for since it last returned";
      }
      return st;
    }
    int m = sh.waitMutex(s, t);
    if (m >= 0 && sh.kind(s, t) == RefShape.RUN) {
      return "woken on the wait list of " + sh.mutexName(m) + ": retries when it runs";
    }
    return "";
  }

  // ---------------------------------------------------------------- JSON

  /**
   * The {@code --json} report, with the steps model's fields ({@link JsonReport}): {@code
   * scenario}, {@code verdict}, {@code property}, {@code kind}, {@code message}, {@code
   * strategy}, {@code states}, {@code transitions}, {@code depth}, {@code seconds}, {@code
   * cuts}, {@code initial_state}, {@code trace}, {@code witnesses}; and {@code detail: syscall}.
   */
  public static ObjectNode json(ReferenceModel model, SearchResult result) {
    return json(model, result, null);
  }

  /** As {@link #json(ReferenceModel, SearchResult)}, showing {@code firstPath} (e.g. a shortened one) if not null. */
  public static ObjectNode json(ReferenceModel model, SearchResult result, Path firstPath) {
    ObjectNode o = F.objectNode();
    o.put("scenario", model.scenario().name());
    o.put("verdict", result.verdict().word());
    Found found = result.firstViolation();
    Violation v = found == null ? null : found.violation();
    putOrNull(o, "property", v == null ? null : v.property());
    putOrNull(o, "kind", v == null ? null : v.kind());
    putOrNull(o, "message", v == null ? null : v.message());
    o.put("strategy", result.strategy());
    o.put("states", result.states());
    o.put("transitions", result.transitions());
    o.put("depth", result.maxDepth());
    o.put("seconds", Math.round(result.seconds() * 1000.0) / 1000.0);
    ObjectNode cuts = o.putObject("cuts");
    for (Map.Entry<String, Long> e : new TreeMap<>(result.cuts()).entrySet()) {
      cuts.put(e.getKey(), e.getValue().longValue());
    }
    o.put("detail", "syscall");
    if (found == null) {
      o.putNull("initial_state");
      o.putNull("trace");
    } else {
      Path shown = firstPath != null ? firstPath : found.path();
      var trace = replay(model, shown);
      o.set("initial_state", stateJson(model, trace.get(0).state()));
      o.set("trace", traceJson(model, shown, trace));
    }
    ArrayNode ws = o.putArray("witnesses");
    if (found != null) {
      List<String> labels = JsonReport.witnessLabels(v, found.witnessPaths().size());
      for (int i = 0; i < found.witnessPaths().size(); i++) {
        Path p = found.witnessPaths().get(i);
        ObjectNode wn = ws.addObject();
        wn.put("label", labels.get(i));
        wn.set("trace", traceJson(model, p, replay(model, p)));
      }
    }
    ArrayNode also = o.putArray("violations");
    for (Found f : result.violations()) {
      ObjectNode a = also.addObject();
      a.put("property", f.violation().property());
      a.put("kind", f.violation().kind());
      a.put("message", f.violation().message());
    }
    return o;
  }

  private static ArrayNode traceJson(ReferenceModel model, Path path, List<Replay.Step<RefState, RefStep>> trace) {
    RefShape sh = model.shape();
    ArrayNode a = F.arrayNode();
    int[] idx = path.steps();
    for (int i = 1; i < trace.size(); i++) {
      RefStep st = trace.get(i).action();
      RefState after = trace.get(i).state();
      ObjectNode n = a.addObject();
      n.put("step", i);
      n.put("index", idx[i - 1]);
      putOrNull(n, "task", st.task() < 0 ? null : sh.taskName(st.task()));
      n.put("cpu", st.cpu());
      n.put("kind", st.kind().name().toLowerCase(Locale.ROOT));
      n.put("text", st.text());
      n.put("note", st.outcome());
      ArrayNode locks = n.putArray("locks");
      if (st.task() >= 0) {
        for (int l : sh.held(after, st.task())) {
          locks.add(sh.lockName(l));
        }
      }
      n.set("state", stateJson(model, after));
    }
    return a;
  }

  /** A state as JSON: cpus, tasks, memory, futex queues, mutexes, spinlock holders. */
  public static ObjectNode stateJson(ReferenceModel model, RefState s) {
    RefShape sh = model.shape();
    ObjectNode o = F.objectNode();
    ArrayNode cpus = o.putArray("cpus");
    for (int c = 0; c < sh.cpus; c++) {
      ObjectNode cn = cpus.addObject();
      cn.put("cpu", c);
      putOrNull(cn, "curr", sh.curr(s, c) < 0 ? null : sh.taskName(sh.curr(s, c)));
      ArrayNode rq = cn.putArray("rq");
      for (int t = 0; t < sh.tasks; t++) {
        if (sh.onRq(s, t) && sh.taskCpu(s, t) == c) {
          rq.add(sh.taskName(t));
        }
      }
    }
    ObjectNode tasks = o.putObject("tasks");
    for (int t = 0; t < sh.tasks; t++) {
      ObjectNode tn = tasks.putObject(sh.taskName(t));
      tn.put("state", taskState(model, s, t));
      tn.put("pc", sh.pc(s, t));
      Stmt st = model.nextStatement(s, t);
      putOrNull(tn, "statement", sh.exited(s, t) || st == null ? null : st.text());
      tn.put("cpu", sh.taskCpu(s, t));
      tn.put("on_rq", sh.onRq(s, t));
      tn.put("signal_pending", sh.has(s, t, RefShape.F_SIGNAL));
      int m = sh.blockedOn(s, t);
      putOrNull(tn, "blocked_on", m < 0 ? null : sh.mutexName(m));
      int x = sh.futexWaitWord(s, t);
      if (x >= 0) {
        ObjectNode fw = tn.putObject("futex_wait");
        fw.put("word", sh.wordName(x));
        fw.put("value", sh.futexWaitValue(s, t));
        fw.put("queued", sh.futexQueued(s, t) >= 0);
      } else {
        tn.putNull("futex_wait");
      }
      ObjectNode regs = tn.putObject("regs");
      List<String> names = model.scenario().tasks().get(t).program().registers();
      for (int r = 0; r < names.size(); r++) {
        regs.put(names.get(r), sh.reg(s, t, r));
      }
    }
    ObjectNode mem = o.putObject("memory");
    for (int x = 0; x < sh.words; x++) {
      mem.put(sh.wordName(x), sh.word(s, x));
    }
    ObjectNode fq = o.putObject("futex_queues");
    for (int x = 0; x < sh.words; x++) {
      ArrayNode q = fq.putArray(sh.wordName(x));
      for (int t : sh.futexQueue(s, x)) {
        q.add(sh.taskName(t));
      }
    }
    ObjectNode mx = o.putObject("mutexes");
    for (int m = 0; m < sh.mutexes; m++) {
      ObjectNode mn = mx.putObject(sh.mutexName(m));
      int ow = sh.mutexOwner(s, m);
      putOrNull(mn, "owner", ow < 0 ? null : sh.taskName(ow));
      ArrayNode ws = mn.putArray("waiters");
      for (int t : sh.mutexWaiters(s, m)) {
        ws.add(sh.taskName(t));
      }
    }
    ObjectNode locks = o.putObject("spinlocks");
    for (int l = 0; l < sh.locks; l++) {
      if (sh.holder(s, l) >= 0) {
        locks.put(sh.lockName(l), sh.taskName(sh.holder(s, l)));
      }
    }
    return o;
  }

  private static void putOrNull(ObjectNode o, String field, String value) {
    if (value == null) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }
}
