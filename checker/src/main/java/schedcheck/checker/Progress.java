package schedcheck.checker;

/** Told about a long search now and then (at most a few times a second). */
public interface Progress {

  void update(long states, long transitions, long queued, int depth, double seconds);

  /** Called once when the search ends. */
  default void done() {}

  Progress NONE = (states, transitions, queued, depth, seconds) -> {};
}
