package schedcheck.model.reference;

import java.util.ArrayList;
import java.util.List;
import schedcheck.model.scenario.LockRef;
import schedcheck.model.scenario.Scenario;

/**
 * Where each field of a {@link RefState} lives, and the names of things. Deliberately its own
 * encoding, sharing nothing with the kernel model's {@code Layout}.
 *
 * <p>Fields: globals (fault kind, task, info; preemption count); per cpu its running task
 * (+1, 0 for idle); per task {@link #PC}, {@link #KIND}, {@link #FLAGS}, {@link #CPU}, {@link
 * #WAITM}, {@link #FWORD}, {@link #FSYS}, {@link #FVAL}, {@link #MISSED}, {@link #HOME} and its registers; per
 * word its value; per word its futex queue (task+1 slots, in plist order, zero-padded); per
 * mutex its owner (+1) and its FIFO wait list (task+1 slots, zero-padded); per spinlock
 * instance its holder (+1).
 */
public final class RefShape {
  // task kinds
  public static final int RUN = 0;
  /** Asleep in a futex wait (TASK_INTERRUPTIBLE, off the runqueue). */
  public static final int FUTEX = 1;
  /** Blocked on a mutex (asleep off the runqueue, or a donor on it with proxy execution). */
  public static final int MUTEX = 2;
  /** Asleep in a UMCG wait or in block_io (off the runqueue; docs/umcg.md). */
  public static final int UMCG = 3;

  // task flags
  public static final int F_CRITICAL = 1;
  public static final int F_SIGNAL = 2;
  /** The statement at pc was issued and the task waits for (or is back from) its wait: its next step completes it. */
  public static final int F_INSYS = 4;
  /** Its mutex wait is interruptible (lock_interruptible). */
  public static final int F_INTR = 8;
  public static final int F_EXITED = 16;
  public static final int F_ONRQ = 32;

  // faults
  public static final int FAULT_NONE = 0;
  public static final int FAULT_ASSERT = 1;
  public static final int FAULT_SLEEP_WITH_SPINLOCK = 2;
  public static final int FAULT_UNLOCK_NOT_HELD = 3;
  public static final int FAULT_EXIT_WITH_SPINLOCK = 4;
  public static final int FAULT_MUTEX_NOT_OWNER = 5;

  static final int PC = 0;
  static final int KIND = 1;
  static final int FLAGS = 2;
  static final int CPU = 3;
  /** mutex + 1 whose wait list the task is on, or 0. */
  static final int WAITM = 4;
  /** word + 1 whose futex queue the task is on, or 0. */
  static final int FWORD = 5;
  /** word + 1 of the futex wait the task is in (until it returns), or 0. */
  static final int FSYS = 6;
  /** the value its futex wait slept on. */
  static final int FVAL = 7;
  /**
   * bit w: a wake on word w by another task woke fewer than asked since it last returned from a
   * wait on w; kept only for the words its program can wait on (ReferenceModel.waitWords).
   */
  static final int MISSED = 8;
  /**
   * cpu + 1 a woken mutex waiter returns to, or 0: it was woken while proxy-migrated to its
   * owner's cpu (v7.1), is queued there, and goes home when that cpu would run it.
   */
  static final int HOME = 9;
  static final int TASK_FIXED = 10;

  public final Scenario scenario;
  public final int cpus;
  public final int tasks;
  public final int words;
  public final int mutexes;
  public final int locks;
  public final boolean proxy;
  /**
   * The Proxy Execution version whose task placement the reference follows: 617, 701 or 702
   * (the default). A file at {@code detail: syscall} names no variant, so users get v7.2; the
   * differential test sets the steps file's version (see {@code ReferenceModel}).
   */
  public final int peVersion;

  // ---- UMCG (docs/umcg.md; registration edit): per task after its registers, when used ----
  /** Whether a program uses UMCG: only then do tasks carry the UMCG fields. */
  public final boolean umcg;
  static final int U_STATE = 0;
  static final int U_SERVER = 1;
  static final int U_NEXT = 2;
  static final int U_LIST = 3;
  /** 1 server, 2 worker. */
  static final int U_KIND = 4;
  /**
   * 0, 1 asleep in block_io, 2 waiting in UMCG for its state to become RUNNING, 3 the same in
   * umcg_notify_resume (its return goes back to the statement it came before).
   */
  static final int U_PHASE = 5;
  /** 1: the environment completed this task's block_io. */
  static final int U_IO = 6;
  /** 1: a sys_umcg_kick reached this task: umcg_notify_resume runs before its next statement. */
  static final int U_KICK = 7;
  static final int U_FIELDS = 8;

  /**
   * UMCG v0.9.1 (variant umcg-v0.9.1): the process-wide idle-workers stack (a task mask) and
   * the idle-server slot (TID, 0 none), two words at the end; -1 without the version.
   */
  final int umcgIdleAt;

  /** Offset of UMCG field f of task t. */
  int u(int t, int f) {
    return taskBase[t] + TASK_FIXED + regs(t) + f;
  }

  final int gFaultKind = 0;
  final int gFaultTask = 1;
  final int gFaultInfo = 2;
  final int gPreempt = 3;
  final int cpuBase = 4;
  final int[] taskBase;
  final int wordBase;
  final int queueBase;
  final int mutexBase;
  final int lockBase;
  public final int size;

  private final String[] lockClass;
  private final String[] lockName;
  private final int[] lockSub;
  private final int extraBase;
  private final int piBase;
  private final int rqBase;
  private final int waitBase;
  private final int blockedBase;

  public RefShape(Scenario sc) {
    this.scenario = sc;
    cpus = sc.cpus();
    tasks = sc.tasks().size();
    words = sc.memory().size();
    mutexes = sc.mutexes().size();
    if (words > 31) {
      throw new IllegalArgumentException("the reference semantics supports at most 31 memory words");
    }
    proxy = sc.kernel().proxy();
    peVersion = sc.kernel().variants().contains("pe-v6.17") ? 617 : sc.kernel().variants().contains("pe-v7.1") ? 701 : 702;
    int at = cpuBase + cpus;
    taskBase = new int[tasks];
    umcg = sc.tasks().stream().anyMatch(t -> t.program().statements().stream()
        .anyMatch(schedcheck.model.scenario.Umcg::isUmcg));
    for (int t = 0; t < tasks; t++) {
      taskBase[t] = at;
      at += TASK_FIXED + sc.tasks().get(t).program().registers().size() + (umcg ? U_FIELDS : 0);
    }
    wordBase = at;
    at += words;
    queueBase = at;
    at += words * tasks;
    mutexBase = at;
    at += mutexes * (1 + tasks);
    extraBase = 0;
    piBase = sc.locks().size();
    rqBase = piBase + tasks;
    waitBase = rqBase + cpus;
    blockedBase = waitBase + mutexes;
    locks = blockedBase + tasks;
    lockBase = at;
    at += locks;
    umcgIdleAt = umcg && sc.kernel().variants().contains("umcg-v0.9.1") ? at : -1;
    at += umcgIdleAt >= 0 ? 2 : 0;
    size = at;
    lockClass = new String[locks];
    lockName = new String[locks];
    lockSub = new int[locks];
    for (int i = 0; i < sc.locks().size(); i++) {
      name(extraBase + i, sc.locks().get(i), sc.locks().get(i), i);
    }
    for (int t = 0; t < tasks; t++) {
      name(piBase + t, "pi_lock", "pi_lock(" + taskName(t) + ")", t);
      name(blockedBase + t, "blocked_lock", "blocked_lock(" + taskName(t) + ")", t);
    }
    for (int c = 0; c < cpus; c++) {
      name(rqBase + c, "rq_lock", "rq_lock(" + c + ")", c);
    }
    for (int m = 0; m < mutexes; m++) {
      name(waitBase + m, "wait_lock", "wait_lock(" + mutexName(m) + ")", m);
    }
  }

  private void name(int id, String cls, String nm, int sub) {
    lockClass[id] = cls;
    lockName[id] = nm;
    lockSub[id] = sub;
  }

  /** The lock instance a program names. */
  public int lockOf(LockRef r) {
    return switch (r.kind()) {
      case EXTRA -> extraBase + r.index();
      case PI_LOCK -> piBase + r.index();
      case RQ_LOCK -> rqBase + r.index();
      case WAIT_LOCK -> waitBase + r.index();
      case BLOCKED_LOCK -> blockedBase + r.index();
    };
  }

  public String lockClass(int l) {
    return lockClass[l];
  }

  public String lockName(int l) {
    return lockName[l];
  }

  /** The index of the instance within its class (task, cpu, mutex or extra-class index). */
  public int lockSubIndex(int l) {
    return lockSub[l];
  }

  public String taskName(int t) {
    return t < 0 ? "idle" : scenario.tasks().get(t).name();
  }

  public String wordName(int w) {
    return scenario.memory().get(w).name();
  }

  public String mutexName(int m) {
    return scenario.mutexes().get(m);
  }

  public int prio(int t) {
    return scenario.tasks().get(t).prio();
  }

  public boolean allowed(int t, int cpu) {
    return scenario.tasks().get(t).affinity().contains(cpu);
  }

  public int regs(int t) {
    return scenario.tasks().get(t).program().registers().size();
  }

  // ---------------------------------------------------------------- reading a state

  int t(int t, int field) {
    return taskBase[t] + field;
  }

  public int curr(RefState s, int c) {
    return s.v[cpuBase + c] - 1;
  }

  public int pc(RefState s, int t) {
    return s.v[t(t, PC)];
  }

  public int kind(RefState s, int t) {
    return s.v[t(t, KIND)];
  }

  public int flags(RefState s, int t) {
    return s.v[t(t, FLAGS)];
  }

  public boolean has(RefState s, int t, int flag) {
    return (flags(s, t) & flag) != 0;
  }

  public boolean exited(RefState s, int t) {
    return has(s, t, F_EXITED);
  }

  public boolean onRq(RefState s, int t) {
    return has(s, t, F_ONRQ);
  }

  public int taskCpu(RefState s, int t) {
    return s.v[t(t, CPU)];
  }

  /** The mutex whose wait list t is on, or -1. */
  public int waitMutex(RefState s, int t) {
    return s.v[t(t, WAITM)] - 1;
  }

  /** The mutex t is blocked on (it waits, not retrying), or -1. */
  public int blockedOn(RefState s, int t) {
    return kind(s, t) == MUTEX ? waitMutex(s, t) : -1;
  }

  /** The word whose futex queue t is on, or -1. */
  public int futexQueued(RefState s, int t) {
    return s.v[t(t, FWORD)] - 1;
  }

  /** The word of the futex wait t is inside (until it returns), or -1. */
  public int futexWaitWord(RefState s, int t) {
    return s.v[t(t, FSYS)] - 1;
  }

  public int futexWaitValue(RefState s, int t) {
    return s.v[t(t, FVAL)];
  }

  public int missed(RefState s, int t) {
    return s.v[t(t, MISSED)];
  }

  public int reg(RefState s, int t, int r) {
    return s.v[t(t, TASK_FIXED + r)];
  }

  public int word(RefState s, int w) {
    return s.v[wordBase + w];
  }

  /** The futex queue of word w, in plist order. */
  public List<Integer> futexQueue(RefState s, int w) {
    return slots(s, queueBase + w * tasks);
  }

  public int mutexOwner(RefState s, int m) {
    return s.v[mutexBase + m * (1 + tasks)] - 1;
  }

  /** The wait list of mutex m, FIFO. */
  public List<Integer> mutexWaiters(RefState s, int m) {
    return slots(s, mutexBase + m * (1 + tasks) + 1);
  }

  public int holder(RefState s, int l) {
    return s.v[lockBase + l] - 1;
  }

  /** The spinlocks t holds, by lock index. */
  public List<Integer> held(RefState s, int t) {
    List<Integer> out = new ArrayList<>();
    for (int l = 0; l < locks; l++) {
      if (holder(s, l) == t) {
        out.add(l);
      }
    }
    return out;
  }

  public int faultKind(RefState s) {
    return s.v[gFaultKind];
  }

  public int faultTask(RefState s) {
    return s.v[gFaultTask];
  }

  public int faultInfo(RefState s) {
    return s.v[gFaultInfo];
  }

  public int preemptions(RefState s) {
    return s.v[gPreempt];
  }

  private List<Integer> slots(RefState s, int base) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < tasks && s.v[base + i] != 0; i++) {
      out.add(s.v[base + i] - 1);
    }
    return out;
  }
}
