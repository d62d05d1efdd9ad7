package schedcheck.counterexamples;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import schedcheck.checker.Path;
import schedcheck.checker.Replay;
import schedcheck.checker.Successors;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.model.reference.ReferenceModel;

/**
 * Shortens a (DFS) counterexample of the reference semantics for people, as {@link
 * Minimizer} does for the kernel model: steps are removed (ddmin, down to single steps) while
 * what remains still replays step for step (each step found again, equal, among the
 * successors) and the predicate still holds. Never longer than the input.
 */
public final class ReferenceMinimizer {
  private ReferenceMinimizer() {}

  public static Path minimize(ReferenceModel model, Path path, Predicate<Path> stillViolated) {
    if (!stillViolated.test(path)) {
      return path;
    }
    List<RefStep> cur = new ArrayList<>();
    for (var s : Replay.replay(model, path).subList(1, path.length() + 1)) {
      cur.add(s.action());
    }
    return schedcheck.checker.DeltaDebugging.minimize(cur, path, cand -> {
      Path p = replayByIdentity(model, path.initial(), cand);
      return p != null && stillViolated.test(p) ? p : null;
    }).best();
  }

  /** The path that takes exactly these steps from initial state {@code initial}, or null. */
  static Path replayByIdentity(ReferenceModel model, int initial, List<RefStep> steps) {
    RefState s = model.initialStates().get(initial);
    int[] idx = new int[steps.size()];
    for (int k = 0; k < steps.size(); k++) {
      RefStep want = steps.get(k);
      int[] found = {-1};
      int[] i = {0};
      RefState[] next = new RefState[1];
      model.successors(s, new Successors<>() {
        @Override
        public void next(RefStep action, RefState state) {
          if (found[0] < 0 && action.equals(want)) {
            found[0] = i[0];
            next[0] = state;
          }
          i[0]++;
        }

        @Override
        public void cut(String bound) {}
      });
      if (found[0] < 0) {
        return null;
      }
      idx[k] = found[0];
      s = next[0];
    }
    return new Path(initial, idx);
  }
}
