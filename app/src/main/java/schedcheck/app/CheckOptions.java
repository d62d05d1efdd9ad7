package schedcheck.app;

import java.time.Duration;
import schedcheck.model.kernel.Reduction;
import schedcheck.properties.Starvation;

/**
 * How to run a check, beyond what the scenario file says. Build it from {@link #defaults()}
 * (or the short constructors) and the {@code with...} methods.
 *
 * @param strategy {@code bfs} (shortest counterexamples), {@code dfs}, {@code random} or {@code pct}
 * @param maxStates a limit on distinct states on top of the file's bounds, or -1
 * @param maxDepth a limit on steps per execution on top of the file's bounds, or -1
 * @param maxTime a wall-clock limit on top of the file's bounds, or null
 * @param exploreAll explore every state even after a violation (to compare strategies)
 * @param minimize shorten the counterexample for reading (BFS ones are already shortest)
 * @param fairness the fairness assumed by the liveness pass ({@code --fairness})
 * @param random seed, runs and PCT depth of {@code --strategy random} and {@code pct}
 * @param maxMemory heap bytes the search may keep in use ({@code --max-memory}), or -1
 * @param workers threads of the breadth-first search ({@code --workers}): 1 for the sequential
 *     search (the default), 0 for every processor; the result is the same whatever the number
 *     (see {@link schedcheck.checker.ParallelBreadthFirst}); ignored by other strategies
 * @param symmetry symmetry reduction over interchangeable tasks in the safety search (on by
 *     default; {@code --no-symmetry}), see {@link schedcheck.model.kernel.Symmetry}, and at {@code
 *     kernel.detail: syscall} {@code RefSymmetry} ({@link ReferenceChecking#searchedModel})
 * @param reduction the kernel model's own state-space reductions ({@code --no-reduction},
 *     {@code --movers}); none by default
 */
public record CheckOptions(
    String strategy, long maxStates, int maxDepth, Duration maxTime, boolean exploreAll, boolean minimize,
    Starvation.Fairness fairness, Sampling.Options random, long maxMemory, int workers, boolean symmetry,
    Reduction reduction) {

  /** Every processor ({@code --workers} left out). */
  public static final int ALL_WORKERS = 0;

  public CheckOptions {
    random = random == null ? Sampling.Options.defaults() : random;
    reduction = reduction == null ? Reduction.NONE : reduction;
  }

  public CheckOptions(String strategy, long maxStates, int maxDepth, Duration maxTime, boolean exploreAll,
      boolean minimize, Starvation.Fairness fairness) {
    this(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, null, -1, 1, true, Reduction.NONE);
  }

  public CheckOptions(String strategy, long maxStates, int maxDepth, Duration maxTime, boolean exploreAll,
      boolean minimize) {
    this(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, Starvation.Fairness.defaults());
  }

  public static CheckOptions defaults() {
    return new CheckOptions("bfs", -1, -1, null, false, true);
  }

  public CheckOptions withFairness(Starvation.Fairness f) {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, f, random, maxMemory,
        workers, symmetry, reduction);
  }

  public CheckOptions withStrategy(String s) {
    return new CheckOptions(s, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, random, maxMemory,
        workers, symmetry, reduction);
  }

  public CheckOptions exploringEverything() {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, true, minimize, fairness, random, maxMemory,
        workers, symmetry, reduction);
  }

  /** These options with {@code --strategy random} or {@code pct} seeded and sized by {@code r}. */
  public CheckOptions withRandom(Sampling.Options r) {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, r, maxMemory,
        workers, symmetry, reduction);
  }

  /** These options with a memory limit of {@code bytes} (-1: none). */
  public CheckOptions withMaxMemory(long bytes) {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, random, bytes,
        workers, symmetry, reduction);
  }

  /** With {@code n} search threads ({@link #ALL_WORKERS} for every processor). */
  public CheckOptions withWorkers(int n) {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, random, maxMemory,
        n, symmetry, reduction);
  }

  /** With symmetry reduction on or off ({@code --no-symmetry}). */
  public CheckOptions withSymmetry(boolean on) {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, random, maxMemory,
        workers, on, reduction);
  }

  /** With the kernel model's own reductions {@code r} ({@link Reduction#NONE}: every small step). */
  public CheckOptions withReduction(Reduction r) {
    return new CheckOptions(strategy, maxStates, maxDepth, maxTime, exploreAll, minimize, fairness, random, maxMemory,
        workers, symmetry, r);
  }

  /** The number of search threads these options ask for (every processor for {@link #ALL_WORKERS}). */
  public int resolvedWorkers() {
    return workers <= 0 ? schedcheck.checker.ParallelBreadthFirst.defaultWorkers() : workers;
  }

  /**
   * A size as {@code --max-memory} takes it: a whole number of bytes, or of KiB, MiB or GiB
   * with a suffix {@code k}, {@code m} or {@code g} (either case), e.g. {@code 512m}.
   */
  public static long parseSize(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k' -> unit = 1L << 10;
        case 'm' -> unit = 1L << 20;
        case 'g' -> unit = 1L << 30;
        default -> { }
      }
    }
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    long n;
    try {
      n = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > Long.MAX_VALUE / unit) {
      throw new IllegalArgumentException("--max-memory must be a size such as 512m or 2g (bytes, or k, m, g),"
          + " found '" + text + "'");
    }
    return n * unit;
  }
}
