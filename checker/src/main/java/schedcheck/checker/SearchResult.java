package schedcheck.checker;

import java.util.List;
import java.util.Map;

/**
 * What a search found and how far it got.
 *
 * @param strategy e.g. {@code bfs}
 * @param verdict the verdict
 * @param violations the first violation (normal mode) or the first violation of every
 *     property (when exploring everything); empty unless violated
 * @param states distinct states stored
 * @param transitions steps generated, including those to states seen before
 * @param maxDepth the deepest execution explored, in steps
 * @param seconds wall-clock time of the search
 * @param cuts for every bound or limit that cut part of the state space, how many
 *     steps (or states) it cut; empty when the search was complete
 */
public record SearchResult(
    String strategy,
    Verdict verdict,
    List<Found> violations,
    long states,
    long transitions,
    int maxDepth,
    double seconds,
    Map<String, Long> cuts) {

  public SearchResult {
    violations = List.copyOf(violations);
    cuts = Map.copyOf(cuts);
  }

  /** The first violation found. */
  public Found firstViolation() {
    return violations.isEmpty() ? null : violations.get(0);
  }
}
