package schedcheck.counterexamples;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.LockEvent;

/**
 * Graphviz views of a counterexample ({@code check --dot FILE}): the wait-for graph at the
 * last state (tasks, mutexes, spinlocks, futex words; blocked_on, owner, spinning, holder and
 * futex-sleep edges) and the lock-class graph the executions built (an edge D -> C each time
 * a lock of class C was taken while one of class D was held, as lockdep records it).
 */
public final class Dot {
  private Dot() {}

  /** Both graphs, one {@code digraph} each, in one text (Graphviz renders each). */
  public static String of(KernelModel model, Trace trace, List<Trace> witnesses) {
    return waitFor(model, trace.last(), model.layout().scenario.name())
        + "\n" + lockClasses(model, trace, witnesses, model.layout().scenario.name());
  }

  /** The wait-for graph of a state. */
  public static String waitFor(KernelModel model, KState s, String name) {
    Layout layout = model.layout();
    Set<String> edges = new LinkedHashSet<>();
    Set<String> nodes = new LinkedHashSet<>();
    for (int t = 0; t < layout.tasks; t++) {
      String task = q(layout.taskName(t));
      nodes.add(task + " [shape=ellipse" + (s.exited(t) ? ", style=dashed" : "") + "]");
      int m = s.blockedOn(t);
      if (m >= 0) {
        String mx = q("mutex " + layout.mutexName(m));
        nodes.add(mx + " [shape=box]");
        edges.add(task + " -> " + mx + " [label=\"blocked_on\"]");
      }
      int spin = model.spinningOn(s, t);
      if (spin >= 0) {
        String l = q(layout.lockName(spin));
        nodes.add(l + " [shape=box, style=rounded]");
        edges.add(task + " -> " + l + " [label=\"spins\"]");
      }
      int[] fw = model.queries().futexWait(s, t);
      if (fw != null && s.runningOn(t) < 0) {
        String w = q("futex " + layout.wordName(fw[0]));
        nodes.add(w + " [shape=diamond]");
        edges.add(task + " -> " + w + " [label=\"sleeps expecting " + fw[1] + ", now " + s.word(fw[0]) + "\"]");
      }
    }
    for (int m = 0; m < layout.mutexes; m++) {
      if (s.mutexOwner(m) >= 0) {
        String mx = q("mutex " + layout.mutexName(m));
        nodes.add(mx + " [shape=box]");
        edges.add(mx + " -> " + q(layout.taskName(s.mutexOwner(m))) + " [label=\"owner\"]");
      }
    }
    for (int l = 0; l < layout.locks; l++) {
      if (s.holder(l) >= 0) {
        String lk = q(layout.lockName(l));
        nodes.add(lk + " [shape=box, style=rounded]");
        String holder = q(layout.taskName(s.holder(l)));
        if (s.holder(l) >= layout.tasks) {
          nodes.add(holder + " [shape=octagon]");
        }
        edges.add(lk + " -> " + holder + " [label=\"held by\"]");
      }
    }
    StringBuilder b = new StringBuilder("digraph ").append(q("wait-for: " + name)).append(" {\n");
    b.append("  label=").append(q("wait-for graph at the last state of " + name)).append(";\n");
    nodes.forEach(n -> b.append("  ").append(n).append(";\n"));
    edges.forEach(e -> b.append("  ").append(e).append(";\n"));
    return b.append("}\n").toString();
  }

  /** The lock-class graph built by the executions: the witnesses' and the trace's acquisitions. */
  public static String lockClasses(KernelModel model, Trace trace, List<Trace> witnesses, String name) {
    Layout layout = model.layout();
    Set<String> edges = new LinkedHashSet<>();
    Set<String> nodes = new LinkedHashSet<>();
    List<Trace> all = new java.util.ArrayList<>(witnesses);
    all.add(trace);
    for (Trace t : all) {
      for (Trace.Step st : t.steps()) {
        for (LockEvent e : st.step().acquired()) {
          String c = cls(layout, e.lock(), e.subclass());
          nodes.add(q(c));
          for (int i = 0; i < e.held().length; i++) {
            String d = cls(layout, e.held()[i], e.heldSubclasses()[i]);
            nodes.add(q(d));
            edges.add(q(d) + " -> " + q(c));
          }
        }
      }
    }
    StringBuilder b = new StringBuilder("digraph ").append(q("lock classes: " + name)).append(" {\n");
    b.append("  label=").append(q("lock-class graph (lockdep) of " + name)).append(";\n");
    nodes.forEach(n -> b.append("  ").append(n).append(" [shape=box];\n"));
    edges.forEach(e -> b.append("  ").append(e).append(";\n"));
    return b.append("}\n").toString();
  }

  private static String cls(Layout layout, int lock, int subclass) {
    return layout.lockClass(lock) + (subclass > 0 ? "/" + subclass : "");
  }

  private static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
