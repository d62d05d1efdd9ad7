package schedcheck.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a {@link Path} back into states and steps by replaying the model from its initial
 * state: the search keeps only fingerprints and step indices, and the model generates its
 * successors in a fixed order.
 */
public final class Replay {

  private Replay() {}

  /**
   * One element of a replayed execution: the step taken ({@code null} for the initial state)
   * and the state it led to.
   */
  public record Step<S, A>(A action, S state) {}

  /**
   * The initial state of {@code path} (with a {@code null} action), then for every step the
   * action and the resulting state; {@code path.length() + 1} elements.
   *
   * @throws IllegalStateException "path does not replay: ..." if an index is out of range
   */
  public static <S, A> List<Step<S, A>> replay(Model<S, A> model, Path path) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(path, "path");
    List<Step<S, A>> steps = new ArrayList<>(path.length() + 1);
    S state = initial(model, path);
    steps.add(new Step<>(null, state));
    int[] indices = path.steps();
    Pick<S, A> pick = new Pick<>();
    for (int k = 0; k < indices.length; k++) {
      pick.take(model, state, indices[k], k, path);
      state = pick.state;
      steps.add(new Step<>(pick.action, state));
    }
    return steps;
  }

  /** The last state of {@code path}. */
  public static <S, A> S stateAt(Model<S, A> model, Path path) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(path, "path");
    S state = initial(model, path);
    Pick<S, A> pick = new Pick<>();
    int[] indices = path.steps();
    for (int k = 0; k < indices.length; k++) {
      pick.take(model, state, indices[k], k, path);
      state = pick.state;
    }
    return state;
  }

  /**
   * The successor at position {@code index} among the successors of {@code state}, as a step;
   * {@code null} if there is no such successor.
   */
  public static <S, A> Step<S, A> successor(Model<S, A> model, S state, int index) {
    Pick<S, A> pick = new Pick<>();
    pick.wanted = index;
    pick.seen = 0;
    pick.found = false;
    model.successors(state, pick);
    return pick.found ? new Step<>(pick.action, pick.state) : null;
  }

  private static <S, A> S initial(Model<S, A> model, Path path) {
    List<S> initial = model.initialStates();
    if (path.initial() < 0 || path.initial() >= initial.size()) {
      throw new IllegalStateException(
          "path does not replay: "
              + path
              + " starts at initial state "
              + path.initial()
              + " but the model has "
              + initial.size());
    }
    return initial.get(path.initial());
  }

  /** Captures the successor at one position; ignores cuts. */
  private static final class Pick<S, A> implements Successors<S, A> {
    int wanted;
    int seen;
    boolean found;
    A action;
    S state;

    void take(Model<S, A> model, S from, int index, int k, Path path) {
      wanted = index;
      seen = 0;
      found = false;
      action = null;
      state = null;
      if (index >= 0) {
        model.successors(from, this);
      }
      if (!found) {
        throw new IllegalStateException(
            "path does not replay: "
                + path
                + " takes successor "
                + index
                + " at step "
                + k
                + (index >= 0
                    ? " but the state there has only " + seen + " successors"
                    : ": a negative index"));
      }
    }

    @Override
    public void next(A a, S s) {
      if (seen++ == wanted) {
        found = true;
        action = a;
        state = s;
      }
    }

    /** Only the successor wanted is copied out of the model's buffer. */
    @Override
    public void next(A a, long fingerprint, Scratch<S> target) {
      if (seen++ == wanted) {
        found = true;
        action = a;
        state = target.copy();
      }
    }

    @Override
    public void cut(String bound) {}
  }
}
