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
 *
 * <p>{@link #shrink} goes on from there ({@link Size} orders the criteria): with as few steps
 * as possible, it moves runs of one actor's steps next to that actor's other steps while the
 * predicate still holds, so that the trace has fewer context switches between actors, then
 * fewer preemptions, then fewer tasks and cpus that act at all.
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
    best = schedcheck.checker.DeltaDebugging.minimize(cur, best,
        cand -> tryReplay(model, initial, cand, stillViolated)).best();
    return best;
  }

  /**
   * How big a trace is for a reader, compared in this order: steps, context switches (two
   * consecutive steps by different actors, an actor being a task on a cpu, or a cpu's idle
   * scheduler), preemptions (tick or wakeup preemptions), tasks that act, cpus that act.
   */
  public record Size(int steps, int switches, int preemptions, int tasks, int cpus) implements Comparable<Size> {
    @Override
    public int compareTo(Size o) {
      int[] a = {steps, switches, preemptions, tasks, cpus};
      int[] b = {o.steps, o.switches, o.preemptions, o.tasks, o.cpus};
      for (int i = 0; i < a.length; i++) {
        if (a[i] != b[i]) {
          return Integer.compare(a[i], b[i]);
        }
      }
      return 0;
    }

    /** E.g. {@code 87 steps, 16 switches, 1 preemption, 3 tasks on 2 cpus}. */
    public String text() {
      return steps + (steps == 1 ? " step, " : " steps, ") + switches + (switches == 1 ? " switch, " : " switches, ")
          + preemptions + (preemptions == 1 ? " preemption, " : " preemptions, ") + tasks
          + (tasks == 1 ? " task on " : " tasks on ") + cpus + (cpus == 1 ? " cpu" : " cpus");
    }
  }

  /** A shrunk trace with its size before and after. */
  public record Result(Trace trace, Size before, Size after) {
    /** Whether shrinking changed anything. */
    public boolean changed() {
      return after.compareTo(before) < 0;
    }
  }

  /** The size of a trace, see {@link Size}. */
  public static Size size(Trace t) {
    int switches = 0;
    int preemptions = 0;
    java.util.Set<Integer> tasks = new java.util.HashSet<>();
    java.util.Set<Integer> cpus = new java.util.HashSet<>();
    StepInfo prev = null;
    for (StepInfo s : t.stepInfos()) {
      if (prev != null && actor(prev) != actor(s)) {
        switches++;
      }
      if (isPreemption(s)) {
        preemptions++;
      }
      if (s.task() >= 0) {
        tasks.add(s.task());
      }
      cpus.add(s.cpu());
      prev = s;
    }
    return new Size(t.length(), switches, preemptions, tasks.size(), cpus.size());
  }

  /** Whether a step is a preemption: a tick or a wakeup preemption's {@code __schedule}. */
  public static boolean isPreemption(StepInfo s) {
    return s.kind() == StepInfo.Kind.SCHED && (s.text().startsWith("tick") || s.text().contains("SM_PREEMPT"));
  }

  /** Who acts: the task on its cpu (tasks and a cpu's idle scheduler are different actors). */
  static long actor(StepInfo s) {
    return ((long) s.cpu() << 32) | (s.task() & 0xffffffffL);
  }

  /** At most this many reorderings are tried (each replays the trace once). */
  static final int MAX_REORDER_TRIES = 4000;

  /**
   * Shrinks a violating trace in the order of {@link Size}: steps removed as by {@link
   * #minimize} (unless {@code removeSteps} is false, e.g. for a BFS trace, already shortest),
   * then runs of one actor's steps moved next to the same actor's other steps, each move kept
   * only when the predicate still accepts the result and its size is smaller. Returns the
   * input unchanged when the predicate rejects it.
   */
  public static Result shrink(KernelModel model, Trace trace, Predicate<Trace> stillViolated, boolean removeSteps) {
    Size before = size(trace);
    if (!stillViolated.test(trace)) {
      return new Result(trace, before, before);
    }
    Trace best = removeSteps ? minimize(model, trace, stillViolated) : trace;
    Size bestSize = size(best);
    int tries = 0;
    boolean improved = true;
    while (improved && tries < MAX_REORDER_TRIES) {
      improved = false;
      List<StepInfo> steps = best.stepInfos();
      List<int[]> blocks = blocks(steps);
      search:
      for (int j = 2; j < blocks.size(); j++) {
        for (int i = j - 2; i >= 0; i--) {
          if (actor(steps.get(blocks.get(i)[0])) != actor(steps.get(blocks.get(j)[0]))) {
            continue;
          }
          for (List<StepInfo> cand : List.of(moveBlock(steps, blocks.get(j), blocks.get(i)[1]),
              moveBlock(steps, blocks.get(i), blocks.get(j)[0]))) {
            if (++tries > MAX_REORDER_TRIES) {
              break search;
            }
            Trace r = tryReplay(model, best.path().initial(), cand, stillViolated);
            if (r != null && size(r).compareTo(bestSize) < 0) {
              best = r;
              bestSize = size(r);
              improved = true;
              break search;
            }
          }
        }
      }
    }
    return new Result(best, before, bestSize);
  }

  /** Maximal runs of consecutive steps by one actor, as [from, to). */
  static List<int[]> blocks(List<StepInfo> steps) {
    List<int[]> out = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= steps.size(); i++) {
      if (i == steps.size() || actor(steps.get(i)) != actor(steps.get(from))) {
        out.add(new int[] {from, i});
        from = i;
      }
    }
    return out;
  }

  /** The steps with the run {@code block} taken out and put back in front of position {@code at}. */
  static List<StepInfo> moveBlock(List<StepInfo> steps, int[] block, int at) {
    List<StepInfo> moved = steps.subList(block[0], block[1]);
    List<StepInfo> out = new ArrayList<>(steps.size());
    for (int k = 0; k <= steps.size(); k++) {
      if (k == at) {
        out.addAll(moved);
      }
      if (k < steps.size() && (k < block[0] || k >= block[1])) {
        out.add(steps.get(k));
      }
    }
    return out;
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
