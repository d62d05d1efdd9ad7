package schedcheck.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Zeller's ddmin over a list of steps: remove chunks (n of them, from halves down to single
 * steps) while what remains is still accepted. Costs O(size^2) attempts in the worst case,
 * each an attempt by the caller (typically a replay plus a property check).
 */
public final class DeltaDebugging {
  private DeltaDebugging() {}

  /** The result of a minimization: the steps kept and what the last accepted attempt gave. */
  public record Result<T, R>(List<T> steps, R best) {}

  /**
   * @param steps the steps to shrink
   * @param best what {@code steps} themselves give (returned when nothing can be removed)
   * @param attempt what a candidate list of steps gives, or null when it is not accepted
   */
  public static <T, R> Result<T, R> minimize(List<T> steps, R best, Function<List<T>, R> attempt) {
    List<T> cur = steps;
    int n = 2;
    while (!cur.isEmpty()) {
      int size = cur.size();
      n = Math.min(n, size);
      boolean reduced = false;
      for (int i = 0; i < n && !reduced; i++) {
        int from = (int) ((long) i * size / n);
        int to = (int) ((long) (i + 1) * size / n);
        List<T> cand = new ArrayList<>(cur.subList(0, from));
        cand.addAll(cur.subList(to, size));
        R r = attempt.apply(cand);
        if (r != null) {
          cur = cand;
          best = r;
          n = Math.max(n - 1, 2);
          reduced = true;
        }
      }
      if (!reduced) {
        if (n >= size) {
          break;
        }
        n = Math.min(size, 2 * n);
      }
    }
    return new Result<>(cur, best);
  }
}
