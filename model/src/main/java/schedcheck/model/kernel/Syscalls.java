package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import schedcheck.model.scenario.Stmt;

/**
 * The registry of system calls: the one place that says which system calls programs may
 * make. The parser asks it for a statement's keyword, the user-space interpreter ({@link
 * UserSpace}) for the entry function and locals, {@link Kernel#returnToUser} only reads the
 * statement's {@link Stmt.Call#reg()}. A subsystem adds a system call with one {@link
 * Syscall} (its statement a record implementing {@link Stmt.Call}, in its own file) and one
 * line here; neither the parser nor the interpreter changes.
 */
public final class Syscalls {

  private static final Map<String, Syscall> BY_KEYWORD = new LinkedHashMap<>();

  static {
    // futex(2): FUTEX_WAIT, FUTEX_WAKE, and the FUTEX_SWAP RFC (wake one waiter of W, wait on X).
    register(Syscall.of("futex_wait", true, true, Stmt.FutexWait.class,
        (in, at, text, reg) -> {
          int w = in.word();
          return new Stmt.FutexWait(at, text, reg, w, in.expr(false));
        },
        k -> k.futex.wait, (s, eval) -> new int[] {s.word(), eval.applyAsInt(s.expected())}));
    register(Syscall.of("futex_wake", true, true, Stmt.FutexWake.class,
        (in, at, text, reg) -> {
          int w = in.word();
          return new Stmt.FutexWake(at, text, reg, w, in.expr(false));
        },
        k -> k.futex.wake, (s, eval) -> new int[] {s.word(), eval.applyAsInt(s.count())}));
    register(Syscall.of("futex_swap", true, true, Stmt.FutexSwap.class,
        (in, at, text, reg) -> {
          int wake = in.word();
          int wait = in.word();
          return new Stmt.FutexSwap(at, text, reg, wake, wait, in.expr(false));
        },
        k -> k.futex.swap,
        (s, eval) -> new int[] {s.waitWord(), eval.applyAsInt(s.expected()), s.wakeWord()}));
    // kernel mutexes (the model's own system calls for mutex_lock / mutex_unlock).
    register(Syscall.of("lock", true, false, Stmt.Lock.class,
        (in, at, text, reg) -> new Stmt.Lock(at, text, in.mutex()),
        k -> k.mutex.lock, (s, eval) -> new int[] {s.mutex()}));
    register(Syscall.of("unlock", true, false, Stmt.Unlock.class,
        (in, at, text, reg) -> new Stmt.Unlock(at, text, in.mutex()),
        k -> k.mutex.unlock, (s, eval) -> new int[] {s.mutex()}));
    register(Syscall.of("lock_interruptible", false, true, Stmt.LockInterruptible.class,
        (in, at, text, reg) -> new Stmt.LockInterruptible(at, text, reg, in.mutex()),
        k -> k.mutex.lock, (s, eval) -> new int[] {s.mutex(), 1}));
    // signals: send_signal + signal_wake_up.
    register(Syscall.of("signal", true, false, Stmt.Signal.class,
        (in, at, text, reg) -> new Stmt.Signal(at, text, in.task()),
        k -> k.signal, (s, eval) -> new int[] {s.task()}));
    // UMCG (docs/umcg.md): its statements, registered by the subsystem.
    Umcg.registerSyscalls();
  }

  private Syscalls() {}

  /** Adds a system call; its keyword must be new. */
  public static synchronized void register(Syscall s) {
    if (BY_KEYWORD.putIfAbsent(s.keyword(), s) != null) {
      throw new IllegalStateException("system call registered twice: " + s.keyword());
    }
  }

  /** The system call written {@code keyword}, or null. */
  public static synchronized Syscall of(String keyword) {
    return BY_KEYWORD.get(keyword);
  }

  /** The system call statement {@code st} makes. */
  public static Syscall of(Stmt.Call st) {
    Syscall s = of(st.keyword());
    if (s == null) {
      throw new IllegalStateException("system call not registered: " + st.keyword());
    }
    return s;
  }

  /** Every system call, in registration order. */
  public static synchronized List<Syscall> all() {
    return Collections.unmodifiableList(new ArrayList<>(BY_KEYWORD.values()));
  }
}
