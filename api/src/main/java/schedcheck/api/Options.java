package schedcheck.api;

import java.time.Duration;
import java.util.Objects;
import schedcheck.app.CheckOptions;
import schedcheck.counterexamples.Report;
import schedcheck.properties.Starvation;

/**
 * How to check, beyond what the scenario says: the command line's options of {@code schedcheck
 * check}. Immutable; each {@code with...} returns a copy. The limits come on top of the
 * scenario's own {@code bounds} (the tighter one wins); a limit that cuts the search makes the
 * verdict {@link Verdict#INCOMPLETE}, never {@link Verdict#HOLDS}.
 */
public final class Options {
  private final String strategy;
  private final long maxStates;
  private final int maxDepth;
  private final Duration timeLimit;
  private final boolean exploreAll;
  private final String fairness;
  private final String view;
  private final Integer width;

  private Options(String strategy, long maxStates, int maxDepth, Duration timeLimit, boolean exploreAll,
      String fairness, String view, Integer width) {
    this.strategy = strategy;
    this.maxStates = maxStates;
    this.maxDepth = maxDepth;
    this.timeLimit = timeLimit;
    this.exploreAll = exploreAll;
    this.fairness = fairness;
    this.view = view;
    this.width = width;
  }

  /** As {@code schedcheck check} with no options: BFS, no extra limits, fairness {@code sched,lock}, compact view. */
  public static Options defaults() {
    return new Options("bfs", -1, -1, null, false, "sched,lock", "compact", null);
  }

  /** {@code --strategy}: {@code bfs} (shortest counterexamples, the default) or {@code dfs}. */
  public Options strategy(String name) {
    schedcheck.app.Checking.strategy(name);
    return new Options(name, maxStates, maxDepth, timeLimit, exploreAll, fairness, view, width);
  }

  /** {@code --max-states}: stop after this many distinct states; {@code n >= 1}. */
  public Options maxStates(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("maxStates must be >= 1, found " + n);
    }
    return new Options(strategy, n, maxDepth, timeLimit, exploreAll, fairness, view, width);
  }

  /** {@code --max-depth}: at most this many steps per execution; {@code n >= 1}. */
  public Options maxDepth(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("maxDepth must be >= 1, found " + n);
    }
    return new Options(strategy, maxStates, n, timeLimit, exploreAll, fairness, view, width);
  }

  /** {@code --time}: stop after this long (wall clock). */
  public Options timeLimit(Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("timeLimit must be longer than zero, found " + d);
    }
    return new Options(strategy, maxStates, maxDepth, d, exploreAll, fairness, view, width);
  }

  /** {@code --explore-all}: keep exploring after a violation (the first violation of each property). */
  public Options exploreAll() {
    return new Options(strategy, maxStates, maxDepth, timeLimit, true, fairness, view, width);
  }

  /** {@code --fairness}, e.g. {@code sched,lock} (the default) or {@code sched,lock,cs}. */
  public Options fairness(String words) {
    Starvation.Fairness.parse(words);
    return new Options(strategy, maxStates, maxDepth, timeLimit, exploreAll, words, view, width);
  }

  /** {@code --view} of {@link Result#report()}: {@code compact} (the default) or {@code full}. */
  public Options view(String v) {
    Report.View.parse(v);
    return new Options(strategy, maxStates, maxDepth, timeLimit, exploreAll, fairness, v, width);
  }

  /** {@code --width} of {@link Result#report()}: the longest line, {@code n >= 60} (default 156). */
  public Options width(int n) {
    if (n < 60) {
      throw new IllegalArgumentException("width must be >= 60, found " + n);
    }
    return new Options(strategy, maxStates, maxDepth, timeLimit, exploreAll, fairness, view, n);
  }

  public String strategy() {
    return strategy;
  }

  String view() {
    return view;
  }

  Integer width() {
    return width;
  }

  CheckOptions toCheckOptions() {
    return new CheckOptions(strategy, maxStates, maxDepth, timeLimit, exploreAll, true,
        Starvation.Fairness.parse(fairness));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Options x && strategy.equals(x.strategy) && maxStates == x.maxStates
        && maxDepth == x.maxDepth && Objects.equals(timeLimit, x.timeLimit) && exploreAll == x.exploreAll
        && fairness.equals(x.fairness) && view.equals(x.view) && Objects.equals(width, x.width);
  }

  @Override
  public int hashCode() {
    return Objects.hash(strategy, maxStates, maxDepth, timeLimit, exploreAll, fairness, view, width);
  }

  @Override
  public String toString() {
    return "Options[strategy=" + strategy + ", maxStates=" + maxStates + ", maxDepth=" + maxDepth + ", timeLimit="
        + timeLimit + ", exploreAll=" + exploreAll + ", fairness=" + fairness + ", view=" + view + ", width="
        + width + "]";
  }
}
