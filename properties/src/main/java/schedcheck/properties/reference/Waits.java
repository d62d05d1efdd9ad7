package schedcheck.properties.reference;

import java.util.ArrayList;
import java.util.List;
import schedcheck.model.reference.RefShape;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Stmt;

/** Who waits for whom in a reference state: the wait-for graph and the futex sleepers' wakes. */
final class Waits {
  final ReferenceModel model;
  final RefShape shape;

  Waits(ReferenceModel model) {
    this.model = model;
    this.shape = model.shape();
  }

  /**
   * The task t waits for in s (the owner of the mutex it is blocked on, or the holder of the
   * spinlock it spins on, possibly itself), or -1; {@code via[0]} gets the resource's name.
   */
  int waitsFor(RefState s, int t, String[] via) {
    if (shape.exited(s, t)) {
      return -1;
    }
    int l = model.spinningOn(s, t);
    if (l >= 0) {
      via[0] = "spins on " + shape.lockName(l);
      return shape.holder(s, l);
    }
    int m = shape.blockedOn(s, t);
    if (m >= 0) {
      via[0] = shape.mutexName(m);
      return shape.mutexOwner(s, m);
    }
    return -1;
  }

  /** A wait-for cycle named like {@code t1 -> A -> t2 -> B -> t1}, or null. */
  String cycle(RefState s) {
    int n = shape.tasks;
    int[] next = new int[n];
    String[] via = new String[n];
    String[] v = new String[1];
    for (int t = 0; t < n; t++) {
      next[t] = waitsFor(s, t, v);
      via[t] = v[0];
    }
    for (int start = 0; start < n; start++) {
      int[] seen = new int[n];
      int t = start;
      int step = 1;
      while (t >= 0 && seen[t] == 0) {
        seen[t] = step++;
        t = next[t];
      }
      if (t >= 0) {
        StringBuilder b = new StringBuilder();
        int u = t;
        do {
          b.append(shape.taskName(u)).append(" -> ").append(via[u]).append(" -> ");
          u = next[u];
        } while (u != t);
        return b.append(shape.taskName(t)).toString();
      }
    }
    return null;
  }

  /**
   * Why sleeper t (asleep in a futex wait) waits for a wake that already came, or null: its word
   * no longer holds the value it slept on, or a wake on it by another task woke fewer than it
   * asked for after t last returned from a wait on that word (or ever, if it never did).
   */
  String lostWakeup(RefState s, int t) {
    if (shape.kind(s, t) != RefShape.FUTEX) {
      return null;
    }
    int x = shape.futexWaitWord(s, t);
    int val = shape.futexWaitValue(s, t);
    String call = model.nextStatement(s, t) instanceof Stmt.FutexSwap ? "futex_swap" : "futex_wait";
    String who = shape.taskName(t) + " sleeps in " + call + " on " + shape.wordName(x) + " (went to sleep on "
        + shape.wordName(x) + " == " + val + ")";
    if (shape.word(s, x) != val) {
      return who + ", but " + shape.wordName(x) + " is now " + shape.word(s, x) + " and no wake will come";
    }
    if ((shape.missed(s, t) & (1 << x)) != 0) {
      return who + ": a wake on " + shape.wordName(x) + " by another task woke fewer tasks than it asked for after "
          + shape.taskName(t) + " last returned from a wait on it, and nothing will wake it now";
    }
    return null;
  }

  /** The first lost wakeup of a stuck state, or null. */
  String lostWakeup(RefState s) {
    for (int t = 0; t < shape.tasks; t++) {
      String why = lostWakeup(s, t);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  boolean allExited(RefState s) {
    for (int t = 0; t < shape.tasks; t++) {
      if (!shape.exited(s, t)) {
        return false;
      }
    }
    return true;
  }

  /** Whether every unfinished task is blocked on a mutex or spins on a spinlock. */
  boolean allBlockedOnLocks(RefState s) {
    for (int t = 0; t < shape.tasks; t++) {
      if (!shape.exited(s, t) && model.spinningOn(s, t) < 0 && shape.blockedOn(s, t) < 0) {
        return false;
      }
    }
    return true;
  }

  /** What each unfinished task is doing, for a person. */
  String unfinished(RefState s) {
    List<String> parts = new ArrayList<>();
    for (int t = 0; t < shape.tasks; t++) {
      if (shape.exited(s, t)) {
        continue;
      }
      Stmt next = model.nextStatement(s, t);
      String where = next == null ? "at the end of its program" : "at '" + next.text() + "'";
      int l = model.spinningOn(s, t);
      String what = l >= 0 ? "spins on " + shape.lockName(l)
          : shape.blockedOn(s, t) >= 0 ? "blocked on mutex " + shape.mutexName(shape.blockedOn(s, t))
          : shape.kind(s, t) == RefShape.FUTEX ? "sleeps" : "cannot run";
      parts.add(shape.taskName(t) + " " + what + " " + where);
    }
    return String.join("; ", parts);
  }
}
