package schedcheck.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import schedcheck.checker.RandomSearch;
import schedcheck.checker.Search;
import schedcheck.checker.SearchResult;

/**
 * Random schedules in the {@code check} command: {@code --strategy random} and {@code pct}
 * with {@code --seed}, {@code --runs} and {@code --pct-depth}, and what the reports say about
 * their coverage (a random search is never {@code holds}).
 */
public final class Sampling {
  private Sampling() {}

  /**
   * Seed and size of a random search.
   *
   * @param seed run i uses seed {@code seed + i}
   * @param runs how many runs
   * @param pctDepth PCT's bug depth d (d - 1 priority change points)
   */
  public record Options(long seed, long runs, int pctDepth) {
    public Options {
      if (runs < 1) {
        throw new IllegalArgumentException("--runs must be a whole number >= 1, found " + runs);
      }
      if (pctDepth < 1) {
        throw new IllegalArgumentException("--pct-depth must be a whole number >= 1, found " + pctDepth);
      }
    }

    public static Options defaults() {
      return new Options(1, RandomSearch.DEFAULT_RUNS, RandomSearch.DEFAULT_PCT_DEPTH);
    }
  }

  /** Whether {@code strategy} names a random search. */
  public static boolean isRandom(String strategy) {
    Strategies.Strategy s = Strategies.of(strategy);
    return s != null && s.random();
  }

  /** The search the options ask for: {@link Checking#strategy} by name, seeded for random ones. */
  public static Search search(CheckOptions o) {
    return Strategies.named(o.strategy()).factory().make(o, o.resolvedWorkers());
  }

  /** The coverage of {@code search} if it was a random one; else null. */
  static RandomSearch.Coverage coverage(Search search) {
    return search instanceof RandomSearch r ? r.coverage() : null;
  }

  /** Said when a random search skipped the liveness pass. */
  static final String NO_LIVENESS = "liveness (starvation, and lost wakeups that only a cycle shows) is not checked"
      + " by random schedules: a random walk cannot show that a cycle repeats for ever; use --strategy bfs";

  /** One line on what a random search covered, and how to repeat its violating run. */
  static String text(RandomSearch.Coverage c, String property) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%s: %,d runs from seed %d (run i uses seed %d + i), %,d distinct states seen",
        c.mode().name().toLowerCase(java.util.Locale.ROOT), c.runs(), c.seed(), c.seed(), c.distinctStates()));
    if (c.pctDepth() > 0) {
      sb.append(String.format(", d = %d, k = %d", c.pctDepth(), c.pctSteps()));
    }
    sb.append(String.format(", depth cap %d (%,d runs reached it)", c.depthCap(), c.capped()));
    long run = property == null ? -1 : c.runOf(property);
    if (run >= 0) {
      sb.append(String.format("; the %s violation was found by run %d: --seed %d --runs 1 repeats it",
          property, run, RandomSearch.runSeed(c.seed(), run)));
    }
    return sb.toString();
  }

  /** What the {@code runs} cut means in the text report. */
  static String cutText(long runs) {
    return String.format("%,d random run%s: a random search never explores everything, so it never says 'holds'",
        runs, runs == 1 ? "" : "s");
  }

  /** The {@code sampling} object of the JSON report, when the search was random. */
  static void json(ObjectNode o, CheckRun run) {
    RandomSearch.Coverage c = run.sampling();
    if (c == null) {
      return;
    }
    ObjectNode n = o.putObject("sampling");
    n.put("strategy", c.mode().name().toLowerCase(java.util.Locale.ROOT));
    n.put("seed", c.seed());
    n.put("runs", c.runs());
    n.put("distinct_states", c.distinctStates());
    n.put("depth_cap", c.depthCap());
    n.put("runs_at_depth_cap", c.capped());
    if (c.pctDepth() > 0) {
      n.put("pct_depth", c.pctDepth());
      n.put("pct_steps", c.pctSteps());
    }
    long found = violationRun(c, run);
    if (found >= 0) {
      n.put("violation_run", found);
      n.put("violation_seed", RandomSearch.runSeed(c.seed(), found));
    } else {
      n.putNull("violation_run");
      n.putNull("violation_seed");
    }
    n.put("liveness_checked", false);
  }

  /** The run that found the reported (first) violation, or -1. */
  private static long violationRun(RandomSearch.Coverage c, CheckRun run) {
    return run.property() == null ? -1 : c.runOf(run.property());
  }

  /** Whether the result came from a random search (its runs cut). */
  static boolean sampled(SearchResult r) {
    return isRandom(r.strategy());
  }
}
