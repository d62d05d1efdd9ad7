package schedcheck.app.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Disagreement categories that are known, each with the finding it belongs to (issue 6, and
 * the {@code found/} files that show it) and which other engineers are fixing in parallel. The
 * default-suite run tolerates them, so that it fails only on a new kind of disagreement; with
 * {@code -Ddifferential.strict=true} nothing is tolerated. Remove an entry when its fix is
 * merged: the default run then guards the fix.
 */
final class KnownDisagreements {
  private KnownDisagreements() {}

  /** Category prefix -> why it is known. */
  static final Map<String, String> KNOWN = Map.of(
      "steps: lock-order without a user spinlock",
          "finding 3: blocked_lock nesting in v7.2 mutex_unlock (found/lock-order-two-lockers.yaml)",
      "contract: a futex_wait result below -4",
          "finding 4: EAGAIN is -11, not -1 (found/futex-wait-eagain.yaml)",
      "oracle: a task that starts with lock M; lock M, not deadlock",
          "findings 1 and 2: a recursive lock is holds (proxy) or lost-wakeup (no proxy)"
          + " (found/recursive-lock-*.yaml)",
      "check list: deadlock violated only when checked alone",
          "finding 8: with check: [deadlock] a stuck lost wakeup is a stuck deadlock"
          + " (found/missing-wake-check-deadlock-only.yaml)");

  static boolean strict() {
    return Boolean.getBoolean("differential.strict");
  }

  /** The disagreements of {@code o} that no known finding explains (all of them when strict). */
  static List<String> unexplained(Differential.Outcome o) {
    List<String> out = new ArrayList<>();
    for (String d : o.disagreements()) {
      if (strict() || why(d) == null) {
        out.add(d);
      }
    }
    return out;
  }

  static String why(String category) {
    if (category.startsWith("steps/syscall: ") && category.contains("[with ")) {
      return "the steps level shows a known finding in the same scenario (named in brackets), which"
          + " explains the difference";
    }
    if (category.startsWith("check list: ") && !category.startsWith("check list: deadlock violated only")) {
      return null;
    }
    String best = null;
    for (var e : KNOWN.entrySet()) {
      if (category.startsWith(e.getKey()) && (best == null || e.getKey().length() > best.length())) {
        best = e.getKey();
      }
    }
    return best == null ? null : KNOWN.get(best);
  }
}
