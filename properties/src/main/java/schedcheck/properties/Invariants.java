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
          if (s.exited(t) && !queries.inSchedule(s, c)) {
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
    if (L.pe) {
      Violation pv = checkProxy(s);
      if (pv != null) {
        return pv;
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
      if (onRq == ON_RQ_QUEUED) {
        continue;
      }
      if (onRq == ON_RQ_MIGRATING) {
        if (L.pe && !queries.inTransit(s, t)) {
          return v("INV-1", task(t) + " is on_rq MIGRATING but no proxy helper holds it in transit");
        }
        continue;
      }
      if (s.taskState(t) == TASK_RUNNING) {
        return v("INV-1", task(t) + " is TASK_RUNNING but on no runqueue");
      }
      boolean findable = s.onFutexChain(t) || s.onWakeQ(t) || queries.wakePending(s, t)
          || s.blockedOn(t) >= 0 && s.mutexWaiters(s.blockedOn(t)).contains(t)
          || isMutexWaiter(s, t)
          || queries.umcg() != null && queries.umcg().inUmcg(s, t); // UMCG: found by TID (docs/umcg.md)
      if (!findable) {
        return v("INV-1", task(t) + " sleeps off every runqueue and no wake source can find it"
            + " (not on a futex chain or mutex wait_list, no wake pending): it can never run again");
      }
    }
    // INV-11 UMCG (registration edit; UmcgInvariants, docs/umcg.md).
    String umcg = UmcgInvariants.check(model, s);
    if (umcg != null) {
      return v("INV-11", umcg);
    }
    return null;
  }

  /**
   * The Proxy Execution invariants (invariants.md): INV-2.2/2.3/2.5 (curr vs donor), INV-2.4
   * (a blocked task never executes), INV-3.2 (only blocked donors sit outside their
   * affinity), INV-4.2 (waiter consistency), INV-4.6 (v7.2: TASK_RUNNING implies no
   * blocked_on), INV-12.1 (wake_cpu stays an allowed cpu).
   */
  private Violation checkProxy(KState s) {
    Layout L = model.layout();
    int version = model.kernel().version();
    for (int c = 0; c < L.cpus; c++) {
      boolean rqFree = s.holder(L.rqLock(c)) < 0;
      int d = s.donor(c);
      int curr = s.curr(c);
      // INV-2.2: the scheduling context of one cpu never executes on another.
      if (d >= 0) {
        int on = s.runningOn(d);
        if (on >= 0 && on != c) {
          return v("INV-2", task(d) + " is the donor of cpu" + c + " while it executes on cpu" + on
              + " (one task on two cpus)");
        }
      }
      if (!rqFree || queries.inSchedule(s, c)) {
        continue;
      }
      // INV-2.3: rq->donor is queued here (or idle) whenever the rq lock is free.
      if (d >= 0 && !s.onRqList(c, d)) {
        return v("INV-2", "rq->donor of cpu" + c + " is " + task(d) + ", which is not on its runqueue (on_rq="
            + s.onRq(d) + ", task_cpu=" + s.taskCpu(d) + ")");
      }
      if (curr >= 0) {
        if (!s.onRqList(c, curr)) {
          return v("INV-2", task(curr) + " executes on cpu" + c + " but is not on its runqueue (on_rq="
              + s.onRq(curr) + ")");
        }
        // INV-2.4: a task switched in right after blocking in mutex_lock must have been unblocked.
        if (queries.resumesInMutexLock(s, curr) && (s.blockedOn(curr) >= 0 || s.proxyWaking(curr))) {
          return v("INV-2", task(curr) + " executes on cpu" + c + " while still blocked: "
              + queries.blockedOnChain(s, curr));
        }
      }
    }
    for (int t = 0; t < L.tasks; t++) {
      if (s.exited(t)) {
        continue;
      }
      int m = s.blockedOn(t);
      boolean blocked = m >= 0 || s.proxyWaking(t) || s.isBlocked(t);
      // INV-3.2: outside its affinity only as a blocked donor, and wake_cpu still allowed.
      if (s.onRq(t) == ON_RQ_QUEUED && !L.allowed(t, s.taskCpu(t)) && !blocked) {
        return v("INV-3", task(t) + " is queued on cpu" + s.taskCpu(t)
            + ", outside its affinity, but is no longer blocked: nothing will return it");
      }
      if (!L.allowed(t, s.wakeCpu(t))) {
        return v("INV-12", task(t) + "'s wake_cpu " + s.wakeCpu(t) + " is outside its affinity");
      }
      // INV-4.2: waiter consistency.
      if (m >= 0 && !s.mutexWaiters(m).contains(t)) {
        return v("INV-4", task(t) + "->blocked_on = " + L.mutexName(m) + " but it is not on its wait_list");
      }
      // INV-4.6 (v7.2): TASK_RUNNING implies blocked_on == NULL where the rq lock is free.
      if (version >= schedcheck.model.kernel.Kernel.V7_2 && m >= 0 && s.taskState(t) == TASK_RUNNING
          && s.holder(L.rqLock(s.taskCpu(t))) < 0) {
        return v("INV-4", task(t) + " is TASK_RUNNING with blocked_on = " + L.mutexName(m)
            + " (v7.2 requires TASK_RUNNING => blocked_on == NULL)");
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

  /** Its monitors remember nothing: workers of the parallel search evaluate it on their model copies. */
  @Override
  public schedcheck.checker.Property<KState, schedcheck.model.kernel.StepInfo> replica(
      schedcheck.checker.Model<KState, schedcheck.model.kernel.StepInfo> copy) {
    return new Invariants((KernelModel) copy);
  }
}
