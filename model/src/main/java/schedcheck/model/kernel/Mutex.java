package schedcheck.model.kernel;

import static schedcheck.model.kernel.Layout.FLAG_IS_BLOCKED;
import static schedcheck.model.kernel.Layout.FLAG_PREEMPT_OFF;
import static schedcheck.model.kernel.Layout.FLAG_PROXY_WAKING;
import static schedcheck.model.kernel.Layout.MUTEX_FLAG_HANDOFF;
import static schedcheck.model.kernel.Layout.MUTEX_FLAG_PICKUP;
import static schedcheck.model.kernel.Layout.MUTEX_FLAG_WAITERS;
import static schedcheck.model.kernel.Layout.TASK_INTERRUPTIBLE;
import static schedcheck.model.kernel.Layout.TASK_RUNNING;
import static schedcheck.model.kernel.Layout.TASK_UNINTERRUPTIBLE;

import java.util.function.Predicate;

/**
 * Kernel {@code struct mutex}: {@code mutex_lock} (steps M1..M10 of the domain reference,
 * proxy-execution.md section 4, {@code __mutex_lock_common} in kernel/locking/mutex.c) and
 * {@code mutex_unlock} (U1..U5, {@code __mutex_unlock_slowpath}), in the form of the
 * Proxy Execution version in force ({@link Kernel#version}).
 *
 * <p>The owner word is the owner task plus the flags WAITERS, HANDOFF and PICKUP; the
 * wait_list is FIFO (no ww_mutex), linked through the tasks' shared wait-list link.
 * {@code blocked_on} is set and cleared unconditionally (it is since v6.17), also with
 * {@code kernel.proxy: false}, where nothing but the properties reads it.
 *
 * <p>Wakeups go through a wake_q (the prep work merged for v6.13): the unlocker queues the
 * task under wait_lock and calls try_to_wake_up only after releasing it (U5).
 *
 * <p>Signals: {@code mutex_lock_interruptible} (local {@code interruptible}) sleeps in
 * TASK_INTERRUPTIBLE, and M6 (in the M5 step, which holds wait_lock) returns -EINTR when a
 * signal is pending after a failed trylock; plain {@code mutex_lock} sleeps
 * TASK_UNINTERRUPTIBLE, which an ordinary signal does not wake.
 *
 * <p>Simplifications, each a documented choice: optimistic spinning is modeled at M1 only, as a nondeterministic "spin: trylock
 * again" while the owner is on a cpu (the first waiter's spin inside the M9 loop is not
 * modeled); preempt_disable() around the slow paths is a task flag that the model's
 * preemption honours.
 *
 * <p>Frame locals: mutex_lock {m, interruptible}; mutex_unlock {m, next, handoff}.
 */
final class Mutex {
  // ---- Mutex handoff policy (known-bugs P14): mainline HANDOFF is the default ----

  static final Variants.Group VARIANTS = Variants.group(Variants.RANK_MUTEX);

  static final Variant NO_HANDOFF = VARIANTS.add(new Variant(
      "mutex-no-handoff",
      "no HANDOFF: a woken first waiter that loses its trylock to a lock stealer never asks for a handoff (M9), so stealing is unbounded and the waiter can starve",
      "C.P14"));
  static final Variant FORCED_HANDOFF = VARIANTS.add(new Variant(
      "mutex-forced-handoff",
      "the 2023 Proxy Execution drafts' policy: every unlock with waiters hands the mutex to the first waiter (U1), and there is no optimistic spinning (M1)",
      ""));

  private final Kernel k;
  private final Layout layout;
  final KFunction lock;
  final KFunction unlock;
  /** mutex_lock's and mutex_unlock's mutex (set when the function is built). */
  Local lockM;
  Local unlockM;
  /** mutex_lock's {@code interruptible}: mutex_lock_interruptible. */
  private Local interruptibleL;
  /**
   * mutex_lock's exits holding wait_lock (M6, M10) drop own blocked_lock first (v7.1+; v6.17
   * has none): chosen when mutex_lock is built.
   */
  private KStep.Body dropOwnBlockedLock;

  Mutex(Kernel k) {
    this.k = k;
    this.layout = k.layout;
    lock = buildLock();
    unlock = buildUnlock();
  }

  /** A piece of a step that acts on task w (a waiter, a donor), chosen when the function is built. */
  @FunctionalInterface
  private interface OnTask {
    void run(Ctx c, int w);
  }

  private static final KStep.Body NOTHING = c -> {};
  private static final OnTask NOTHING_TO = (c, w) -> {};

  // ------------------------------------------------------------------ owner word

  private int owner(Ctx c, int m) {
    return c.view.mutexOwner(m);
  }

  private int flags(Ctx c, int m) {
    return c.view.mutexFlags(m);
  }

  /**
   * __mutex_trylock: takes m if it has no owner task (keeping the flags: stealing is
   * allowed), or picks it up if it was handed to us (owner == current with PICKUP).
   */
  private boolean trylock(Ctx c, int m) {
    int o = owner(c, m);
    int f = flags(c, m);
    if (o < 0) {
      c.w.setMutexOwner(m, c.task, f & ~(MUTEX_FLAG_HANDOFF | MUTEX_FLAG_PICKUP));
      return true;
    }
    if (o == c.task && (f & MUTEX_FLAG_PICKUP) != 0) {
      c.w.setMutexOwner(m, c.task, f & ~MUTEX_FLAG_PICKUP);
      c.note("picks up the handoff");
      return true;
    }
    return false;
  }

  /**
   * __mutex_trylock_or_handoff: a first waiter that fails asks for a handoff ({@code first}
   * false: it does not ask, as under variant mutex-no-handoff).
   */
  private boolean trylockOrHandoff(Ctx c, int m, boolean first) {
    if (trylock(c, m)) {
      return true;
    }
    if (first) {
      int o = owner(c, m);
      c.w.setMutexOwner(m, o, flags(c, m) | MUTEX_FLAG_HANDOFF);
      c.note("first waiter: sets HANDOFF");
    }
    return false;
  }

  private void preemptOff(Ctx c, boolean off) {
    c.w.setFlag(c.task, FLAG_PREEMPT_OFF, off);
  }

  /** The mutex of the current mutex_lock or mutex_unlock frame. */
  private int mutexOf(Ctx c) {
    return c.get(c.current.function == unlock ? unlockM : lockM);
  }

  private String mname(Ctx c) {
    return layout.mutexName(mutexOf(c));
  }

  // ------------------------------------------------------------------ mutex_lock

  private KFunction buildLock() {
    KFunction f = k.function("mutex_lock");
    Local mL = f.local("m");
    Local interruptible = f.local("interruptible"); // 1: mutex_lock_interruptible
    lockM = mL;
    interruptibleL = interruptible;
    // The Proxy Execution version's pieces (v7.1 added blocked_lock: M4, M9b), chosen here.
    boolean v71 = f.byVersion(false, true, true);
    KStep.Body unlockOwn = c -> c.unlock(layout.blockedLock(c.task));
    dropOwnBlockedLock = f.byVersion(NOTHING, unlockOwn, unlockOwn, "M5", "M9b", "M9z");
    KStep.Body m3Then = f.byVersion(c -> {
      // v6.17: no blocked_lock; blocked_on is set under wait_lock (M4 in the same hold).
      setBlocked(c, c.get(mL));
      c.next("M5");
    }, c -> c.next("M4"), c -> c.next("M4"), "M3");
    String m3What = "__mutex_add_waiter (FIFO), first sets WAITERS";
    f.step("M1", "trylock; optimistic spin while the owner runs", m1(mL, true));
    f.patch(FORCED_HANDOFF, "M1", m1(mL, false)); // no optimistic spinning
    f.step("M2", "raw_spin_lock(&lock->wait_lock); trylock", c -> layout.waitLock(c.get(mL)), c -> {
      int m = c.get(mL);
      c.lock(layout.waitLock(m));
      if (trylock(c, m)) {
        c.unlock(layout.waitLock(m));
        preemptOff(c, false);
        c.note("acquires " + mname(c));
        c.ret(0);
        return;
      }
      c.next("M3");
    });
    f.step("M3", f.byVersion(m3What + "; blocked_on = m; TASK_UNINTERRUPTIBLE", m3What, m3What, "M3"), c -> {
          int m = c.get(mL);
          boolean empty = c.w.mutexWaiters(m).isEmpty();
          c.w.listAppend(c.w.mutexHeadOffset(m), c.task);
          if (empty) {
            c.w.setMutexOwner(m, owner(c, m), flags(c, m) | MUTEX_FLAG_WAITERS);
          }
          m3Then.run(c);
        });
    if (v71) {
      f.step("M4", "raw_spin_lock(&current->blocked_lock); blocked_on = m; TASK_UNINTERRUPTIBLE",
          c -> layout.blockedLock(c.task), c -> {
            c.lock(layout.blockedLock(c.task));
            setBlocked(c, c.get(mL));
            c.next("M5");
          });
    }
    f.step("M5", "trylock (loop top); M6 signal pending? -EINTR; else unlock and schedule (M7)", c -> {
      int m = c.get(mL);
      if (trylock(c, m)) {
        acquired(c);
        return;
      }
      if (c.get(interruptible) != 0 && c.w.signalPending(c.task)) {
        interrupted(c);
        return;
      }
      dropOwnBlockedLock.run(c);
      c.unlock(layout.waitLock(m));
      c.next("M8");
    });
    f.step("M8", "schedule_preempt_disabled()", c -> k.rqLockOf(c), c -> {
      c.next("M9");
      k.schedule(c);
    });
    if (v71) {
      f.step("M9", "first = waiter is first; raw_spin_lock(&lock->wait_lock)", c -> layout.waitLock(c.get(mL)), c -> {
        c.lock(layout.waitLock(c.get(mL)));
        c.next("M9b");
      });
      f.step("M9b", "raw_spin_lock(&current->blocked_lock); blocked_on = m; state; trylock_or_handoff",
          c -> layout.blockedLock(c.task), m9b(mL, true));
      f.patch(NO_HANDOFF, "M9b", m9b(mL, false));
    } else {
      // v6.17 (44e4e0297c3c): blocked_on is set again (set_task_blocked_on takes wait_lock)
      // and the trylock happens before wait_lock is retaken for the next round.
      f.step("M9", "first = waiter is first; set_task_blocked_on (wait_lock); state; trylock_or_handoff",
          c -> layout.waitLock(c.get(mL)), m9v617(mL, true));
      f.patch(NO_HANDOFF, "M9", m9v617(mL, false));
      f.step("M9a", "raw_spin_lock(&lock->wait_lock); loop", c -> layout.waitLock(c.get(mL)), c -> {
        c.lock(layout.waitLock(c.get(mL)));
        c.next("M5");
      });
      f.step("M9z", "acquired: raw_spin_lock(&lock->wait_lock)", c -> layout.waitLock(c.get(mL)), c -> {
        c.lock(layout.waitLock(c.get(mL)));
        acquired(c);
      });
    }
    return f;
  }

  /**
   * M1: trylock, then optimistic spinning while the owner runs ({@code spins} false: none, as
   * under variant mutex-forced-handoff).
   */
  private KStep.Body m1(Local mL, boolean spins) {
    return c -> {
      int m = c.get(mL);
      if (trylock(c, m)) {
        preemptOff(c, false);
        c.note("acquires " + mname(c));
        c.ret(0);
        return;
      }
      preemptOff(c, true);
      int o = owner(c, m);
      // mutex_optimistic_spin: only while the owner is on a cpu and we need not reschedule.
      if (o >= 0 && c.view.onCpu(o) && !c.view.needResched(c.cpu) && spins
          && c.choose(2) == 0) {
        c.note("spins on owner " + layout.taskName(o));
        c.next("M1");
        return;
      }
      c.next("M2");
    };
  }

  /**
   * M9b (v7.1+): blocked_on and state again, then trylock_or_handoff; a first waiter asks for
   * a handoff when {@code asksHandoff} (variant mutex-no-handoff: never).
   */
  private KStep.Body m9b(Local mL, boolean asksHandoff) {
    return c -> {
      int m = c.get(mL);
      c.lock(layout.blockedLock(c.task));
      boolean first = isFirst(c, m);
      setBlocked(c, m);
      if (trylockOrHandoff(c, m, first && asksHandoff)) {
        acquired(c);
        return;
      }
      c.next("M5");
    };
  }

  /** M9 of v6.17, with trylock_or_handoff as in {@link #m9b}. */
  private KStep.Body m9v617(Local mL, boolean asksHandoff) {
    return c -> {
      int m = c.get(mL);
      boolean first = isFirst(c, m);
      c.lock(layout.waitLock(m));
      setBlocked(c, m);
      c.unlock(layout.waitLock(m));
      boolean won = trylockOrHandoff(c, m, first && asksHandoff);
      c.next(won ? "M9z" : "M9a");
    };
  }

  private boolean isFirst(Ctx c, int m) {
    var ws = c.w.mutexWaiters(m);
    return !ws.isEmpty() && ws.get(0) == c.task;
  }

  /**
   * M4: current->blocked_on = m (only the task itself sets it), then the sleeping state
   * (TASK_INTERRUPTIBLE for mutex_lock_interruptible).
   */
  private void setBlocked(Ctx c, int m) {
    c.w.setBlockedOn(c.task, m);
    c.w.setFlag(c.task, FLAG_PROXY_WAKING, false);
    c.w.setState(c.task, c.get(interruptibleL) != 0 ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE);
  }

  /**
   * M6's error exit, holding wait_lock (and, v7.1+, own blocked_lock, dropped first): clear
   * blocked_on; TASK_RUNNING; __mutex_remove_waiter (an empty list clears the flags); unlock
   * wait_lock; return -EINTR. The unlock wakes nobody: a waiter the unlocker already chose
   * either picked the mutex up at its trylock or finds it owned by a task that will unlock.
   */
  private void interrupted(Ctx c) {
    int m = c.get(lockM);
    dropOwnBlockedLock.run(c);
    c.w.setBlockedOn(c.task, -1);
    c.w.setFlag(c.task, FLAG_PROXY_WAKING, false);
    c.w.setFlag(c.task, FLAG_IS_BLOCKED, false);
    c.w.setState(c.task, TASK_RUNNING);
    c.w.listRemove(c.w.mutexHeadOffset(m), c.task);
    if (c.w.mutexWaiters(m).isEmpty()) {
      c.w.setMutexOwner(m, owner(c, m), flags(c, m) & ~(MUTEX_FLAG_WAITERS | MUTEX_FLAG_HANDOFF));
    }
    c.unlock(layout.waitLock(m));
    preemptOff(c, false);
    c.note("M6: signal pending: leaves the wait_list of " + mname(c) + ", -EINTR");
    c.ret(Kernel.EINTR);
  }

  /**
   * M10: blocked_on = NULL; TASK_RUNNING; drop blocked_lock; remove the waiter (an empty
   * list clears the flags); unlock wait_lock. Holding wait_lock (and, v7.1+, blocked_lock).
   */
  private void acquired(Ctx c) {
    int m = c.get(lockM);
    c.w.setBlockedOn(c.task, -1);
    c.w.setFlag(c.task, FLAG_PROXY_WAKING, false);
    c.w.setState(c.task, TASK_RUNNING);
    dropOwnBlockedLock.run(c);
    c.w.listRemove(c.w.mutexHeadOffset(m), c.task);
    if (c.w.mutexWaiters(m).isEmpty()) {
      c.w.setMutexOwner(m, owner(c, m), flags(c, m) & ~(MUTEX_FLAG_WAITERS | MUTEX_FLAG_HANDOFF));
    }
    c.unlock(layout.waitLock(m));
    preemptOff(c, false);
    c.note("M10: acquires " + mname(c));
    c.ret(0);
  }

  // ------------------------------------------------------------------ mutex_unlock

  private KFunction buildUnlock() {
    KFunction f = k.function("mutex_unlock");
    Local mL = f.local("m");
    Local nextL = f.taskLocal("next"); // the task put on our wake_q, -1 none
    Local handoffL = f.local("handoff");
    unlockM = mL;
    // The Proxy Execution version's pieces, chosen here: v7.1 marks the woken waiter under its
    // blocked_lock (U3), v7.2 nested in its own (U2b, with proxy execution) and hands the
    // mutex to its blocked_donor (U1, U2b, U2c, U5).
    boolean donorHandoff = layout.pe && f.byVersion(false, false, true, "U2", "U5");
    Predicate<Ctx> hasDonor = f.byVersion(c -> false, c -> false,
        layout.pe ? c -> c.w.blockedDonor(c.task) >= 0 : c -> false, "U1");
    String u1What = "release the owner word unless HANDOFF";
    String afterU2 = donorHandoff ? "U2b" : "U3";
    KStep.Body dropOwn = donorHandoff ? c -> c.unlock(layout.blockedLock(c.task)) : NOTHING;
    f.step("U1", f.byVersion(u1What, u1What, u1What + " or a blocked_donor", "U1"), u1(mL, handoffL, hasDonor, false));
    f.patch(FORCED_HANDOFF, "U1", u1(mL, handoffL, hasDonor, true)); // every unlock with waiters hands off
    f.step("U2", "raw_spin_lock(&lock->wait_lock)", c -> layout.waitLock(c.get(mL)), c -> {
      c.lock(layout.waitLock(c.get(mL)));
      preemptOff(c, true);
      c.next(afterU2);
    });
    if (donorHandoff) {
      f.step("U2b", "raw_spin_lock(&current->blocked_lock); donor = current->blocked_donor",
          c -> layout.blockedLock(c.task), c -> {
            c.lock(layout.blockedLock(c.task));
            c.next(c.w.blockedDonor(c.task) >= 0 ? "U2c" : "U3");
          });
      f.step("U2c", "raw_spin_lock_nested(&donor->blocked_lock); donor->blocked_on == m ? next = donor",
          c -> layout.blockedLock(c.view.blockedDonor(c.task)), wakingBug(f), bug -> {
            OnTask mark = waking(f, bug, "U2c");
            return c -> {
            int m = c.get(mL);
            int d = c.w.blockedDonor(c.task);
            // raw_spin_lock_nested(&donor->blocked_lock, SINGLE_DEPTH_NESTING): own blocked_lock is held.
            c.lock(layout.blockedLock(d), Layout.SINGLE_DEPTH_NESTING);
            if (c.w.blockedOn(d) == m) {
              mark.run(c, d);
              c.set(nextL, d);
              c.note("hands " + mname(c) + " to its donor " + layout.taskName(d));
            } else {
              c.note("blocked_donor " + layout.taskName(d) + " no longer waits on " + mname(c));
            }
            c.w.setBlockedDonor(c.task, -1);
            c.unlock(layout.blockedLock(d));
            c.next("U3");
            };
          });
    }
    // v7.1+: the waiter's blocked_lock is taken briefly to mark it waking. v7.2 may hold its
    // own blocked_lock here (U2b, with proxy execution), so the waiter's is always taken with
    // raw_spin_lock_nested(&next->blocked_lock, SINGLE_DEPTH_NESTING) ([PATCH v20 5/6] "sched:
    // Add blocked_donor link to task for smarter mutex handoffs").
    KStep.Guard waiterLock = c -> {
      if (c.get(nextL) >= 0) {
        return -1;
      }
      var ws = c.view.mutexWaiters(c.get(mL));
      return ws.isEmpty() ? -1 : layout.blockedLock(ws.get(0));
    };
    OnTask unlockWaiter = (c, w) -> c.unlock(layout.blockedLock(w));
    OnTask lockWaiter = f.byVersion(NOTHING_TO, (c, w) -> c.lock(layout.blockedLock(w)),
        (c, w) -> c.lock(layout.blockedLock(w), Layout.SINGLE_DEPTH_NESTING), "U3");
    f.step("U3", "no next? next = first waiter, mark it waking, wake_q_add; U4: handoff if asked",
        f.byVersion(KStep.NO_LOCK, waiterLock, waiterLock, "U3"),
        wakingBug(f), bug -> {
          OnTask mark = waking(f, bug, "U3");
          OnTask unlocksWaiter = f.byVersion(NOTHING_TO, unlockWaiter, unlockWaiter, "U3");
          return c -> {
          int m = c.get(mL);
          int next = c.get(nextL);
          if (next < 0) {
            var ws = c.w.mutexWaiters(m);
            if (!ws.isEmpty()) {
              next = ws.get(0);
              lockWaiter.run(c, next);
              mark.run(c, next);
              unlocksWaiter.run(c, next);
              c.set(nextL, next);
            }
          }
          if (next >= 0) {
            // wake_q_add: a task already on some wake_q is left to that one.
            if (!c.w.onWakeQ(next)) {
              c.w.setWakeQNext(next, -1);
            } else {
              c.set(nextL, -1);
            }
          }
          if (c.get(handoffL) != 0) {
            // U4 __mutex_handoff: owner = next | PICKUP (WAITERS kept), HANDOFF cleared.
            int fl = flags(c, m) & MUTEX_FLAG_WAITERS;
            if (next >= 0) {
              c.w.setMutexOwner(m, next, fl | MUTEX_FLAG_PICKUP);
              c.note("U4: hands " + mname(c) + " off to " + layout.taskName(next));
            } else {
              c.w.setMutexOwner(m, -1, fl);
              c.note("U4: no one to hand off to: released");
            }
          }
          if (next >= 0) {
            c.note("wakes " + layout.taskName(next) + " after unlock");
          }
          c.next("U5");
          };
        });
    f.step("U5", "unlock wait_lock" + (donorHandoff ? " (and own blocked_lock)" : "") + "; wake_up_q", c -> {
      int m = c.get(mL);
      dropOwn.run(c);
      c.unlock(layout.waitLock(m));
      int next = c.get(nextL);
      if (next < 0) {
        preemptOff(c, false);
        c.ret(0);
        return;
      }
      c.w.clearWakeQ(next);
      k.callTtwu(c, next, 0, "U6");
    });
    f.step("U6", "preempt_enable; return", c -> {
      preemptOff(c, false);
      c.ret(0);
    });
    return f;
  }

  /**
   * U1: release the owner word unless a handoff is due (HANDOFF set, v7.2's blocked_donor, or,
   * when {@code forced} as under variant mutex-forced-handoff, any waiter).
   */
  private KStep.Body u1(Local mL, Local handoffL, Predicate<Ctx> hasDonor, boolean forced) {
    return c -> {
      int m = c.get(mL);
      int o = owner(c, m);
      if (o != c.task) {
        c.w.setFault(Layout.FAULT_MUTEX_NOT_OWNER, c.task, m);
        c.note("unlocks " + mname(c) + ", which it does not own");
        c.ret(0);
        return;
      }
      int fl = flags(c, m);
      boolean handoff = (fl & MUTEX_FLAG_HANDOFF) != 0
          || (forced && (fl & MUTEX_FLAG_WAITERS) != 0);
      if (hasDonor.test(c)) {
        handoff = true; // v7.2: PE always hands the mutex to the donor that ran us
      }
      if (handoff) {
        c.set(handoffL, 1);
        c.next("U2");
        return;
      }
      c.w.setMutexOwner(m, -1, fl); // released: anyone may take it now
      if ((fl & MUTEX_FLAG_WAITERS) == 0) {
        c.note("released, no waiters");
        c.ret(0);
        return;
      }
      c.note("released, WAITERS set");
      c.next("U2");
    };
  }

  /**
   * The bug variant that changes how this version's unlock marks the waiter it wakes (U2c,
   * U3): pe-p1 under v7.1, pe-p11 under v7.2; none under v6.17.
   */
  private static Variant wakingBug(KFunction f) {
    return f.byVersion(null, Proxy.P1, Proxy.P11);
  }

  /**
   * Marks waiter w as being woken by an unlock (U2/U3): v6.17 and v7.2 clear blocked_on
   * (v7.2 leaves is_blocked for ttwu); v7.1 sets PROXY_WAKING if blocked_on was set.
   * With {@code bug} ({@link #wakingBug}): pe-p1 (v7.1) only clears blocked_on, so nothing
   * will return-migrate w; pe-p11 (v7.2) leaves it set: the woken task is TASK_RUNNING with
   * blocked_on.
   */
  private static OnTask waking(KFunction f, boolean bug, String label) {
    OnTask clears = (c, w) -> c.w.setBlockedOn(w, -1);
    return f.byVersion(clears, (c, w) -> {
      if (c.w.blockedOn(w) >= 0) {
        c.w.setBlockedOn(w, -1);
        c.w.setFlag(w, FLAG_PROXY_WAKING, !bug);
      }
    }, bug ? NOTHING_TO : clears, label);
  }

  /** Whether t is inside mutex_lock right after its schedule() (about to run M9). */
  boolean resumesAfterSchedule(StateView s, int t) {
    int d = s.depth(t);
    if (d == 0) {
      return false;
    }
    KStep st = k.table.get(s.frameStep(t, d - 1));
    return st.function == lock && st.label.equals("M9");
  }

  static boolean isBlockedFlag(StateView s, int t) {
    return (s.flags(t) & FLAG_IS_BLOCKED) != 0;
  }
}
