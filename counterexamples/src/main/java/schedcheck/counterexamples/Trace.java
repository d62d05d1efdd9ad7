package schedcheck.counterexamples;

import java.util.ArrayList;
import java.util.List;
import schedcheck.checker.Path;
import schedcheck.checker.Successors;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;

/**
 * An execution of a {@link KernelModel} replayed into states: the initial state, then every
 * step with the state it leads to. {@link #path()} is the stored form (initial state index
 * and successor indices) that replays to it.
 */
public record Trace(Path path, KState initial, List<Step> steps) {

  /** One step of a trace and the state after it. */
  public record Step(StepInfo step, KState after) {}

  public Trace {
    steps = List.copyOf(steps);
  }

  /**
   * Replays a path as the checker stores it: {@code model.initialStates().get(path.initial())},
   * then, for every index, the index-th successor of the state before.
   *
   * @throws IllegalStateException when the path does not replay (an index out of range)
   */
  public static Trace replay(KernelModel model, Path path) {
    List<KState> inits = model.initialStates();
    if (path.initial() < 0 || path.initial() >= inits.size()) {
      throw new IllegalStateException("path does not replay: initial state #" + path.initial()
          + " requested but the model has " + inits.size() + " initial state(s) (" + path + ")");
    }
    KState state = inits.get(path.initial());
    KState initial = state;
    List<Step> out = new ArrayList<>(path.length());
    int[] idx = path.steps();
    for (int i = 0; i < idx.length; i++) {
      List<Step> succ = successors(model, state);
      if (idx[i] < 0 || idx[i] >= succ.size()) {
        throw new IllegalStateException("path does not replay: step " + (i + 1) + " takes successor #"
            + idx[i] + " but the state after step " + i + " has " + succ.size()
            + " successor(s) (" + path + ")");
      }
      Step s = succ.get(idx[i]);
      out.add(s);
      state = s.after();
    }
    return new Trace(path, initial, out);
  }

  /**
   * Replays steps by identity from initial state {@code initial}: each step is matched to the
   * successor with the same cpu, task, kind and text (among several, the first whose note is
   * also the same, else the first). Returns null when some step has no match.
   */
  public static Trace replayByIdentity(KernelModel model, int initial, List<StepInfo> wanted) {
    List<KState> inits = model.initialStates();
    if (initial < 0 || initial >= inits.size()) {
      return null;
    }
    KState state = inits.get(initial);
    int[] idx = new int[wanted.size()];
    List<Step> out = new ArrayList<>(wanted.size());
    for (int i = 0; i < wanted.size(); i++) {
      StepInfo w = wanted.get(i);
      List<Step> succ = successors(model, state);
      int pick = -1;
      for (int j = 0; j < succ.size(); j++) {
        StepInfo s = succ.get(j).step();
        if (sameStep(s, w)) {
          if (s.note().equals(w.note())) {
            pick = j;
            break;
          }
          if (pick < 0) {
            pick = j;
          }
        }
      }
      if (pick < 0) {
        return null;
      }
      idx[i] = pick;
      out.add(succ.get(pick));
      state = succ.get(pick).after();
    }
    return new Trace(new Path(initial, idx), inits.get(initial), out);
  }

  /** Whether two steps are the same step: same cpu, task, kind and text (the note may differ). */
  public static boolean sameStep(StepInfo a, StepInfo b) {
    return a.cpu() == b.cpu() && a.task() == b.task() && a.kind() == b.kind() && a.text().equals(b.text());
  }

  /** The successors of a state, in the model's order. */
  static List<Step> successors(KernelModel model, KState state) {
    List<Step> out = new ArrayList<>();
    model.successors(state, new Successors<>() {
      @Override
      public void next(StepInfo action, KState next) {
        out.add(new Step(action, next));
      }

      @Override
      public void cut(String bound) {}
    });
    return out;
  }

  /** The number of steps. */
  public int length() {
    return steps.size();
  }

  /** The state the trace ends in (the initial state for an empty trace). */
  public KState last() {
    return steps.isEmpty() ? initial : steps.get(steps.size() - 1).after();
  }

  /** The state before step {@code i} (0-based). */
  public KState before(int i) {
    return i == 0 ? initial : steps.get(i - 1).after();
  }

  /** The steps' identities, in order. */
  public List<StepInfo> stepInfos() {
    List<StepInfo> out = new ArrayList<>(steps.size());
    for (Step s : steps) {
      out.add(s.step());
    }
    return out;
  }
}
