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

  /**
   * A system call statement: the kernel function it enters, the locals its operands become
   * and the register its result goes to are its registration's ({@code
   * schedcheck.model.kernel.Syscalls}), looked up by {@link #keyword()}. Not sealed: a
   * subsystem declares its own statements, in its own files, as records implementing this.
   */
  non-sealed interface Call extends Stmt {
    /** The keyword of its registration ({@code futex_wait}, {@code lock_interruptible}, ...). */
    String keyword();

    /** The register the result goes to, or -1 (none, or discarded). */
    default int reg() {
      return -1;
    }

    /** Whether an operand names a task (then tasks are not interchangeable: see Symmetry). */
    default boolean namesTask() {
      return false;
    }
  }

  record Assign(SourcePos pos, String text, int reg, Expr value) implements Stmt {}
  record Load(SourcePos pos, String text, int reg, int word) implements Stmt {}
  record Store(SourcePos pos, String text, int word, Expr value) implements Stmt {}
  record Cas(SourcePos pos, String text, int reg, int word, Expr expected, Expr desired) implements Stmt {}
  record Xchg(SourcePos pos, String text, int reg, int word, Expr value) implements Stmt {}
  record FetchAdd(SourcePos pos, String text, int reg, int word, Expr value) implements Stmt {}
  record FutexWait(SourcePos pos, String text, int reg, int word, Expr expected) implements Call {
    @Override
    public String keyword() {
      return "futex_wait";
    }
  }
  record FutexWake(SourcePos pos, String text, int reg, int word, Expr count) implements Call {
    @Override
    public String keyword() {
      return "futex_wake";
    }
  }
  /** {@code r = futex_swap W X expect}: wake one waiter of W, wait on X. */
  record FutexSwap(SourcePos pos, String text, int reg, int wakeWord, int waitWord, Expr expected) implements Call {
    @Override
    public String keyword() {
      return "futex_swap";
    }
  }
  record Lock(SourcePos pos, String text, int mutex) implements Call {
    @Override
    public String keyword() {
      return "lock";
    }
  }
  record Unlock(SourcePos pos, String text, int mutex) implements Call {
    @Override
    public String keyword() {
      return "unlock";
    }
  }
  /** {@code r = lock_interruptible M}: mutex_lock_interruptible; r = 0, or -4 (EINTR) on a signal. */
  record LockInterruptible(SourcePos pos, String text, int reg, int mutex) implements Call {
    @Override
    public String keyword() {
      return "lock_interruptible";
    }
  }
  /** {@code signal t}: send task t a signal (set its pending-signal flag, signal_wake_up). */
  record Signal(SourcePos pos, String text, int task) implements Call {
    @Override
    public String keyword() {
      return "signal";
    }

    @Override
    public boolean namesTask() {
      return true;
    }
  }
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
}
