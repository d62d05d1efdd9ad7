package schedcheck.counterexamples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StepInfo;

/**
 * The closing explanation of a counterexample in words, in kernel terms, generated from the
 * trace (step numbers are the full view's, 1-based), e.g. "t2 sleeps in futex_wait on w1
 * expecting 0 (queued at step 9); t1's futex_wake on w1 at step 7 woke nobody: t2 was queued
 * only at step 9". Also the lockdep-style "possible unsafe locking scenario" for wait-for and
 * lock-class cycles.
 */
public final class Explanation {
  private Explanation() {}

  /** One task's part in a wait-for cycle: it holds {@code holds} (taken at a step) and waits for {@code waits}. */
  record Link(int task, String holds, int tookAt, String waits, int waitsFrom) {}

  /** The explanation, one sentence a line; empty when there is nothing to add to the message. */
  public static List<String> of(KernelModel model, Trace trace, Violation v) {
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    switch (v.property()) {
      case "lost-wakeup" -> lostWakeup(model, trace, out);
      case "deadlock" -> deadlock(model, trace, v, out);
      case "mutual-exclusion" -> mutex(model, trace, out);
      case "lock-order" -> lockOrder(v, out);
      default -> { }
    }
    // (starvation is an infinite execution, a lasso: its loop is what explains it)
    if (out.isEmpty() && trace.length() > 0 && !v.property().equals("starvation")) {
      int n = trace.length();
      StepInfo last = trace.steps().get(n - 1).step();
      String lab = CompactRenderer.label(last);
      out.add("The state after step " + n + " breaks it; that step is " + Names.task(model.layout(), last.task())
          + "'s " + (lab.isEmpty() ? CompactRenderer.statement(last) : lab)
          + (last.note().isEmpty() ? "" : " (" + last.note() + ")") + " on cpu" + last.cpu() + ".");
    }
    return out;
  }

  /**
   * The two racing steps (1-based, in trace order), or null: a wake (or store) on the word a
   * lost sleeper waits on that came before the sleeper was queued, and the queueing; the
   * acquisitions of the first two locks of a wait-for cycle; two entries into a critical
   * section.
   */
  static int[] racing(KernelModel model, Trace trace, Violation v) {
    switch (v.property()) {
      case "lost-wakeup" -> {
        Layout layout = model.layout();
        KState end = trace.last();
        for (int t = 0; t < layout.tasks; t++) {
          int[] fw = model.queries().futexWait(end, t);
          if (fw == null || end.exited(t) || end.runningOn(t) >= 0 || end.taskState(t) == Layout.TASK_RUNNING) {
            continue;
          }
          int queued = -1;
          for (int i = 0; i < trace.length(); i++) {
            if (!trace.before(i).onFutexChain(t) && trace.steps().get(i).after().onFutexChain(t)) {
              queued = i + 1;
            }
          }
          if (queued < 0) {
            return null;
          }
          String word = layout.wordName(fw[0]);
          for (int i = queued - 2; i >= 0; i--) {
            StepInfo s = trace.steps().get(i).step();
            String st = CompactRenderer.statement(s);
            if (s.task() != t && s.kind() == StepInfo.Kind.USER
                && (mentions(st, "futex_wake", word) || mentionsSwapWake(st, word))) {
              return new int[] {i + 1, queued};
            }
          }
          return null;
        }
        return null;
      }
      case "deadlock" -> {
        List<Link> links = cycle(model, trace, v.message());
        if (links == null || links.size() < 2 || links.get(0).tookAt() <= 0 || links.get(1).tookAt() <= 0) {
          return null;
        }
        int a = links.get(0).tookAt();
        int b = links.get(1).tookAt();
        return a == b ? null : new int[] {Math.min(a, b), Math.max(a, b)};
      }
      case "mutual-exclusion" -> {
        int[] found = new int[2];
        int n = 0;
        for (int i = 0; i < trace.length() && n < 2; i++) {
          StepInfo s = trace.steps().get(i).step();
          if (s.task() >= 0 && !trace.before(i).inCritical(s.task()) && trace.steps().get(i).after().inCritical(s.task())) {
            found[n++] = i + 1;
          }
        }
        return n == 2 ? found : null;
      }
      default -> {
        return null;
      }
    }
  }

  // ------------------------------------------------------------------ lost wakeups

  private static void lostWakeup(KernelModel model, Trace trace, List<String> out) {
    Layout layout = model.layout();
    KState end = trace.last();
    for (int t = 0; t < layout.tasks; t++) {
      int[] fw = model.queries().futexWait(end, t);
      if (fw == null || end.exited(t) || end.runningOn(t) >= 0 || end.taskState(t) == Layout.TASK_RUNNING) {
        continue;
      }
      String name = layout.taskName(t);
      String word = layout.wordName(fw[0]);
      int queued = -1;
      int asleep = -1;
      int dequeued = -1;
      int dequeuer = -1;
      List<String> events = new ArrayList<>();
      for (int i = 0; i < trace.length(); i++) {
        KState b = trace.before(i);
        KState a = trace.steps().get(i).after();
        StepInfo s = trace.steps().get(i).step();
        if (!b.onFutexChain(t) && a.onFutexChain(t)) {
          queued = i + 1;
        }
        if (b.onFutexChain(t) && !a.onFutexChain(t) && s.task() != t) {
          dequeued = i + 1;
          dequeuer = s.task();
        }
        if (b.runningOn(t) >= 0 && a.runningOn(t) < 0 && a.taskState(t) != Layout.TASK_RUNNING) {
          asleep = i + 1;
        }
      }
      StringBuilder first = new StringBuilder(name).append(" sleeps in ")
          .append(model.queries().syscallOf(end, t) == null ? "futex_wait" : model.queries().syscallOf(end, t)).append(" on ").append(word)
          .append(" expecting ").append(fw[1]);
      List<String> when = new ArrayList<>();
      if (queued > 0) {
        when.add("queued at step " + queued);
      }
      if (asleep > 0) {
        when.add("asleep from step " + asleep);
      }
      if (!when.isEmpty()) {
        first.append(" (").append(String.join(", ", when)).append(')');
      }
      first.append("; ").append(word).append(" is now ").append(end.word(fw[0])).append('.');
      out.add(first.toString());
      for (int i = 0; i < trace.length(); i++) {
        KState b = trace.before(i);
        KState a = trace.steps().get(i).after();
        StepInfo s = trace.steps().get(i).step();
        if (s.task() == t) {
          continue;
        }
        String who = Names.task(layout, s.task());
        if (b.word(fw[0]) != a.word(fw[0])) {
          events.add(who + " set " + word + " to " + a.word(fw[0]) + " at step " + (i + 1)
              + (queued > 0 && i + 1 < queued ? ", before " + name + " was queued" : "") + ".");
        }
        String st = CompactRenderer.statement(s);
        if (s.kind() == StepInfo.Kind.USER && (mentions(st, "futex_wake", word) || mentionsSwapWake(st, word))) {
          String result = resultOf(trace, i, s.task());
          StringBuilder e = new StringBuilder(who).append("'s ").append(st.contains("futex_swap") ? "futex_swap" : "futex_wake")
              .append(" on ").append(word).append(" at step ").append(i + 1);
          if (result != null) {
            e.append(' ').append(result);
          }
          if (queued > 0 && i + 1 < queued && "returns 0".equals(result)) {
            e.append(": it woke nobody because ").append(name).append(" was queued only at step ").append(queued);
          }
          events.add(e.append('.').toString());
        }
        if (i + 1 == dequeued) {
          events.add(Names.task(layout, dequeuer) + " dequeued " + name + " from hb(" + layout.bucketName(layout.bucketOf(fw[0]))
              + ") at step " + dequeued + " (" + CompactRenderer.label(s) + "), and no step after it woke " + name + ".");
        }
      }
      out.addAll(events);
      if (dequeued < 0) {
        out.add("No wake for " + name + " is pending: it stays asleep although " + word
            + (end.word(fw[0]) == fw[1] ? " is still " + fw[1] + " and nobody will wake it." : " no longer holds " + fw[1] + "."));
      }
      return;
    }
  }

  private static boolean mentions(String statement, String call, String word) {
    List<String> toks = Arrays.asList(statement.split("\\s+"));
    int i = toks.indexOf(call);
    return i >= 0 && i + 1 < toks.size() && toks.get(i + 1).equals(word);
  }

  private static boolean mentionsSwapWake(String statement, String word) {
    return mentions(statement, "futex_swap", word);
  }

  /** The first "returns ..." note of task t's steps from step i on, e.g. {@code returns 0}. */
  private static String resultOf(Trace trace, int i, int t) {
    for (int k = i; k < trace.length(); k++) {
      StepInfo s = trace.steps().get(k).step();
      if (s.task() != t) {
        continue;
      }
      int r = s.note().lastIndexOf("returns ");
      if (r >= 0) {
        return s.note().substring(r).trim();
      }
      if (k > i && s.kind() == StepInfo.Kind.USER) {
        return null;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ deadlocks

  private static void deadlock(KernelModel model, Trace trace, Violation v, List<String> out) {
    List<Link> links = cycle(model, trace, v.message());
    if (links == null) {
      return;
    }
    Layout layout = model.layout();
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < links.size(); k++) {
      Link l = links.get(k);
      Link holder = links.get((k + 1) % links.size());
      parts.add(layout.taskName(l.task()) + " holds " + l.holds()
          + (l.tookAt() > 0 ? " (took it at step " + l.tookAt() + ")" : "") + " and waits for " + l.waits()
          + (l.waitsFrom() > 0 ? " from step " + l.waitsFrom() : "") + ", which " + layout.taskName(holder.task())
          + " holds");
    }
    out.add(String.join("; ", parts) + ": none of them can go on.");
  }

  /**
   * The links of a wait-for cycle message {@code t1 -> B -> t2 -> A -> t1} (or with "spins
   * on L"), or null when it is not one of tasks and locks.
   */
  static List<Link> cycle(KernelModel model, Trace trace, String message) {
    int colon = message.indexOf("cycle: ");
    if (colon < 0) {
      return null;
    }
    String[] toks = message.substring(colon + "cycle: ".length()).split(" -> ");
    if (toks.length < 5 || toks.length % 2 == 0) {
      return null;
    }
    Layout layout = model.layout();
    int n = (toks.length - 1) / 2;
    int[] tasks = new int[n];
    String[] waits = new String[n];
    for (int k = 0; k < n; k++) {
      tasks[k] = taskIndex(layout, toks[2 * k].trim());
      String w = toks[2 * k + 1].trim();
      if (w.startsWith("spins on ")) {
        w = w.substring("spins on ".length());
      }
      if (tasks[k] < 0 || w.contains(" ")) {
        return null;
      }
      waits[k] = w;
    }
    List<Link> links = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      String holds = waits[(k + n - 1) % n];
      int took = acquiredAt(model, trace, tasks[k], holds);
      int from = waitingFrom(trace, tasks[k], waits[k], took);
      links.add(new Link(tasks[k], holds, took, waits[k], from));
    }
    return links;
  }

  private static int taskIndex(Layout layout, String name) {
    for (int t = 0; t < layout.tasks; t++) {
      if (layout.taskName(t).equals(name)) {
        return t;
      }
    }
    return -1;
  }

  /** The (1-based) step at which task t last took the lock or mutex named, or 0. */
  static int acquiredAt(KernelModel model, Trace trace, int t, String lock) {
    Layout layout = model.layout();
    int at = 0;
    for (int l = 0; l < layout.locks; l++) {
      if (layout.lockName(l).equals(lock)) {
        for (int i = 0; i < trace.length(); i++) {
          if (trace.before(i).holder(l) != t && trace.steps().get(i).after().holder(l) == t) {
            at = i + 1;
          }
        }
      }
    }
    for (int m = 0; m < layout.mutexes; m++) {
      if (layout.mutexName(m).equals(lock)) {
        for (int i = 0; i < trace.length(); i++) {
          if (trace.before(i).mutexOwner(m) != t && trace.steps().get(i).after().mutexOwner(m) == t) {
            at = i + 1;
          }
        }
      }
    }
    return at;
  }

  /** The (1-based) step after {@code after} at which task t's statement naming the lock began, or 0. */
  static int waitingFrom(Trace trace, int t, String lock, int after) {
    int at = 0;
    for (int i = Math.max(0, after); i < trace.length(); i++) {
      StepInfo s = trace.steps().get(i).step();
      if (s.task() == t && s.kind() == StepInfo.Kind.USER
          && Arrays.asList(CompactRenderer.statement(s).split("\\s+")).contains(lock)) {
        at = i + 1;
      }
    }
    return at;
  }

  // ------------------------------------------------------------------ others

  private static void mutex(KernelModel model, Trace trace, List<String> out) {
    Layout layout = model.layout();
    List<String> enters = new ArrayList<>();
    for (int i = 0; i < trace.length(); i++) {
      StepInfo s = trace.steps().get(i).step();
      if (!trace.before(i).inCritical(Math.max(0, s.task())) && s.task() >= 0
          && trace.steps().get(i).after().inCritical(s.task())) {
        enters.add(layout.taskName(s.task()) + " entered at step " + (i + 1));
      }
    }
    if (!enters.isEmpty()) {
      out.add(String.join("; ", enters) + ", and nobody left in between: two tasks are inside at once.");
    }
  }

  private static void lockOrder(Violation v, List<String> out) {
    List<String> classes = classCycle(v.message());
    if (classes != null) {
      out.add("Dependency chain: " + String.join(" --> ", classes) + ". Each arrow is one execution taking the"
          + " right lock while holding the left; run together on " + (classes.size() - 1)
          + " cpus they can deadlock as the scenario below shows.");
    }
  }

  /** The classes of a lock-class cycle message, first repeated at the end, or null. */
  static List<String> classCycle(String message) {
    String key = "form a cycle: ";
    int i = message.indexOf(key);
    if (i < 0) {
      return null;
    }
    String rest = message.substring(i + key.length());
    int semi = rest.indexOf(';');
    if (semi >= 0) {
      rest = rest.substring(0, semi);
    }
    List<String> out = Arrays.asList(rest.trim().split(" -> "));
    return out.size() >= 3 ? out : null;
  }

  // ------------------------------------------------------------------ lockdep scenario

  /**
   * Lockdep's "possible unsafe locking scenario" for a wait-for cycle through locks or a
   * lock-class cycle: one column per cpu (CPU0, CPU1, ...), each taking the lock it holds,
   * then the one the next holds; empty for other violations.
   */
  public static List<String> lockdepScenario(KernelModel model, Trace trace, Violation v) {
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    List<String> holds = new ArrayList<>();
    List<String> wants = new ArrayList<>();
    List<String> who = new ArrayList<>();
    if (v.property().equals("deadlock") && v.kind().equals("cycle")) {
      List<Link> links = cycle(model, trace, v.message());
      if (links == null) {
        return out;
      }
      for (Link l : links) {
        holds.add(l.holds());
        wants.add(l.waits());
        who.add(model.layout().taskName(l.task()));
      }
    } else if (v.property().equals("lock-order") && v.kind().equals("cycle")) {
      List<String> cl = classCycle(v.message());
      if (cl == null) {
        return out;
      }
      for (int k = 0; k + 1 < cl.size(); k++) {
        holds.add(cl.get(k));
        wants.add(cl.get(k + 1));
        who.add("");
      }
      out.add("Chain exists of:");
      out.add("  " + String.join(" --> ", cl));
      out.add("");
    } else if (v.property().equals("lock-order") && v.kind().equals("nesting")) {
      out.add(" Possible unsafe locking scenario:");
      out.add("");
      out.add("       CPU0");
      out.add("       ----");
      String lock = between(v.message(), " takes ", " while holding ");
      out.add("  lock(" + lock + ");");
      out.add("  lock(" + lock + ");");
      out.add("");
      out.add(" *** DEADLOCK ***");
      out.add("");
      out.add(" May be due to missing lock nesting notation");
      return out;
    } else {
      return out;
    }
    int n = holds.size();
    int col = 24;
    out.add(" Possible unsafe locking scenario:");
    out.add("");
    StringBuilder head = new StringBuilder("       ");
    StringBuilder rule = new StringBuilder("       ");
    for (int k = 0; k < n; k++) {
      String h = "CPU" + k + (who.get(k).isEmpty() ? "" : " (" + who.get(k) + ")");
      head.append(TimelineRenderer.pad(h, col, false));
      rule.append(TimelineRenderer.pad("-".repeat(("CPU" + k).length()), col, false));
    }
    out.add(TimelineRenderer.rtrim(head));
    out.add(TimelineRenderer.rtrim(rule));
    // as lockdep prints it: CPU0's locks at column 2, the others' under their heading
    for (int k = 0; k < n; k++) {
      out.add(" ".repeat(k == 0 ? 2 : 7 + k * col) + "lock(" + holds.get(k) + ");");
    }
    for (int k = n - 1; k >= 0; k--) {
      out.add(" ".repeat(k == 0 ? 2 : 7 + k * col) + "lock(" + wants.get(k) + ");");
    }
    out.add("");
    out.add(" *** DEADLOCK ***");
    return out;
  }

  private static String between(String s, String a, String b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b, i + 1);
    if (i < 0 || j < 0) {
      return "?";
    }
    String x = s.substring(i + a.length(), j);
    return x.contains(" ") ? x.substring(x.lastIndexOf(' ') + 1) : x;
  }
}
