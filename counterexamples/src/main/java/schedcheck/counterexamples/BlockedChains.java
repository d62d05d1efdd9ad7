package schedcheck.counterexamples;

import java.util.ArrayList;
import java.util.List;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StateView;

/**
 * The blocked_on chains of a state, written as kernel developers draw them:
 * {@code t1 -> A -> t2 -> B -> t3} (task, the mutex it is blocked on, that mutex's owner,
 * ...), ending at a task that is not blocked, at a mutex with no owner ({@code A -> none}),
 * or closing a cycle ({@code ... -> t1 (cycle)}).
 */
public final class BlockedChains {
  private BlockedChains() {}

  public static List<String> of(StateView s) {
    Layout layout = s.layout;
    int n = layout.tasks;
    boolean[] awaited = new boolean[n];
    for (int t = 0; t < n; t++) {
      int m = s.blockedOn(t);
      if (m >= 0 && s.mutexOwner(m) >= 0 && s.mutexOwner(m) != t) {
        awaited[s.mutexOwner(m)] = true;
      }
    }
    List<String> out = new ArrayList<>();
    boolean[] shown = new boolean[n];
    // Chains from their heads: blocked tasks nobody waits for.
    for (int t = 0; t < n; t++) {
      if (s.blockedOn(t) >= 0 && !awaited[t]) {
        out.add(walk(s, t, shown));
      }
    }
    // What is left of the blocked tasks lies on cycles.
    for (int t = 0; t < n; t++) {
      if (s.blockedOn(t) >= 0 && !shown[t]) {
        out.add(walk(s, t, shown));
      }
    }
    return out;
  }

  private static String walk(StateView s, int start, boolean[] shown) {
    Layout layout = s.layout;
    StringBuilder b = new StringBuilder(layout.taskName(start));
    boolean[] seen = new boolean[layout.tasks];
    int t = start;
    while (true) {
      seen[t] = true;
      shown[t] = true;
      int m = s.blockedOn(t);
      if (m < 0) {
        return b.toString();
      }
      int owner = s.mutexOwner(m);
      b.append(" -> ").append(layout.mutexName(m)).append(" -> ");
      if (owner < 0) {
        return b.append("none").toString();
      }
      b.append(layout.taskName(owner));
      if (owner == t) {
        // Handed to t (PICKUP): it picks the mutex up next; otherwise t waits for itself.
        boolean pickup = (s.mutexFlags(m) & Layout.MUTEX_FLAG_PICKUP) != 0;
        return b.append(pickup ? " (handoff pending)" : " (cycle)").toString();
      }
      if (seen[owner]) {
        return b.append(" (cycle)").toString();
      }
      t = owner;
    }
  }
}
