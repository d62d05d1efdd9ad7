package schedcheck.properties;

import static schedcheck.model.kernel.Layout.ON_RQ_NONE;
import static schedcheck.model.kernel.Layout.TASK_INTERRUPTIBLE;
import static schedcheck.model.kernel.Layout.TASK_UNINTERRUPTIBLE;

import java.util.ArrayList;
import java.util.List;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.KernelQueries;
import schedcheck.model.kernel.Layout;

/**
 * Why tasks cannot go on: the wait-for graph (blocked_on mutex -> owner, spinning ->
 * holder) and, for sleepers in a futex wait, whether the wake they wait for already came.
 */
final class Stuck {
  private final KernelModel model;
  private final KernelQueries queries;
  private final Layout layout;

  Stuck(KernelModel model) {
    this.model = model;
    this.queries = model.queries();
    this.layout = model.layout();
  }

  /**
   * The wait-for links of s in one {@code int[]}: each actor waits for at most one other, so
   * {@code links[a]} is the actor {@code a} waits for, or -1, and {@code links[actors + a]}
   * says through what: a spinlock {@code l >= 0} it spins on, or mutex {@code m} as {@code
   * -(m + 1)} it is blocked on. Actors are tasks {@code 0..tasks-1} and the cpus' scheduler
   * contexts ({@link Layout#cpuActor}), which hold the rq lock (and the proxy walk's wait_lock
   * and blocked_lock) while {@code __schedule} runs and can spin on a lock like a task. The
   * links are t -> owner(blocked_on(t)), t -> holder(lock t spins on), and a cpu's scheduler
   * context -> holder(lock its next step spins on). Returns null when there is no link at all
   * (the common case), without allocating.
   */
  int[] waitFor(KState s) {
    int actors = layout.tasks + layout.cpus;
    int[] links = null;
    // no spinlock held (most states): no task or cpu spins, no guard need be run
    boolean held = false;
    for (int l = 0; l < layout.locks && !held; l++) {
      held = s.holder(l) >= 0;
    }
    for (int t = 0; t < layout.tasks; t++) {
      if (s.exited(t)) {
        continue;
      }
      int l = held ? model.spinningOn(s, t) : -1;
      if (l >= 0) {
        links = link(links, actors, t, s.holder(l), l);
        continue;
      }
      int m = s.blockedOn(t);
      int on = s.runningOn(t);
      if (m >= 0 && on >= 0 && !queries.inSchedule(s, on)) {
        continue; // still running its own mutex_lock code: not waiting yet
      }
      if (m >= 0) {
        int owner = s.mutexOwner(m);
        if (owner >= 0 && (owner != t || waitsForItself(s, t, m))) {
          links = link(links, actors, t, owner, -(m + 1));
        }
      }
    }
    for (int c = 0; c < layout.cpus && held; c++) {
      int l = schedSpinningOn(s, c);
      if (l >= 0) {
        links = link(links, actors, layout.cpuActor(c), s.holder(l), l);
      }
    }
    return links;
  }

  private static int[] link(int[] links, int actors, int from, int to, int via) {
    if (links == null) {
      links = new int[2 * actors];
      java.util.Arrays.fill(links, 0, actors, -1);
    }
    links[from] = to;
    links[actors + from] = via;
    return links;
  }

  /** What a link says, as the cycle text names it: {@code spins on L} or the mutex's name. */
  private String via(int code) {
    return code >= 0 ? "spins on " + layout.lockName(code) : layout.mutexName(-code - 1);
  }

  /** The lock cpu c's scheduler context ({@code __schedule} and its callees) spins on, or -1. */
  int schedSpinningOn(KState s, int c) {
    if (!queries.inSchedule(s, c)) {
      return -1;
    }
    int g = model.guardOf(s, c, s.curr(c));
    return g >= 0 && s.holder(g) >= 0 ? g : -1;
  }

  /** An actor as named in a cycle: a task, or {@code cpu0's __schedule}. */
  String actorName(int a) {
    return a < layout.tasks ? layout.taskName(a) : layout.taskName(a) + "'s __schedule";
  }

  /**
   * Whether task t, blocked on mutex m that t owns itself, waits for itself for ever (a
   * recursive {@code lock}): t owns m outright, so no trylock of its own can succeed and no
   * one else may release m. Not so in the handoff window (INV-4.3): an unlocker handed m to
   * t (owner == t with PICKUP), or t has just picked it up and its next step completes the
   * acquisition (v6.17's {@code M9z}).
   */
  boolean waitsForItself(KState s, int t, int m) {
    if (s.mutexOwner(m) != t || (s.mutexFlags(m) & Layout.MUTEX_FLAG_PICKUP) != 0) {
      return false;
    }
    var next = queries.nextKernelStep(s, t);
    return !(next != null && next.function.name.equals("mutex_lock") && next.label.equals("M9z"));
  }

  /**
   * A wait-for cycle as a readable chain, or null: {@code t1 -> A -> t2 -> B -> t1} (mutexes
   * through blocked_on -> owner), {@code t1 -> spins on L -> t2} (a spinlock and its holder),
   * {@code t1 -> spins on rq_lock(0) held by cpu0's __schedule -> spins on wait_lock(A) -> t1}
   * (through a cpu's scheduler context). Named from a task where the cycle has one.
   */
  String cycle(KState s) {
    int[] next = waitFor(s);
    if (next == null) {
      return null;
    }
    int actors = layout.tasks + layout.cpus;
    // Each actor has at most one outgoing link: walk from each actor that has one, in the
    // order tasks then cpus, until a repeat (a cycle) or the end of the chain.
    int[] seen = new int[actors];
    for (int mark = 1, start = 0; start < actors; start++) {
      if (next[start] < 0) {
        continue;
      }
      int t = start;
      int first = mark;
      while (t >= 0 && seen[t] == 0) {
        seen[t] = mark++;
        t = next[t];
      }
      if (t < 0 || seen[t] < first) {
        continue; // the chain ends, or runs into one walked (and found acyclic) before
      }
      // Start the name at a task when the cycle has one.
      for (int u = t, i = 0; i < actors; i++, u = next[u]) {
        if (u < layout.tasks) {
          t = u;
          break;
        }
      }
      StringBuilder b = new StringBuilder();
      int u = t;
      do {
        b.append(actorName(u)).append(" -> ").append(via(next[actors + u]));
        u = next[u];
        b.append(u >= layout.tasks ? " held by " : " -> ");
      } while (u != t);
      b.append(actorName(t));
      return b.toString();
    }
    return null;
  }

  /**
   * Whether no task can ever run again in s although s has successors. Under proxy execution
   * a cpu goes on picking a donor whose blocked_on chain ends in a cycle for ever (for a task
   * blocked on its own mutex, find_proxy_task's {@code owner == p} goes idle and picks it
   * again), so a state where everything else is stuck is never terminal. True when some task
   * is on a wait-for cycle and every unfinished task is stuck for good: on a wait-for path
   * into a cycle, asleep off every runqueue with no wake queued or in flight (every task
   * that could wake it is stuck too), or queued behind a more important donor on a cycle.
   */
  boolean livelockedForGood(KState s) {
    if (!layout.pe) {
      return false; // without proxy execution such a state has no successors: terminal
    }
    boolean blockedDonor = false;
    for (int t = 0; t < layout.tasks; t++) {
      if (!s.exited(t) && s.onRq(t) != ON_RQ_NONE && s.blockedOn(t) >= 0) {
        blockedDonor = true;
      }
    }
    if (!blockedDonor) {
      return false;
    }
    int actors = layout.tasks + layout.cpus;
    int[] next = waitFor(s);
    if (next == null) {
      return false; // no wait-for link, so no cycle
    }
    boolean[] intoCycle = new boolean[layout.tasks];
    boolean anyCycle = false;
    for (int t = 0; t < layout.tasks; t++) {
      if (s.exited(t)) {
        continue;
      }
      int u = t;
      for (int i = 0; i <= actors && u >= 0; i++) {
        u = next[u];
      }
      intoCycle[t] = u >= 0; // still walking after more links than actors: it went round a cycle
      anyCycle |= intoCycle[t];
    }
    for (int t = 0; t < layout.tasks; t++) {
      if (s.exited(t) || intoCycle[t] || sleeping(s, t) && !s.onWakeQ(t) && !queries.wakePending(s, t)
          || starvedBehindACycle(s, t, intoCycle)) {
        continue;
      }
      return false;
    }
    return anyCycle;
  }

  /**
   * Whether t is queued, not running, neither blocked nor spinning, on a cpu where a strictly
   * more important donor on a wait-for cycle is queued: that cpu picks the donor for ever
   * (its find_proxy_task never finds a task to run), and nothing migrates t (no load
   * balancing), so t never runs again.
   */
  private boolean starvedBehindACycle(KState s, int t, boolean[] intoCycle) {
    if (s.onRq(t) == ON_RQ_NONE || s.runningOn(t) >= 0 || s.blockedOn(t) >= 0 || queries.inTransit(s, t)) {
      return false;
    }
    int c = s.taskCpu(t);
    if (!s.onRqList(c, t)) {
      return false;
    }
    for (int d = 0; d < layout.tasks; d++) {
      if (d != t && intoCycle[d] && !s.exited(d) && s.blockedOn(d) >= 0 && s.onRqList(c, d)
          && layout.taskPrio(d) < layout.taskPrio(t)) {
        return true;
      }
    }
    return false;
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
    int[] fw = queries.futexWait(s, t);
    if (fw == null) {
      return null;
    }
    int w = fw[0];
    int val = fw[1];
    String who = layout.taskName(t) + " sleeps in " + queries.syscallOf(s, t) + " on " + layout.wordName(w)
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
   * or in flight, and the mutex is free or was handed to it. A wake still to come from an
   * unlocker between U1 and its wake_q ({@link KernelQueries#mutexWakeToCome}) is not lost,
   * even if that unlocker can never run again (then the state is a deadlock, issue 6 D3).
   */
  String lostMutexWakeup(KState s, int t) {
    if (s.exited(t) || s.onRq(t) != ON_RQ_NONE || !queries.inMutexLock(s, t) || s.onWakeQ(t)
        || queries.wakePending(s, t)) {
      return null;
    }
    for (int m = 0; m < layout.mutexes; m++) {
      if (!s.mutexWaiters(m).contains(t) && s.blockedOn(t) != m) {
        continue;
      }
      if (queries.mutexWakeToCome(s, m)) {
        continue;
      }
      int o = s.mutexOwner(m);
      // Handed to it means owner == t with PICKUP; owner == t without it is t's own mutex
      // (a recursive lock: a deadlock, see waitsForItself), not a wake that went missing.
      if (o < 0 || o == t && (s.mutexFlags(m) & Layout.MUTEX_FLAG_PICKUP) != 0) {
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
      var next = queries.userStatement(s, t);
      String where = s.depth(t) > 0 ? "in " + String.join(" > ", queries.kernelStack(s, t))
          : next == null ? "at the end of its program (do_exit)" : "at '" + next.text() + "'";
      int l = model.spinningOn(s, t);
      String what = l >= 0 ? "spins on " + layout.lockName(l)
          : s.blockedOn(t) >= 0 ? "blocked on mutex " + layout.mutexName(s.blockedOn(t))
          : sleeping(s, t) ? "sleeps" : "cannot run";
      parts.add(layout.taskName(t) + " " + what + " " + where);
    }
    for (int c = 0; c < layout.cpus; c++) {
      int l = schedSpinningOn(s, c);
      if (l >= 0) {
        parts.add(actorName(layout.cpuActor(c)) + " spins on " + layout.lockName(l) + " in "
            + String.join(" > ", queries.schedStack(s, c)));
      }
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
