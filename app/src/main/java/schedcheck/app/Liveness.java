package schedcheck.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import schedcheck.checker.Found;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;
import schedcheck.model.scenario.Scenario;

/** How the liveness pass's outcome joins the safety search's. */
final class Liveness {
  private Liveness() {}

  /**
   * Whether the file expects a violation that only the liveness pass can show ({@code
   * starvation}, or a {@code lost-wakeup} in an infinite execution) and the safety search
   * found only others: then the liveness pass runs too, as the safety search goes on past
   * other properties for an expected one.
   */
  static boolean expectsLassoNotYetFound(Scenario scenario, SearchResult safety) {
    Scenario.Expect e = scenario.expect();
    if (e == null || e.holds() || !(e.property().equals("starvation") || e.property().equals("lost-wakeup"))) {
      return false;
    }
    for (Found f : safety.violations()) {
      if (f.violation().property().equals(e.property())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The safety result with the liveness pass's violations appended (a lasso is the first
   * violation when the safety search found none) and its cuts added (as {@code liveness B},
   * unless bound B already cut the safety search): a cut in either makes a verdict without
   * violation {@code incomplete}. The figures (states, transitions, depth,
   * seconds) stay the safety search's; the liveness pass reports its own.
   */
  static SearchResult merge(SearchResult safety, SearchResult liveness) {
    List<Found> found = new ArrayList<>(safety.violations());
    for (Found f : liveness.violations()) {
      boolean dup = false;
      for (Found g : found) {
        dup |= g.violation().property().equals(f.violation().property());
      }
      if (!dup) {
        found.add(f);
      }
    }
    Map<String, Long> cuts = new LinkedHashMap<>(safety.cuts());
    for (Map.Entry<String, Long> e : liveness.cuts().entrySet()) {
      // a bound that already cut the safety search is reported once, under its own name
      if (!safety.cuts().containsKey(e.getKey())) {
        cuts.merge(LivenessReport.CUT_PREFIX + e.getKey(), e.getValue(), Long::sum);
      }
    }
    Verdict v = !found.isEmpty() ? Verdict.VIOLATED : !cuts.isEmpty() ? Verdict.INCOMPLETE : Verdict.HOLDS;
    return new SearchResult(safety.strategy(), v, found, safety.states(), safety.transitions(), safety.maxDepth(),
        safety.seconds(), cuts);
  }
}
