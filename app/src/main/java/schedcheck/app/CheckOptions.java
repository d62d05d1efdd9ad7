package schedcheck.app;

import java.time.Duration;
import schedcheck.properties.Starvation;

/**
 * How to run a check, beyond what the scenario file says.
 *
 * @param strategy {@code bfs} (shortest counterexamples) or {@code dfs}
 * @param maxStates a limit on distinct states on top of the file's bounds, or -1
 * @param maxDepth a limit on steps per execution on top of the file's bounds, or -1
 * @param maxTime a wall-clock limit on top of the file's bounds, or null
 * @param exploreAll explore every state even after a violation (to compare strategies)
 * @param minimize shorten the counterexample for reading (BFS ones are already shortest)
 * @param fairness the fairness assumed by the liveness pass ({@code --fairness})
 * @param workers threads of the breadth-first search ({@code --workers}): 1 for the sequential
 *     search, 0 for every processor (the default); the result is the same whatever the number
 *     (see {@link schedcheck.checker.ParallelBreadthFirst}); ignored by other strategies
 * @param symmetry symmetry reduction over interchangeable tasks in the safety search (on by
 *     default; {@code --no-symmetry}), see {@link schedcheck.model.kernel.Symmetry}
 */
public record CheckOptions(
    String strategy, long maxStates, int maxDepth, Duration maxTime, boolean exploreAll, boolean minimize,
    Starvation.Fairness fairness, int workers, boolean symmetry) {

  /** Every processor ({@code --workers} left out). */
  public static final int ALL_WORKERS = 0;

  public CheckOptions(String strategy, long maxStates, int maxDepth, Duration maxTime, boolean exploreAll,
      boolean minimize, Starvation.Fairness fairness) {
    this(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, ALL_WORKERS, true);
  }

  public CheckOptions(String strategy, long maxStates, int maxDepth, Duration maxTime, boolean exploreAll,
      boolean minimize) {
    this(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, Starvation.Fairness.defaults());
  }

  public static CheckOptions defaults() {
    return new CheckOptions("bfs", -1, -1, null, false, true);
  }

  public CheckOptions withFairness(Starvation.Fairness f) {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, f, workers, symmetry);
  }

  public CheckOptions withStrategy(String s) {
    return new CheckOptions(s, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, workers, symmetry);
  }

  public CheckOptions exploringEverything() {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, true, minimize, fairness, workers, symmetry);
  }

  /** With {@code n} search threads ({@link #ALL_WORKERS} for every processor). */
  public CheckOptions withWorkers(int n) {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, n, symmetry);
  }

  /** With symmetry reduction on or off ({@code --no-symmetry}). */
  public CheckOptions withSymmetry(boolean on) {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, workers, on);
  }

  /** The number of search threads these options ask for (every processor for {@link #ALL_WORKERS}). */
  public int resolvedWorkers() {
    return workers <= 0 ? schedcheck.checker.ParallelBreadthFirst.defaultWorkers() : workers;
  }
}
