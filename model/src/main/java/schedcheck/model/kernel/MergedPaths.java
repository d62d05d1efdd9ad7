package schedcheck.model.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import schedcheck.checker.Path;
import schedcheck.checker.Replay;
import schedcheck.checker.Successors;

/**
 * Counterexamples found with the mover reduction, told in the kernel's every small step: a
 * transition that merged several steps of one cpu ({@link Movers}) becomes those steps again,
 * found in the model without reduction as the shortest run of that cpu's steps from the same
 * state to the same state. The result is a path of the unreduced model, so traces show one
 * kernel step per row, trace files record unreduced step indices, and {@code replay} needs
 * no reduction setting.
 */
public final class MergedPaths {
  private MergedPaths() {}

  /** The result of {@link #expand}: the path in the full model and where each reduced step starts in it. */
  public record Expanded(Path path, int[] starts) {

    /** The position in {@link #path} of reduced step {@code k} (the path's length for k = its length). */
    public int position(int k) {
      return starts[k];
    }
  }

  /**
   * {@code path}, an execution of {@code reduced}, as an execution of {@code full} (the same
   * scenario without reduction, or, for a lasso, both {@code withoutOwnBounds}).
   *
   * @throws IllegalStateException if a merged transition has no unreduced counterpart (a bug)
   */
  public static Expanded expand(KernelModel reduced, KernelModel full, Path path) {
    int[] starts = new int[path.length() + 1];
    if (reduced.reduction().equals(full.reduction())) {
      for (int k = 0; k <= path.length(); k++) {
        starts[k] = k;
      }
      return new Expanded(path, starts);
    }
    List<Replay.Step<KState, StepInfo>> steps = Replay.replay(reduced, path);
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < path.length(); k++) {
      starts[k] = out.size();
      KState from = steps.get(k).state();
      Replay.Step<KState, StepInfo> step = steps.get(k + 1);
      out.addAll(run(full, from, step.action().cpu(), step.state()));
    }
    starts[path.length()] = out.size();
    int[] idx = out.stream().mapToInt(Integer::intValue).toArray();
    return new Expanded(new Path(path.initial(), idx), starts);
  }

  /** The shortest run of cpu {@code cpu}'s steps from {@code from} to {@code to} in {@code full}, as indices. */
  private static List<Integer> run(KernelModel full, KState from, int cpu, KState to) {
    record Node(KState state, Node parent, int index, int depth) {}
    ArrayDeque<Node> queue = new ArrayDeque<>();
    Map<KState, Boolean> seen = new HashMap<>();
    queue.add(new Node(from, null, -1, 0));
    seen.put(from, true);
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      if (n.depth > Movers.MAX_MERGED + 1) {
        break;
      }
      List<Node> next = new ArrayList<>();
      full.successors(n.state, new Successors<>() {
        int i;

        @Override
        public void next(StepInfo action, KState state) {
          int index = i++;
          if (action.cpu() == cpu && (state.equals(to) || seen.putIfAbsent(state, true) == null)) {
            next.add(new Node(state, n, index, n.depth + 1));
          }
        }

        @Override
        public void cut(String bound) {}
      });
      for (Node m : next) {
        if (m.state.equals(to)) {
          List<Integer> seq = new ArrayList<>();
          for (Node x = m; x.parent != null; x = x.parent) {
            seq.add(0, x.index);
          }
          return seq;
        }
        queue.add(m);
      }
    }
    throw new IllegalStateException("a merged transition on cpu" + cpu + " has no run of the kernel's own steps");
  }
}
