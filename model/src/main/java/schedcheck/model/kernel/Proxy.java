package schedcheck.model.kernel;

import static schedcheck.model.kernel.Layout.FLAG_IS_BLOCKED;
import static schedcheck.model.kernel.Layout.FLAG_PROXY_WAKING;
import static schedcheck.model.kernel.Layout.ON_RQ_MIGRATING;
import static schedcheck.model.kernel.Layout.ON_RQ_NONE;
import static schedcheck.model.kernel.Layout.ON_RQ_QUEUED;
import static schedcheck.model.kernel.Layout.TASK_DEAD;
import static schedcheck.model.kernel.Layout.TASK_RUNNING;

import java.util.function.Predicate;

/**
 * Proxy Execution: {@code __schedule} as steps C1..C6 on per-cpu scheduler frames, and
 * {@code find_proxy_task} (F1..F12) with its helpers {@code proxy_resched_idle},
 * {@code proxy_deactivate}, {@code proxy_migrate_task} (v7.1+) and
 * {@code proxy_force_return} (v7.1 only); plus v7.2's {@code proxy_needs_return}, which
 * {@code ttwu_runnable} calls. Domain reference proxy-execution.md sections 6 to 9; the
 * comments name the version each step follows.
 *
 * <p>The scheduler frames belong to the cpu: a step holds the rq lock (and, in the walk,
 * one wait_lock and one blocked_lock) as the cpu's scheduler context. While a cpu has
 * scheduler frames, its only step is the top one.
 *
 * <p>Locals. __schedule: {prev, mode, next (task locals, -1 for idle), keep need_resched,
 * result}; find_proxy_task: {donor, p, m, walk = hops * 2 + curr_in_chain (two bit fields),
 * owner (and callee result)}; helpers: {task, target cpu}. find_proxy_task returns {@link #NONE} (pick again),
 * {@link #IDLE} (run rq->idle) or {@code task + 2}.
 */
final class Proxy {
  // ---- Proxy Execution: known bugs, each patching the steps it changes when a function is built ----
  // (The versions, which change several subsystems, are declared in Variants.)
  // (C.P4, owner == p at F10, is not offered: in the model of the merged versions the
  // unlocker clears or marks the handoff target's blocked_on in the same wait_lock hold as
  // the handoff, so the walk's F3 re-check catches it first and F10 is unreachable.)
  // (C.P3, the ABBA livelock of find_proxy_task, is in every merged version: it needs no
  // variant; examples/proxy/abba-p3.yaml expects it as a deadlock under each version.)

  static final Variants.Group VARIANTS = Variants.group(Variants.RANK_PE_BUGS);

  static final Variant P1 = VARIANTS.add(new Variant(
      "pe-p1-wake-without-return",
      "v7.1 mutex_unlock U3 clears the woken donor's blocked_on instead of marking it PROXY_WAKING, so nothing returns a proxy-migrated donor to its affinity",
      "C.P1"), Variants.PE_V7_1);
  static final Variant P5 = VARIANTS.add(new Variant(
      "pe-p5-stale-owner-cpu",
      "find_proxy_task drops the MIGRATING check (F8) and the re-check that the owner is queued on this cpu (F9)",
      "C.P5"));
  static final Variant P6 = VARIANTS.add(new Variant(
      "pe-p6-deactivate-before-idle",
      "proxy_deactivate dequeues the donor before proxy_resched_idle() switches rq->donor away from it",
      "C.P6"));
  static final Variant P7 = VARIANTS.add(new Variant(
      "pe-p7-migrate-curr",
      "find_proxy_task ignores curr_in_chain (v7.1+; v6.17 has no such test): it migrates (or deactivates) a chain that contains rq->curr, i.e. prev, before switching away from it",
      "C.P7"), Variants.PE_V7_1, Variants.PE_V7_2);
  static final Variant P11 = VARIANTS.add(new Variant(
      "pe-p11-wake-keeps-blocked-on",
      "v7.2 without the TASK_RUNNING => !blocked_on rule: neither mutex_unlock (U3) nor ttwu_runnable clears a woken waiter's blocked_on, so find_proxy_task may deactivate a TASK_RUNNING task (reconstruction: the fix's text was not found)",
      "C.P11"), Variants.PE_V7_2);

  // ---- Synthetic variants: not from known-bugs (reproduces ""), each breaks one step so
  // that an invariant the merged kernels keep has a violating example. ----

  static final Variant X_WAKE_CPU = VARIANTS.add(new Variant(
      "pe-x-set-task-cpu-clobbers-wake-cpu",
      "synthetic: proxy_migrate_task (MG1) moves the donor with set_task_cpu instead of proxy_set_task_cpu, so wake_cpu becomes the owner's cpu, outside the donor's affinity; not from known-bugs, to exercise INV-12.1",
      ""), Variants.PE_V7_1, Variants.PE_V7_2);
  static final Variant X_NO_ENQUEUE = VARIANTS.add(new Variant(
      "pe-x-migrate-never-enqueues",
      "synthetic: proxy_migrate_task's MG2 never activates the donor on the target cpu, so it stays on_rq MIGRATING with no helper to enqueue it; not from known-bugs, to exercise INV-1 (in transit)",
      ""), Variants.PE_V7_1, Variants.PE_V7_2);

  static final int SM_NONE = 0;
  static final int SM_PREEMPT = 1;
  /** A tick (or sched_yield): preemption in favour of an equally important task. */
  static final int SM_TICK = 2;
  /** An idle cpu picks. */
  static final int SM_IDLE = 3;

  static final int NONE = 0;
  static final int IDLE = 1;

  /** find_proxy_task's result for "run task p" (distinct from {@link #NONE} and {@link #IDLE}). */
  static int found(int p) {
    return p + 2;
  }

  /** The task a {@link #found} result names. */
  static int foundTask(int result) {
    return result - 2;
  }

  private final Kernel k;
  private final Layout layout;
  final KFunction schedule;
  final KFunction findProxy;
  final KFunction deactivate;
  final KFunction migrate;
  final KFunction forceReturn;
  /** find_proxy_task's locals the walk's helpers read (set when the function is built). */
  private Local walkDonor;
  private Local walkP;
  private Local walkM;
  private Local walkCurrInChain;
  /** The task proxy_migrate_task and proxy_force_return move (for {@link #inTransit}). */
  private final Local migrateP;
  private final Local forceReturnP;

  Proxy(Kernel k) {
    this.k = k;
    this.layout = k.layout;
    deactivate = buildDeactivate();
    // proxy_migrate_task came with v7.1, proxy_force_return only in v7.1.
    migrate = k.peVersion != Variants.PE_V6_17 ? buildMigrate() : null;
    forceReturn = k.peVersion == Variants.PE_V7_1 ? buildForceReturn() : null;
    migrateP = migrate != null ? migrate.localNamed("p") : null;
    forceReturnP = forceReturn != null ? forceReturn.localNamed("p") : null;
    findProxy = buildFindProxy();
    schedule = buildSchedule();
  }

  private String name(int t) {
    return t < 0 ? "idle" : layout.taskName(t);
  }

  // ------------------------------------------------------------------ blocked tests

  /** A test of task p, chosen when a function is built. */
  @FunctionalInterface
  private interface TaskTest {
    boolean test(StateView s, int p);
  }

  /** A piece of a step that acts on task p, chosen when the function is built. */
  @FunctionalInterface
  private interface OnTask {
    void run(Ctx c, int p);
  }

  private static final OnTask NOTHING_TO = (c, p) -> {};

  /**
   * task_is_blocked(p), chosen for steps {@code labels} of {@code f}: v6.17 and v7.1 test
   * blocked_on (PROXY_WAKING counts as set); v7.2's __schedule and walk test is_blocked.
   */
  private static TaskTest taskIsBlocked(KFunction f, String label) {
    TaskTest blockedOn = (s, p) -> s.blockedOn(p) >= 0 || s.proxyWaking(p);
    return f.byVersion(blockedOn, blockedOn, (s, p) -> s.isBlocked(p), label);
  }

  // ------------------------------------------------------------------ entry

  /**
   * Enters __schedule on the acting cpu (for prev, -1 when the cpu is idle) and runs C1 in
   * the same transition; the caller made sure the rq lock is free.
   */
  void enter(Ctx c, int prev, int mode) {
    c.pushSched(schedule, prev, mode);
    schedule.entry().body.run(c);
  }

  /** proxy_resched_idle: rq->donor = idle, need_resched on idle; returns IDLE. */
  int reschedIdle(Ctx c, int cpu) {
    c.w.setDonor(cpu, -1);
    c.w.setNeedResched(cpu, true);
    c.note("proxy_resched_idle: donor = idle");
    return IDLE;
  }

  // ------------------------------------------------------------------ __schedule

  /**
   * __schedule with proxy execution. Sources: C2's should_block = !task_is_blocked(prev) and
   * C5's call of find_proxy_task, tip commits be41bde4c3a8 and 7de9d4f94638 (v6.17); C4's
   * next->blocked_donor = NULL, commit 1628b25248d0 (v7.2); C2 setting is_blocked and the
   * is_blocked tests, commits 4c2a20413d7f and be365ce2bc20 (v7.2; that only mutex-blocked
   * prevs get is_blocked is a reconstruction, see Variants.sources).
   */
  private KFunction buildSchedule() {
    KFunction f = k.function("__schedule");
    Local prevL = f.taskLocal("prev"); // -1: the cpu was idle
    Local mode = f.local("mode");
    Local nextL = f.taskLocal("next"); // -1: idle
    Local keepResched = f.local("keep_resched");
    // The Proxy Execution version's pieces, chosen here.
    TaskTest isBlocked = taskIsBlocked(f, "C5");
    OnTask setIsBlocked = (c, p) -> c.w.setFlag(p, FLAG_IS_BLOCKED, true);
    // v7.2: the real blocking path sets is_blocked
    OnTask blocks = f.byVersion(NOTHING_TO, NOTHING_TO, setIsBlocked, "C2");
    OnTask clearDonorLink = (c, p) -> c.w.setBlockedDonor(p, -1);
    OnTask picked = f.byVersion(NOTHING_TO, NOTHING_TO, clearDonorLink, "C3");
    signalLock = f.byVersion((s, prev) -> s.blockedOn(prev) >= 0 ? layout.waitLock(s.blockedOn(prev)) : -1,
        (s, prev) -> layout.blockedLock(prev), (s, prev) -> layout.blockedLock(prev), "C2");
    f.step("C1", "rq_lock(rq); update_rq_clock", c -> layout.rqLock(c.cpu), c -> {
      c.lock(layout.rqLock(c.cpu));
      c.next("C2");
    });
    f.step("C2", "try_to_block_task(prev) unless preempted or RUNNING; signal pending? TASK_RUNNING", c -> {
      int l = signalLock(c.view, c.get(prevL), c.get(mode));
      return l;
    }, c -> {
      int prev = c.get(prevL);
      if (c.get(mode) == SM_NONE && prev >= 0) {
        int st = c.w.taskState(prev);
        if (c.w.signalPendingState(st, prev)) {
          // signal_pending_state: prev is not blocked; a mutex waiter's blocked_on is
          // cleared (under its blocked_lock, or v6.17's wait_lock) so that it is no donor.
          int l = signalLock(c.w, prev, c.get(mode));
          if (l >= 0) {
            c.lock(l);
          }
          k.signalKeepsRunning(c, prev);
          if (l >= 0) {
            c.unlock(l);
          }
        } else if (st == TASK_DEAD) {
          c.note(name(prev) + " exits");
        } else if (st != TASK_RUNNING) {
          if (c.w.blockedOn(prev) >= 0 || c.w.proxyWaking(prev)) {
            // should_block = !task_is_blocked(prev): a mutex waiter stays queued as a donor.
            blocks.run(c, prev);
            c.note(name(prev) + " blocked on " + layout.mutexName(Math.max(0, c.w.blockedOn(prev)))
                + ": stays queued as a donor");
          } else {
            k.deactivate(c.w, prev);
            c.note(name(prev) + " sleeps");
          }
        }
      }
      c.next("C3");
    });
    f.step("C3", "pick_again: next = pick_next_task; C4 rq->donor = next", c -> {
      int mask = k.bestQueued(c.w, c.cpu);
      if (c.get(mode) == SM_TICK) {
        int d = c.w.donor(c.cpu);
        if (d >= 0 && (mask & (1 << d)) != 0 && (mask & ~(1 << d)) != 0) {
          mask &= ~(1 << d);
        }
      }
      int next = pick(c, mask);
      c.set(nextL, next);
      c.set(keepResched, 0);
      c.w.setDonor(c.cpu, next);
      if (next >= 0) {
        picked.run(c, next);
      }
      c.note("picks " + name(next));
      c.next("C5");
    });
    f.step("C5", "next blocked? next = find_proxy_task(rq, next); C6 context switch", c -> {
      int next = c.get(nextL);
      if (next >= 0 && isBlocked.test(c.w, next)) {
        c.call(findProxy, "C5r", next, next, 0, 0);
        return;
      }
      switchTo(c, next, false);
    });
    f.step("C5r", "find_proxy_task returned: NULL -> pick_again; C6 context switch", c -> {
      int r = c.result();
      if (r == NONE) {
        c.note("pick again");
        c.next("C3");
        return;
      }
      switchTo(c, r == IDLE ? -1 : foundTask(r), r == IDLE);
    });
    return f;
  }

  /**
   * The lock C2 takes to clear the blocked_on of a prev that a pending signal keeps
   * TASK_RUNNING: v7.1+ prev->blocked_lock, v6.17 the mutex's wait_lock; -1 otherwise.
   */
  private int signalLock(StateView s, int prev, int mode) {
    if (mode != SM_NONE || prev < 0 || !s.signalPendingState(s.taskState(prev), prev)) {
      return -1;
    }
    if (s.blockedOn(prev) < 0 && !s.proxyWaking(prev)) {
      return -1;
    }
    return signalLock.lock(s, prev);
  }

  /** C2's lock for the blocked_on clear: v7.1+ prev->blocked_lock, v6.17 the wait_lock (chosen when __schedule is built). */
  private SignalLock signalLock;

  @FunctionalInterface
  private interface SignalLock {
    int lock(StateView s, int prev);
  }

  private int pick(Ctx c, int mask) {
    int n = Integer.bitCount(mask);
    if (n == 0) {
      return -1;
    }
    int kth = c.choose(n);
    for (int t = 0; t < layout.tasks; t++) {
      if ((mask & (1 << t)) != 0 && kth-- == 0) {
        return t;
      }
    }
    return -1;
  }

  /** C6: rq->curr = next (the execution context); release the rq lock; leave __schedule. */
  private void switchTo(Ctx c, int next, boolean keepResched) {
    int prevCurr = c.w.curr(c.cpu);
    c.w.setCurr(c.cpu, next);
    c.w.setNeedResched(c.cpu, keepResched);
    if (next != prevCurr) {
      int d = c.w.donor(c.cpu);
      c.note("C6: switch to " + name(next) + (d != next && d >= 0 ? " (donor " + name(d) + ")" : ""));
    }
    c.unlock(layout.rqLock(c.cpu));
    c.ret(0);
  }

  // ------------------------------------------------------------------ find_proxy_task

  /** F5 when p runs to retry the ownerless mutex m (its blocked_on already cleared). */
  private void retries(Ctx c, int p, int m) {
    unlockLink(c);
    c.note("F5: " + layout.mutexName(m) + " has no owner: " + name(p) + " runs to retry");
    c.ret(found(p));
  }

  /** Drops the walk's locks: p->blocked_lock (v7.1+, chosen when find_proxy_task is built), m->wait_lock. */
  private void unlockLink(Ctx c) {
    int p = c.get(walkP);
    int m = c.get(walkM);
    unlockBlockedLock.run(c, p);
    c.unlock(layout.waitLock(m));
  }

  private OnTask unlockBlockedLock;

  /**
   * F4 curr_in_chain: whether rq->curr was met on the walk, so that a remote or sleeping owner
   * yields to idle instead of moving or deactivating part of the chain. The test came with
   * proxy migration (v7.1, commit b049b81bdff6 "sched: Handle blocked-waiter migration (and
   * return migration)"; the v23 6/9 diff adds {@code bool curr_in_chain} to a function that
   * had only {@code FOUND, DEACTIVATE_DONOR}). Merged v6.17 (commit 7de9d4f94638 "sched:
   * Start blocked_on chain processing in find_proxy_task()") has no such test: a remote or
   * sleeping owner always deactivates the donor. Variant pe-p7 drops it from v7.1+.
   */
  private boolean currInChain(Ctx c) {
    return currInChain.test(c);
  }

  /** The walk's curr_in_chain test (v7.1+, not under variant pe-p7), chosen when find_proxy_task is built. */
  private Predicate<Ctx> currInChain;

  /** F5, the rest of F3 when p's mutex m has no owner: a version's choice. */
  @FunctionalInterface
  private interface Link {
    void run(Ctx c, int donor, int p, int m);
  }

  /** F6 or F7's move when owner sleeps or runs elsewhere (on cpu ownerCpu): a version's choice. */
  @FunctionalInterface
  private interface OwnerMove {
    void run(Ctx c, int donor, int p, int owner, int ownerCpu);
  }

  /** F1's case for a task p that is being woken: whether it applies (then it ended the step). */
  @FunctionalInterface
  private interface Waking {
    boolean handled(Ctx c, int p);
  }

  /**
   * find_proxy_task. Sources: the walk, F3's re-check, F5's "no owner: run p", F6/F7's
   * "deactivate the donor" and F10, tip commit 7de9d4f94638 (v6.17); curr_in_chain, F7's
   * migration, F8/F9 and the PROXY_WAKING case of F1, commit b049b81bdff6 (v7.1, v26 10/10);
   * F11's owner->blocked_donor = p, commit 1628b25248d0 (v7.2); F1's waking case and the
   * deactivations of F5/F6 in v7.2, commits ec9d4f1c4241 "sched/proxy: Remove PROXY_WAKING"
   * and abc40cca0efd, with F5's clear a reconstruction; F_SPIN: no merged version bounds the
   * walk (known-bugs P3).
   */
  private KFunction buildFindProxy() {
    KFunction f = k.function("find_proxy_task");
    Local donorL = f.taskIndexLocal("donor");
    Local pL = f.taskIndexLocal("p"); // the task the walk is at
    Local mL = f.local("m"); // the mutex p is blocked on
    Local walk = f.local("walk");
    Local currInChainL = f.bits(walk, "curr_in_chain", 0, 1); // rq->curr was met on the walk
    Local hopsL = f.bits(walk, "hops", 1, 0); // links followed so far
    Local ownerL = f.taskIndexLocal("owner");
    walkDonor = donorL;
    walkP = pL;
    walkM = mL;
    walkCurrInChain = currInChainL;
    // The Proxy Execution version's pieces (and pe-p7's), chosen here: no step body tests the
    // version.
    boolean v71 = f.byVersion(false, true, true);
    TaskTest isBlocked = taskIsBlocked(f, "F1");
    OnTask unlocksP = (c, p) -> c.unlock(layout.blockedLock(p));
    unlockBlockedLock = f.byVersion(NOTHING_TO, unlocksP, unlocksP, "F3", "F7");
    Predicate<Ctx> tested = c -> c.get(currInChainL) != 0;
    Predicate<Ctx> untested = c -> false;
    currInChain = f.byVersion(untested, tested, tested, "F3", "F7");
    if (currInChain == tested) {
      currInChain = f.byVariant(P7, tested, untested, "F3", "F7"); // pe-p7 drops the test
    }
    Waking waking = f.byVersion((c, p) -> false, (c, p) -> {
      if (!c.w.proxyWaking(p)) {
        return false;
      }
      if (p == c.w.curr(c.cpu)) {
        c.w.setFlag(p, FLAG_PROXY_WAKING, false);
        c.note(name(p) + " is PROXY_WAKING and rq->curr: runs");
        c.ret(found(p));
      } else {
        c.note(name(p) + " is PROXY_WAKING: NEEDS_RETURN");
        c.call(forceReturn, "F_OUT", p);
      }
      return true;
    }, (c, p) -> {
      if (c.w.blockedOn(p) >= 0) {
        return false;
      }
      // v7.2: is_blocked without blocked_on: p is being woken.
      if (p == c.w.curr(c.cpu)) {
        c.w.setFlag(p, FLAG_IS_BLOCKED, false);
        c.note(name(p) + " is waking and rq->curr: runs");
        c.ret(found(p));
      } else {
        c.note(name(p) + " is waking: proxy_deactivate, ttwu will place it");
        c.call(deactivate, "F_OUT", p);
      }
      return true;
    }, "F1");
    // F5: the mutex m was just released. v6.17: p runs to retry; v7.1+ only if p is curr,
    // else v7.1 force-returns p and v7.2 deactivates it.
    Link ownerless = f.byVersion((c, donor, p, m) -> {
      c.w.setBlockedOn(p, -1);
      retries(c, p, m);
    }, (c, donor, p, m) -> {
      if (p == c.w.curr(c.cpu)) {
        c.w.setBlockedOn(p, -1);
        retries(c, p, m);
        return;
      }
      unlockLink(c);
      c.note("F5: " + layout.mutexName(m) + " has no owner: NEEDS_RETURN " + name(p));
      c.call(forceReturn, "F_OUT", p);
    }, (c, donor, p, m) -> {
      if (p == c.w.curr(c.cpu)) {
        c.w.setBlockedOn(p, -1);
        c.w.setFlag(p, FLAG_IS_BLOCKED, false);
        retries(c, p, m);
        return;
      }
      // v7.2 proxy_deactivate warns on a set blocked_on (commit abc40cca0efd "sched/proxy:
      // Optimize try_to_wake_up()" adds WARN_ON_ONCE(donor->blocked_on) and drops ttwu's
      // clear), so the walk clears it first, as it does at F6. Reconstruction [I]: the
      // merged F5 text was not found; a third-party reading of the v7.2 tree [S] agrees
      // that an ownerless mutex deactivates p.
      c.w.setBlockedOn(p, -1);
      unlockLink(c);
      c.note("F5: " + layout.mutexName(m) + " has no owner: clear " + name(p) + "->blocked_on, deactivate it");
      c.call(deactivate, "F_OUT", p);
    }, "F3");
    // F6: the owner sleeps (and rq->curr is not in the chain): v7.2 clears p->blocked_on and
    // deactivates p, v6.17 and v7.1 deactivate the donor.
    OwnerMove deactivatesDonor = (c, donor, p, owner, ownerCpu) -> {
      c.note("F6: owner " + name(owner) + " sleeps: deactivate donor " + name(donor));
      c.call(deactivate, "F_OUT", donor);
    };
    OwnerMove ownerSleeps = f.byVersion(deactivatesDonor, deactivatesDonor, (c, donor, p, owner, ownerCpu) -> {
      c.w.setBlockedOn(p, -1);
      c.note("F6: owner " + name(owner) + " sleeps: clear " + name(p) + "->blocked_on, deactivate it");
      c.call(deactivate, "F_OUT", p);
    }, "F3");
    // F7: the owner runs on another cpu: v7.1+ migrates p there, v6.17 deactivates the donor.
    OwnerMove migrates = (c, donor, p, owner, ownerCpu) -> {
      c.note("F7: owner " + name(owner) + " on cpu" + ownerCpu + ": migrate " + name(p));
      c.call(migrate, "F_OUT", p, ownerCpu);
    };
    OwnerMove ownerRemote = f.byVersion((c, donor, p, owner, ownerCpu) -> {
      c.note("F7: owner " + name(owner) + " on cpu" + ownerCpu + ": deactivate donor " + name(donor));
      c.call(deactivate, "F_OUT", donor);
    }, migrates, migrates, "F7");
    // F11: v7.2 records owner->blocked_donor = p.
    OnTask linksDonor = (c, owner) -> c.w.setBlockedDonor(owner, c.get(pL));
    OnTask nextLink = f.byVersion(NOTHING_TO, NOTHING_TO, linksDonor, "F7");
    String afterF2 = f.byVersion("F3", "F2b", "F2b", "F2");
    f.step("F1", "p blocked? m = p->blocked_on", c -> {
      int donor = c.get(donorL);
      int p = c.get(pL);
      int hops = c.get(hopsL);
      if (hops > layout.tasks) {
        // Known-bugs P3: no merged version bounds the walk; a blocked_on cycle makes it
        // spin forever under the rq lock. The model stops here, holding the rq lock.
        c.note("the walk has gone " + hops + " links: a blocked_on cycle; the cpu spins here for ever (P3)");
        c.next("F_SPIN");
        return;
      }
      if (!isBlocked.test(c.w, p)) {
        // F12 (loop ends): the first runnable owner; for the donor itself: pick again.
        c.ret(p == donor ? NONE : found(p));
        return;
      }
      if (waking.handled(c, p)) {
        return;
      }
      int m = c.w.blockedOn(p);
      if (m < 0) {
        c.ret(NONE);
        return;
      }
      c.set(mL, m);
      c.next("F2");
    });
    f.step("F2", "raw_spin_lock(&m->wait_lock)", c -> layout.waitLock(c.get(mL)), c -> {
      c.lock(layout.waitLock(c.get(mL)));
      c.next(afterF2);
    });
    if (v71) {
      f.step("F2b", "raw_spin_lock(&p->blocked_lock)", c -> layout.blockedLock(c.get(pL)), c -> {
        c.lock(layout.blockedLock(c.get(pL)));
        c.next("F3");
      });
    }
    f.step("F3", "F3 re-check blocked_on; F4 curr_in_chain; F5 owner; F6 owner asleep?", c -> {
      int donor = c.get(donorL);
      int p = c.get(pL);
      int m = c.get(mL);
      if (c.w.blockedOn(p) != m || c.w.proxyWaking(p)) {
        unlockLink(c);
        c.note("F3: " + name(p) + "->blocked_on changed: pick again");
        c.ret(NONE);
        return;
      }
      if (p == c.w.curr(c.cpu)) {
        c.set(currInChainL, 1);
      }
      int owner = c.w.mutexOwner(m);
      if (owner < 0) {
        ownerless.run(c, donor, p, m); // F5
        return;
      }
      if (c.w.onRq(owner) == ON_RQ_NONE) {
        // F6: the owner sleeps.
        unlockLink(c);
        if (currInChain(c)) {
          c.note("F6: owner " + name(owner) + " sleeps, rq->curr in the chain");
          c.ret(reschedIdle(c, c.cpu));
          return;
        }
        ownerSleeps.run(c, donor, p, owner, -1);
        return;
      }
      c.set(ownerL, owner);
      c.next("F7");
    });
    f.step("F7", "F7 owner on another cpu?; F8 migrating?; F9 re-check; F10 owner == p?; F11 next link", P5, p5 -> c -> {
      int donor = c.get(donorL);
      int p = c.get(pL);
      int owner = c.get(ownerL);
      int ownerCpu = c.w.taskCpu(owner);
      if (ownerCpu != c.cpu) {
        unlockLink(c);
        if (currInChain(c)) {
          c.note("F7: owner " + name(owner) + " on cpu" + ownerCpu + ", rq->curr in the chain");
          c.ret(reschedIdle(c, c.cpu));
          return;
        }
        ownerRemote.run(c, donor, p, owner, ownerCpu);
        return;
      }
      if (!p5) { // variant pe-p5 drops F8 and F9
        if (c.w.onRq(owner) == ON_RQ_MIGRATING) {
          unlockLink(c);
          c.note("F8: owner " + name(owner) + " is migrating here");
          c.ret(reschedIdle(c, c.cpu));
          return;
        }
        if (c.w.onRq(owner) != ON_RQ_QUEUED || c.w.taskCpu(owner) != c.cpu) {
          unlockLink(c);
          c.note("F9: owner " + name(owner) + " not queued here: pick again");
          c.ret(NONE);
          return;
        }
      }
      if (owner == p) {
        unlockLink(c);
        c.note("F10: owner == " + name(p) + ": let ttwu finish");
        c.ret(reschedIdle(c, c.cpu));
        return;
      }
      nextLink.run(c, owner);
      unlockLink(c);
      c.set(pL, owner);
      c.set(hopsL, c.get(hopsL) + 1);
      c.note("F11: " + name(p) + " -> " + layout.mutexName(c.get(mL)) + " -> " + name(owner));
      c.next("F1");
    });
    f.step("F_OUT", "return NULL (pick again)", c -> c.ret(NONE));
    f.step("F_SPIN", "for (;;) round the blocked_on cycle, rq lock held", c -> KStep.WAIT, c -> {});
    return f;
  }

  // ------------------------------------------------------------------ proxy_deactivate

  /**
   * proxy_deactivate (D1). v6.17 (commit 7de9d4f94638) and v7.1: a TASK_RUNNING donor fails at
   * once; otherwise proxy_resched_idle, then {@code try_to_block_task(rq, donor, &state,
   * true)}, which does not block a donor with a signal pending for its (interruptible) state:
   * it sets TASK_RUNNING and fails. On failure v6.17 clears the donor's blocked_on so that it
   * runs and retries the lock; v7.1 calls proxy_force_return. v7.2 calls block_task directly
   * (commit f0c1ecde6447 "sched: Rework block_task so it can be directly called": "so that we
   * can call block_task() and not have to worry about the failing cases in
   * try_to_block_task()"): no signal check; PeterZ, v26 thread, 3 Apr 2026: the signal's ttwu
   * sorts it out.
   */
  private KFunction buildDeactivate() {
    KFunction f = k.function("proxy_deactivate");
    Local donorL = f.taskIndexLocal("donor");
    // The Proxy Execution version's failure cases (v7.2 has none), chosen here.
    Failure clears = (c, d, why) -> {
      c.w.setBlockedOn(d, -1);
      c.note(name(d) + " " + why + ": clear its blocked_on so that it runs and retries");
      c.ret(0);
    };
    Failure forceReturns = (c, d, why) -> {
      c.note(name(d) + " " + why + ": proxy_force_return");
      c.call(forceReturn, "D3", d);
    };
    Waking never = (c, d) -> false;
    Waking runningFails = f.byVersion(runningFails(clears), runningFails(forceReturns), never, "D1");
    Waking signalFails = f.byVersion(signalFails(clears), signalFails(forceReturns), never, "D1");
    f.step("D1", "TASK_RUNNING? fail; proxy_resched_idle; try_to_block_task", P6, p6 -> c -> {
      int d = c.get(donorL);
      if (runningFails.handled(c, d)) {
        // A wakeup came first. v7.2 requires that deactivation never fails.
        return;
      }
      if (!p6) { // variant pe-p6: only after the dequeue (D2)
        reschedIdle(c, c.cpu);
      }
      if (signalFails.handled(c, d)) {
        return;
      }
      k.deactivate(c.w, d);
      c.note("deactivate " + name(d) + " (DEQUEUE_SLEEP)");
      if (p6) {
        c.next("D2");
      } else {
        c.ret(0);
      }
    });
    f.stepIf(P6, "D2", "proxy_resched_idle (after the dequeue: variant pe-p6)", c -> {
      if (c.w.donor(c.cpu) == c.get(donorL)) {
        reschedIdle(c, c.cpu);
      }
      c.ret(0);
    });
    f.step("D3", "return", c -> c.ret(0));
    return f;
  }

  /** proxy_deactivate failed (v6.17, v7.1): v6.17 clears blocked_on; v7.1 force-returns d. */
  @FunctionalInterface
  private interface Failure {
    void run(Ctx c, int d, String why);
  }

  /** D1's first check (v6.17, v7.1): a TASK_RUNNING donor fails at once. */
  private static Waking runningFails(Failure failed) {
    return (c, d) -> {
      if (c.w.taskState(d) != TASK_RUNNING) {
        return false;
      }
      failed.run(c, d, "is TASK_RUNNING");
      return true;
    };
  }

  /** D1's try_to_block_task (v6.17, v7.1): signal_pending_state(state, donor): TASK_RUNNING, not blocked. */
  private static Waking signalFails(Failure failed) {
    return (c, d) -> {
      if (!c.w.signalPendingState(c.w.taskState(d), d)) {
        return false;
      }
      c.w.setState(d, TASK_RUNNING);
      failed.run(c, d, "has a signal pending: try_to_block_task sets TASK_RUNNING");
      return true;
    };
  }

  // ------------------------------------------------------------------ proxy_migrate_task (v7.1+)

  /**
   * proxy_migrate_task (v7.1+), commit b049b81bdff6 "sched: Handle blocked-waiter migration
   * (and return migration)": proxy_resched_idle, deactivate, proxy_set_task_cpu (keeps
   * wake_cpu), drop the rq lock, enqueue on the target, relock. One task is moved; v7.2's
   * whole-chain migration is not modeled.
   */
  private KFunction buildMigrate() {
    KFunction f = k.function("proxy_migrate_task");
    Local pL = f.taskIndexLocal("p");
    Local targetL = f.local("target"); // the owner's cpu
    f.step("MG1", "proxy_resched_idle; deactivate_task (MIGRATING); proxy_set_task_cpu; rq_unlock", X_WAKE_CPU,
        clobbers -> c -> {
          int p = c.get(pL);
          int target = c.get(targetL);
          reschedIdle(c, c.cpu);
          c.w.rqRemove(c.w.taskCpu(p), p);
          c.w.setOnRq(p, ON_RQ_MIGRATING);
          c.w.setTaskCpu(p, target); // proxy_set_task_cpu keeps p->wake_cpu
          if (clobbers) {
            c.w.setWakeCpu(p, target); // variant: set_task_cpu updates wake_cpu too
          }
          c.unlock(layout.rqLock(c.cpu));
          c.note(name(p) + " leaves for cpu" + target);
          c.next("MG2");
        });
    f.step("MG2", ENQUEUE_ON_TARGET, c -> layout.rqLock(c.get(targetL)), X_NO_ENQUEUE,
        never -> enqueueOnTarget(pL, targetL, "MG3", !never));
    relockSource(f, "MG3");
    return f;
  }

  /**
   * The second half of a move between runqueues (proxy_migrate_task, proxy_force_return):
   * lock the target rq (local {@code targetL}), activate p (local {@code pL}) there,
   * wakeup_preempt, unlock.
   */
  private KStep.Body enqueueOnTarget(Local pL, Local targetL, String next, boolean enqueues) {
    return c -> {
      int p = c.get(pL);
      int target = c.get(targetL);
      c.lock(layout.rqLock(target));
      if (!enqueues) {
        c.note("variant pe-x-migrate-never-enqueues: " + name(p) + " is not activated on cpu" + target);
      } else {
        k.activate(c.w, p, target);
        k.wakeupPreempt(c.w, target, p);
      }
      c.unlock(layout.rqLock(target));
      c.next(next);
    };
  }

  private static final String ENQUEUE_ON_TARGET = "rq_lock(target); activate_task; wakeup_preempt; rq_unlock(target)";

  /** The last step of a move: relock this cpu's rq and return NULL, so __schedule picks again. */
  private void relockSource(KFunction f, String label) {
    f.step(label, "rq_lock(rq) again; return NULL", c -> layout.rqLock(c.cpu), c -> {
      c.lock(layout.rqLock(c.cpu));
      c.ret(0);
    });
  }

  // ------------------------------------------------------------------ proxy_force_return (v7.1)

  /** proxy_force_return (v7.1 only), commit b049b81bdff6; v7.2 removed it (returns happen in ttwu). */
  private KFunction buildForceReturn() {
    KFunction f = k.function("proxy_force_return");
    Local pL = f.taskIndexLocal("p");
    Local targetL = f.local("target"); // the cpu p returns to
    f.step("FR1", "get_task_struct; zap callbacks; rq_unlock(rq)", c -> {
      c.unlock(layout.rqLock(c.cpu));
      c.next("FR2");
    });
    f.step("FR2", "task_rq_lock(p): raw_spin_lock(&p->pi_lock)", c -> layout.piLock(c.get(pL)), c -> {
      c.lock(layout.piLock(c.get(pL)));
      c.next("FR3");
    });
    f.step("FR3", "task_rq_lock(p): rq lock; revalidate; deactivate; select_task_rq(wake_cpu); clear blocked_on",
        c -> c.view.onRq(c.get(pL)) == ON_RQ_MIGRATING ? KStep.WAIT : layout.rqLock(c.view.taskCpu(c.get(pL))),
        c -> {
          int p = c.get(pL);
          int prq = c.w.taskCpu(p);
          c.lock(layout.rqLock(prq));
          if (prq != c.cpu || c.w.onRq(p) != ON_RQ_QUEUED || c.w.onCpu(p)) {
            c.unlock(layout.rqLock(prq));
            c.unlock(layout.piLock(p));
            c.note(name(p) + " moved, left, or is on a cpu: bail");
            c.next("FR5");
            return;
          }
          if (c.w.donor(c.cpu) == p) {
            reschedIdle(c, c.cpu);
          }
          c.w.rqRemove(prq, p);
          c.w.setOnRq(p, ON_RQ_MIGRATING);
          int wake = c.w.wakeCpu(p);
          int target = layout.allowed(p, wake) ? wake : layout.scenario.tasks().get(p).affinity().get(0);
          c.w.setTaskCpu(p, target);
          c.w.setWakeCpu(p, target);
          c.w.setBlockedOn(p, -1);
          c.w.setFlag(p, FLAG_PROXY_WAKING, false);
          c.unlock(layout.rqLock(prq));
          c.unlock(layout.piLock(p));
          c.set(targetL, target);
          c.note(name(p) + " returns to cpu" + target);
          c.next("FR4");
        });
    f.step("FR4", ENQUEUE_ON_TARGET, c -> layout.rqLock(c.get(targetL)), enqueueOnTarget(pL, targetL, "FR5", true));
    relockSource(f, "FR5");
    return f;
  }

  // ------------------------------------------------------------------ ttwu (v7.2)

  /**
   * v7.2 proxy_needs_return (commits f13beb010e4a "sched: Have try_to_wake_up() handle
   * return-migration for PROXY_WAKING case", 7918cf369361 "sched/proxy: Only return migrate
   * when needed", ec9d4f1c4241 "sched/proxy: Remove PROXY_WAKING"; code text as posted in
   * v23 7/9, 30 Oct 2025), inside ttwu_runnable (the step holds p->pi_lock and its guard
   * made sure p's rq lock is free; p is queued): if p is waking (is_blocked without
   * blocked_on), is not rq->curr and is not on its wake_cpu: switch the donor away from it,
   * dequeue it, clear the mark and resched. Returns whether it did (ttwu then takes the full
   * path and places p from wake_cpu).
   */
  boolean needsReturn(Ctx c, int p) {
    int cpu = c.w.taskCpu(p);
    if (!c.w.isBlocked(p) || c.w.blockedOn(p) >= 0 || c.w.curr(cpu) == p || cpu == c.w.wakeCpu(p)) {
      return false;
    }
    c.lock(layout.rqLock(cpu));
    if (c.w.donor(cpu) == p) {
      c.w.setDonor(cpu, -1);
    }
    k.deactivate(c.w, p);
    c.w.setFlag(p, FLAG_IS_BLOCKED, false);
    c.w.setNeedResched(cpu, true);
    c.unlock(layout.rqLock(cpu));
    c.note("proxy_needs_return: " + name(p) + " off cpu" + cpu + ", back towards cpu" + c.w.wakeCpu(p));
    return true;
  }

  /** The donor whose chain cpu c's scheduler is walking (its second scheduler frame), or -1. */
  int walkDonor(StateView s, int c) {
    return s.schedDepth(c) >= 2 ? s.schedLocal(c, 1, walkDonor) : -1;
  }

  /** Whether cpu c's scheduler is stuck in a walk round a blocked_on cycle. */
  boolean spinsForever(StateView s, int c) {
    int d = s.schedDepth(c);
    if (d == 0) {
      return false;
    }
    KStep st = k.table.get(s.schedFrameStep(c, d - 1));
    return st.function == findProxy && st.label.equals("F_SPIN");
  }

  /** Whether task t is in transit, held by a proxy helper between dequeue and enqueue. */
  boolean inTransit(StateView s, int t) {
    for (int c = 0; c < layout.cpus; c++) {
      int d = s.schedDepth(c);
      if (d == 0) {
        continue;
      }
      KStep st = k.table.get(s.schedFrameStep(c, d - 1));
      if ((st.function == migrate && st.label.equals("MG2") || st.function == forceReturn && st.label.equals("FR4"))
          && s.schedLocal(c, d - 1, st.function == migrate ? migrateP : forceReturnP) == t) {
        return true;
      }
    }
    return false;
  }
}
