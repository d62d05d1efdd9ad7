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

  /**
   * This property over {@code model} (a {@link Model#replica()} of the model it was built
   * for), for a worker thread of {@link ParallelBreadthFirst}; or null (the default) when
   * its monitors remember something between calls (a lock dependency graph, say) and must
   * see every state and step in the sequential order, on one thread.
   *
   * <p>Returning non-null promises that the monitors' answers depend only on their
   * arguments, so that any worker may evaluate any state or step with its own monitor.
   */
  default Property<S, A> replica(Model<S, A> model) {
    return null;
  }
}
