package schedcheck.properties;

import static schedcheck.model.kernel.Layout.ON_RQ_MIGRATING;
import static schedcheck.model.kernel.Layout.ON_RQ_NONE;
import static schedcheck.model.kernel.Layout.ON_RQ_QUEUED;
import static schedcheck.model.kernel.Layout.TASK_RUNNING;

import java.util.List;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;

/**
 * {@code invariants}: the kernel model's built-in consistency invariants (domain reference
 * invariants.md), checked in every state: INV-1 task conservation (no orphan), INV-2
 * runqueue membership, INV-3.1 affinity of execution contexts, INV-10 futex queue
 * consistency. A violation names a bug in the kernel variant under test.
 */
public final class Invariants extends StateProperty {

  public Invariants(KernelModel model) {
    super(model, "invariants");
  }


  private Violation v(String inv, String msg) {
    return Violation.of(name(), inv, inv + ": " + msg);
  }

  @Override
  protected Violation check(KState s) {
    Layout L = model.layout();
    // INV-2 runqueue membership and single execution.
    for (int t = 0; t < L.tasks; t++) {
      int rqs = 0;
      for (int c = 0; c < L.cpus; c++) {
        if (s.onRqList(c, t)) {
          rqs++;
          if (s.onRq(t) != ON_RQ_QUEUED || s.taskCpu(t) != c) {
            return v("INV-2", task(t) + " is on cpu" + c + "'s runqueue but on_rq=" + s.onRq(t)
                + ", task_cpu=" + s.taskCpu(t));
          }
        }
      }
      if (rqs > 1) {
        return v("INV-2", task(t) + " is on " + rqs + " runqueues");
      }
      if (s.onRq(t) == ON_RQ_QUEUED && !s.onRqList(s.taskCpu(t), t)) {
        return v("INV-2", task(t) + " has on_rq=QUEUED but is not on cpu" + s.taskCpu(t) + "'s runqueue");
      }
      int running = 0;
      for (int c = 0; c < L.cpus; c++) {
        if (s.curr(c) == t) {
          running++;
          if (s.exited(t)) {
            return v("INV-2", task(t) + " has exited but is curr of cpu" + c);
          }
          if (!L.scenario.kernel().proxy() && !s.onRqList(c, t)) {
            return v("INV-2", task(t) + " is curr of cpu" + c + " but not on its runqueue");
          }
          if (!L.allowed(t, c)) {
            return v("INV-3", task(t) + " executes on cpu" + c + ", outside its affinity");
          }
        }
      }
      if (running > 1) {
        return v("INV-2", task(t) + " is current on " + running + " cpus at once");
      }
    }
    // INV-10 futex queue consistency.
    for (int b = 0; b < L.buckets; b++) {
      List<Integer> chain = s.chain(b);
      if (s.waiters(b) < chain.size()) {
        return v("INV-10", "hb(" + L.bucketName(b) + ").waiters = " + s.waiters(b) + " < " + chain.size()
            + " queued futex_q");
      }
      for (int t : chain) {
        int w = s.futexWord(t);
        if (w < 0 || L.bucketOf(w) != b || !s.futexLockPtr(t)) {
          return v("INV-10", task(t) + "'s futex_q is on hb(" + L.bucketName(b) + ") but its key or lock_ptr disagree");
        }
      }
    }
    // INV-1 task conservation: every live task is queued, in transit, or findable.
    for (int t = 0; t < L.tasks; t++) {
      if (s.exited(t)) {
        if (s.onRq(t) != ON_RQ_NONE) {
          return v("INV-1", task(t) + " has exited but is still on a runqueue");
        }
        continue;
      }
      int onRq = s.onRq(t);
      if (onRq == ON_RQ_QUEUED || onRq == ON_RQ_MIGRATING) {
        continue;
      }
      if (s.taskState(t) == TASK_RUNNING) {
        return v("INV-1", task(t) + " is TASK_RUNNING but on no runqueue");
      }
      boolean findable = s.onFutexChain(t) || s.onWakeQ(t) || model.wakePending(s, t)
          || s.blockedOn(t) >= 0 && s.mutexWaiters(s.blockedOn(t)).contains(t)
          || isMutexWaiter(s, t);
      if (!findable) {
        return v("INV-1", task(t) + " sleeps off every runqueue and no wake source can find it"
            + " (not on a futex chain or mutex wait_list, no wake pending): it can never run again");
      }
    }
    return null;
  }

  private boolean isMutexWaiter(KState s, int t) {
    for (int m = 0; m < model.layout().mutexes; m++) {
      if (s.mutexWaiters(m).contains(t)) {
        return true;
      }
    }
    return false;
  }
}
