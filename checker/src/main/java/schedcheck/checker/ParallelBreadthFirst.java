package schedcheck.checker;

import java.util.List;

/**
 * Breadth-first search on several threads ({@code bfs} with {@code --workers N}): the same
 * search as {@link BreadthFirst}, with the same result state for state. Its verdicts, state
 * counts, transition counts, depths, cuts, violations and counterexample paths (step indices
 * included) are those of the sequential search, whatever the number of workers and however
 * the threads interleave; only {@link SearchResult#seconds()} differs. The semantics, limits
 * included, are {@link BreadthFirst}'s.
 *
 * <h2>How</h2>
 *
 * <p>Stored states are numbered in the sequential order (ids); the states waiting to be
 * expanded are the ids not yet expanded, in order. Workers take <em>chunks</em> of
 * consecutive waiting ids and, in parallel, generate their successors, fingerprint them,
 * evaluate the properties that allow it ({@link Property#replica}: monitors without memory)
 * and offer each new-looking successor to a lock-free {@link ConcurrentFingerprintSet} with a
 * <em>claim</em>: the position of that transition in the sequential order ({@code (parent
 * id, step index)}); the set keeps the smallest claim per fingerprint (CAS-min). One thread,
 * the <em>merge</em> thread, then goes through the chunks in id order and does what the
 * sequential search would do, step by step: counts transitions and cuts, calls the monitors
 * that remember things (lock-order's dependency graph) in the sequential order, gives the
 * next id to a successor whose fingerprint still holds exactly its own claim (it is its
 * first discoverer in the sequential order: every transition ordered before it was offered
 * already, since its chunk and all earlier ones are complete), applies the state limit, and
 * reports violations in the sequential order (the precomputed ones of the parallel
 * properties interleaved with the others in property order). The merge thread also expands
 * chunks itself while the next chunk is not ready, so that one worker means no extra thread
 * at all; extra threads are started only once enough states wait.
 *
 * <p>The model and the parallel properties are copied per thread ({@link Model#replica()},
 * {@link Property#replica}); a model without replicas is searched by the merge thread alone.
 * The fingerprint table is grown by the merge thread while the other threads are paused
 * between two states. A worker's failure (an exception in the model) is rethrown by {@link
 * #run}; running out of heap in any thread ends the search with the cut {@code memory}.
 *
 * <p>Liveness ({@link FairCycles}) stays sequential.
 */
public final class ParallelBreadthFirst implements Search {

  /** Waiting states before the extra threads are started (a smaller space is searched on one). */
  public static final int START_THREADS_AT = 256;

  private final int workers;
  private final int startThreadsAt;

  /** A search with {@code workers >= 1} threads (the calling thread included). */
  public ParallelBreadthFirst(int workers) {
    this(workers, START_THREADS_AT);
  }

  /**
   * As {@link #ParallelBreadthFirst(int)}, starting the extra threads once {@code
   * startThreadsAt >= 1} states wait (tests use 1, so that tiny spaces are searched by
   * several threads too).
   */
  public ParallelBreadthFirst(int workers, int startThreadsAt) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, found " + workers);
    }
    if (startThreadsAt < 1) {
      throw new IllegalArgumentException("startThreadsAt must be >= 1, found " + startThreadsAt);
    }
    this.workers = workers;
    this.startThreadsAt = startThreadsAt;
  }

  /** The default number of workers: every processor the JVM may use. */
  public static int defaultWorkers() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  public int workers() {
    return workers;
  }

  @Override
  public String name() {
    return "bfs";
  }

  @Override
  public <S, A> SearchResult run(
      Model<S, A> model, List<? extends Property<S, A>> properties, Limits limits, Progress progress) {
    return new ParallelExploration<>(name(), model, properties, limits, progress, workers, startThreadsAt).run();
  }
}
