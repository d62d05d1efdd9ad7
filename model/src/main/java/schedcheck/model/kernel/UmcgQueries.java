package schedcheck.model.kernel;

/**
 * What properties and views read of UMCG (docs/umcg.md): each task's struct umcg_task and
 * where it is in the UMCG code. Obtained from {@link KernelQueries#umcg()}, null when no program
 * uses UMCG.
 */
public final class UmcgQueries {
  private final KernelQueries queries;
  private final Kernel kernel;
  private final Umcg u;
  private final Layout layout;
  /** umcg-v0.9.1 in force: user space makes next RUNNING before its sys_umcg_wait wakes it. */
  private final boolean v091;
  private final Local sysWaitNext;

  public static final int NONE = Umcg.NONE;
  public static final int RUNNING = Umcg.RUNNING;
  public static final int RUNNABLE = Umcg.RUNNABLE;
  public static final int BLOCKED = Umcg.BLOCKED;

  UmcgQueries(KernelQueries queries, Kernel kernel, Umcg u) {
    this.queries = queries;
    this.kernel = kernel;
    this.u = u;
    this.layout = kernel.layout;
    this.v091 = kernel.has(Umcg.V091);
    this.sysWaitNext = u.sysWait.localNamed("next");
  }

  /** Whether t is registered as a server. */
  public boolean isServer(StateView s, int t) {
    return u.kind(s, t) == Umcg.KIND_SERVER;
  }

  /** Whether t is registered as a worker. */
  public boolean isWorker(StateView s, int t) {
    return u.kind(s, t) == Umcg.KIND_WORKER;
  }

  /** t's UMCG state without flags (NONE, RUNNING, RUNNABLE, BLOCKED). */
  public int state(StateView s, int t) {
    return u.state(s, t);
  }

  /** Whether UMCG_TF_COND_WAIT is set in t's state (user space is on its way into sys_umcg_wait). */
  public boolean condWait(StateView s, int t) {
    return (u.userState(s, t) & Umcg.TF_COND_WAIT) != 0;
  }

  public static String stateName(int st) {
    return Umcg.stateName(st);
  }

  /** t's server_tid as a task index, or -1. */
  public int server(StateView s, int t) {
    return u.server(s, t);
  }

  /** Server s's runnable list as a task mask. */
  public int runnableList(StateView s, int server) {
    return u.runnableList(s, server);
  }

  /** v0.9.1: the process-wide idle-workers stack as a task mask (0 under the rework, which has none). */
  public int idleWorkers(StateView s) {
    return u.idleWorkers(s);
  }

  /** v0.9.1: the task named in *idle_server_tid_ptr, or -1. */
  public int idleServer(StateView s) {
    return u.idleServer(s);
  }

  /** A state's name as the version in force says it (v0.9.1: IDLE for the value RUNNABLE has). */
  public String name(int st) {
    return u.name(st);
  }

  /** t's next_tid as a task index (UMCG_TID_RUNNING ignored), or -1. */
  public int next(StateView s, int t) {
    int n = (u.nextTid(s, t) & ~Umcg.TID_RUNNING) - 1;
    return n >= 0 && n < layout.tasks ? n : -1;
  }

  /** Whether t's next_tid carries UMCG_TID_RUNNING (consumed). */
  public boolean nextConsumed(StateView s, int t) {
    return (u.nextTid(s, t) & Umcg.TID_RUNNING) != 0;
  }

  /** Whether t sleeps (or is about to) in umcg_wait or block_io: UMCG finds it by TID. */
  public boolean inUmcg(StateView s, int t) {
    return u.inUmcg(s, t);
  }

  /** Whether t is inside one of the UMCG system calls or hooks. */
  public boolean inUmcgCall(StateView s, int t) {
    return u.inUmcgCall(s, t);
  }

  /** Whether t is the current frame's task in umcg_wait's schedule() step (asleep there if off its runqueue). */
  public boolean waitingInUmcgWait(StateView s, int t) {
    int d = s.depth(t);
    if (d == 0) {
      return false;
    }
    KStep st = kernel.table.get(s.frameStep(t, d - 1));
    return st.function == u.wait;
  }

  /**
   * Whether a try_to_wake_up of t is under way (some task's kernel stack holds it), or, under
   * umcg-v0.9.1, about to come: a task between its user-space prelude (UW0, which made t
   * RUNNING) and its context switch (UW2) names t as next.
   */
  public boolean wakePending(StateView s, int t) {
    if (queries.wakePending(s, t)) {
      return true;
    }
    if (!v091) {
      return false;
    }
    for (int o = 0; o < layout.tasks; o++) {
      int d = s.depth(o);
      if (d == 0) {
        continue;
      }
      KStep st = kernel.table.get(s.frameStep(o, d - 1));
      if (st.function == u.sysWait && st.label.equals("UW2") && s.local(o, d - 1, sysWaitNext) == t + 1) {
        return true;
      }
    }
    return false;
  }
}
