package schedcheck.app;

import java.time.Duration;
import schedcheck.model.kernel.Reduction;
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
 * @param reduction the kernel model's state-space reductions ({@code --no-reduction},
 *     {@code --no-movers}, {@code --no-por}); all on by default
 */
public record CheckOptions(
    String strategy, long maxStates, int maxDepth, Duration maxTime, boolean exploreAll, boolean minimize,
    Starvation.Fairness fairness, Reduction reduction) {

  public CheckOptions(String strategy, long maxStates, int maxDepth, Duration maxTime, boolean exploreAll,
      boolean minimize) {
    this(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, Starvation.Fairness.defaults());
  }

  public CheckOptions(String strategy, long maxStates, int maxDepth, Duration maxTime, boolean exploreAll,
      boolean minimize, Starvation.Fairness fairness) {
    this(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, Reduction.ALL);
  }

  public CheckOptions withReduction(Reduction r) {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, r);
  }

  public static CheckOptions defaults() {
    return new CheckOptions("bfs", -1, -1, null, false, true);
  }

  public CheckOptions withFairness(Starvation.Fairness f) {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, f, reduction);
  }

  public CheckOptions withStrategy(String s) {
    return new CheckOptions(s, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, reduction);
  }

  public CheckOptions exploringEverything() {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, true, minimize, fairness, reduction);
  }
}
