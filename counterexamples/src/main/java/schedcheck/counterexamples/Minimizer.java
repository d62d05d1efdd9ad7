package schedcheck.counterexamples;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;

/**
 * Shortens a violating trace for people. Steps are removed while what remains still replays
 * by identity ({@link Trace#replayByIdentity}) and still shows the violation: first all
 * steps of one task at a time, then chunks of halving size (ddmin), down to single steps.
 * The result is 1-minimal: removing any one more step breaks the replay or the predicate.
 */
public final class Minimizer {
  private Minimizer() {}

  /**
   * The shortest trace found that the predicate still accepts; never longer than the input.
   * Returns {@code trace} itself when the predicate rejects it.
   */
  public static Trace minimize(KernelModel model, Trace trace, Predicate<Trace> stillViolated) {
    if (!stillViolated.test(trace)) {
      return trace;
    }
    int initial = trace.path().initial();
    Trace best = trace;
    List<StepInfo> cur = trace.stepInfos();

    // Whole tasks first: an unrelated task's steps usually go in one try.
    TreeSet<Integer> tasks = new TreeSet<>();
    for (StepInfo s : cur) {
      if (s.task() >= 0) {
        tasks.add(s.task());
      }
    }
    for (int t : tasks) {
      List<StepInfo> cand = new ArrayList<>();
      for (StepInfo s : cur) {
        if (s.task() != t) {
          cand.add(s);
        }
      }
      Trace r = tryReplay(model, initial, cand, stillViolated);
      if (r != null) {
        cur = cand;
        best = r;
      }
    }

    // ddmin: remove chunks, n of them; on failure halve the chunk size.
    int n = 2;
    while (!cur.isEmpty()) {
      int size = cur.size();
      n = Math.min(n, size);
      boolean reduced = false;
      for (int i = 0; i < n && !reduced; i++) {
        int from = (int) ((long) i * size / n);
        int to = (int) ((long) (i + 1) * size / n);
        List<StepInfo> cand = new ArrayList<>(cur.subList(0, from));
        cand.addAll(cur.subList(to, size));
        Trace r = tryReplay(model, initial, cand, stillViolated);
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
    return best;
  }

  /**
   * Minimizes steps given by identity, from initial state {@code initial}.
   *
   * @throws IllegalArgumentException when the steps do not replay by identity
   */
  public static Trace minimize(KernelModel model, int initial, List<StepInfo> steps, Predicate<Trace> stillViolated) {
    Trace t = Trace.replayByIdentity(model, initial, steps);
    if (t == null) {
      throw new IllegalArgumentException("the steps do not replay from initial state #" + initial);
    }
    return minimize(model, t, stillViolated);
  }

  private static Trace tryReplay(KernelModel model, int initial, List<StepInfo> steps, Predicate<Trace> p) {
    Trace t = Trace.replayByIdentity(model, initial, steps);
    return t != null && p.test(t) ? t : null;
  }
}
