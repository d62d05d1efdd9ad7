package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Read access to an encoded kernel state, in the kernel's terms. {@link KState} is the
 * immutable state the checker stores; {@link Work} the copy a step mutates.
 */
public abstract class StateView {
  public final Layout layout;
  final int[] v;

  /**
   * Who watches this view's reads and writes (the run-time check of the lock discipline and
   * the footprint of a step that may be merged, see {@link Movers}), or null: the usual case.
   */
  Access access;

  StateView(Layout layout, int[] v) {
    this.layout = layout;
    this.v = v;
  }

  /** Reads slot {@code o}, telling {@link #access} when it watches. */
  final int r(int o) {
    Access a = access;
    if (a != null) {
      a.read(this, o);
    }
    return v[o];
  }

  /** Watches the reads and writes of a view (see {@link StateView#access}). */
  interface Access {
    void read(StateView s, int offset);

    void write(StateView s, int offset);
  }

  // ---- global ----

  /** Involuntary (tick) context switches so far; only counted under a preemption bound. */
  public int preemptions() {
    return r(layout.gPreempt);
  }

  /** A fault a step recorded ({@link Layout#FAULT_NONE} if none). */
  public int faultKind() {
    return r(layout.gFaultKind);
  }

  public int faultTask() {
    return r(layout.gFaultTask) - 1;
  }

  public int faultInfo() {
    return r(layout.gFaultInfo);
  }

  // ---- cpus ----

  /** rq->curr of cpu c, or -1 for idle. */
  public int curr(int c) {
    return r(layout.cpu(c, Layout.CPU_CURR)) - 1;
  }

  /** rq->donor of cpu c (proxy execution), or -1. */
  public int donor(int c) {
    return r(layout.cpu(c, Layout.CPU_DONOR)) - 1;
  }

  public boolean needResched(int c) {
    return r(layout.cpu(c, Layout.CPU_NEED_RESCHED)) != 0;
  }

  /** The tasks queued on cpu c's runqueue, as a bit mask. */
  public int rqMask(int c) {
    return r(layout.cpu(c, Layout.CPU_RQ));
  }

  public boolean onRqList(int c, int t) {
    return (rqMask(c) & (1 << t)) != 0;
  }

  /** The cpu task t is current on, or -1. */
  public int runningOn(int t) {
    for (int c = 0; c < layout.cpus; c++) {
      if (curr(c) == t) {
        return c;
      }
    }
    return -1;
  }

  /** How many scheduler frames cpu c has ({@code __schedule} and what it called); 0 if none. */
  public int schedDepth(int c) {
    return layout.pe ? r(layout.cpu(c, Layout.CPU_SDEPTH)) : 0;
  }

  int schedFrameStep(int c, int f) {
    return r(layout.schedFrame(c, f));
  }

  /** Local {@code l} of scheduler frame f of cpu c (decoded as {@link Ctx#get}). */
  public int schedLocal(int c, int f, Local l) {
    return l.decode(r(layout.schedFrame(c, f) + 1 + l.slot));
  }

  /** Whether t is on a cpu (task_struct::on_cpu): rq->curr of some cpu, until the switch away. */
  public boolean onCpu(int t) {
    return runningOn(t) >= 0;
  }

  // ---- locks ----

  /**
   * The actor holding lock instance l, or -1: a task index, or {@code layout.tasks + c} for
   * cpu c's scheduler context (see {@link Layout#cpuActor}).
   */
  public int holder(int l) {
    return (r(layout.lockBase + l) & Layout.HOLDER_MASK) - 1;
  }

  /**
   * The lockdep subclass lock instance l was taken with ({@code spin_lock_nested(l, n)}):
   * 0 for a plain acquisition, or when it is free.
   */
  public int holderSubclass(int l) {
    return r(layout.lockBase + l) >>> Layout.SUBCLASS_SHIFT;
  }

  /** The lock instances task t holds, ascending. */
  public List<Integer> heldBy(int t) {
    List<Integer> out = new ArrayList<>(2);
    if (t < 0) {
      return out;
    }
    for (int l = 0; l < layout.locks; l++) {
      if ((v[layout.lockBase + l] & Layout.HOLDER_MASK) == t + 1) {
        out.add(l);
      }
    }
    return out;
  }

  public boolean holdsAnyLock(int t) {
    if (t < 0) {
      return false;
    }
    int base = layout.lockBase;
    for (int l = 0; l < layout.locks; l++) {
      if ((v[base + l] & Layout.HOLDER_MASK) == t + 1) {
        return true;
      }
    }
    return false;
  }

  // ---- memory and futexes ----

  public int word(int w) {
    return r(layout.wordBase + w);
  }

  public int waiters(int b) {
    return r(layout.bucket(b, Layout.HB_WAITERS));
  }

  /** The tasks whose futex_q is on bucket b's chain, in chain order. */
  public List<Integer> chain(int b) {
    return list(r(layout.bucket(b, Layout.HB_HEAD)));
  }

  List<Integer> list(int headRef) {
    List<Integer> out = new ArrayList<>(4);
    int cur = headRef;
    int guard = 0;
    while (cur != 0 && guard++ <= layout.tasks) {
      out.add(cur - 1);
      cur = r(layout.task(cur - 1, Layout.T_WAIT_NEXT));
    }
    return out;
  }

  // ---- mutexes ----

  /** The owner of mutex m (the owner word without flags), or -1. */
  public int mutexOwner(int m) {
    return (r(layout.mutex(m, Layout.M_OWNER)) & 0xff) - 1;
  }

  /** The flag bits of mutex m's owner word (see {@code Mutexes}). */
  public int mutexFlags(int m) {
    return r(layout.mutex(m, Layout.M_OWNER)) >>> 8;
  }

  /** Mutex m's wait_list, FIFO order. */
  public List<Integer> mutexWaiters(int m) {
    return list(r(layout.mutex(m, Layout.M_HEAD)));
  }

  // ---- tasks ----

  public int taskState(int t) {
    return r(layout.task(t, Layout.T_STATE));
  }

  public boolean exited(int t) {
    return taskState(t) == Layout.TASK_DEAD;
  }

  public int onRq(int t) {
    return r(layout.task(t, Layout.T_ON_RQ));
  }

  /** task_cpu(t). */
  public int taskCpu(int t) {
    return r(layout.task(t, Layout.T_CPU));
  }

  public int wakeCpu(int t) {
    return r(layout.task(t, Layout.T_WAKE_CPU));
  }

  /** The user program counter (statement index). */
  public int pc(int t) {
    return r(layout.task(t, Layout.T_PC));
  }

  public int flags(int t) {
    return r(layout.task(t, Layout.T_FLAGS));
  }

  public boolean inCritical(int t) {
    return (flags(t) & Layout.FLAG_CRITICAL) != 0;
  }

  /** The word task t's futex_q waits on, or -1 when it has no futex_q. */
  public int futexWord(int t) {
    return r(layout.task(t, Layout.T_FQ_WORD)) - 1;
  }

  /** Whether q.lock_ptr is set (a waker clears it when it dequeues q). */
  public boolean futexLockPtr(int t) {
    return r(layout.task(t, Layout.T_FQ_LOCK_PTR)) != 0;
  }

  /** Whether t's futex_q is on its bucket's chain. */
  public boolean onFutexChain(int t) {
    int w = futexWord(t);
    if (w < 0) {
      return false;
    }
    // chain(b).contains(t) without building the list: the same walk, the same fields read
    // (the lock discipline's check sees every read), on a hot path (futex_wait's queued test)
    boolean on = false;
    int cur = r(layout.bucket(layout.bucketOf(w), Layout.HB_HEAD));
    int guard = 0;
    while (cur != 0 && guard++ <= layout.tasks) {
      on |= cur - 1 == t;
      cur = r(layout.task(cur - 1, Layout.T_WAIT_NEXT));
    }
    return on;
  }

  /** Whether t sits on some waker's wake_q (its wake is pending). */
  public boolean onWakeQ(int t) {
    return r(layout.task(t, Layout.T_WAKE_Q_NEXT)) != 0;
  }

  /**
   * The task after t on its wake_q, or -1 when t is the tail (or on no wake_q). Stored as
   * {@code next + 2}, {@link Layout#WAKE_Q_TAIL} for the tail, 0 for "not queued".
   */
  public int wakeQNext(int t) {
    int nx = r(layout.task(t, Layout.T_WAKE_Q_NEXT));
    return nx >= 2 ? nx - 2 : -1;
  }

  /**
   * Words on which a FUTEX_WAKE woke fewer tasks than it asked for since t last returned
   * from a futex wait on that word (bit w for word w).
   */
  public int missedWakes(int t) {
    return r(layout.task(t, Layout.T_MISSED));
  }

  /** blocked_on: the mutex t is blocked on, or -1 (also when it is PROXY_WAKING). */
  public int blockedOn(int t) {
    return r(layout.task(t, Layout.T_BLOCKED_ON)) - 1;
  }

  /** v7.1: blocked_on == PROXY_WAKING. */
  public boolean proxyWaking(int t) {
    return (flags(t) & Layout.FLAG_PROXY_WAKING) != 0;
  }

  /** v7.2: task_struct::is_blocked. */
  public boolean isBlocked(int t) {
    return (flags(t) & Layout.FLAG_IS_BLOCKED) != 0;
  }

  /** Whether a signal is pending for t (TIF_SIGPENDING). */
  public boolean signalPending(int t) {
    return (flags(t) & Layout.FLAG_SIGPENDING) != 0;
  }

  /**
   * signal_pending_state(state, t): a pending signal interrupts an interruptible sleep
   * (only ordinary signals are modeled: TASK_KILLABLE and fatal signals are not).
   */
  public boolean signalPendingState(int state, int t) {
    return state == Layout.TASK_INTERRUPTIBLE && signalPending(t);
  }

  /** Whether t runs with preemption disabled (inside a mutex slow path). */
  public boolean preemptOff(int t) {
    return (flags(t) & Layout.FLAG_PREEMPT_OFF) != 0;
  }

  /** v7.2 blocked_donor: the donor that last proxied through t, or -1. */
  public int blockedDonor(int t) {
    return r(layout.task(t, Layout.T_BLOCKED_DONOR)) - 1;
  }

  /** The mutex owner word's raw flags include {@code flag}. */
  public boolean mutexFlag(int m, int flag) {
    return (mutexFlags(m) & flag) != 0;
  }

  /** How many kernel frames t has (0: in user space). */
  public int depth(int t) {
    return r(layout.task(t, Layout.T_DEPTH));
  }

  /** The step id (0 for none) of frame f of task t. */
  int frameStep(int t, int f) {
    return r(layout.frame(t, f));
  }

  /** Local {@code l} of kernel frame f of task t (decoded as {@link Ctx#get}). */
  public int local(int t, int f, Local l) {
    return l.decode(r(layout.frame(t, f) + 1 + l.slot));
  }

  public int reg(int t, int r) {
    return r(layout.reg(t, r));
  }

  public int[] raw() {
    return v.clone();
  }
}
