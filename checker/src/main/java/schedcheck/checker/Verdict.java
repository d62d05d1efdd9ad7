package schedcheck.checker;

/** The outcome of a search. */
public enum Verdict {
  /** Every reachable state (within the scenario's own bounds, if any) was explored. */
  HOLDS,
  /** A property failed; the result carries a trace that replays to the failure. */
  VIOLATED,
  /** No violation found, but some bound or limit cut the search short. */
  INCOMPLETE;

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
