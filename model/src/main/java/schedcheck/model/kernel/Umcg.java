package schedcheck.model.kernel;

import static schedcheck.model.kernel.Layout.TASK_INTERRUPTIBLE;
import static schedcheck.model.kernel.Layout.TASK_RUNNING;
import static schedcheck.model.kernel.Layout.TASK_UNINTERRUPTIBLE;

import schedcheck.model.scenario.Umcg.BlockIo;
import schedcheck.model.scenario.Umcg.CompleteIo;
import schedcheck.model.scenario.Umcg.UmcgCtl;
import schedcheck.model.scenario.Umcg.UmcgCtlKind;
import schedcheck.model.scenario.Umcg.UmcgIdle;
import schedcheck.model.scenario.Umcg.UmcgKick;
import schedcheck.model.scenario.Umcg.UmcgPop;
import schedcheck.model.scenario.Umcg.UmcgPreempt;
import schedcheck.model.scenario.Umcg.UmcgRunnable;
import schedcheck.model.scenario.Umcg.UmcgState;
import schedcheck.model.scenario.Umcg.UmcgWait;

/**
 * UMCG (User Managed Concurrency Groups) as kernel steps, following Peter Zijlstra's rework
 * (kernel/sched/umcg.c, "[RFC][PATCH v2 5/5] sched: User Mode Concurency Groups", Jan 2022):
 * sys_umcg_ctl, sys_umcg_wait (with umcg_wake_next), sys_umcg_kick, umcg_wait (the wait loop
 * as separate steps), umcg_wake_server, and the block/wake detection hooks
 * (umcg_wq_worker_sleeping before schedule(), umcg_sys_exit/umcg_unblock_and_wait on the way
 * back to user space) on the one blocking system call the model gives workers,
 * {@code block_io}. Each cmpxchg on a user word is one step. docs/umcg.md lists every step
 * with its source, and what is left out.
 *
 * <p>The per-task {@code struct umcg_task} lives in the task's UMCG fields ({@link
 * Layout#U_STATE} ...), only present when a program uses UMCG. TIDs are {@code task + 1}.
 */
final class Umcg {
  // ---- the UMCG bug variants: each patches the steps it changes when a function is built ----

  static final Variants.Group VARIANTS = Variants.group(Variants.RANK_UMCG);

  /**
   * The version: Peter Oskolkov's v0.9.1 (Nov 2021) instead of PeterZ's rework (the default).
   * It builds C3, UW0-UW2 and IO7 with its own bodies and adds umcg_wake_idle_server (docs/umcg.md
   * "v0.9.1"); chosen in the build methods only.
   */
  static final Variant V091 = VARIANTS.add(new Variant(
      "umcg-v0.9.1",
      "UMCG as Oskolkov's v0.9.1 (Nov 2021): IDLE instead of RUNNABLE, user space runs a worker itself (IDLE -> RUNNING, then sys_umcg_wait switches), wake detection pushes the worker on the process-wide idle-workers stack and wakes the one server in *idle_server_tid_ptr (xchg with 0); no sys_umcg_kick",
      ""));

  static final Variant U1 = VARIANTS.add(new Variant(
      "umcg-u1-read-before-set-state",
      "UMCG's umcg_wait loop reads self->state before set_current_state(TASK_INTERRUPTIBLE) (WL1/WL2 swapped): a server wake-up sent in between is lost",
      "B.U1"));
  static final Variant U2 = VARIANTS.add(new Variant(
      "umcg-u2-unvalidated-next-tid",
      "UMCG's umcg_get_task accepts any live task for next_tid (no same-group / UMCG-task test): sys_umcg_wait makes a worker of another server RUNNING",
      "B.U2"));

  // struct umcg_task::state
  static final int NONE = 0;
  static final int RUNNING = 1;
  static final int RUNNABLE = 2;
  static final int BLOCKED = 3;
  static final int MASK = 0xf;
  static final int TF_COND_WAIT = 0x10;
  /** UMCG_TF_PREEMPT: user space asks that the RUNNING worker be preempted (docs/umcg.md, Preemption). */
  static final int TF_PREEMPT = 0x20;
  /** The flags umcg_notify_resume compares with the state (UMCG_TF_MASK). */
  static final int TF_MASK = TF_COND_WAIT | TF_PREEMPT;
  /** UMCG_TID_RUNNING in next_tid. */
  static final int TID_RUNNING = 0x100;
  // kernel-side flags in U_KERNEL
  static final int KIND_SERVER = 1;
  static final int KIND_WORKER = 2;
  static final int KIND_MASK = 3;
  /** tsk->umcg_server set: pinned by sys_enter, unpinned when it blocks or at sys_exit. */
  static final int PINNED = 4;
  /** The environment completed this task's block_io. */
  static final int IO_DONE = 8;
  /** The task is in block_io's wait loop (IO1..IO5): what complete_io wakes [I]. */
  static final int IO_WAIT = 16;
  /**
   * A sys_umcg_kick's reschedule IPI reached the task: it passes through umcg_notify_resume
   * before its next user statement [I: the model's stand-in for the interrupt's return to user].
   */
  static final int KICKED = 32;

  static final int EINVAL = -22;
  static final int ESRCH = -3;
  static final int EAGAIN = -11;

  private final Kernel k;
  private final Layout layout;
  /** UMCG_TASK_RUNNABLE's value (2) by its name in the version in force: RUNNABLE, or v0.9.1's IDLE. */
  private final String idleName;
  /** Which list umcg_pop empties: the caller's (or S's) runnable list, or v0.9.1's process-wide idle-workers stack. */
  private final boolean popsIdleStack;
  /** umcg_wake_idle_server (v0.9.1 only; else null). */
  final KFunction wakeIdleServer;
  final KFunction ctl;
  final KFunction sysWait;
  final KFunction kick;
  final KFunction wait;
  final KFunction wakeServer;
  final KFunction blockIo;
  final KFunction completeIo;
  final KFunction notifyResume;

  Umcg(Kernel k) {
    this.k = k;
    this.layout = k.layout;
    boolean v091 = k.has(V091);
    idleName = v091 ? "IDLE" : "RUNNABLE";
    popsIdleStack = v091;
    wait = buildWait();
    wakeServer = buildWakeServer(v091);
    wakeIdleServer = v091 ? buildWakeIdleServer() : null;
    ctl = buildCtl(v091);
    sysWait = buildSysWait(v091);
    kick = buildKick();
    blockIo = buildBlockIo(v091);
    completeIo = buildCompleteIo();
    notifyResume = buildNotifyResume(); // built last: the other functions keep their step ids
  }

  // ------------------------------------------------------------------ fields
  // One typed reader and writer per UMCG field, each doing its own encoding (the fields sit in
  // the task's record after its registers, only when a program uses UMCG: Layout#umcg).

  /** struct umcg_task::state of t, with its flags. */
  int userState(StateView s, int t) {
    return s.r(layout.umcg(t, Layout.U_STATE));
  }

  void setUserState(Ctx c, int t, int state) {
    c.w.set(layout.umcg(t, Layout.U_STATE), state);
  }

  /** t's UMCG_TASK_* state, without flags. */
  int state(StateView s, int t) {
    return userState(s, t) & MASK;
  }

  /** struct umcg_task::server_tid of t as a task, or -1 (stored as TID = task + 1, 0 none). */
  int server(StateView s, int t) {
    int sv = s.r(layout.umcg(t, Layout.U_SERVER));
    return sv >= 1 && sv <= layout.tasks ? sv - 1 : -1;
  }

  void setServer(Ctx c, int t, int server) {
    c.w.set(layout.umcg(t, Layout.U_SERVER), server + 1);
  }

  /** struct umcg_task::next_tid of t: a TID (0 none), with UMCG_TID_RUNNING as a flag. */
  int nextTid(StateView s, int t) {
    return s.r(layout.umcg(t, Layout.U_NEXT));
  }

  void setNextTid(Ctx c, int t, int tid) {
    c.w.set(layout.umcg(t, Layout.U_NEXT), tid);
  }

  /** Server t's runnable_workers_ptr list, as a mask of tasks. */
  int runnableList(StateView s, int t) {
    return s.r(layout.umcg(t, Layout.U_RUNNABLE));
  }

  void setRunnableList(Ctx c, int t, int mask) {
    c.w.set(layout.umcg(t, Layout.U_RUNNABLE), mask);
  }

  /** The kernel side of t: UMCG_KIND_*, PINNED, IO_DONE. */
  int kernelFlags(StateView s, int t) {
    return s.r(layout.umcg(t, Layout.U_KERNEL));
  }

  void setKernelFlags(Ctx c, int t, int flags) {
    c.w.set(layout.umcg(t, Layout.U_KERNEL), flags);
  }

  /** v0.9.1: the process-wide idle-workers stack (*idle_workers_ptr), as a task mask; 0 without the version. */
  int idleWorkers(StateView s) {
    return layout.umcgIdleAt < 0 ? 0 : s.r(layout.umcgIdleAt);
  }

  void setIdleWorkers(Ctx c, int mask) {
    c.w.set(layout.umcgIdleAt, mask);
  }

  /** v0.9.1: the task whose TID is in *idle_server_tid_ptr, or -1 (stored as TID, 0 none). */
  int idleServer(StateView s) {
    int v = layout.umcgIdleAt < 0 ? 0 : s.r(layout.umcgIdleAt + 1);
    return v >= 1 && v <= layout.tasks ? v - 1 : -1;
  }

  void setIdleServer(Ctx c, int t) {
    c.w.set(layout.umcgIdleAt + 1, t + 1);
  }

  int kind(StateView s, int t) {
    return kernelFlags(s, t) & KIND_MASK;
  }

  private void kflag(Ctx c, int t, int flag, boolean on) {
    int v = kernelFlags(c.w, t);
    setKernelFlags(c, t, on ? v | flag : v & ~flag);
  }

  static String stateName(int st) {
    String n = switch (st & MASK) {
      case NONE -> "NONE";
      case RUNNING -> "RUNNING";
      case RUNNABLE -> "RUNNABLE";
      case BLOCKED -> "BLOCKED";
      default -> "?" + (st & MASK);
    };
    return n + ((st & TF_COND_WAIT) != 0 ? "|COND_WAIT" : "") + ((st & TF_PREEMPT) != 0 ? "|PREEMPT" : "");
  }

  /** stateName with UMCG_TASK_RUNNABLE's value named as in the version in force (v0.9.1: IDLE). */
  String name(int st) {
    String n = stateName(st);
    return (st & MASK) == RUNNABLE ? idleName + n.substring("RUNNABLE".length()) : n;
  }

  /**
   * umcg_update_state as one cmpxchg: {@code (state & MASK) == from} becomes {@code to},
   * clearing UMCG_TF_COND_WAIT and UMCG_TF_PREEMPT. False (-EAGAIN) when the state is not {@code from}.
   */
  boolean update(Ctx c, int t, int from, int to) {
    int old = userState(c.w, t);
    if ((old & MASK) != from) {
      c.note(layout.taskName(t) + "->state is " + name(old) + ", not " + name(from) + ": -EAGAIN");
      return false;
    }
    setUserState(c, t, to);
    c.note(layout.taskName(t) + "->state " + name(old) + " -> " + name(to));
    return true;
  }

  /**
   * umcg_get_task(tid): a live registered UMCG task of the caller's group, or -1. The model
   * has one process (one mm); "the same group" stands for the kernel's same-mm test: the
   * task's server is the caller's server [I]. Variant umcg-u2 drops the test (tglx's review of
   * v0.x: a TID from user space, unvalidated): its steps pass {@code validate} false.
   */
  int getTask(StateView s, int caller, int tid, boolean validate) {
    int t = (tid & ~TID_RUNNING) - 1;
    if (t < 0 || t >= layout.tasks || s.exited(t)) {
      return -1;
    }
    if (!validate) {
      return t;
    }
    if (kind(s, t) == 0 || server(s, t) != server(s, caller)) {
      return -1;
    }
    return t;
  }

  // ------------------------------------------------------------------ umcg_wait loop

  /**
   * umcg_wait(0): the wait loop, one step each for set_current_state(TASK_INTERRUPTIBLE),
   * the signal test, the read of self->state and schedule(). Variant umcg-u1 reads the user
   * state before it sets the task state (the order known-bugs U1 says loses the wakeup).
   */
  private KFunction buildWait() {
    KFunction f = k.function("umcg_wait");
    f.step("WL1", "set_current_state(TASK_INTERRUPTIBLE)", setState("WL2"));
    f.step("WL2", "signal_pending(current)?", signalTest("WL3"));
    f.step("WL3", "get_user(state, &self->state): RUNNABLE keeps waiting", readState("WL4"));
    // umcg-u1: the same steps with the read first (WL1 reads, WL2 sets, WL3 tests signals).
    f.patch(U1, "WL1", "get_user(state, &self->state) (before set_current_state: variant umcg-u1)",
        KStep.NO_LOCK, readState("WL2"));
    f.patch(U1, "WL2", "set_current_state(TASK_INTERRUPTIBLE)", KStep.NO_LOCK, setState("WL3"));
    f.patch(U1, "WL3", "signal_pending(current)?", KStep.NO_LOCK, signalTest("WL4"));
    f.step("WL4", "schedule()", c -> k.rqLockOf(c), c -> {
      c.next("WL1");
      k.schedule(c);
    });
    return f;
  }

  private static KStep.Body setState(String then) {
    return c -> {
      c.w.setState(c.task, TASK_INTERRUPTIBLE);
      c.next(then);
    };
  }

  private static KStep.Body signalTest(String then) {
    return c -> {
      if (c.w.signalPending(c.task)) {
        c.w.setState(c.task, TASK_RUNNING);
        c.note("signal pending: -EINTR");
        c.ret(Kernel.EINTR);
        return;
      }
      c.next(then);
    };
  }

  private KStep.Body readState(String then) {
    return c -> {
      int st = state(c.w, c.task);
      if (st != RUNNABLE) {
        c.w.setState(c.task, TASK_RUNNING);
        c.note("self->state = " + name(st) + ": return " + (st == RUNNING ? 0 : -22));
        c.ret(st == RUNNING ? 0 : EINVAL);
        return;
      }
      c.note("self->state = " + idleName + ": wait");
      c.next(then);
    };
  }

  // ------------------------------------------------------------------ umcg_wake_server

  /** umcg_wake_server(tsk): umcg_wake_task(server): cmpxchg RUNNABLE -> RUNNING, then ttwu. */
  private KFunction buildWakeServer(boolean v091) {
    KFunction f = k.function("umcg_wake_server");
    Local server = f.taskLocal("server");
    f.step("WS1", v091 ? "umcg_update_state(server, IDLE -> RUNNING)" : "umcg_update_state(server, RUNNABLE -> RUNNING)", c -> {
      int s = c.get(server);
      if (s < 0 || !update(c, s, RUNNABLE, RUNNING)) {
        c.note("server already running: nothing to wake");
        c.ret(0);
        return;
      }
      k.callTtwu(c, s, Kernel.WF_CURRENT_CPU, "WS2");
    });
    f.step("WS2", "return 0", c -> c.ret(0));
    return f;
  }

  /**
   * v0.9.1's wake of an idle server after wake detection [P umcg.txt; futex-and-swap.md 7.2]:
   * {@code S = xchg(*idle_server_tid_ptr, 0)}; if S: S IDLE -> RUNNING and try_to_wake_up(S)
   * (umcg_wake_server's steps). Each event wakes that server at most once.
   */
  private KFunction buildWakeIdleServer() {
    KFunction f = k.function("umcg_wake_idle_server");
    f.step("WI1", "server = xchg(*idle_server_tid_ptr, 0); none? return", c -> {
      int s = idleServer(c.w);
      if (s < 0) {
        c.note("no idle server");
        c.ret(0);
        return;
      }
      setIdleServer(c, -1);
      c.note("*idle_server_tid_ptr named " + layout.taskName(s) + ": now 0");
      c.call(wakeServer, "WI2", s);
    });
    f.step("WI2", "return 0", c -> c.ret(0));
    return f;
  }

  /** v0.9.1's umcg_enqueue_idle_worker: push tsk on the process-wide idle-workers stack (one step [I]). */
  private void pushIdle(Ctx c, int t) {
    setIdleWorkers(c, idleWorkers(c.w) | (1 << t));
    c.note(layout.taskName(t) + " on the idle-workers stack (*idle_workers_ptr)");
  }

  /** umcg_enqueue_runnable(tsk): the cmpxchg that pushes tsk on its server's list. */
  private void enqueueRunnable(Ctx c, int t) {
    int s = server(c.w, t);
    if (s < 0) {
      return;
    }
    setRunnableList(c, s, runnableList(c.w, s) | (1 << t));
    c.note(layout.taskName(t) + " on " + layout.taskName(s) + "'s runnable_workers_ptr list");
  }

  // ------------------------------------------------------------------ sys_umcg_ctl

  /** Locals: kind (0 server, 1 worker, 2 unregister), server task + 1, error. */
  private KFunction buildCtl(boolean v091) {
    KFunction f = k.function("sys_umcg_ctl");
    Local kindL = f.local("kind");
    Local serverL = f.taskLocal("server");
    f.step("C1", "umcg_register / umcg_unregister: checks", c -> {
      int t = c.task;
      int kind = c.get(kindL);
      if (kind == 2) {
        int kd = kind(c.w, t);
        if (kd == 0) {
          c.note("not a UMCG task: -EINVAL");
          c.ret(EINVAL);
          return;
        }
        c.next("C5");
        return;
      }
      if (kind(c.w, t) != 0) {
        c.note("already registered: -EINVAL");
        c.ret(EINVAL);
        return;
      }
      if (kind == 0) {
        // user: self->state = RUNNING, server_tid = self; kernel: register as server.
        setUserState(c, t, RUNNING);
        setServer(c, t, t);
        setKernelFlags(c, t, (kernelFlags(c.w, t) & ~KIND_MASK) | KIND_SERVER);
        c.note(layout.taskName(t) + " registered as a server");
        c.ret(0);
        return;
      }
      int s = c.get(serverL);
      // user: self->state = BLOCKED, server_tid = S.
      setUserState(c, t, BLOCKED);
      setServer(c, t, s);
      if (s == t || c.w.exited(s) || kind(c.w, s) != KIND_SERVER) {
        setUserState(c, t, NONE);
        setServer(c, t, -1);
        c.note(layout.taskName(s) + " is not a registered server: -ESRCH");
        c.ret(ESRCH);
        return;
      }
      setKernelFlags(c, t, (kernelFlags(c.w, t) & ~KIND_MASK) | KIND_WORKER | PINNED);
      c.note(layout.taskName(t) + " registered as a worker of " + layout.taskName(s) + "; umcg_unblock_and_wait");
      c.next("C2");
    });
    f.step("C2", "umcg_unblock_and_wait: umcg_update_state(self, BLOCKED -> RUNNABLE)", c -> {
      update(c, c.task, BLOCKED, RUNNABLE);
      c.next("C3");
    });
    if (v091) {
      // v0.9.1: a new worker goes onto the idle-workers stack and an idle server, if any, is woken.
      f.step("C3", "umcg_enqueue_idle_worker: push self on *idle_workers_ptr; wake *idle_server_tid_ptr", c -> {
        pushIdle(c, c.task);
        c.call(wakeIdleServer, "C4");
      });
    } else {
      f.step("C3", "umcg_enqueue_runnable: cmpxchg server->runnable_workers_ptr", c -> {
        enqueueRunnable(c, c.task);
        c.call(wakeServer, "C4", server(c.w, c.task));
      });
    }
    f.step("C4", "umcg_unpin_pages; umcg_wait(0)", c -> {
      kflag(c, c.task, PINNED, false);
      c.call(wait, "C4b");
    });
    f.step("C4b", "return 0", c -> c.ret(0));
    f.step("C5", "umcg_unregister: umcg_update_state(self, RUNNING -> NONE)", c -> {
      int t = c.task;
      if (!update(c, t, RUNNING, NONE)) {
        c.ret(EAGAIN);
        return;
      }
      if (kind(c.w, t) == KIND_WORKER) {
        c.call(wakeServer, "C6", server(c.w, t));
        return;
      }
      c.next("C6");
    });
    f.step("C6", "umcg_clear_task; return 0", c -> {
      setKernelFlags(c, c.task, kernelFlags(c.w, c.task) & IO_DONE);
      setServer(c, c.task, -1);
      setNextTid(c, c.task, 0);
      c.ret(0);
    });
    return f;
  }

  // ------------------------------------------------------------------ sys_umcg_wait

  /** Locals: next_tid as written by the user, error. */
  private KFunction buildSysWait(boolean v091) {
    KFunction f = k.function("sys_umcg_wait");
    Local next = f.local("next");
    if (v091) {
      buildSysWaitV091(f, next);
      return f;
    }
    f.step("UW0", "user: self->next_tid = next; syscall", c -> {
      int t = c.task;
      setNextTid(c, t, Math.max(0, c.get(next)));
      c.next("UW1");
    });
    f.step("UW1", "umcg_pin_pages; umcg_update_state(self, RUNNABLE -> RUNNABLE) (clears COND_WAIT)", c -> {
      int t = c.task;
      if (kind(c.w, t) == 0) {
        c.note("not a UMCG task: -EINVAL");
        c.ret(EINVAL);
        return;
      }
      if (kind(c.w, t) == KIND_WORKER) {
        int s = server(c.w, t);
        if (s < 0 || c.w.exited(s)) {
          unblock(c, ESRCH);
          return;
        }
      }
      if (!update(c, t, RUNNABLE, RUNNABLE)) {
        unblock(c, EAGAIN);
        return;
      }
      c.next("UW2");
    });
    // umcg-u2: umcg_get_task without the same-group test (v: the variant is in force).
    f.step("UW2", "umcg_wake_next: umcg_get_task(next_tid); umcg_update_state(next, RUNNABLE -> RUNNING)", U2, v -> c -> {
      int t = c.task;
      int tid = nextTid(c.w, t);
      if (tid == 0) {
        c.note("next_tid = 0");
        c.next("UW4");
        return;
      }
      int n = getTask(c.w, t, tid, !v);
      if (n < 0) {
        c.note("next_tid " + (tid & ~TID_RUNNING) + " is no UMCG task of this group: -ESRCH");
        unblock(c, ESRCH);
        return;
      }
      if ((tid & TID_RUNNING) != 0) {
        if (state(c.w, n) != RUNNING) {
          c.note(layout.taskName(n) + " is not RUNNING: -EAGAIN");
          unblock(c, EAGAIN);
          return;
        }
        c.next("UW4");
        return;
      }
      if (!update(c, n, RUNNABLE, RUNNING)) {
        unblock(c, EAGAIN);
        return;
      }
      k.callTtwu(c, n, Kernel.WF_CURRENT_CPU, "UW3");
    });
    f.step("UW3", "put_user(next_tid | UMCG_TID_RUNNING, &self->next_tid)", c -> {
      setNextTid(c, c.task, nextTid(c.w, c.task) | TID_RUNNING);
      c.next("UW4");
    });
    f.step("UW4", "worker: umcg_enqueue_runnable (cmpxchg server->runnable_workers_ptr); umcg_wake_server", c -> {
      int t = c.task;
      if (kind(c.w, t) == KIND_WORKER) {
        enqueueRunnable(c, t);
        c.call(wakeServer, "UW5", server(c.w, t));
        return;
      }
      c.next("UW5");
    });
    f.step("UW5", "umcg_unpin_pages; umcg_wait(0)", c -> {
      kflag(c, c.task, PINNED, false);
      c.call(wait, "UW6");
    });
    f.step("UW6", "umcg_wait returned: 0 (or -EINTR: continued in notify_resume) -> 0, else unblock", c -> {
      int r = c.result();
      if (r == 0 || r == Kernel.EINTR) {
        c.ret(r);
        return;
      }
      unblock(c, r);
    });
    return f;
  }

  /**
   * v0.9.1's sys_umcg_wait with the user-space half of its transitions (futex-and-swap.md 7.2,
   * umcg.txt "STATE TRANSITIONS"): UW0 is what user space writes before the call, as one step
   * (the LOCKED flag that makes those several cmpxchgs safe is not modeled: docs/umcg.md);
   * UW2 the context switch (try_to_wake_up(next) on this cpu), then the idle loop (UW5, UW6 as
   * in the rework). UW1, UW3 and UW4 are not in this version.
   */
  private void buildSysWaitV091(KFunction f, Local next) {
    f.step("UW0", "user: self -> IDLE; next: IDLE -> RUNNING, next->next_tid = server, self->next_tid = next"
        + " (a worker without next: its server IDLE -> RUNNING); syscall", c -> {
      int t = c.task;
      int tid = Math.max(0, c.get(next));
      int kd = kind(c.w, t);
      if (kd == 0) {
        c.note("not a UMCG task: -EINVAL");
        c.ret(EINVAL);
        return;
      }
      if (tid == 0 && kd == KIND_WORKER) {
        // The worker yields to its server (its next_tid while RUNNING: the model's server_tid).
        int s = server(c.w, t);
        if (s < 0 || c.w.exited(s)) {
          c.note("no server: -ESRCH");
          c.ret(ESRCH);
          return;
        }
        if (state(c.w, t) != RUNNING || state(c.w, s) != RUNNABLE) {
          c.note("user's cmpxchg fails (" + layout.taskName(t) + " " + name(userState(c.w, t)) + ", "
              + layout.taskName(s) + " " + name(userState(c.w, s)) + "): -EAGAIN");
          c.ret(EAGAIN);
          return;
        }
        setUserState(c, t, RUNNABLE);
        setUserState(c, s, RUNNING);
        c.set(next, s + 1);
        c.note(layout.taskName(t) + "->state RUNNING -> IDLE, " + layout.taskName(s) + "->state IDLE -> RUNNING");
        c.next("UW2");
        return;
      }
      if (tid != 0) {
        int n = tid - 1;
        if (n < 0 || n >= layout.tasks || n == t || c.w.exited(n) || state(c.w, n) != RUNNABLE) {
          c.note("user's cmpxchg of next IDLE -> RUNNING fails: -EAGAIN");
          c.ret(EAGAIN);
          return;
        }
        int srv = kd == KIND_SERVER ? t : server(c.w, t);
        setUserState(c, t, RUNNABLE);
        if (idleServer(c.w) == t) {
          setIdleServer(c, -1); // a server busy again takes itself out of the idle slot [I]
        }
        setUserState(c, n, RUNNING);
        setServer(c, n, srv);
        setNextTid(c, t, tid);
        if (kd == KIND_WORKER && srv >= 0) {
          setNextTid(c, srv, tid); // worker to worker: the server now serves next
        }
        c.note(layout.taskName(t) + "->state -> IDLE; " + layout.taskName(n) + "->state IDLE -> RUNNING, runs for "
            + (srv < 0 ? "no server" : layout.taskName(srv)));
      }
      c.next("UW2");
    });
    f.step("UW2", "umcg_do_context_switch: try_to_wake_up(next, WF_CURRENT_CPU)", c -> {
      int tid = c.get(next);
      if (tid == 0) {
        c.next("UW5");
        return;
      }
      int n = tid - 1;
      if (c.w.exited(n) || kind(c.w, n) == 0) {
        c.note("next is no UMCG task: -ESRCH");
        unblock(c, ESRCH);
        return;
      }
      k.callTtwu(c, n, Kernel.WF_CURRENT_CPU, "UW5");
    });
    f.step("UW5", "umcg_idle_loop", c -> c.call(wait, "UW6"));
    f.step("UW6", "the idle loop returned: 0 (or -EINTR) -> return, else self IDLE -> RUNNING and return it", c -> {
      int r = c.result();
      if (r == 0 || r == Kernel.EINTR) {
        c.ret(r);
        return;
      }
      unblock(c, r);
    });
  }

  /** sys_umcg_wait's unblock: umcg_update_state(self, RUNNABLE -> RUNNING), return err. */
  private void unblock(Ctx c, int err) {
    int t = c.task;
    kflag(c, t, PINNED, false);
    int old = userState(c.w, t);
    if ((old & MASK) == RUNNABLE) {
      setUserState(c, t, RUNNING);
    }
    c.note("unblock: self->state = " + name(userState(c.w, t)) + "; return " + err);
    c.ret(err);
  }

  // ------------------------------------------------------------------ sys_umcg_kick

  private KFunction buildKick() {
    KFunction f = k.function("sys_umcg_kick");
    Local task = f.taskLocal("task"); // stored as its TID
    f.step("K1", "umcg_get_task(tid); smp_send_reschedule(task_cpu(task))", U2, v -> c -> {
      int n = getTask(c.w, c.task, c.get(task) + 1, !v);
      if (n < 0) {
        c.note("no UMCG task of this group: -ESRCH");
        c.ret(ESRCH);
        return;
      }
      // The IPI makes the target pass through umcg_notify_resume on its way back to user
      // space (before its next user statement: KICKED), which acts on UMCG_TF_PREEMPT.
      if (kind(c.w, n) != 0) {
        kflag(c, n, KICKED, true);
      }
      c.note("reschedule IPI to cpu" + c.w.taskCpu(n) + ": " + layout.taskName(n) + " passes through umcg_notify_resume");
      c.ret(0);
    });
    return f;
  }

  // ------------------------------------------------------------------ umcg_notify_resume (preemption)

  /** Whether task t has umcg_notify_resume to run before its next user statement (a kick reached it). */
  boolean notifyPending(StateView s, int t) {
    return (kernelFlags(s, t) & KICKED) != 0 && kind(s, t) != 0;
  }

  /**
   * {@code umcg_kick T} followed by {@code umcg_preempt T}'s flag: umcg_notify_resume (PeterZ's
   * rework, the return-to-user path of a UMCG task), entered before the kicked task's next
   * user statement and returning to it: read self->state; RUNNING, or RUNNABLE|COND_WAIT (user
   * space is on its way into sys_umcg_wait): back to user space; UMCG_TF_PREEMPT: pin,
   * umcg_update_state(RUNNING -> RUNNABLE) (clears the flag), umcg_enqueue_and_wake, unpin; then
   * (any other state too) umcg_wait(0) until a server makes it RUNNING again.
   */
  private KFunction buildNotifyResume() {
    KFunction f = k.function("umcg_notify_resume").runsBeforeStatement();
    f.step("NR1", "exit_to_user_mode: umcg_notify_resume: get_user(state, &self->state)", c -> {
      int t = c.task;
      kflag(c, t, KICKED, false);
      int st = userState(c.w, t) & (MASK | TF_MASK);
      if (st == RUNNING || st == (RUNNABLE | TF_COND_WAIT)) {
        c.note("self->state = " + stateName(st) + ": back to user space");
        c.ret(0);
        return;
      }
      if ((st & TF_PREEMPT) != 0) {
        c.note("self->state = " + stateName(st) + ": preempted");
        c.next("NR2");
        return;
      }
      c.note("self->state = " + stateName(st) + ": umcg_wait");
      c.next("NR4");
    });
    f.step("NR2", "umcg_pin_pages; umcg_update_state(self, RUNNING -> RUNNABLE) (clears UMCG_TF_PREEMPT)", c -> {
      int t = c.task;
      kflag(c, t, PINNED, true);
      if (!update(c, t, RUNNING, RUNNABLE)) {
        // UMCG_DIE_UNPIN("state") (not modeled): nothing else writes a kicked worker's
        // RUNNING|PREEMPT word while it is in the kernel, so this does not happen; were it
        // to, umcg_wait decides (as UmcgRef does).
        c.next("NR4");
        return;
      }
      c.next("NR3");
    });
    f.step("NR3", "umcg_enqueue_and_wake: cmpxchg server->runnable_workers_ptr; umcg_wake_server", c -> {
      enqueueRunnable(c, c.task);
      c.call(wakeServer, "NR4", server(c.w, c.task));
    });
    f.step("NR4", "umcg_unpin_pages; umcg_wait(0)", c -> {
      kflag(c, c.task, PINNED, false);
      c.call(wait, "NR5");
    });
    f.step("NR5", "back to user space: the statement it came before runs next", c -> c.ret(0));
    return f;
  }

  /**
   * {@code [r =] umcg_preempt T}: user space's cmpxchg(&T->state, RUNNING, RUNNING |
   * UMCG_TF_PREEMPT), one atomic user step (the whole word is compared: a RUNNING T with a flag
   * already set fails). r = 0 when the flag was set, -11 (T was not RUNNING) otherwise.
   */
  int preempt(Ctx c, int t) {
    int old = userState(c.w, t);
    if (old != RUNNING) {
      c.note(layout.taskName(t) + "->state is " + stateName(old) + ", not RUNNING: cmpxchg fails");
      return EAGAIN;
    }
    setUserState(c, t, RUNNING | TF_PREEMPT);
    c.note(layout.taskName(t) + "->state RUNNING -> RUNNING|PREEMPT");
    return 0;
  }

  // ------------------------------------------------------------------ block_io and its hooks

  /**
   * {@code block_io}: a system call that sleeps (TASK_UNINTERRUPTIBLE) until {@code
   * complete_io} marks it done, with the UMCG hooks of a worker: umcg_sys_enter (pin),
   * umcg_wq_worker_sleeping before schedule() (block detection), umcg_sys_exit and
   * umcg_unblock_and_wait on the way out (wake detection). A task that is not a worker runs
   * the same sleep without hooks.
   */
  private KFunction buildBlockIo(boolean v091) {
    KFunction f = k.function("block_io");
    f.step("IO1", "umcg_sys_enter: umcg_pin_pages", c -> {
      kflag(c, c.task, IO_WAIT, true);
      if (kind(c.w, c.task) == KIND_WORKER) {
        kflag(c, c.task, PINNED, true);
      }
      c.next("IO2");
    });
    f.step("IO2", "set_current_state(TASK_UNINTERRUPTIBLE); done? -> __set_current_state(TASK_RUNNING)", c -> {
      int t = c.task;
      if ((kernelFlags(c.w, t) & IO_DONE) != 0) {
        c.note("I/O done");
        c.next("IO6");
        return;
      }
      c.w.setState(t, TASK_UNINTERRUPTIBLE);
      c.next("IO3");
    });
    f.step("IO3", "schedule: sched_submit_work: umcg_wq_worker_sleeping: umcg_update_state(self, RUNNING -> BLOCKED)", c -> {
      int t = c.task;
      if (c.w.taskState(t) == TASK_RUNNING || (kernelFlags(c.w, t) & PINNED) == 0) {
        c.next("IO5"); // woken already (task_is_running), or not a worker: no hook
        return;
      }
      if (!update(c, t, RUNNING, BLOCKED)) {
        update(c, t, RUNNABLE, BLOCKED);
      }
      c.call(wakeServer, "IO4", server(c.w, t));
    });
    f.step("IO4", "umcg_unpin_pages", c -> {
      kflag(c, c.task, PINNED, false);
      c.next("IO5");
    });
    f.step("IO5", "__schedule(); then: done? else sleep again", c -> k.rqLockOf(c), c -> {
      int t = c.task;
      if ((kernelFlags(c.w, t) & IO_DONE) != 0 && c.w.taskState(t) == TASK_RUNNING) {
        c.next("IO6");
        return;
      }
      c.next("IO2");
      k.schedule(c);
    });
    f.step("IO6", "umcg_sys_exit: still pinned (did not block)? return; else umcg_unblock_and_wait: pin;"
        + " umcg_update_state(self, BLOCKED -> RUNNABLE)", c -> {
      int t = c.task;
      setKernelFlags(c, t, kernelFlags(c.w, t) & ~(IO_DONE | IO_WAIT));
      c.w.setState(t, TASK_RUNNING);
      if (kind(c.w, t) != KIND_WORKER || (kernelFlags(c.w, t) & PINNED) != 0) {
        kflag(c, t, PINNED, false);
        c.note("did not block: return 0");
        c.ret(0);
        return;
      }
      update(c, t, BLOCKED, RUNNABLE);
      c.next("IO7");
    });
    if (v091) {
      // v0.9.1 wake detection: the idle-workers stack and the one idle server [P umcg.txt].
      f.step("IO7", "umcg_enqueue_idle_worker: push self on *idle_workers_ptr; wake *idle_server_tid_ptr", c -> {
        pushIdle(c, c.task);
        c.call(wakeIdleServer, "IO8");
      });
    } else {
      f.step("IO7", "umcg_enqueue_runnable: cmpxchg server->runnable_workers_ptr; umcg_wake_server", c -> {
        enqueueRunnable(c, c.task);
        c.call(wakeServer, "IO8", server(c.w, c.task));
      });
    }
    f.step("IO8", "umcg_unpin_pages; umcg_wait(0)", c -> c.call(wait, "IO9"));
    f.step("IO9", "return 0", c -> c.ret(0));
    return f;
  }

  /**
   * {@code complete_io T}: the I/O of T completes: mark it done and, if T is in block_io's
   * sleep loop (IO1..IO5: its IO_WAIT flag,
   * the model's stand-in for being on the I/O's wait queue), wake_up_process(T). A real completion wakes only the task waiting
   * for it (through that I/O's wait queue), so a T that sleeps on something else (a futex,
   * a mutex, umcg_wait) is not woken [I]; the done mark stays, and T's next block_io returns
   * at once, as in the reference (UmcgRef).
   */
  private KFunction buildCompleteIo() {
    KFunction f = k.function("complete_io");
    Local task = f.taskIndexLocal("t");
    f.step("CI1", "done = 1; t waits in block_io? wake_up_process(t)", c -> {
      int t = c.get(task);
      setKernelFlags(c, t, kernelFlags(c.w, t) | IO_DONE);
      c.note(layout.taskName(t) + "'s I/O done");
      if ((kernelFlags(c.w, t) & IO_WAIT) == 0) {
        c.note(layout.taskName(t) + " does not wait in block_io: no wake-up");
        c.next("CI2");
        return;
      }
      c.call(k.ttwu, "CI2", t, 0, c.cpu, 0);
    });
    f.step("CI2", "return 0", c -> c.ret(0));
    return f;
  }

  /**
   * {@code r = umcg_pop [S]}: user space takes the worker with the lowest TID off task t's
   * runnable_workers_ptr list (0 if empty). The kernel's list is a cmpxchg-linked stack that
   * user space empties with one xchg; the model keeps it as a set and pops one at a time [I].
   */
  void setRunnable(Ctx c) {
    setUserState(c, c.task, RUNNABLE | TF_COND_WAIT);
  }

  int pop(Ctx c, int t) {
    if (popsIdleStack) {
      return popIdle(c);
    }
    int list = runnableList(c.w, t);
    if (list == 0) {
      c.note("runnable list empty");
      return 0;
    }
    int w = Integer.numberOfTrailingZeros(list);
    setRunnableList(c, t, list & ~(1 << w));
    c.note("popped " + layout.taskName(w));
    return w + 1;
  }

  /** v0.9.1's umcg_pop: the worker with the lowest TID off the process-wide idle-workers stack, or 0 [I]. */
  private int popIdle(Ctx c) {
    int list = idleWorkers(c.w);
    if (list == 0) {
      c.note("idle-workers stack empty");
      return 0;
    }
    int w = Integer.numberOfTrailingZeros(list);
    setIdleWorkers(c, list & ~(1 << w));
    c.note("popped " + layout.taskName(w) + " off the idle-workers stack");
    return w + 1;
  }

  /**
   * v0.9.1's {@code umcg_idle}: user space's cmpxchg self RUNNING -> IDLE and, for a server,
   * {@code *idle_server_tid_ptr = self} (it announces itself idle), one step; -EAGAIN if self is
   * not RUNNING.
   */
  int idle(Ctx c) {
    int t = c.task;
    if (state(c.w, t) != RUNNING) {
      c.note(layout.taskName(t) + "->state is " + name(userState(c.w, t)) + ", not RUNNING: -EAGAIN");
      return EAGAIN;
    }
    setUserState(c, t, RUNNABLE);
    if (kind(c.w, t) == KIND_SERVER) {
      setIdleServer(c, t);
      c.note(layout.taskName(t) + "->state RUNNING -> IDLE; *idle_server_tid_ptr = " + layout.taskName(t));
    } else {
      c.note(layout.taskName(t) + "->state RUNNING -> IDLE");
    }
    return 0;
  }

  // ------------------------------------------------------------------ queries

  /** Whether task t sleeps in a UMCG function (umcg_wait or block_io): found by TID, not lost. */
  boolean inUmcg(StateView s, int t) {
    for (int f = 0; f < s.depth(t); f++) {
      KFunction fn = k.table.get(s.frameStep(t, f)).function;
      if (fn == wait || fn == blockIo) {
        return true;
      }
    }
    return false;
  }

  /** Whether task t is in one of the UMCG system calls (its kernel stack holds one). */
  boolean inUmcgCall(StateView s, int t) {
    for (int f = 0; f < s.depth(t); f++) {
      KFunction fn = k.table.get(s.frameStep(t, f)).function;
      if (fn == wait || fn == blockIo || fn == ctl || fn == sysWait || fn == wakeServer || fn == notifyResume
          || (fn != null && fn == wakeIdleServer)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ statements

  /**
   * Registers the UMCG statements ({@code schedcheck.model.scenario.Umcg}) with {@link
   * Syscalls}: the system calls with their entry functions and locals, and {@code
   * umcg_runnable}, {@code umcg_pop} and {@code umcg_state}, which run in user space alone
   * (they read or write struct umcg_task in the task's user memory: {@link Syscall#userOp}).
   * Registration order is the order the "unknown statement" message lists the bare ones.
   */
  static void registerSyscalls() {
    Syscalls.register(Syscall.of("umcg_ctl", true, true, UmcgCtl.class,
        (in, at, text, reg) -> switch (in.oneOf("'server', 'worker S' or 'unregister' after umcg_ctl",
            "server", "worker", "unregister")) {
          case 0 -> new UmcgCtl(at, text, reg, UmcgCtlKind.SERVER, -1);
          case 2 -> new UmcgCtl(at, text, reg, UmcgCtlKind.UNREGISTER, -1);
          default -> {
            if (in.atEnd()) {
              throw in.errorHere("'umcg_ctl worker' needs its server: write 'umcg_ctl worker S' with S a task");
            }
            yield new UmcgCtl(at, text, reg, UmcgCtlKind.WORKER, in.task());
          }
        },
        k -> k.umcg.ctl, (s, eval) -> new int[] {s.kind().ordinal(), s.server()}));
    Syscalls.register(Syscall.userSpace("umcg_runnable", true, false, UmcgRunnable.class,
        (in, at, text, reg) -> new UmcgRunnable(at, text),
        (c, s, eval) -> {
          c.kernel.umcg.setRunnable(c);
          return 0;
        }));
    Syscalls.register(Syscall.of("umcg_wait", true, true, UmcgWait.class,
        (in, at, text, reg) -> new UmcgWait(at, text, reg, in.atEnd() ? null : in.taskId()),
        k -> k.umcg.sysWait, (s, eval) -> new int[] {s.next() == null ? 0 : eval.applyAsInt(s.next())}));
    Syscalls.register(Syscall.of("umcg_kick", true, true, UmcgKick.class,
        (in, at, text, reg) -> new UmcgKick(at, text, reg, in.task()),
        k -> k.umcg.kick, (s, eval) -> new int[] {s.task()}));
    Syscalls.register(Syscall.of("block_io", true, true, BlockIo.class,
        (in, at, text, reg) -> new BlockIo(at, text, reg),
        k -> k.umcg.blockIo, (s, eval) -> new int[0]));
    Syscalls.register(Syscall.of("complete_io", true, false, CompleteIo.class,
        (in, at, text, reg) -> new CompleteIo(at, text, in.task()),
        k -> k.umcg.completeIo, (s, eval) -> new int[] {s.task()}));
    Syscalls.register(Syscall.userSpace("umcg_pop", false, true, UmcgPop.class,
        (in, at, text, reg) -> new UmcgPop(at, text, reg, in.atEnd() ? -1 : in.task()),
        (c, s, eval) -> {
          int from = ((UmcgPop) s).from();
          return c.kernel.umcg.pop(c, from < 0 ? c.task : from);
        }));
    Syscalls.register(Syscall.userSpace("umcg_state", false, true, UmcgState.class,
        (in, at, text, reg) -> new UmcgState(at, text, reg, in.taskId()),
        (c, s, eval) -> {
          int u = eval.applyAsInt(((UmcgState) s).tid()) - 1;
          return u >= 0 && u < c.layout.tasks ? c.kernel.umcg.state(c.w, u) : 0;
        }));
    // v0.9.1 only (docs/umcg.md "v0.9.1"; Umcg.check rejects it under the default kernel).
    Syscalls.register(Syscall.userSpace("umcg_idle", true, true, UmcgIdle.class,
        (in, at, text, reg) -> new UmcgIdle(at, text, reg),
        (c, s, eval) -> c.kernel.umcg.idle(c)));
    // added after the others: the "unknown statement" list keeps its order
    Syscalls.register(Syscall.userSpace("umcg_preempt", true, true, UmcgPreempt.class,
        (in, at, text, reg) -> new UmcgPreempt(at, text, reg, in.task()),
        (c, s, eval) -> c.kernel.umcg.preempt(c, ((UmcgPreempt) s).task())));
  }
}
