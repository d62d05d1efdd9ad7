package schedcheck.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.DepthFirst;
import schedcheck.checker.ParallelBreadthFirst;
import schedcheck.checker.RandomSearch;
import schedcheck.checker.Search;

/**
 * The registry of search strategies ({@code --strategy NAME}): each name to the search it
 * makes from the command's options, and whether it samples random schedules (then it never
 * says holds, and {@code --seed}, {@code --runs}, {@code --pct-depth} apply). A new strategy
 * is one {@link #register} here (its search in checker/, which knows nothing of kernels).
 * {@link Checking#strategy} and {@link Sampling#search} look names up here.
 */
public final class Strategies {

  /** Makes a strategy's search. */
  @FunctionalInterface
  public interface Factory {
    /**
     * The search for {@code options} (its seed and runs for a random one) with {@code workers}
     * search threads (a strategy without a parallel form ignores it).
     */
    Search make(CheckOptions options, int workers);
  }

  /** One strategy: its {@code --strategy} name, whether it samples at random, its factory. */
  public record Strategy(String name, boolean random, Factory factory) {}

  private static final Map<String, Strategy> BY_NAME = new LinkedHashMap<>();

  static {
    // bfs with more than one worker is the parallel breadth-first search (the same result)
    register(new Strategy("bfs", false,
        (o, workers) -> workers > 1 ? new ParallelBreadthFirst(workers) : new BreadthFirst()));
    register(new Strategy("dfs", false, (o, workers) -> new DepthFirst()));
    register(new Strategy("random", true, (o, workers) -> new RandomSearch(RandomSearch.Mode.RANDOM,
        o.random().seed(), o.random().runs(), o.random().pctDepth())));
    register(new Strategy("pct", true, (o, workers) -> new RandomSearch(RandomSearch.Mode.PCT,
        o.random().seed(), o.random().runs(), o.random().pctDepth())));
  }

  private Strategies() {}

  /** Adds a strategy; its name must be new. */
  public static synchronized void register(Strategy s) {
    if (BY_NAME.putIfAbsent(s.name(), s) != null) {
      throw new IllegalStateException("strategy registered twice: " + s.name());
    }
  }

  /** The strategy called {@code name}, or null. */
  public static synchronized Strategy of(String name) {
    return BY_NAME.get(name);
  }

  /** The strategy called {@code name}; an IllegalArgumentException naming them all if none is. */
  public static Strategy named(String name) {
    Strategy s = of(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown strategy '" + name + "' (" + String.join(", ", names()) + ")");
    }
    return s;
  }

  /** Every strategy's name, in registration order. */
  public static synchronized List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(BY_NAME.keySet()));
  }
}
