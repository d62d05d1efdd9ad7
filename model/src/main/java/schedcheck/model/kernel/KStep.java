package schedcheck.model.kernel;

/**
 * One atomic step of a kernel function, named by its label in the domain reference
 * ({@code W2}, {@code S4}, ...). A step may first need a spinlock: {@link Guard} names it,
 * and the step is enabled only while that lock is free; the body then takes it.
 */
public final class KStep {

  /** The lock instance a step must acquire before its body runs, or -1 for none. */
  @FunctionalInterface
  public interface Guard {
    int lock(Ctx c);
  }

  @FunctionalInterface
  public interface Body {
    void run(Ctx c);
  }

  public static final Guard NO_LOCK = c -> -1;

  /**
   * What a guard returns when the step cannot run yet for a reason other than a held lock:
   * it waits for a condition (ttwu's {@code smp_cond_load_acquire(&p->on_cpu, !VAL)},
   * {@code __task_rq_lock} while the task is MIGRATING), or forever (a proxy walk that
   * spins round a blocked_on cycle under the rq lock). The actor spins in place.
   */
  public static final int WAIT = -2;

  final int id;
  public final KFunction function;
  public final String label;
  public final String what;
  final Guard guard;
  final Body body;

  KStep(int id, KFunction function, String label, String what, Guard guard, Body body) {
    this.id = id;
    this.function = function;
    this.label = label;
    this.what = what;
    this.guard = guard;
    this.body = body;
  }

  /** E.g. {@code futex_wait W2: value check}. */
  public String describe() {
    String d = description;
    if (d == null) {
      d = function.name + " " + label + ": " + what;
      description = d;
    }
    return d;
  }

  /** {@link #describe()}, built on first use (it is asked for on every step that is described). */
  private String description;

  @Override
  public String toString() {
    return describe();
  }
}
