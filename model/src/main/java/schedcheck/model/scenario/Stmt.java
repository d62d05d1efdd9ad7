package schedcheck.model.scenario;

/**
 * One statement of a task's program. Registers are indices into {@link Program#registers()}
 * ({@code -1} where a system call's result is discarded), words indices into
 * {@link Scenario#memory()}, mutexes into {@link Scenario#mutexes()}, jump targets
 * statement indices (a target equal to the program's length means the end: exit).
 */
public sealed interface Stmt {

  SourcePos pos();

  /** The statement as written, for counterexamples. */
  String text();

  enum Op {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");
    public final String symbol;

    Op(String s) {
      symbol = s;
    }

    public boolean test(int a, int b) {
      return switch (this) {
        case EQ -> a == b;
        case NE -> a != b;
        case LT -> a < b;
        case LE -> a <= b;
        case GT -> a > b;
        case GE -> a >= b;
      };
    }
  }

  record Assign(SourcePos pos, String text, int reg, Expr value) implements Stmt {}
  record Load(SourcePos pos, String text, int reg, int word) implements Stmt {}
  record Store(SourcePos pos, String text, int word, Expr value) implements Stmt {}
  record Cas(SourcePos pos, String text, int reg, int word, Expr expected, Expr desired) implements Stmt {}
  record Xchg(SourcePos pos, String text, int reg, int word, Expr value) implements Stmt {}
  record FetchAdd(SourcePos pos, String text, int reg, int word, Expr value) implements Stmt {}
  record FutexWait(SourcePos pos, String text, int reg, int word, Expr expected) implements Stmt {}
  record FutexWake(SourcePos pos, String text, int reg, int word, Expr count) implements Stmt {}
  /** {@code r = futex_swap W X expect}: wake one waiter of W, wait on X. */
  record FutexSwap(SourcePos pos, String text, int reg, int wakeWord, int waitWord, Expr expected) implements Stmt {}
  record Lock(SourcePos pos, String text, int mutex) implements Stmt {}
  record Unlock(SourcePos pos, String text, int mutex) implements Stmt {}
  /** {@code r = lock_interruptible M}: mutex_lock_interruptible; r = 0, or -4 (EINTR) on a signal. */
  record LockInterruptible(SourcePos pos, String text, int reg, int mutex) implements Stmt {}
  /** {@code signal t}: send task t a signal (set its pending-signal flag, signal_wake_up). */
  record Signal(SourcePos pos, String text, int task) implements Stmt {}
  /**
   * {@code spin_lock L}, or (an extension) {@code spin_lock_nested L n}: the same acquisition,
   * annotated for lockdep with subclass {@code n} (0..7; 0 is a plain {@code spin_lock}). A
   * nested acquisition is a lockdep class of its own ("rq_lock/1"), as the kernel's
   * {@code spin_lock_nested(l, SINGLE_DEPTH_NESTING)} is; only {@code lock-order} sees the
   * subclass.
   */
  record SpinLock(SourcePos pos, String text, LockRef lock, int subclass) implements Stmt {
    /** A plain {@code spin_lock L} (subclass 0). */
    public SpinLock(SourcePos pos, String text, LockRef lock) {
      this(pos, text, lock, 0);
    }
  }
  record SpinUnlock(SourcePos pos, String text, LockRef lock) implements Stmt {}
  record If(SourcePos pos, String text, Expr left, Op op, Expr right, int target) implements Stmt {}
  record Goto(SourcePos pos, String text, int target) implements Stmt {}
  record Enter(SourcePos pos, String text) implements Stmt {}
  record Leave(SourcePos pos, String text) implements Stmt {}
  record Assert(SourcePos pos, String text, Expr left, Op op, Expr right) implements Stmt {}
  record Yield(SourcePos pos, String text) implements Stmt {}
  record Work(SourcePos pos, String text) implements Stmt {}

  // ---- UMCG (extension; docs/umcg.md). Registration edit for the UMCG subsystem. ----

  /**
   * {@code [r =] umcg_ctl server}, {@code [r =] umcg_ctl worker S}, {@code [r =] umcg_ctl
   * unregister}: sys_umcg_ctl. {@code server} is the server's task index for a worker, else -1.
   */
  record UmcgCtl(SourcePos pos, String text, int reg, UmcgCtlKind kind, int server) implements Stmt {}

  enum UmcgCtlKind { SERVER, WORKER, UNREGISTER }

  /**
   * {@code [r =] umcg_wait [next]}: self->next_tid = next (a TID: a task name, or an
   * expression; none means 0), then sys_umcg_wait. The caller has set its state with {@link
   * UmcgRunnable} first, as the API asks.
   */
  record UmcgWait(SourcePos pos, String text, int reg, Expr next) implements Stmt {}

  /** {@code umcg_runnable}: user space's self->state = UMCG_TASK_RUNNABLE | UMCG_TF_COND_WAIT. */
  record UmcgRunnable(SourcePos pos, String text) implements Stmt {}

  /** {@code [r =] umcg_kick T}: sys_umcg_kick(0, tid(T)). */
  record UmcgKick(SourcePos pos, String text, int reg, int task) implements Stmt {}

  /**
   * {@code r = umcg_pop [S]}: user space takes one worker off its own (or server S's)
   * runnable_workers_ptr list (the lowest TID; 0 when the list is empty). One atomic user
   * step. {@code from} is S's task index, or -1 for the caller's own list.
   */
  record UmcgPop(SourcePos pos, String text, int reg, int from) implements Stmt {}

  /**
   * {@code r = umcg_state T}: user space reads the struct umcg_task::state (without its flags)
   * of the task with TID {@code tid} (a task name, or an expression); 0 for no task.
   */
  record UmcgState(SourcePos pos, String text, int reg, Expr tid) implements Stmt {}

  /** {@code [r =] block_io}: a system call that blocks until the environment completes it. */
  record BlockIo(SourcePos pos, String text, int reg) implements Stmt {}

  /** {@code complete_io T}: the environment (an interrupt, run by this task) completes T's block_io. */
  record CompleteIo(SourcePos pos, String text, int task) implements Stmt {}
}
