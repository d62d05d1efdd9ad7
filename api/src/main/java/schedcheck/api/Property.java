package schedcheck.api;

import java.util.Locale;

/** The properties a scenario can check (its {@code check:} list), as the scenario language names them. */
public enum Property {
  /** {@code lost-wakeup}: a task sleeps for an event that already happened. */
  LOST_WAKEUP,
  /** {@code deadlock}: a cycle of tasks each blocked on a resource the next holds, or nothing can run. */
  DEADLOCK,
  /** {@code starvation}: a fair infinite execution in which a task never completes its statement. */
  STARVATION,
  /** {@code mutual-exclusion}: two tasks between {@code enter} and {@code leave} at once. */
  MUTUAL_EXCLUSION,
  /** {@code lock-order}: a spinlock taken against the declared order, or a lockdep cycle. */
  LOCK_ORDER,
  /** {@code assertions}: a failing {@code assert}, sleeping or exiting with a spinlock held, an unlock by a non-owner. */
  ASSERTIONS,
  /** {@code invariants}: a consistency invariant of the kernel model breaks (a bug in the kernel variant). */
  INVARIANTS;

  /** The name in scenario files and reports, e.g. {@code lost-wakeup}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The property named {@code id} in files and reports ({@code lost-wakeup}). */
  public static Property of(String id) {
    for (Property p : values()) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown property '" + id + "'");
  }
}
