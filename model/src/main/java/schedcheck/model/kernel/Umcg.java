package schedcheck.model.kernel;

import static schedcheck.model.kernel.Layout.TASK_INTERRUPTIBLE;
import static schedcheck.model.kernel.Layout.TASK_RUNNING;
import static schedcheck.model.kernel.Layout.TASK_UNINTERRUPTIBLE;

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
  // struct umcg_task::state
  static final int NONE = 0;
  static final int RUNNING = 1;
  static final int RUNNABLE = 2;
  static final int BLOCKED = 3;
  static final int MASK = 0xf;
  static final int TF_COND_WAIT = 0x10;
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

  static final int EINVAL = -22;
  static final int ESRCH = -3;
  static final int EAGAIN = -11;

  private final Kernel k;
  private final Layout layout;
  final KFunction ctl;
  final KFunction sysWait;
  final KFunction kick;
  final KFunction wait;
  final KFunction wakeServer;
  final KFunction blockIo;
  final KFunction completeIo;

  Umcg(Kernel k) {
    this.k = k;
    this.layout = k.layout;
    wait = buildWait();
    wakeServer = buildWakeServer();
    ctl = buildCtl();
    sysWait = buildSysWait();
    kick = buildKick();
    blockIo = buildBlockIo();
    completeIo = buildCompleteIo();
  }

  // ------------------------------------------------------------------ fields

  int get(StateView s, int t, int f) {
    return s.r(layout.umcg(t, f));
  }

  void set(Ctx c, int t, int f, int v) {
    c.w.set(layout.umcg(t, f), v);
  }

  int state(StateView s, int t) {
    return get(s, t, Layout.U_STATE) & MASK;
  }

  int kind(StateView s, int t) {
    return get(s, t, Layout.U_KERNEL) & KIND_MASK;
  }

  /** The server task of t (index), or -1. */
  int server(StateView s, int t) {
    int sv = get(s, t, Layout.U_SERVER);
    return sv >= 1 && sv <= layout.tasks ? sv - 1 : -1;
  }

  private void kflag(Ctx c, int t, int flag, boolean on) {
    int v = get(c.w, t, Layout.U_KERNEL);
    set(c, t, Layout.U_KERNEL, on ? v | flag : v & ~flag);
  }

  static String stateName(int st) {
    String n = switch (st & MASK) {
      case NONE -> "NONE";
      case RUNNING -> "RUNNING";
      case RUNNABLE -> "RUNNABLE";
      case BLOCKED -> "BLOCKED";
      default -> "?" + (st & MASK);
    };
    return (st & TF_COND_WAIT) != 0 ? n + "|COND_WAIT" : n;
  }

  /**
   * umcg_update_state as one cmpxchg: {@code (state & MASK) == from} becomes {@code to},
   * clearing UMCG_TF_COND_WAIT. False (-EAGAIN) when the state is not {@code from}.
   */
  boolean update(Ctx c, int t, int from, int to) {
    int old = get(c.w, t, Layout.U_STATE);
    if ((old & MASK) != from) {
      c.note(layout.taskName(t) + "->state is " + stateName(old) + ", not " + stateName(from) + ": -EAGAIN");
      return false;
    }
    set(c, t, Layout.U_STATE, to);
    c.note(layout.taskName(t) + "->state " + stateName(old) + " -> " + stateName(to));
    return true;
  }

  /**
   * umcg_get_task(tid): a live registered UMCG task of the caller's group, or -1. The model
   * has one process (one mm); "the same group" stands for the kernel's same-mm test: the
   * task's server is the caller's server [I]. Variant umcg-u2 drops the test (tglx's review of
   * v0.x: a TID from user space, unvalidated).
   */
  int getTask(StateView s, int caller, int tid) {
    int t = (tid & ~TID_RUNNING) - 1;
    if (t < 0 || t >= layout.tasks || s.exited(t)) {
      return -1;
    }
    if (k.has(Variants.UMCG_U2)) {
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
    KFunction f = new KFunction(k.table, "umcg_wait", "ret");
    boolean u1 = k.has(Variants.UMCG_U1);
    String afterSet = u1 ? "WL3" : "WL2";
    String afterRead = u1 ? "WL2" : "WL4";
    KStep.Body setBody = c -> {
      c.w.setState(c.task, TASK_INTERRUPTIBLE);
      c.next(afterSet);
    };
    KStep.Body signalBody = c -> {
      if (c.w.signalPending(c.task)) {
        c.w.setState(c.task, TASK_RUNNING);
        c.note("signal pending: -EINTR");
        c.ret(Kernel.EINTR);
        return;
      }
      c.next(u1 ? "WL4" : "WL3");
    };
    KStep.Body readBody = c -> {
      int st = state(c.w, c.task);
      if (st != RUNNABLE) {
        c.w.setState(c.task, TASK_RUNNING);
        c.note("self->state = " + stateName(st) + ": return " + (st == RUNNING ? 0 : -22));
        c.ret(st == RUNNING ? 0 : EINVAL);
        return;
      }
      c.note("self->state = RUNNABLE: wait");
      c.next(afterRead);
    };
    if (u1) {
      f.step("WL1", "get_user(state, &self->state) (before set_current_state: variant umcg-u1)", readBody);
      f.step("WL2", "set_current_state(TASK_INTERRUPTIBLE)", setBody);
      f.step("WL3", "signal_pending(current)?", signalBody);
    } else {
      f.step("WL1", "set_current_state(TASK_INTERRUPTIBLE)", setBody);
      f.step("WL2", "signal_pending(current)?", signalBody);
      f.step("WL3", "get_user(state, &self->state): RUNNABLE keeps waiting", readBody);
    }
    f.step("WL4", "schedule()", c -> k.rqLockOf(c), c -> {
      c.next("WL1");
      k.schedule(c);
    });
    return f;
  }

  // ------------------------------------------------------------------ umcg_wake_server

  /** umcg_wake_server(tsk): umcg_wake_task(server): cmpxchg RUNNABLE -> RUNNING, then ttwu. */
  private KFunction buildWakeServer() {
    KFunction f = new KFunction(k.table, "umcg_wake_server", "server");
    f.step("WS1", "umcg_update_state(server, RUNNABLE -> RUNNING)", c -> {
      int s = c.local(0) - 1;
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

  /** umcg_enqueue_runnable(tsk): the cmpxchg that pushes tsk on its server's list. */
  private void enqueueRunnable(Ctx c, int t) {
    int s = server(c.w, t);
    if (s < 0) {
      return;
    }
    set(c, s, Layout.U_RUNNABLE, get(c.w, s, Layout.U_RUNNABLE) | (1 << t));
    c.note(layout.taskName(t) + " on " + layout.taskName(s) + "'s runnable_workers_ptr list");
  }

  // ------------------------------------------------------------------ sys_umcg_ctl

  /** Locals: kind (0 server, 1 worker, 2 unregister), server task + 1, error. */
  private KFunction buildCtl() {
    KFunction f = new KFunction(k.table, "sys_umcg_ctl", "kind", "server", "err");
    f.step("C1", "umcg_register / umcg_unregister: checks", c -> {
      int t = c.task;
      int kind = c.local(0);
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
        set(c, t, Layout.U_STATE, RUNNING);
        set(c, t, Layout.U_SERVER, t + 1);
        set(c, t, Layout.U_KERNEL, (get(c.w, t, Layout.U_KERNEL) & ~KIND_MASK) | KIND_SERVER);
        c.note(layout.taskName(t) + " registered as a server");
        c.ret(0);
        return;
      }
      int s = c.local(1) - 1;
      // user: self->state = BLOCKED, server_tid = S.
      set(c, t, Layout.U_STATE, BLOCKED);
      set(c, t, Layout.U_SERVER, s + 1);
      if (s == t || c.w.exited(s) || kind(c.w, s) != KIND_SERVER) {
        set(c, t, Layout.U_STATE, NONE);
        set(c, t, Layout.U_SERVER, 0);
        c.note(layout.taskName(s) + " is not a registered server: -ESRCH");
        c.ret(ESRCH);
        return;
      }
      set(c, t, Layout.U_KERNEL, (get(c.w, t, Layout.U_KERNEL) & ~KIND_MASK) | KIND_WORKER | PINNED);
      c.note(layout.taskName(t) + " registered as a worker of " + layout.taskName(s) + "; umcg_unblock_and_wait");
      c.next("C2");
    });
    f.step("C2", "umcg_unblock_and_wait: umcg_update_state(self, BLOCKED -> RUNNABLE)", c -> {
      update(c, c.task, BLOCKED, RUNNABLE);
      c.next("C3");
    });
    f.step("C3", "umcg_enqueue_runnable: cmpxchg server->runnable_workers_ptr", c -> {
      enqueueRunnable(c, c.task);
      c.call(wakeServer, "C4", server(c.w, c.task) + 1);
    });
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
        c.call(wakeServer, "C6", server(c.w, t) + 1);
        return;
      }
      c.next("C6");
    });
    f.step("C6", "umcg_clear_task; return 0", c -> {
      set(c, c.task, Layout.U_KERNEL, get(c.w, c.task, Layout.U_KERNEL) & IO_DONE);
      set(c, c.task, Layout.U_SERVER, 0);
      set(c, c.task, Layout.U_NEXT, 0);
      c.ret(0);
    });
    return f;
  }

  // ------------------------------------------------------------------ sys_umcg_wait

  /** Locals: next_tid as written by the user, error. */
  private KFunction buildSysWait() {
    KFunction f = new KFunction(k.table, "sys_umcg_wait", "next", "err");
    f.step("UW0", "user: self->next_tid = next; syscall", c -> {
      int t = c.task;
      set(c, t, Layout.U_NEXT, Math.max(0, c.local(0)));
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
    f.step("UW2", "umcg_wake_next: umcg_get_task(next_tid); umcg_update_state(next, RUNNABLE -> RUNNING)", c -> {
      int t = c.task;
      int tid = get(c.w, t, Layout.U_NEXT);
      if (tid == 0) {
        c.note("next_tid = 0");
        c.next("UW4");
        return;
      }
      int n = getTask(c.w, t, tid);
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
      set(c, c.task, Layout.U_NEXT, get(c.w, c.task, Layout.U_NEXT) | TID_RUNNING);
      c.next("UW4");
    });
    f.step("UW4", "worker: umcg_enqueue_runnable (cmpxchg server->runnable_workers_ptr); umcg_wake_server", c -> {
      int t = c.task;
      if (kind(c.w, t) == KIND_WORKER) {
        enqueueRunnable(c, t);
        c.call(wakeServer, "UW5", server(c.w, t) + 1);
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

  /** sys_umcg_wait's unblock: umcg_update_state(self, RUNNABLE -> RUNNING), return err. */
  private void unblock(Ctx c, int err) {
    int t = c.task;
    kflag(c, t, PINNED, false);
    int old = get(c.w, t, Layout.U_STATE);
    if ((old & MASK) == RUNNABLE) {
      set(c, t, Layout.U_STATE, RUNNING);
    }
    c.note("unblock: self->state = " + stateName(get(c.w, t, Layout.U_STATE)) + "; return " + err);
    c.ret(err);
  }

  // ------------------------------------------------------------------ sys_umcg_kick

  private KFunction buildKick() {
    KFunction f = new KFunction(k.table, "sys_umcg_kick", "tid");
    f.step("K1", "umcg_get_task(tid); smp_send_reschedule(task_cpu(task))", c -> {
      int n = getTask(c.w, c.task, c.local(0));
      if (n < 0) {
        c.note("no UMCG task of this group: -ESRCH");
        c.ret(ESRCH);
        return;
      }
      // The IPI makes the target pass through umcg_notify_resume, which acts only on
      // UMCG_TF_PREEMPT (not modeled, docs/umcg.md): no effect in the model.
      c.note("reschedule IPI to cpu" + c.w.taskCpu(n));
      c.ret(0);
    });
    return f;
  }

  // ------------------------------------------------------------------ block_io and its hooks

  /**
   * {@code block_io}: a system call that sleeps (TASK_UNINTERRUPTIBLE) until {@code
   * complete_io} marks it done, with the UMCG hooks of a worker: umcg_sys_enter (pin),
   * umcg_wq_worker_sleeping before schedule() (block detection), umcg_sys_exit and
   * umcg_unblock_and_wait on the way out (wake detection). A task that is not a worker runs
   * the same sleep without hooks.
   */
  private KFunction buildBlockIo() {
    KFunction f = new KFunction(k.table, "block_io", "err");
    f.step("IO1", "umcg_sys_enter: umcg_pin_pages", c -> {
      if (kind(c.w, c.task) == KIND_WORKER) {
        kflag(c, c.task, PINNED, true);
      }
      c.next("IO2");
    });
    f.step("IO2", "set_current_state(TASK_UNINTERRUPTIBLE); done? -> __set_current_state(TASK_RUNNING)", c -> {
      int t = c.task;
      if ((get(c.w, t, Layout.U_KERNEL) & IO_DONE) != 0) {
        c.note("I/O done");
        c.next("IO6");
        return;
      }
      c.w.setState(t, TASK_UNINTERRUPTIBLE);
      c.next("IO3");
    });
    f.step("IO3", "schedule: sched_submit_work: umcg_wq_worker_sleeping: umcg_update_state(self, RUNNING -> BLOCKED)", c -> {
      int t = c.task;
      if (c.w.taskState(t) == TASK_RUNNING || (get(c.w, t, Layout.U_KERNEL) & PINNED) == 0) {
        c.next("IO5"); // woken already (task_is_running), or not a worker: no hook
        return;
      }
      if (!update(c, t, RUNNING, BLOCKED)) {
        update(c, t, RUNNABLE, BLOCKED);
      }
      c.call(wakeServer, "IO4", server(c.w, t) + 1);
    });
    f.step("IO4", "umcg_unpin_pages", c -> {
      kflag(c, c.task, PINNED, false);
      c.next("IO5");
    });
    f.step("IO5", "__schedule(); then: done? else sleep again", c -> k.rqLockOf(c), c -> {
      int t = c.task;
      if ((get(c.w, t, Layout.U_KERNEL) & IO_DONE) != 0 && c.w.taskState(t) == TASK_RUNNING) {
        c.next("IO6");
        return;
      }
      c.next("IO2");
      k.schedule(c);
    });
    f.step("IO6", "umcg_sys_exit: still pinned (did not block)? return; else umcg_unblock_and_wait: pin;"
        + " umcg_update_state(self, BLOCKED -> RUNNABLE)", c -> {
      int t = c.task;
      set(c, t, Layout.U_KERNEL, get(c.w, t, Layout.U_KERNEL) & ~IO_DONE);
      c.w.setState(t, TASK_RUNNING);
      if (kind(c.w, t) != KIND_WORKER || (get(c.w, t, Layout.U_KERNEL) & PINNED) != 0) {
        kflag(c, t, PINNED, false);
        c.note("did not block: return 0");
        c.ret(0);
        return;
      }
      update(c, t, BLOCKED, RUNNABLE);
      c.next("IO7");
    });
    f.step("IO7", "umcg_enqueue_runnable: cmpxchg server->runnable_workers_ptr; umcg_wake_server", c -> {
      enqueueRunnable(c, c.task);
      c.call(wakeServer, "IO8", server(c.w, c.task) + 1);
    });
    f.step("IO8", "umcg_unpin_pages; umcg_wait(0)", c -> c.call(wait, "IO9"));
    f.step("IO9", "return 0", c -> c.ret(0));
    return f;
  }

  /** {@code complete_io T}: the I/O of T completes: mark it done, wake_up_process(T). */
  private KFunction buildCompleteIo() {
    KFunction f = new KFunction(k.table, "complete_io", "t");
    f.step("CI1", "done = 1; wake_up_process(t)", c -> {
      int t = c.local(0);
      set(c, t, Layout.U_KERNEL, get(c.w, t, Layout.U_KERNEL) | IO_DONE);
      c.note(layout.taskName(t) + "'s I/O done");
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
    set(c, c.task, Layout.U_STATE, RUNNABLE | TF_COND_WAIT);
  }

  int pop(Ctx c, int t) {
    int list = get(c.w, t, Layout.U_RUNNABLE);
    if (list == 0) {
      c.note("runnable list empty");
      return 0;
    }
    int w = Integer.numberOfTrailingZeros(list);
    set(c, t, Layout.U_RUNNABLE, list & ~(1 << w));
    c.note("popped " + layout.taskName(w));
    return w + 1;
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
      if (fn == wait || fn == blockIo || fn == ctl || fn == sysWait || fn == wakeServer) {
        return true;
      }
    }
    return false;
  }
}
