package schedcheck.checker;

/**
 * A property the search evaluates. Each search asks for a fresh {@link Monitor}, so a
 * property may accumulate facts across the whole search (a lock dependency graph, say).
 */
public interface Property<S, A> {

  /** The user-facing name, e.g. {@code lost-wakeup}. */
  String name();

  /** A fresh monitor for one search. */
  Monitor<S, A> newMonitor();
}
