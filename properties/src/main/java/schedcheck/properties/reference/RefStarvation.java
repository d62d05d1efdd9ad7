package schedcheck.properties.reference;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import schedcheck.checker.LivenessProperty;
import schedcheck.checker.Violation;
import schedcheck.model.reference.RefShape;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Stmt;
import schedcheck.properties.Starvation;

/**
 * {@code starvation} (and livelock) and {@code lost-wakeup} in infinite executions at {@code
 * kernel.detail: syscall}, read from the contract like the other reference properties: the
 * same goals and fairness classes as {@link Starvation} over the kernel's steps, over the
 * reference's states, where every step is a whole statement (so a task completes a statement
 * whenever a step of its own leaves it outside a system call).
 */
public final class RefStarvation implements LivenessProperty<RefState, RefStep> {
  private final ReferenceModel model;
  private final RefShape shape;
  private final Waits waits;
  private final boolean starvation;
  private final boolean lostWakeup;
  private final Starvation.Fairness fairness;
  private final int tasks;
  private final int livelock;
  private final int cpuBase;
  private final int cpuClasses;
  private final int csBase;
  private final int csClasses;

  public RefStarvation(ReferenceModel model, boolean starvation, boolean lostWakeup, Starvation.Fairness fairness) {
    this.model = model;
    this.shape = model.shape();
    this.waits = new Waits(model);
    this.starvation = starvation;
    this.lostWakeup = lostWakeup;
    this.fairness = fairness;
    this.tasks = shape.tasks;
    this.livelock = tasks;
    int left = 64 - 2 * tasks;
    this.csClasses = fairness.cs() ? Math.max(1, Math.min(tasks, left / 2)) : 0;
    this.cpuClasses = Math.max(1, Math.min(shape.cpus, left - csClasses));
    this.cpuBase = 2 * tasks;
    this.csBase = cpuBase + cpuClasses;
  }

  @Override
  public String name() {
    return starvation ? "starvation" : "lost-wakeup";
  }

  @Override
  public int goals() {
    return starvation ? tasks + 1 : tasks;
  }

  boolean waitsFor(RefState s, int t) {
    return !shape.exited(s, t) && (!shape.onRq(s, t) || shape.blockedOn(s, t) >= 0);
  }

  boolean entitled(RefState s, int t) {
    if (shape.exited(s, t) || !shape.onRq(s, t) || shape.blockedOn(s, t) >= 0) {
      return false;
    }
    int c = shape.taskCpu(s, t);
    for (int u = 0; u < tasks; u++) {
      if (u != t && !shape.exited(s, u) && shape.onRq(s, u) && shape.blockedOn(s, u) < 0
          && shape.taskCpu(s, u) == c && shape.prio(u) < shape.prio(t)) {
        return false;
      }
    }
    return true;
  }

  private boolean hasCpu(RefState s, int t) {
    return model.running(s, t);
  }

  @Override
  public int stateGoals(RefState s) {
    int bits = 0;
    boolean polls = false;
    for (int t = 0; t < tasks; t++) {
      if (waitsFor(s, t) || entitled(s, t)) {
        bits |= 1 << t;
      }
      if (!polls && !shape.exited(s, t) && !shape.has(s, t, RefShape.F_INSYS)) {
        Stmt st = model.nextStatement(s, t);
        polls = st instanceof Stmt.Load || st instanceof Stmt.Cas || st instanceof Stmt.Xchg
            || st instanceof Stmt.FetchAdd;
      }
    }
    if (starvation && polls) {
      bits |= 1 << livelock;
    }
    return bits;
  }

  @Override
  public int edgeGoals(RefState from, RefStep a, RefState to) {
    int bits = 0;
    boolean changed = false;
    for (int t = 0; t < tasks; t++) {
      if (!shape.exited(from, t) && shape.exited(to, t)) {
        bits |= 1 << t;
        changed = true;
      }
      if (shape.kind(from, t) != shape.kind(to, t) || shape.onRq(from, t) != shape.onRq(to, t)
          || (shape.has(from, t, RefShape.F_INSYS) && !shape.has(to, t, RefShape.F_INSYS))) {
        changed = true;
      }
    }
    if (a != null && a.task() >= 0 && a.task() < tasks && a.kind() != RefStep.Kind.SCHED
        && !shape.has(to, a.task(), RefShape.F_INSYS)) {
      bits |= 1 << a.task();
      if (a.kind() == RefStep.Kind.SYSCALL && model.nextStatement(from, a.task()) instanceof Stmt.Call) {
        // a system call that returns in the step that entered it (futex_wait's EAGAIN, a
        // futex_wake, an unlock, a lock of a free mutex, a signal) returns from a system call
        // as much as one that slept: no livelock (the contract), as at the kernel's steps
        // (Starvation.edgeGoals, the same rule for a fast path that returns in its entry
        // step). A RETURN step, and a SYSCALL step that slept, are counted by F_INSYS above.
        // Only the kernel functions (Stmt.Call) count at both levels, not yield: the kernel
        // model's sched_yield is one step that never enters a kernel function.
        changed = true;
      }
    }
    for (int w = 0; !changed && w < shape.words; w++) {
      changed = shape.word(from, w) != shape.word(to, w);
    }
    if (changed && starvation) {
      bits |= 1 << livelock;
    }
    return bits;
  }

  @Override
  public long serves(RefState from, RefStep a, RefState to) {
    long bits = 0;
    if (a != null && a.task() >= 0 && a.task() < tasks && a.kind() != RefStep.Kind.SCHED) {
      bits |= 1L << a.task();
    }
    for (int t = 0; t < tasks; t++) {
      if (!hasCpu(from, t) && hasCpu(to, t)) {
        bits |= 1L << (tasks + t);
      }
    }
    if (a != null) {
      bits |= 1L << (cpuBase + a.cpu() % cpuClasses);
    } else {
      for (int c = 0; c < shape.cpus; c++) {
        if (shape.curr(from, c) != shape.curr(to, c)) {
          bits |= 1L << (cpuBase + c % cpuClasses);
        }
      }
    }
    if (fairness.cs()) {
      for (int m = 0; m < shape.mutexes; m++) {
        int o = shape.mutexOwner(from, m);
        if (o >= 0 && o < tasks && shape.mutexOwner(to, m) != o) {
          bits |= 1L << (csBase + o % csClasses);
        }
      }
    }
    return bits;
  }

  @Override
  public long enabled(RefState s, long servedOut) {
    long own = ownMask();
    long bits = servedOut & ~own;
    for (int t = 0; t < tasks; t++) {
      if ((servedOut & (1L << t)) != 0 && (fairness.lock() || !contended(s, t))) {
        bits |= 1L << t;
      }
      if (entitled(s, t) && !hasCpu(s, t)) {
        bits |= 1L << (tasks + t);
      }
    }
    if (fairness.cs()) {
      for (int i = 0; i < csClasses; i++) {
        bits &= ~(1L << (csBase + i));
      }
      for (int m = 0; m < shape.mutexes; m++) {
        int o = shape.mutexOwner(s, m);
        if (o >= 0 && o < tasks && hasCpu(s, o)) {
          bits |= 1L << (csBase + o % csClasses);
        }
      }
    }
    return bits;
  }

  /** Whether t's next statement takes a spinlock that another running task's next statement takes too. */
  private boolean contended(RefState s, int t) {
    if (!(model.nextStatement(s, t) instanceof Stmt.SpinLock mine) || !hasCpu(s, t)) {
      return false;
    }
    int l = shape.lockOf(mine.lock());
    for (int u = 0; u < tasks; u++) {
      if (u != t && hasCpu(s, u) && !shape.exited(s, u) && model.nextStatement(s, u) instanceof Stmt.SpinLock other
          && shape.lockOf(other.lock()) == l) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the goals and classes commute with the model's renamings ({@link
   * ReferenceModel#groupSize}): task goals and the two per-task classes follow the task
   * renaming, the livelock goal stays; a cpu class follows the cpu renaming, which needs one
   * class per cpu (folded classes, {@code c % cpuClasses}, are not equivariant when a cpu
   * moves); a critical-section class follows its owner, which needs one class per task.
   */
  @Override
  public boolean equivariant() {
    if (model.groupSize() == 1) {
      return true;
    }
    if (model.renamesCpus() && cpuClasses != shape.cpus) {
      return false;
    }
    return csClasses == 0 || csClasses == tasks;
  }

  @Override
  public int renameGoals(int goals, int element) {
    int out = goals & (1 << livelock);
    for (int t = 0; t < tasks; t++) {
      if ((goals & (1 << t)) != 0) {
        out |= 1 << model.renameTask(element, t);
      }
    }
    return out;
  }

  @Override
  public long renameClasses(long classes, int element) {
    long out = 0;
    for (int t = 0; t < tasks; t++) {
      int u = model.renameTask(element, t);
      if ((classes & (1L << t)) != 0) {
        out |= 1L << u;
      }
      if ((classes & (1L << (tasks + t))) != 0) {
        out |= 1L << (tasks + u);
      }
    }
    for (int i = 0; i < cpuClasses; i++) {
      if ((classes & (1L << (cpuBase + i))) != 0) {
        out |= 1L << (cpuBase + (cpuClasses == shape.cpus ? model.renameCpu(element, i) : i));
      }
    }
    for (int i = 0; i < csClasses; i++) {
      if ((classes & (1L << (csBase + i))) != 0) {
        out |= 1L << (csBase + (csClasses == tasks ? model.renameTask(element, i) : i));
      }
    }
    return out;
  }

  private long ownMask() {
    return (1L << tasks) - 1;
  }

  @Override
  public long strongClasses() {
    long m = ownMask();
    if (fairness.lock()) {
      for (int i = 0; i < cpuClasses; i++) {
        m |= 1L << (cpuBase + i);
      }
    }
    for (int i = 0; i < csClasses; i++) {
      m |= 1L << (csBase + i);
    }
    return m;
  }

  @Override
  public Violation describe(int goal, List<RefState> loop, List<RefStep> steps) {
    RefState entry = loop.get(0);
    if (goal == livelock) {
      if (!starvation) {
        return null;
      }
      return Violation.of("starvation", "livelock", "livelock: " + spinners(steps)
          + " for ever; no task completes a system call, exits or changes memory");
    }
    int t = goal;
    String lost = null;
    boolean allLost = true;
    for (RefState s : loop) {
      String why = waits.lostWakeup(s, t);
      if (why == null) {
        allLost = false;
        break;
      }
      lost = lost == null ? why : lost;
    }
    String others = whoRuns(steps, t);
    if (allLost && lost != null) {
      return lostWakeup ? Violation.of("lost-wakeup", "lasso", lost + "; the other tasks run for ever" + others) : null;
    }
    if (!starvation) {
      return null;
    }
    boolean alwaysWaits = true;
    for (RefState s : loop) {
      alwaysWaits &= waitsFor(s, t);
    }
    String name = shape.taskName(t);
    if (alwaysWaits) {
      int m = shape.blockedOn(entry, t) >= 0 ? shape.blockedOn(entry, t) : shape.waitMutex(entry, t);
      String on = m >= 0 ? "blocked on mutex " + shape.mutexName(m) + " (chain " + model.blockedOnChain(entry, t) + ")"
          : shape.futexWaitWord(entry, t) >= 0 ? "asleep in a futex wait on " + shape.wordName(shape.futexWaitWord(entry, t))
          : "asleep";
      return Violation.of("starvation", "waits", name + " waits for ever: " + on + others);
    }
    Stmt st = model.nextStatement(entry, t);
    return Violation.of("starvation", "runnable", name + " stays runnable for ever, among the most important tasks of cpu"
        + shape.taskCpu(entry, t) + ", and never completes '" + (st == null ? "do_exit" : st.text()) + "'" + others);
  }

  private String whoRuns(List<RefStep> steps, int goal) {
    Set<String> names = new LinkedHashSet<>();
    for (RefStep a : steps) {
      if (a != null && a.task() >= 0 && a.task() != goal && a.kind() != RefStep.Kind.SCHED) {
        names.add(shape.taskName(a.task()));
      }
    }
    return names.isEmpty() ? "; nothing else runs but the scheduler"
        : "; meanwhile " + String.join(", ", names) + (names.size() == 1 ? " keeps" : " keep") + " running";
  }

  private String spinners(List<RefStep> steps) {
    List<String> parts = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      Set<String> texts = new LinkedHashSet<>();
      for (RefStep a : steps) {
        if (a != null && a.task() == t && a.kind() != RefStep.Kind.SCHED) {
          texts.add("'" + a.text() + "'");
        }
      }
      if (!texts.isEmpty()) {
        parts.add(shape.taskName(t) + " loops over " + String.join(", ", texts));
      }
    }
    return parts.isEmpty() ? "only the scheduler steps" : String.join("; ", parts);
  }
}
