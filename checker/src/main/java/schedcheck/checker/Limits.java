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
 */
public record Limits(int maxDepth, long maxStates, Duration maxTime, boolean stopAtFirstViolation) {

  public static Limits none() {
    return new Limits(-1, -1, null, true);
  }

  public Limits withMaxDepth(int d) {
    return new Limits(d, maxStates, maxTime, stopAtFirstViolation);
  }

  public Limits withMaxStates(long n) {
    return new Limits(maxDepth, n, maxTime, stopAtFirstViolation);
  }

  public Limits withMaxTime(Duration t) {
    return new Limits(maxDepth, maxStates, t, stopAtFirstViolation);
  }

  public Limits exploringEverything() {
    return new Limits(maxDepth, maxStates, maxTime, false);
  }
}
