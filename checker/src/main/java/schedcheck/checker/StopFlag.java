package schedcheck.checker;

/**
 * A cooperative stop request from outside the search (e.g. SIGINT): the search loop reads it
 * every 1024 expansions and, once set, ends with the cut {@code interrupted} (the number of
 * states still queued), reporting what it found so far. Thread-safe.
 */
public final class StopFlag {
  private volatile boolean set;

  /** Asks every search that reads this flag to stop. */
  public void set() {
    set = true;
  }

  public boolean isSet() {
    return set;
  }
}
