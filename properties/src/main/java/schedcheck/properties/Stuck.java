package schedcheck.properties;

import static schedcheck.model.kernel.Layout.ON_RQ_NONE;
import static schedcheck.model.kernel.Layout.TASK_INTERRUPTIBLE;
import static schedcheck.model.kernel.Layout.TASK_UNINTERRUPTIBLE;

import com.google.common.graph.GraphBuilder;
import com.google.common.graph.Graphs;
import com.google.common.graph.MutableGraph;
import java.util.ArrayList;
import java.util.List;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;

/**
 * Why tasks cannot go on: the wait-for graph (blocked_on mutex -> owner, spinning ->
 * holder) and, for sleepers in a futex wait, whether the wake they wait for already came.
 */
final class Stuck {
  private final KernelModel model;
  private final Layout layout;

  Stuck(KernelModel model) {
    this.model = model;
    this.layout = model.layout();
  }

  /** What task t waits for in s, as the task it waits on, or -1; with a description. */
  record Edge(int from, int to, String via) {}

  /** The wait-for edges of s: t -> owner(blocked_on(t)), t -> holder(lock t spins on). */
  List<Edge> waitFor(KState s) {
    List<Edge> out = new ArrayList<>();
    for (int t = 0; t < layout.tasks; t++) {
      if (s.exited(t)) {
        continue;
      }
      int l = model.spinningOn(s, t);
      if (l >= 0) {
        if (s.holder(l) < layout.tasks) { // a cpu's scheduler context always moves on
          out.add(new Edge(t, s.holder(l), "spins on " + layout.lockName(l)));
        }
        continue;
      }
      int m = s.blockedOn(t);
      int on = s.runningOn(t);
      if (m >= 0 && on >= 0 && !model.inSchedule(s, on)) {
        continue; // still running its own mutex_lock code: not waiting yet
      }
      if (m >= 0) {
        int owner = s.mutexOwner(m);
        // owner == t with PICKUP is the handoff window, not a wait (INV-4.3).
        if (owner >= 0 && owner != t) {
          out.add(new Edge(t, owner, "blocked on mutex " + layout.mutexName(m)));
        }
      }
    }
    return out;
  }

  /** A wait-for cycle as a readable chain, or null. */
  String cycle(KState s) {
    List<Edge> edges = waitFor(s);
    if (edges.isEmpty()) {
      return null;
    }
    MutableGraph<Integer> g = GraphBuilder.directed().allowsSelfLoops(true).build();
    for (Edge e : edges) {
      g.putEdge(e.from(), e.to());
    }
    if (!Graphs.hasCycle(g)) {
      return null;
    }
    // Each task has at most one outgoing edge: walk from any task until a repeat.
    Edge[] out = new Edge[layout.tasks];
    for (Edge e : edges) {
      out[e.from()] = e;
    }
    for (Edge start : edges) {
      int[] seen = new int[layout.tasks];
      int t = start.from();
      int step = 1;
      while (t >= 0 && out[t] != null && seen[t] == 0) {
        seen[t] = step++;
        t = out[t].to();
      }
      if (t >= 0 && seen[t] != 0) {
        // Named as a chain, e.g. "t1 -> A -> t2 -> B -> t1" (mutexes through blocked_on ->
        // owner; a spinlock as "spins on L").
        StringBuilder b = new StringBuilder();
        int u = t;
        do {
          String via = out[u].via();
          b.append(layout.taskName(u)).append(" -> ")
              .append(via.startsWith("blocked on mutex ") ? via.substring("blocked on mutex ".length()) : via)
              .append(" -> ");
          u = out[u].to();
        } while (u != t);
        b.append(layout.taskName(t));
        return b.toString();
      }
    }
    return null;
  }

  boolean sleeping(KState s, int t) {
    int st = s.taskState(t);
    return (st == TASK_INTERRUPTIBLE || st == TASK_UNINTERRUPTIBLE) && s.onRq(t) == ON_RQ_NONE;
  }

  /**
   * For a task asleep in a futex wait whose wake already happened, why; else null. Per the
   * contract: its word no longer holds the value it went to sleep on; or a wake on that word
   * woke fewer tasks than it asked for since it last returned from a futex wait on it; or a
   * waker dequeued it (q.lock_ptr = NULL) and the wake never came.
   */
  String lostWakeup(KState s, int t) {
    if (!sleeping(s, t)) {
      return null;
    }
    int[] fw = model.futexWait(s, t);
    if (fw == null) {
      return null;
    }
    int w = fw[0];
    int val = fw[1];
    String who = layout.taskName(t) + " sleeps in " + model.syscallOf(s, t) + " on " + layout.wordName(w)
        + " (went to sleep on " + layout.wordName(w) + " == " + val + ")";
    if (s.word(w) != val) {
      return who + ", but " + layout.wordName(w) + " is now " + s.word(w) + " and no wake will come";
    }
    if (!s.futexLockPtr(t) && !s.onWakeQ(t)) {
      return who + ": a waker dequeued it (q.lock_ptr = NULL) but never woke it";
    }
    if ((s.missedWakes(t) & (1 << w)) != 0) {
      return who + ": a FUTEX_WAKE on " + layout.wordName(w)
          + " woke fewer tasks than it asked for after " + layout.taskName(t)
          + " last returned from a wait on it, and nothing will wake it now";
    }
    return null;
  }

  /**
   * For a mutex waiter that can never run again although its wake already happened (INV-8
   * proxy donor, at quiescence): it is in mutex_lock, on no runqueue, with no wake queued
   * or in flight, and the mutex is free or was handed to it.
   */
  String lostMutexWakeup(KState s, int t) {
    if (s.exited(t) || s.onRq(t) != ON_RQ_NONE || !model.inMutexLock(s, t) || s.onWakeQ(t)
        || model.wakePending(s, t)) {
      return null;
    }
    for (int m = 0; m < layout.mutexes; m++) {
      if (!s.mutexWaiters(m).contains(t) && s.blockedOn(t) != m) {
        continue;
      }
      int o = s.mutexOwner(m);
      if (o < 0 || o == t) {
        return layout.taskName(t) + " waits in mutex_lock for " + layout.mutexName(m) + ", which is "
            + (o < 0 ? "free" : "handed to it") + ", but it is on no runqueue and no wake is pending"
            + (s.taskState(t) == schedcheck.model.kernel.Layout.TASK_RUNNING ? " (it is TASK_RUNNING)" : "");
      }
    }
    return null;
  }

  /** The first lost wakeup of a state, or null. */
  String lostWakeup(KState s) {
    for (int t = 0; t < layout.tasks; t++) {
      String why = lostWakeup(s, t);
      if (why == null) {
        why = lostMutexWakeup(s, t);
      }
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  /** What each unfinished task is doing, for a person. */
  String unfinished(KState s) {
    List<String> parts = new ArrayList<>();
    for (int t = 0; t < layout.tasks; t++) {
      if (s.exited(t)) {
        continue;
      }
      var next = model.userStatement(s, t);
      String where = s.depth(t) > 0 ? String.join(" > ", model.kernelStack(s, t))
          : next == null ? "at the end of its program (do_exit)" : "at '" + next.text() + "'";
      int l = model.spinningOn(s, t);
      String what = l >= 0 ? "spins on " + layout.lockName(l)
          : s.blockedOn(t) >= 0 ? "blocked on mutex " + layout.mutexName(s.blockedOn(t))
          : sleeping(s, t) ? "sleeps" : "cannot run";
      parts.add(layout.taskName(t) + " " + what + " in " + where);
    }
    return String.join("; ", parts);
  }

  /** Whether every unfinished task is blocked on a mutex or a spinlock. */
  boolean allBlockedOnLocks(KState s) {
    boolean any = false;
    for (int t = 0; t < layout.tasks; t++) {
      if (s.exited(t)) {
        continue;
      }
      any = true;
      if (model.spinningOn(s, t) < 0 && s.blockedOn(t) < 0) {
        return false;
      }
    }
    return any;
  }

  boolean allExited(KState s) {
    for (int t = 0; t < layout.tasks; t++) {
      if (!s.exited(t)) {
        return false;
      }
    }
    return true;
  }
}
