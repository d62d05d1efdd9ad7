package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.List;
import schedcheck.model.scenario.LockRef;
import schedcheck.model.scenario.Scenario;

/**
 * Where each field of the kernel state lives in the flat {@code int[]} that encodes it.
 * Computed once per scenario. Every field has one place; nothing derivable is stored
 * (a task's held spinlocks, for one, are the locks whose holder it is).
 *
 * <p>Task and lock references are stored as {@code index + 1}, with {@code 0} for none.
 */
public final class Layout {

  // Task states (task_struct::__state, plus DEAD for an exited task).
  public static final int TASK_RUNNING = 0;
  public static final int TASK_INTERRUPTIBLE = 1;
  public static final int TASK_UNINTERRUPTIBLE = 2;
  public static final int TASK_WAKING = 3;
  public static final int TASK_DEAD = 4;

  // on_rq values.
  public static final int ON_RQ_NONE = 0;
  public static final int ON_RQ_QUEUED = 1;
  public static final int ON_RQ_MIGRATING = 2;

  // Faults a step can record (checked by the assertions property).
  public static final int FAULT_NONE = 0;
  public static final int FAULT_ASSERT = 1;
  public static final int FAULT_SLEEP_WITH_SPINLOCK = 2;
  public static final int FAULT_UNLOCK_NOT_HELD = 3;
  public static final int FAULT_EXIT_WITH_SPINLOCK = 4;
  /** mutex_unlock by a task that does not own the mutex (info: the mutex). */
  public static final int FAULT_MUTEX_NOT_OWNER = 5;

  /**
   * A lock's slot holds its holder actor + 1 in the low bits and, above
   * {@link #SUBCLASS_SHIFT}, the lockdep subclass it was taken with (0 for a plain
   * acquisition, so scenarios without {@code spin_lock_nested} keep their states exactly).
   */
  static final int SUBCLASS_SHIFT = 16;
  static final int HOLDER_MASK = (1 << SUBCLASS_SHIFT) - 1;
  /** Lockdep's MAX_LOCKDEP_SUBCLASSES: subclasses are 0..7. */
  public static final int MAX_SUBCLASSES = 8;
  /** SINGLE_DEPTH_NESTING, the subclass of the kernel's second lock of a class. */
  public static final int SINGLE_DEPTH_NESTING = 1;

  // Lock classes.
  public static final String PI_LOCK = "pi_lock";
  public static final String RQ_LOCK = "rq_lock";
  public static final String WAIT_LOCK = "wait_lock";
  public static final String BLOCKED_LOCK = "blocked_lock";
  public static final String HB_LOCK = "hb_lock";

  public final Scenario scenario;
  public final int tasks;
  public final int cpus;
  public final int words;
  public final int buckets;
  public final int mutexes;
  public final int maxFrames;
  public final int nLocals;
  public final boolean countPreemptions;
  /**
   * Whether {@code __schedule} runs as steps on per-cpu scheduler frames (proxy execution
   * with at least one mutex). Otherwise the atomic {@code schedule()} of the futex model is
   * used, so scenarios without mutexes, or with {@code kernel.proxy: false}, keep their
   * state spaces exactly.
   */
  public final boolean pe;
  /** Scheduler frames per cpu (0 unless {@link #pe}). */
  public final int maxSchedFrames;

  // Lock instances: pi_lock(t), blocked_lock(t), rq_lock(c), wait_lock(m), hb_lock(b), extras.
  public final int locks;
  private final int lockPi;
  private final int lockBlocked;
  private final int lockRq;
  private final int lockWait;
  private final int lockHb;
  private final int lockExtra;
  private final String[] lockClass;
  private final String[] lockName;
  private final int[] lockSubIndex;

  // Offsets.
  final int gPreempt;
  final int gFaultKind;
  final int gFaultTask;
  final int gFaultInfo;
  final int cpuBase;
  static final int CPU_CURR = 0;
  static final int CPU_DONOR = 1;
  static final int CPU_NEED_RESCHED = 2;
  static final int CPU_RQ = 3;
  static final int CPU_SDEPTH = 4;
  static final int CPU_SFRAMES = 5;
  final int cpuFields;
  final int lockBase;
  final int wordBase;
  final int bucketBase;
  static final int HB_WAITERS = 0;
  static final int HB_HEAD = 1;
  static final int HB_FIELDS = 2;
  final int mutexBase;
  static final int M_OWNER = 0;
  static final int M_HEAD = 1;
  static final int M_FIELDS = 2;
  final int taskBase;
  static final int T_STATE = 0;
  static final int T_ON_RQ = 1;
  static final int T_CPU = 2;
  static final int T_WAKE_CPU = 3;
  static final int T_PC = 4;
  static final int T_FLAGS = 5;
  static final int T_FQ_WORD = 6;
  static final int T_FQ_LOCK_PTR = 7;
  static final int T_WAIT_NEXT = 8;
  /** wake_q link: 0 not queued, {@link #WAKE_Q_TAIL} the last node, {@code t + 2} next is t. */
  static final int T_WAKE_Q_NEXT = 9;
  static final int WAKE_Q_TAIL = 1;
  static final int T_MISSED = 10;
  static final int T_BLOCKED_ON = 11;
  /** blocked_donor (v7.2): the donor that last proxied through this owner, task + 1. */
  static final int T_BLOCKED_DONOR = 12;
  static final int T_DEPTH = 13;
  static final int T_FRAMES = 14;
  final int frameSize;
  final int taskRegs;
  final int taskSize;
  final int[] regCount;
  public final int size;

  // ---- UMCG (registration edit for the UMCG subsystem, docs/umcg.md) ----
  /** Whether a program uses UMCG (or block_io): only then do tasks carry the UMCG fields. */
  public final boolean umcg;
  /** Offset of the UMCG fields within a task's record (after the registers), or -1. */
  final int umcgAt;
  /** struct umcg_task::state: UMCG_TASK_* in the low bits, UMCG_TF_COND_WAIT as a flag. */
  static final int U_STATE = 0;
  /** struct umcg_task::server_tid (task + 1, 0 none). */
  static final int U_SERVER = 1;
  /** struct umcg_task::next_tid (task + 1, 0 none), with UMCG_TID_RUNNING as a flag. */
  static final int U_NEXT = 2;
  /** The server's runnable_workers_ptr list, as a mask of tasks (a set: the order is left out). */
  static final int U_RUNNABLE = 3;
  /** Kernel side: UMCG_KIND_* registration, UMCG_PINNED (tsk->umcg_server set), UMCG_IO_DONE. */
  static final int U_KERNEL = 4;
  static final int U_FIELDS = 5;
  /**
   * UMCG v0.9.1 (variant umcg-v0.9.1, docs/umcg.md "v0.9.1"): the process-wide words user
   * space registers through idle_workers_ptr (the idle-workers stack, kept as a task mask) and
   * idle_server_tid_ptr (a TID, 0 none), at this offset after every task; -1 when the version
   * is not in force, so every other scenario keeps its state vector.
   */
  final int umcgIdleAt;

  /** Task flag: between {@code enter} and {@code leave}. */
  public static final int FLAG_CRITICAL = 1;
  /** Task flag (v7.1): blocked_on == PROXY_WAKING (blocked_on itself then reads as none). */
  public static final int FLAG_PROXY_WAKING = 2;
  /** Task flag (v7.2): task_struct::is_blocked. */
  public static final int FLAG_IS_BLOCKED = 4;
  /** Task flag: preempt_disable() in effect (the mutex slow paths). */
  public static final int FLAG_PREEMPT_OFF = 8;
  /**
   * Task flag: a signal is pending (TIF_SIGPENDING). Set by {@code signal t}, cleared when a
   * system call returns -EINTR to user space. A scenario without signals never sets it, so
   * its state space is unchanged.
   */
  public static final int FLAG_SIGPENDING = 16;

  // Owner word flags of a kernel mutex (bits of the owner word above the task byte).
  public static final int MUTEX_FLAG_WAITERS = 1;
  public static final int MUTEX_FLAG_HANDOFF = 2;
  public static final int MUTEX_FLAG_PICKUP = 4;

  public Layout(Scenario sc) {
    this.scenario = sc;
    tasks = sc.tasks().size();
    cpus = sc.cpus();
    words = sc.memory().size();
    int fb = sc.kernel().futexBuckets();
    buckets = fb > 0 ? fb : Math.max(1, words);
    mutexes = sc.mutexes().size();
    maxFrames = 4;
    nLocals = 5;
    countPreemptions = sc.bounds().preemptions() >= 0;
    pe = sc.kernel().proxy() && mutexes > 0;
    maxSchedFrames = pe ? 4 : 0;
    if (tasks > 30) {
      throw new IllegalArgumentException("at most 30 tasks are supported");
    }
    if (words > 31) {
      throw new IllegalArgumentException("at most 31 memory words are supported");
    }

    lockPi = 0;
    lockBlocked = lockPi + tasks;
    lockRq = lockBlocked + tasks;
    lockWait = lockRq + cpus;
    lockHb = lockWait + mutexes;
    lockExtra = lockHb + buckets;
    locks = lockExtra + sc.locks().size();
    lockClass = new String[locks];
    lockName = new String[locks];
    lockSubIndex = new int[locks];
    for (int t = 0; t < tasks; t++) {
      name(lockPi + t, PI_LOCK, "pi_lock(" + taskName(t) + ")", t);
      name(lockBlocked + t, BLOCKED_LOCK, "blocked_lock(" + taskName(t) + ")", t);
    }
    for (int c = 0; c < cpus; c++) {
      name(lockRq + c, RQ_LOCK, "rq_lock(" + c + ")", c);
    }
    for (int m = 0; m < mutexes; m++) {
      name(lockWait + m, WAIT_LOCK, "wait_lock(" + sc.mutexes().get(m) + ")", m);
    }
    for (int b = 0; b < buckets; b++) {
      name(lockHb + b, HB_LOCK, "hb(" + bucketName(b) + ").lock", b);
    }
    for (int i = 0; i < sc.locks().size(); i++) {
      name(lockExtra + i, sc.locks().get(i), sc.locks().get(i), i);
    }

    int o = 0;
    gPreempt = o++;
    gFaultKind = o++;
    gFaultTask = o++;
    gFaultInfo = o++;
    cpuBase = o;
    frameSize = 1 + nLocals;
    cpuFields = pe ? CPU_SFRAMES + maxSchedFrames * frameSize : CPU_SDEPTH;
    o += cpus * cpuFields;
    lockBase = o;
    o += locks;
    wordBase = o;
    o += words;
    bucketBase = o;
    o += buckets * HB_FIELDS;
    mutexBase = o;
    o += mutexes * M_FIELDS;
    taskBase = o;
    taskRegs = T_FRAMES + maxFrames * frameSize;
    regCount = new int[tasks];
    int maxRegs = 0;
    for (int t = 0; t < tasks; t++) {
      regCount[t] = sc.tasks().get(t).program().registers().size();
      maxRegs = Math.max(maxRegs, regCount[t]);
    }
    umcg = usesUmcg(sc);
    umcgAt = umcg ? taskRegs + maxRegs : -1;
    taskSize = taskRegs + maxRegs + (umcg ? U_FIELDS : 0);
    o += tasks * taskSize;
    umcgIdleAt = umcg && sc.kernel().variants().contains("umcg-v0.9.1") ? o : -1;
    o += umcgIdleAt >= 0 ? 2 : 0;
    size = o;
  }

  private static boolean usesUmcg(Scenario sc) {
    for (var t : sc.tasks()) {
      for (var st : t.program().statements()) {
        if (schedcheck.model.scenario.Umcg.isUmcg(st)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Offset of UMCG field {@code field} (U_*) of task t. */
  int umcg(int t, int field) {
    return taskBase + t * taskSize + umcgAt + field;
  }

  private void name(int id, String cls, String nm, int sub) {
    lockClass[id] = cls;
    lockName[id] = nm;
    lockSubIndex[id] = sub;
  }

  // ---- names ----

  /**
   * A task's name. Lock holders are actors: tasks {@code 0..tasks-1}, then one scheduler
   * context per cpu ({@code tasks + c}, named {@code cpuC}), which holds the rq lock (and the
   * proxy walk's wait_lock and blocked_lock) while {@code __schedule} runs on that cpu.
   */
  public String taskName(int t) {
    if (t >= tasks) {
      return "cpu" + (t - tasks);
    }
    return scenario.tasks().get(t).name();
  }

  /** The lock-holder actor of cpu c's scheduler. */
  public int cpuActor(int c) {
    return tasks + c;
  }

  public String wordName(int w) {
    return scenario.memory().get(w).name();
  }

  public String mutexName(int m) {
    return scenario.mutexes().get(m);
  }

  /** A bucket is named after the words that hash to it. */
  public String bucketName(int b) {
    List<String> ws = new ArrayList<>();
    for (int w = 0; w < words; w++) {
      if (bucketOf(w) == b) {
        ws.add(wordName(w));
      }
    }
    return ws.isEmpty() ? "#" + b : String.join(",", ws);
  }

  public int taskPrio(int t) {
    return scenario.tasks().get(t).prio();
  }

  public boolean allowed(int t, int cpu) {
    return scenario.tasks().get(t).affinity().contains(cpu);
  }

  public int regs(int t) {
    return regCount[t];
  }

  /** hash(uaddr): word {@code w} goes to bucket {@code w mod buckets}. */
  public int bucketOf(int word) {
    return word % buckets;
  }

  // ---- lock instances ----

  public int piLock(int t) {
    return lockPi + t;
  }

  public int blockedLock(int t) {
    return lockBlocked + t;
  }

  public int rqLock(int c) {
    return lockRq + c;
  }

  public int waitLock(int m) {
    return lockWait + m;
  }

  public int hbLock(int b) {
    return lockHb + b;
  }

  public int extraLock(int i) {
    return lockExtra + i;
  }

  public int lockOf(LockRef ref) {
    return switch (ref.kind()) {
      case EXTRA -> extraLock(ref.index());
      case PI_LOCK -> piLock(ref.index());
      case RQ_LOCK -> rqLock(ref.index());
      case WAIT_LOCK -> waitLock(ref.index());
      case BLOCKED_LOCK -> blockedLock(ref.index());
    };
  }

  /** The class of a lock instance, e.g. {@code rq_lock}. */
  public String lockClass(int lock) {
    return lockClass[lock];
  }

  /** The instance's name, e.g. {@code rq_lock(1)}. */
  public String lockName(int lock) {
    return lockName[lock];
  }

  /** The index of the instance within its class (cpu, task, mutex or bucket index). */
  public int lockSubIndex(int lock) {
    return lockSubIndex[lock];
  }

  // ---- offsets ----

  int cpu(int c, int field) {
    return cpuBase + c * cpuFields + field;
  }

  int schedFrame(int c, int f) {
    return cpuBase + c * cpuFields + CPU_SFRAMES + f * frameSize;
  }

  int task(int t, int field) {
    return taskBase + t * taskSize + field;
  }

  int frame(int t, int f) {
    return taskBase + t * taskSize + T_FRAMES + f * frameSize;
  }

  int reg(int t, int r) {
    return taskBase + t * taskSize + taskRegs + r;
  }

  int bucket(int b, int field) {
    return bucketBase + b * HB_FIELDS + field;
  }

  int mutex(int m, int field) {
    return mutexBase + m * M_FIELDS + field;
  }
}
