package schedcheck.api;

/** The outcome of a check. */
public enum Verdict {
  /** Every reachable state was explored and no checked property is violated. */
  HOLDS,
  /** A checked property is violated; the result has its counterexample. */
  VIOLATED,
  /** No violation found, but a bound or limit cut the search (or a property is not supported): not {@code HOLDS}. */
  INCOMPLETE;

  /** As the reports write it: {@code holds}, {@code violated}, {@code incomplete}. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
