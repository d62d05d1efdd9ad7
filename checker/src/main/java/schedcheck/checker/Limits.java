package schedcheck.checker;

import java.time.Duration;

/**
 * Where a search stops. A limit that actually cuts part of the state space makes the
 * verdict {@link Verdict#INCOMPLETE}.
 *
 * @param maxDepth steps per execution; {@code -1} for none
 * @param maxStates distinct states; {@code -1} for none
 * @param maxTime wall clock; {@code null} for none
 * @param stopAtFirstViolation stop at the first violation (the normal mode); when false the
 *     search explores everything and reports the first violation of every property, so
 *     that strategies can be compared state for state
 * @param stopAt when {@code stopAtFirstViolation} is false: the search still ends at the
 *     first violation of this property (keeping the first violation of every other property
 *     found on the way); null to explore everything
 * @param maxMemory heap bytes in use (after a garbage collection) at which the search stops
 *     with the cut {@code memory}; {@code -1} for the default, nine tenths of the heap's
 *     maximum (running out of heap is that cut too)
 * @param stop a cooperative stop request (SIGINT), read every 1024 expansions; null for none
 */
public record Limits(
    int maxDepth,
    long maxStates,
    Duration maxTime,
    boolean stopAtFirstViolation,
    String stopAt,
    StopFlag stop,
    long maxMemory) {

  /** Without a memory limit. */
  public Limits(
      int maxDepth, long maxStates, Duration maxTime, boolean stopAtFirstViolation, String stopAt, StopFlag stop) {
    this(maxDepth, maxStates, maxTime, stopAtFirstViolation, stopAt, stop, -1);
  }

  public Limits(int maxDepth, long maxStates, Duration maxTime, boolean stopAtFirstViolation) {
    this(maxDepth, maxStates, maxTime, stopAtFirstViolation, null, null);
  }

  public static Limits none() {
    return new Limits(-1, -1, null, true);
  }

  public Limits withMaxDepth(int d) {
    return new Limits(d, maxStates, maxTime, stopAtFirstViolation, stopAt, stop, maxMemory);
  }

  public Limits withMaxStates(long n) {
    return new Limits(maxDepth, n, maxTime, stopAtFirstViolation, stopAt, stop, maxMemory);
  }

  public Limits withMaxTime(Duration t) {
    return new Limits(maxDepth, maxStates, t, stopAtFirstViolation, stopAt, stop, maxMemory);
  }

  /** Explores everything, keeping the first violation of every property. */
  public Limits exploringEverything() {
    return new Limits(maxDepth, maxStates, maxTime, false, null, stop, maxMemory);
  }

  /**
   * Searches on past violations of other properties until {@code property} is violated (or
   * the space is exhausted), keeping the first violation of every property found on the way.
   */
  public Limits searchingUntil(String property) {
    return new Limits(maxDepth, maxStates, maxTime, false, property, stop, maxMemory);
  }

  /** These limits, also stopped (cut {@code interrupted}) when {@code flag} is set. */
  public Limits stoppedBy(StopFlag flag) {
    return new Limits(maxDepth, maxStates, maxTime, stopAtFirstViolation, stopAt, flag, maxMemory);
  }

  /**
   * These limits, also stopped (cut {@code memory}, verdict incomplete) when the heap in use
   * stays above {@code bytes} after a garbage collection; {@code -1} for none.
   */
  public Limits withMaxMemory(long bytes) {
    return new Limits(maxDepth, maxStates, maxTime, stopAtFirstViolation, stopAt, stop, bytes);
  }

  /**
   * These limits for a later pass of the same check (the liveness pass, a search run again
   * without a reduction): the wall-clock time is one budget for the whole check, so the pass
   * gets what is left of it since {@code startNanos} (System.nanoTime; zero when it is spent,
   * which cuts the pass at once). Without a time limit, these limits unchanged.
   */
  public Limits remainingSince(long startNanos) {
    long budget = timeBudgetNanos();
    if (budget < 0) {
      return this;
    }
    long left = budget - (System.nanoTime() - startNanos);
    return withMaxTime(Duration.ofNanos(Math.max(0, left)));
  }

  /**
   * {@link #maxTime()} as the searches use it: nanoseconds from the start (0 for a negative
   * time), or -1 for no deadline, also when the time is centuries long (so that the clock
   * arithmetic cannot overflow).
   */
  public long timeBudgetNanos() {
    if (maxTime == null) {
      return -1;
    }
    long budget;
    try {
      budget = maxTime.isNegative() ? 0 : maxTime.toNanos();
    } catch (ArithmeticException tooLong) {
      return -1;
    }
    return budget > Long.MAX_VALUE / 4 ? -1 : budget;
  }
}
