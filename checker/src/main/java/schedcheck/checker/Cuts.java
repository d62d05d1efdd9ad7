package schedcheck.checker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * What cut a graph search ({@link Exploration}, {@link ParallelExploration}), by bound, and the
 * verdict that follows (see {@link BreadthFirst}): the limits' cuts as they happen, and at the
 * end the model's suppressed steps and the depth bound's probes, which count only if what they
 * would have reached was not stored after all.
 */
final class Cuts {
  private final Map<String, long[]> counts = new LinkedHashMap<>();

  void add(String bound, long n) {
    counts.computeIfAbsent(bound, k -> new long[1])[0] += n;
  }

  /**
   * Counts, per bound, the suppressed steps whose target no stored state matches by {@link
   * Model#unboundedFingerprint} ({@code unbounded}), and the depth bound's probed successors
   * ({@code beyond}, or null) that were never {@code stored}.
   */
  void settle(Map<String, LongSet> suppressed, LongSet unbounded, LongSet beyond, LongPredicate stored) {
    for (Map.Entry<String, LongSet> e : suppressed.entrySet()) {
      add(e.getKey(), missing(e.getValue(), unbounded::contains));
    }
    if (beyond != null) {
      add(Exploration.CUT_DEPTH, missing(beyond, stored));
    }
  }

  private static long missing(LongSet fps, LongPredicate reached) {
    long[] n = new long[1];
    fps.forEach(fp -> {
      if (!reached.test(fp)) {
        n[0]++;
      }
    });
    return n[0];
  }

  /** The positive counts, in the order the bounds first cut. */
  Map<String, Long> positive() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      if (e.getValue()[0] > 0) {
        out.put(e.getKey(), e.getValue()[0]);
      }
    }
    return out;
  }

  /** VIOLATED with a violation; else INCOMPLETE when anything was cut; else HOLDS. */
  static Verdict verdict(boolean violated, Map<String, Long> cuts) {
    return violated ? Verdict.VIOLATED : cuts.isEmpty() ? Verdict.HOLDS : Verdict.INCOMPLETE;
  }
}
