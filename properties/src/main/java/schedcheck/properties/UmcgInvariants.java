package schedcheck.properties;

import static schedcheck.model.kernel.Layout.ON_RQ_NONE;
import static schedcheck.model.kernel.Layout.TASK_INTERRUPTIBLE;

import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StateView;
import schedcheck.model.kernel.UmcgQueries;

/**
 * INV-11, UMCG (invariants.md, restated for Peter Zijlstra's rework; docs/umcg.md), checked
 * by {@code invariants} in every state of a scenario that uses UMCG:
 *
 * <ol>
 *   <li>a RUNNING worker has a server (its server_tid names a live registered server);
 *   <li>every RUNNABLE worker (not on its way into sys_umcg_wait, UMCG_TF_COND_WAIT) is on its
 *       server's runnable list, or in flight: inside a UMCG system call or hook, or held by
 *       user space (named by a server's register or by an unconsumed next_tid);
 *   <li>at most one RUNNING worker per server;
 *   <li>no wake of a UMCG task is lost: none sleeps in umcg_wait with its state RUNNING and
 *       no try_to_wake_up of it under way;
 *   <li>a worker on a runnable list is RUNNABLE (user space takes it off the list before its
 *       state changes; the kernel changes it only through next_tid of its own group).
 * </ol>
 *
 * <p>Under umcg-v0.9.1 (docs/umcg.md "v0.9.1") the same five, with IDLE for RUNNABLE (the same
 * value, 2) and the process-wide idle-workers stack counting as a worker's list (2 and 5); a
 * RUNNING worker's server is the one that ran it (v0.9.1's next_tid, kept as its server_tid).
 */
final class UmcgInvariants {
  private UmcgInvariants() {}

  /** Why s breaks INV-11, or null. */
  static String check(KernelModel model, KState s) {
    UmcgQueries u = model.queries().umcg();
    if (u == null) {
      return null;
    }
    Layout L = model.layout();
    for (int t = 0; t < L.tasks; t++) {
      if (s.exited(t)) {
        continue;
      }
      boolean worker = u.isWorker(s, t);
      int st = u.state(s, t);
      if (worker && st == UmcgQueries.RUNNING) {
        int sv = u.server(s, t);
        if (sv < 0 || s.exited(sv) || !u.isServer(s, sv)) {
          return L.taskName(t) + " is a RUNNING worker without a server";
        }
        for (int o = t + 1; o < L.tasks; o++) {
          if (!s.exited(o) && u.isWorker(s, o) && u.state(s, o) == UmcgQueries.RUNNING && u.server(s, o) == sv) {
            return L.taskName(t) + " and " + L.taskName(o) + " are both RUNNING workers of " + L.taskName(sv);
          }
        }
      }
      if (worker && st == UmcgQueries.RUNNABLE && !u.condWait(s, t)) {
        int sv = u.server(s, t);
        boolean listed = sv >= 0 && (u.runnableList(s, sv) & (1 << t)) != 0
            || (u.idleWorkers(s) & (1 << t)) != 0;
        if (!listed && !u.inUmcgCall(s, t) && !heldByUser(model, u, s, t)) {
          return L.taskName(t) + " is a " + u.name(st) + " worker on no " + (u.name(st).equals("IDLE")
              ? "idle-workers stack" : "runnable list") + " and in no UMCG call, and no server holds it";
        }
      }
      if (worker && (u.idleWorkers(s) & (1 << t)) != 0 && st != UmcgQueries.RUNNABLE) {
        return L.taskName(t) + " is on the idle-workers stack but its state is " + u.name(st);
      }
      if (worker) {
        for (int sv = 0; sv < L.tasks; sv++) {
          if (u.isServer(s, sv) && (u.runnableList(s, sv) & (1 << t)) != 0 && st != UmcgQueries.RUNNABLE) {
            return L.taskName(t) + " is on " + L.taskName(sv) + "'s runnable list but its state is "
                + UmcgQueries.stateName(st);
          }
        }
      }
      if ((worker || u.isServer(s, t)) && st == UmcgQueries.RUNNING && s.onRq(t) == ON_RQ_NONE
          && s.taskState(t) == TASK_INTERRUPTIBLE && u.waitingInUmcgWait(s, t) && !u.wakePending(s, t)) {
        return L.taskName(t) + " sleeps in umcg_wait although its state is RUNNING, and no wake-up is under way:"
            + " the wake-up was lost";
      }
    }
    return null;
  }

  private static boolean heldByUser(KernelModel model, UmcgQueries u, StateView s, int t) {
    Layout L = model.layout();
    for (int o = 0; o < L.tasks; o++) {
      if (s.exited(o) || !u.isServer(s, o)) {
        continue;
      }
      if (u.next(s, o) == t && !u.nextConsumed(s, o)) {
        return true;
      }
      for (int r = 0; r < L.regs(o); r++) {
        if (s.reg(o, r) == t + 1) {
          return true;
        }
      }
    }
    return false;
  }
}
