package schedcheck.model.kernel;

import static schedcheck.model.kernel.Layout.ON_RQ_NONE;
import static schedcheck.model.kernel.Layout.ON_RQ_QUEUED;
import static schedcheck.model.kernel.Layout.TASK_INTERRUPTIBLE;
import static schedcheck.model.kernel.Layout.TASK_RUNNING;
import static schedcheck.model.kernel.Layout.TASK_UNINTERRUPTIBLE;
import static schedcheck.model.kernel.Layout.TASK_WAKING;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.Stmt;

/**
 * The kernel under test for one scenario: its functions (built with the scenario's
 * variants applied) and the scheduler core they share: {@code __schedule},
 * {@code try_to_wake_up}, {@code wakeup_preempt}, {@code select_task_rq}.
 *
 * <p>The scheduling policy is the contract's fixed-priority one: each cpu runs a most
 * important queued task (lowest prio); ties are nondeterministic.
 */
public final class Kernel {
  /**
   * What FUTEX_WAIT (and FUTEX_SWAP's wait half) returns to the program when the word differs
   * from the expected value: the contract's -1 (the system call's -1 with errno EAGAIN, as a
   * C program sees it), not the kernel's internal -EAGAIN (-11).
   */
  public static final int EAGAIN = -1;
  /**
   * -EINTR: what user space sees when a signal interrupts a system call (FUTEX_WAIT's
   * -ERESTARTSYS included: the model has no restart, the handler runs and the call fails).
   */
  public static final int EINTR = -4;
  /** Wake flag: place the wakee on the waker's cpu (FUTEX_SWAP's WF_CURRENT_CPU). */
  public static final int WF_CURRENT_CPU = 1;

  final Layout layout;
  final Scenario scenario;
  final KFunction.StepTable table = new KFunction.StepTable();
  private final Set<Variant> variants = new HashSet<>();

  /** Proxy Execution versions ({@code kernel.variants} pe-v6.17, pe-v7.1, pe-v7.2). */
  public static final int V6_17 = 617;
  public static final int V7_1 = 701;
  public static final int V7_2 = 702;

  /**
   * The Proxy Execution version whose mutex and scheduler code is modeled (default v7.2). Only
   * code that builds functions reads it (choosing steps and their pieces, {@link
   * KFunction#byVersion}); no step body does (VersionSelectionTest).
   */
  final int version;
  /** The same version as a variant (the one {@code kernel.variants} names, else {@link Variants#PE_V7_2}). */
  final Variant peVersion;
  /** Whether __schedule runs as per-cpu scheduler steps with proxy execution. */
  final boolean pe;

  /** try_to_wake_up(p, wake_flags). */
  final KFunction ttwu;
  /** ttwu's {@code p}: the task being woken. */
  final Local ttwuP;
  /** {@code signal t}: send_signal's sigaddset, then signal_wake_up (kernel/signal.c). */
  final KFunction signal;
  final Futex futex;
  final Mutex mutex;
  final Proxy proxy;
  /** UMCG (docs/umcg.md), when a program uses it; else null. */
  final Umcg umcg;

  public Kernel(Layout layout) {
    this.layout = layout;
    this.scenario = layout.scenario;
    for (String name : scenario.kernel().variants()) {
      Variant v = Variants.byName(name);
      if (v == null) {
        throw new IllegalArgumentException("unknown kernel variant '" + name + "'");
      }
      variants.add(v);
    }
    int ver = V7_2;
    int named = 0;
    for (Variant v : Variants.PE_VERSIONS) {
      if (variants.contains(v)) {
        named++;
        ver = v == Variants.PE_V6_17 ? V6_17 : v == Variants.PE_V7_1 ? V7_1 : V7_2;
      }
    }
    if (named > 1) {
      throw new IllegalArgumentException("kernel.variants names more than one Proxy Execution version");
    }
    version = ver;
    peVersion = ver == V6_17 ? Variants.PE_V6_17 : ver == V7_1 ? Variants.PE_V7_1 : Variants.PE_V7_2;
    pe = layout.pe;
    ttwu = buildTtwu();
    ttwuP = ttwu.localNamed("p");
    signal = buildSignal();
    futex = new Futex(this);
    mutex = new Mutex(this);
    proxy = pe ? new Proxy(this) : null;
    umcg = layout.umcg ? new Umcg(this) : null;
  }

  /** The modeled Proxy Execution version ({@link #V6_17}, {@link #V7_1}, {@link #V7_2}). */
  public int version() {
    return version;
  }

  public boolean has(Variant v) {
    return variants.contains(v);
  }

  /**
   * A new kernel function built with this kernel's variants (its steps' {@link
   * KFunction#patch patches} apply those in force).
   */
  KFunction function(String name) {
    return new KFunction(table, name, variants, peVersion);
  }

  /**
   * Loads every subsystem, so that the variants each declares are registered ({@link
   * Variants#all}). A new subsystem adds itself here.
   */
  static void loadSubsystems() {
    Objects.requireNonNull(Futex.VARIANTS);
    Objects.requireNonNull(Mutex.VARIANTS);
    Objects.requireNonNull(Proxy.VARIANTS);
    Objects.requireNonNull(Umcg.VARIANTS);
  }

  public Layout layout() {
    return layout;
  }

  /** Every kernel step, for listings and tests. */
  public List<KStep> steps() {
    return table.all.subList(1, table.all.size());
  }

  int prio(int t) {
    return layout.taskPrio(t);
  }

  // ------------------------------------------------------------------ runqueues

  /** The queued tasks of cpu c with the smallest prio, as a bit mask (0 if none). */
  int bestQueued(StateView s, int c) {
    int mask = s.rqMask(c);
    int best = Integer.MAX_VALUE;
    int out = 0;
    for (int t = 0; t < layout.tasks; t++) {
      if ((mask & (1 << t)) != 0) {
        int p = prio(t);
        if (p < best) {
          best = p;
          out = 1 << t;
        } else if (p == best) {
          out |= 1 << t;
        }
      }
    }
    return out;
  }

  /** Picks one task of {@code mask} (nondeterministically) and makes it cpu c's curr. */
  void switchTo(Ctx c, int cpu, int mask) {
    int n = Integer.bitCount(mask);
    int next = -1;
    if (n > 0) {
      int k = c.choose(n);
      for (int t = 0; t < layout.tasks; t++) {
        if ((mask & (1 << t)) != 0 && k-- == 0) {
          next = t;
          break;
        }
      }
    }
    int prev = c.w.curr(cpu);
    c.w.setCurr(cpu, next);
    c.w.setNeedResched(cpu, false);
    if (next != prev && c.describe) { // the text only for a trace (note() drops it otherwise)
      c.note("switch to " + (next < 0 ? "idle" : layout.taskName(next)));
    }
  }

  /** activate_task: enqueue t on cpu's runqueue. */
  void activate(Work w, int t, int cpu) {
    w.setTaskCpu(t, cpu);
    w.rqAdd(cpu, t);
    w.setOnRq(t, ON_RQ_QUEUED);
  }

  /** deactivate_task: dequeue t from its runqueue. */
  void deactivate(Work w, int t) {
    w.rqRemove(w.taskCpu(t), t);
    w.setOnRq(t, ON_RQ_NONE);
  }

  /**
   * wakeup_preempt: a newly queued task more important than curr sets need_resched. With
   * proxy execution the comparison is with rq->donor, the scheduling context.
   */
  void wakeupPreempt(Work w, int cpu, int p) {
    int curr = pe ? w.donor(cpu) : w.curr(cpu);
    if (curr >= 0 && curr != p && prio(p) < prio(curr)) {
      w.setNeedResched(cpu, true);
    }
  }

  /**
   * select_task_rq: with WF_CURRENT_CPU the waker's cpu if p may run there; else p's
   * previous cpu if allowed; else its first allowed cpu.
   */
  int selectTaskRq(StateView s, int p, int wakeFlags, int wakerCpu) {
    if ((wakeFlags & WF_CURRENT_CPU) != 0 && layout.allowed(p, wakerCpu)) {
      return wakerCpu;
    }
    int prev = s.taskCpu(p);
    if (layout.allowed(p, prev)) {
      return prev;
    }
    return scenario.tasks().get(p).affinity().get(0);
  }

  /**
   * schedule() called by the acting task (prev), as one step under rq->lock: a prev that is
   * no longer RUNNING is dequeued (it sleeps); a RUNNING prev without need_resched returns
   * at once; otherwise a most important queued task is picked. The step's guard must
   * have checked that rq->lock is free.
   */
  void schedule(Ctx c) {
    int prev = c.task;
    int cpu = c.cpu;
    if (c.w.holdsAnyLock(prev)) {
      c.w.setFault(Layout.FAULT_SLEEP_WITH_SPINLOCK, prev, c.w.heldBy(prev).get(0));
    }
    if (pe) {
      // __schedule(SM_NONE) as steps on this cpu's scheduler frames; its C1 runs now.
      proxy.enter(c, prev, Proxy.SM_NONE);
      return;
    }
    int rq = layout.rqLock(cpu);
    c.lock(rq);
    if (c.w.signalPendingState(c.w.taskState(prev), prev)) {
      // try_to_block_task: signal_pending_state(prev): prev stays TASK_RUNNING, not dequeued.
      signalKeepsRunning(c, prev);
      if (c.w.needResched(cpu)) {
        switchTo(c, cpu, bestQueued(c.w, cpu));
      }
    } else if (c.w.taskState(prev) != TASK_RUNNING) {
      deactivate(c.w, prev);
      c.note(layout.taskName(prev) + " sleeps");
      switchTo(c, cpu, bestQueued(c.w, cpu));
    } else if (c.w.needResched(cpu)) {
      switchTo(c, cpu, bestQueued(c.w, cpu));
    }
    c.unlock(rq);
  }

  /**
   * try_to_block_task with a signal pending for an interruptible prev: {@code __state :=
   * TASK_RUNNING} and prev is not dequeued; a mutex waiter's blocked_on (and v7.1's
   * PROXY_WAKING) is cleared as well (proxy-execution.md section 6, C2), so that prev is not
   * treated as a donor; mutex_lock sets it again when it loops (M9).
   */
  void signalKeepsRunning(Ctx c, int prev) {
    c.w.setState(prev, TASK_RUNNING);
    if (c.w.blockedOn(prev) >= 0 || c.w.proxyWaking(prev)) {
      c.w.setBlockedOn(prev, -1);
      c.w.setFlag(prev, Layout.FLAG_PROXY_WAKING, false);
    }
    c.note("signal pending: " + layout.taskName(prev) + " stays TASK_RUNNING");
  }

  /**
   * select_task_rq with proxy execution on: from {@code p->wake_cpu} (which proxy migration
   * preserves), if p may run there, or else its first allowed cpu; or any idle cpu p may
   * run on (the wake-up balancing of select_idle_sibling), nondeterministically. With
   * WF_CURRENT_CPU, the waker's cpu if allowed.
   */
  int selectTaskRqPe(Ctx c, int p, int wakeFlags, int wakerCpu) {
    if ((wakeFlags & WF_CURRENT_CPU) != 0 && layout.allowed(p, wakerCpu)) {
      return wakerCpu;
    }
    int start = c.w.wakeCpu(p);
    if (!layout.allowed(p, start)) {
      start = scenario.tasks().get(p).affinity().get(0);
    }
    int[] cand = new int[layout.cpus];
    int n = 0;
    cand[n++] = start;
    for (int cpu = 0; cpu < layout.cpus; cpu++) {
      if (cpu != start && layout.allowed(p, cpu) && c.w.curr(cpu) < 0 && c.w.schedDepth(cpu) == 0) {
        cand[n++] = cpu;
      }
    }
    return cand[c.choose(n)];
  }

  /** The rq lock schedule() will need for the acting task. */
  int rqLockOf(Ctx c) {
    return layout.rqLock(c.cpu);
  }

  // ------------------------------------------------------------------ try_to_wake_up

  private KFunction buildTtwu() {
    KFunction f = function("try_to_wake_up");
    Local pL = f.taskIndexLocal("p");
    Local wakeFlags = f.local("wake_flags");
    Local wakerCpu = f.local("cpu"); // the waker's cpu
    // 0: TASK_NORMAL; STATE_INTERRUPTIBLE: TASK_INTERRUPTIBLE only, as signal_wake_up asks
    Local stateMask = f.local("state");
    // v7.2's ttwu_runnable (with proxy execution): takes p->blocked_lock, clears a still-set
    // blocked_on (not under variant pe-p11), proxy_needs_return, clears is_blocked.
    // Chosen here: T3's guard and body hold no version test.
    boolean v72 = pe && f.byVersion(false, false, true, "T3");
    KStep.Guard queuedRq = c -> {
      int p = c.get(pL);
      return c.view.onRq(p) != ON_RQ_NONE ? layout.rqLock(c.view.taskCpu(p)) : -1;
    };
    KStep.Guard t3Lock = !v72 ? queuedRq : c -> {
      int p = c.get(pL);
      if (c.view.holder(layout.blockedLock(p)) >= 0) {
        return layout.blockedLock(p); // v7.2 ttwu_runnable also takes p->blocked_lock
      }
      return queuedRq.lock(c);
    };
    KStep.Guard t3Guard = !pe ? t3Lock : c -> {
      if (c.view.onRq(c.get(pL)) == Layout.ON_RQ_MIGRATING) {
        return KStep.WAIT; // __task_rq_lock spins while p is being migrated
      }
      return t3Lock.lock(c);
    };
    RunnableWake running = !v72 ? (c, p) -> {} : (c, p) -> {
      if (c.w.blockedOn(p) < 0) {
        c.w.setFlag(p, Layout.FLAG_IS_BLOCKED, false); // a waking donor is runnable again
      }
    };
    f.step("T2", "raw_spin_lock(&p->pi_lock); ttwu_state_match", c -> layout.piLock(c.get(pL)), c -> {
      int p = c.get(pL);
      c.lock(layout.piLock(p));
      int st = c.w.taskState(p);
      boolean match = c.get(stateMask) == STATE_INTERRUPTIBLE
          ? st == TASK_INTERRUPTIBLE
          : st == TASK_INTERRUPTIBLE || st == TASK_UNINTERRUPTIBLE;
      if (!match) {
        c.unlock(layout.piLock(p));
        c.note(layout.taskName(p) + " not sleeping: nothing to do");
        c.ret(0);
        return;
      }
      c.next("T3");
    });
    f.step("T3", "p->on_rq ? ttwu_runnable : select_task_rq",
        t3Guard,
        Proxy.P11, keepsBlockedOn -> {
          NeedsReturn returns = !v72 ? (c, p) -> false
              : keepsBlockedOn ? (c, p) -> proxy.needsReturn(c, p)
              : (c, p) -> {
                clearBlockedOnWake(c, p); // ttwu_runnable only: reconstruction, see there
                return proxy.needsReturn(c, p);
              };
          return c -> {
          int p = c.get(pL);
          if (c.w.onRq(p) != ON_RQ_NONE && returns.test(c, p)) {
            // v7.2 proxy_needs_return: p was dequeued; ttwu takes the full path (T3b, T4).
            c.w.setState(p, TASK_WAKING);
            c.next("T3b");
            return;
          }
          if (c.w.onRq(p) != ON_RQ_NONE) {
            int cpu = c.w.taskCpu(p);
            c.lock(layout.rqLock(cpu));
            c.w.setState(p, TASK_RUNNING);
            running.run(c, p);
            if (c.w.curr(cpu) != p) {
              wakeupPreempt(c.w, cpu, p);
            }
            c.unlock(layout.rqLock(cpu));
            c.unlock(layout.piLock(p));
            c.note(layout.taskName(p) + " still queued: TASK_RUNNING");
            c.ret(1);
            return;
          }
          c.w.setState(p, TASK_WAKING);
          if (pe) {
            c.next("T3b");
            return;
          }
          int cpu = selectTaskRq(c.w, p, c.get(wakeFlags), c.get(wakerCpu));
          c.w.setTaskCpu(p, cpu);
          c.note(layout.taskName(p) + " TASK_WAKING, to cpu" + cpu);
          c.next("T4");
          };
        });
    if (pe) {
      f.step("T3b", "smp_cond_load_acquire(&p->on_cpu, !VAL); select_task_rq; set_task_cpu",
          c -> c.view.onCpu(c.get(pL)) ? KStep.WAIT : -1,
          c -> {
            int p = c.get(pL);
            int cpu = selectTaskRqPe(c, p, c.get(wakeFlags), c.get(wakerCpu));
            c.w.setTaskCpu(p, cpu);
            c.w.setWakeCpu(p, cpu); // __set_task_cpu sets wake_cpu
            c.note(layout.taskName(p) + " TASK_WAKING, to cpu" + cpu);
            c.next("T4");
          });
    }
    f.step("T4", "ttwu_queue: activate_task, wakeup_preempt", c -> layout.rqLock(c.view.taskCpu(c.get(pL))), c -> {
      int p = c.get(pL);
      int cpu = c.w.taskCpu(p);
      c.lock(layout.rqLock(cpu));
      activate(c.w, p, cpu);
      c.w.setState(p, TASK_RUNNING);
      if (pe) {
        // ttwu_do_wakeup clears is_blocked. No blocked_on clear here: merged v7.2 dropped it
        // (commit abc40cca0efd "sched/proxy: Optimize try_to_wake_up()" removes
        // "if (task_is_blocked(p)) clear_task_blocked_on(p, NULL)" from the off-rq path, since
        // every proxy_deactivate caller now clears blocked_on first; see Proxy F5/F6).
        c.w.setFlag(p, Layout.FLAG_IS_BLOCKED, false);
      }
      wakeupPreempt(c.w, cpu, p);
      c.unlock(layout.rqLock(cpu));
      c.unlock(layout.piLock(p));
      c.note(layout.taskName(p) + " queued on cpu" + cpu);
      c.ret(1);
    });
    return f;
  }

  /**
   * v7.2 ttwu_runnable (T3) for a queued task whose blocked_on is still a mutex, which only a
   * wakeup other than the unlock's can meet (a signal to a lock_interruptible waiter, or a
   * stray wake_up_process such as a late futex wake; the unlocker clears blocked_on itself, U3):
   * the model clears blocked_on, so that the task is "waking" (is_blocked without blocked_on)
   * and proxy_needs_return may return it. RECONSTRUCTION [I], no merged text found. Basis:
   * PeterZ, "Re: [PATCH v26 00/10] Simple Donor Migration for Proxy Execution", 3 Apr 2026
   * (lkml.iu.edu/hypermail/linux/kernel/2604.0/05060.html): ttwu is the one place that
   * migrates back, "This includes signals and unlock and everything", and (2604.0/05173)
   * "TASK_RUNNING must imply !->blocked_on". Against it: the only posted code, v23 7/9 "sched:
   * Have try_to_wake_up() handle return-migration for PROXY_WAKING case" (30 Oct 2025), acts
   * in ttwu_runnable on the waking mark only and leaves a mutex blocked_on alone. The off-rq
   * path (T4) does not clear blocked_on (commit abc40cca0efd). Variant pe-p11 leaves
   * blocked_on set here and in U3.
   */
  void clearBlockedOnWake(Ctx c, int p) {
    if (c.w.blockedOn(p) >= 0) {
      c.w.setBlockedOn(p, -1);
      c.note(layout.taskName(p) + "->blocked_on = NULL");
    }
  }

  /** A piece of ttwu_runnable (T3) for queued task p, chosen when try_to_wake_up is built. */
  @FunctionalInterface
  private interface RunnableWake {
    void run(Ctx c, int p);
  }

  /** T3's proxy_needs_return for queued task p (v7.2): whether p was dequeued for the full path. */
  @FunctionalInterface
  private interface NeedsReturn {
    boolean test(Ctx c, int p);
  }

  /** Calls try_to_wake_up(p, flags) from the current step, continuing at {@code returnLabel}. */
  void callTtwu(Ctx c, int p, int flags, String returnLabel) {
    c.call(ttwu, returnLabel, p, flags, c.cpu);
  }

  /** ttwu's state-mask local: wake only a TASK_INTERRUPTIBLE task. */
  static final int STATE_INTERRUPTIBLE = 1;

  // ------------------------------------------------------------------ signals

  /**
   * {@code signal t}: send_signal sets t's pending-signal flag (sigaddset, recalc_sigpending)
   * and signal_wake_up calls {@code try_to_wake_up(t, TASK_INTERRUPTIBLE)}, with the
   * pi_lock and rq lock it takes. A non-fatal signal does not wake TASK_UNINTERRUPTIBLE
   * sleepers. The kick of a running target (kick_process) is not needed: the model's target
   * sees the flag at once.
   *
   * <p>Both run under {@code sighand->siglock}, taken with {@code spin_lock_irqsave}:
   * send_signal_locked -> __send_signal_locked -> complete_signal -> signal_wake_up ->
   * signal_wake_up_state (kernel/signal.c, v6.18: {@code
   * lockdep_assert_held(&t->sighand->siglock)}; "We can only be called with siglock held,
   * and the local interrupt must have been disabled when that got acquired!") ->
   * wake_up_state -> try_to_wake_up. So the sender is neither preempted nor ticked between
   * setting the flag and the end of its wakeup: SG1 disables preemption (the model's
   * FLAG_PREEMPT_OFF, which stops ticks and wakeup preemption of the sender) until SG2,
   * spin_unlock_irqrestore. The siglock itself is not a lock instance of the model: no other
   * modeled step takes it. (Without this, a tick between the flag and the wakeup let a second
   * signal find the flag set and two signals interrupt only one wait: issue 6, D4.)
   */
  private KFunction buildSignal() {
    KFunction f = function("send_signal");
    Local target = f.taskIndexLocal("t");
    f.step("SG1", "spin_lock_irqsave(&sighand->siglock); sigaddset; set TIF_SIGPENDING;"
        + " signal_wake_up: try_to_wake_up(t, TASK_INTERRUPTIBLE)", c -> {
      int t = c.get(target);
      if (c.w.exited(t)) {
        c.note(layout.taskName(t) + " has exited: -ESRCH");
        c.ret(0);
        return;
      }
      c.w.setFlag(c.task, Layout.FLAG_PREEMPT_OFF, true); // spin_lock_irqsave(&sighand->siglock)
      c.w.setFlag(t, Layout.FLAG_SIGPENDING, true);
      c.note(layout.taskName(t) + ": signal pending");
      c.call(ttwu, "SG2", t, 0, c.cpu, STATE_INTERRUPTIBLE);
    });
    f.step("SG2", "spin_unlock_irqrestore(&sighand->siglock); return 0", c -> {
      c.w.setFlag(c.task, Layout.FLAG_PREEMPT_OFF, false);
      c.ret(0);
    });
    return f;
  }

  // ------------------------------------------------------------------ user space

  /**
   * The work task t's exit-to-user path must do before its next user statement, or null:
   * UMCG's umcg_notify_resume after a sys_umcg_kick (docs/umcg.md, Preemption). The task then
   * enters that function instead of running the statement; its return goes back to the
   * statement ({@link KFunction#runsBeforeStatement}).
   */
  KFunction exitToUserWork(StateView s, int t) {
    return umcg != null && umcg.notifyPending(s, t) ? umcg.notifyResume : null;
  }

  /** Ends a system call: the result goes to the statement's register and the task moves on. */
  void returnToUser(Ctx c, int value) {
    int t = c.task;
    Stmt s = statement(t, c.w.pc(t));
    int reg = s instanceof Stmt.Call call ? call.reg() : -1; // its registration: see Syscalls
    if (reg >= 0) {
      c.w.setReg(t, reg, value);
    }
    if (value == EINTR) {
      // The signal is handled on the way back to user space: no longer pending.
      c.w.setFlag(t, Layout.FLAG_SIGPENDING, false);
    }
    c.w.setPc(t, c.w.pc(t) + 1);
    if (c.describe) { // the text only for a trace (note() drops it otherwise)
      c.note("returns " + value);
    }
  }

  Stmt statement(int t, int pc) {
    List<Stmt> p = scenario.tasks().get(t).program().statements();
    return pc < p.size() ? p.get(pc) : null;
  }
}
