package schedcheck.properties;

import static schedcheck.model.kernel.Layout.TASK_RUNNING;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import schedcheck.checker.LivenessProperty;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.KernelQueries;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.kernel.Symmetry;
import schedcheck.model.scenario.Stmt;

/**
 * The liveness side of the kernel properties, for {@link schedcheck.checker.FairCycles}:
 * {@code starvation} (and its livelock form), and {@code lost-wakeup} in infinite executions.
 *
 * <p><b>Goals.</b> Goal t (one per task): a fair cycle in which task t never completes its
 * current statement, and in some state of which t waits (asleep in a futex wait or in
 * mutex_lock, or blocked on a mutex as a proxy donor) or is runnable and among the most
 * important tasks queued on its cpu. A task completes a statement when a step of its own
 * ends with it in user space (a user statement, or the last kernel step of its system call),
 * or exits. Goal {@code tasks} (livelock): a fair cycle in which no memory word changes, no
 * task changes state, returns from a system call or exits, and some task is about to read
 * memory (a polling loop that never sees its condition).
 *
 * <p><b>Fairness</b> ({@link Fairness}). F-sched, always: (1) weak fairness per task entitled
 * to a cpu (a task that stays queued, among the most important of its cpu, and has no cpu,
 * is eventually picked: equals take turns; a blocked donor has the cpu while its chain's
 * owner runs, a donor no longer blocked does not); (2) fairness per cpu (a
 * cpu that can step eventually steps: weak, strong under F-lock); (3) strong fairness of
 * every task's own steps (a task that can step infinitely often steps infinitely often: a
 * tick does not always come before it has done anything), except, without F-lock, a
 * spinlock acquisition that races another running task's for the same lock. F-lock (on by
 * default; the kernel's qspinlocks are fair): a task or a cpu's scheduler that can take a
 * spinlock infinitely often eventually takes it, so races and the scheduler's own rq-lock
 * retries (find_proxy_task's F8 waiting for a migration's MG2) cannot lose for ever. F-cs:
 * per task, strong fairness of releasing a mutex it owns while it runs (an owner that runs
 * infinitely often eventually unlocks).
 */
public final class Starvation implements LivenessProperty<KState, StepInfo> {

  /**
   * The fairness assumptions: F-sched always; F-lock (on by default: the kernel's spinlocks
   * are qspinlocks, which are fair) and F-cs are switches.
   */
  public record Fairness(boolean lock, boolean cs) {
    /** The default, {@code sched,lock}. */
    public static Fairness defaults() {
      return new Fairness(true, false);
    }

    /**
     * From {@code sched,lock,cs} (any subset; {@code sched} is always assumed, so {@code
     * sched} alone drops F-lock).
     */
    public static Fairness parse(String list) {
      boolean lock = false;
      boolean cs = false;
      for (String part : list.split(",")) {
        switch (part.trim()) {
          case "sched", "" -> { }
          case "lock" -> lock = true;
          case "cs" -> cs = true;
          default -> throw new IllegalArgumentException(
              "unknown fairness '" + part.trim() + "' (sched, lock, cs)");
        }
      }
      return new Fairness(lock, cs);
    }

    public String words() {
      return "sched" + (lock ? ",lock" : "") + (cs ? ",cs" : "");
    }
  }

  private final KernelModel model;
  private final KernelQueries queries;
  private final Layout layout;
  private final Stuck stuck;
  private final boolean starvation;
  private final boolean lostWakeup;
  private final Fairness fairness;
  private final int tasks;
  private final int livelock;
  // Fairness class bits: own steps (strong) 0..T-1, entitlement (weak) T..2T-1, then cpus
  // (weak) and, with F-cs, mutex release (strong); folded modulo what is left of 64 bits.
  private final int cpuBase;
  private final int cpuClasses;
  private final int csBase;
  private final int csClasses;

  public Starvation(KernelModel model, boolean starvation, boolean lostWakeup, Fairness fairness) {
    this.model = model;
    this.queries = model.queries();
    this.layout = model.layout();
    this.stuck = new Stuck(model);
    this.starvation = starvation;
    this.lostWakeup = lostWakeup;
    this.fairness = fairness;
    this.tasks = layout.tasks;
    this.livelock = tasks;
    int left = 64 - 2 * tasks;
    if (fairness.cs()) {
      this.csClasses = Math.max(1, Math.min(tasks, left / 2));
      this.cpuClasses = Math.max(1, Math.min(layout.cpus, left - csClasses));
    } else {
      this.csClasses = 0;
      this.cpuClasses = Math.max(1, Math.min(layout.cpus, left));
    }
    this.cpuBase = 2 * tasks;
    this.csBase = cpuBase + cpuClasses;
    this.renamings = renamings(model);
  }

  // ------------------------------------------------------------ symmetry

  /**
   * Per element of the model's symmetry group ({@link KernelModel#groupSize()}): where each
   * goal bit goes ({@code [0]}: task t to its image, the livelock goal fixed) and where each
   * class bit goes ({@code [1]}: own steps, entitlement and F-cs classes with their task, cpu
   * classes with their cpu); null when the labels are not equivariant (no symmetry, or a class
   * folded modulo the bits left: {@code c % cpuClasses} or {@code o % csClasses} then mixes
   * cpus or tasks, and a renaming need not map a fold onto a fold).
   */
  private final int[][][] renamings;

  private int[][][] renamings(KernelModel model) {
    int n = model.groupSize();
    Symmetry sym = model.symmetry();
    if (n <= 1 || sym == null || cpuClasses < layout.cpus || (fairness.cs() && csClasses < tasks)) {
      return null;
    }
    int[][][] out = new int[n][2][];
    for (int e = 0; e < n; e++) {
      int[] p = sym.taskPerm(e);
      int[] q = sym.cpuPerm(e);
      int[] goals = new int[goals()];
      for (int t = 0; t < tasks; t++) {
        goals[t] = p[t];
      }
      if (starvation) {
        goals[livelock] = livelock;
      }
      int classes = fairness.cs() ? csBase + csClasses : csBase;
      int[] cls = new int[classes];
      for (int t = 0; t < tasks; t++) {
        cls[t] = p[t];
        cls[tasks + t] = tasks + p[t];
        if (fairness.cs()) {
          cls[csBase + t] = csBase + p[t];
        }
      }
      for (int c = 0; c < layout.cpus; c++) {
        cls[cpuBase + c] = cpuBase + q[c];
      }
      out[e][0] = goals;
      out[e][1] = cls;
    }
    return out;
  }

  /**
   * Whether the labels commute with the model's renamings: every task-indexed goal and class
   * follows the task renaming and every cpu class the cpu renaming, and nothing else reads an
   * index (the livelock goal is about every task at once; entitlement, hasCpu and contended
   * compare tasks and cpus only with each other and with lock and priority data the renaming
   * moves with them). Only with the model's symmetry in its fingerprints and no folded class.
   */
  @Override
  public boolean equivariant() {
    return renamings != null;
  }

  @Override
  public int renameGoals(int goals, int element) {
    int[] map = renamings[element][0];
    int out = 0;
    for (int b = 0; b < map.length; b++) {
      if ((goals & (1 << b)) != 0) {
        out |= 1 << map[b];
      }
    }
    return out;
  }

  @Override
  public long renameClasses(long classes, int element) {
    int[] map = renamings[element][1];
    long out = 0;
    for (int b = 0; b < map.length; b++) {
      if ((classes & (1L << b)) != 0) {
        out |= 1L << map[b];
      }
    }
    return out;
  }

  public Fairness fairness() {
    return fairness;
  }

  @Override
  public String name() {
    return starvation ? "starvation" : "lost-wakeup";
  }

  @Override
  public int goals() {
    return starvation ? tasks + 1 : tasks;
  }

  // ------------------------------------------------------------ labels

  /** Task t waits: asleep (in a futex wait or mutex_lock) or blocked on a mutex. */
  boolean waits(KState s, int t) {
    if (s.exited(t)) {
      return false;
    }
    int st = s.taskState(t);
    return (st != TASK_RUNNING && s.onRq(t) == Layout.ON_RQ_NONE) || s.blockedOn(t) >= 0;
  }

  /** Task t is runnable, queued, and among the most important tasks queued on its cpu. */
  boolean entitled(KState s, int t) {
    if (s.exited(t) || s.onRq(t) == Layout.ON_RQ_NONE || s.blockedOn(t) >= 0) {
      return false;
    }
    int c = s.taskCpu(t);
    return c >= 0 && (queries.mostImportantQueued(s, c) & (1 << t)) != 0;
  }

  /**
   * Whether t has a cpu: it is some cpu's curr, or (proxy execution) the donor of a cpu while
   * it is blocked on a mutex, so that its chain's owner runs in its place. A donor that is no
   * longer blocked while another task still runs on its scheduling context does not have the
   * cpu: it is owed a turn like any queued task.
   */
  private boolean hasCpu(KState s, int t) {
    for (int c = 0; c < layout.cpus; c++) {
      if (s.curr(c) == t || (layout.pe && s.donor(c) == t && s.blockedOn(t) >= 0)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int stateGoals(KState s) {
    int bits = 0;
    boolean polls = false;
    for (int t = 0; t < tasks; t++) {
      if (waits(s, t) || entitled(s, t)) {
        bits |= 1 << t;
      }
      if (!polls && !s.exited(t) && s.depth(t) == 0) {
        Stmt st = queries.userStatement(s, t);
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
  public schedcheck.checker.ActionDetail actionDetail() {
    return schedcheck.checker.ActionDetail.NONE; // edges read a step's task and kind only
  }

  @Override
  public int edgeGoals(KState from, StepInfo a, KState to) {
    int bits = 0;
    boolean changed = false;
    for (int t = 0; t < tasks; t++) {
      if (!from.exited(t) && to.exited(t)) {
        bits |= 1 << t;
        changed = true;
      }
      if (from.taskState(t) != to.taskState(t) || (from.depth(t) > 0 && to.depth(t) == 0)) {
        changed = true;
      }
    }
    if (a != null && a.task() >= 0 && a.task() < tasks) {
      int t = a.task();
      boolean own = a.kind() == StepInfo.Kind.USER || a.kind() == StepInfo.Kind.KERNEL;
      if (a.kind() == StepInfo.Kind.EXIT || (own && to.depth(t) == 0)) {
        bits |= 1 << t;
        if (a.kind() == StepInfo.Kind.USER && from.depth(t) == 0 && queries.userStatement(from, t) instanceof Stmt.Call) {
          // a system call whose fast path returns in the step that entered it (a futex_wake
          // with no waiter pending, a mutex_lock's trylock, a mutex_unlock's release) returns
          // from a system call as much as one that went deeper: no livelock (the contract);
          // a step that leaves the kernel after deeper steps is counted by the depth above
          changed = true;
        }
      }
    }
    if (!changed) {
      for (int w = 0; w < layout.words; w++) {
        if (from.word(w) != to.word(w)) {
          changed = true;
          break;
        }
      }
    }
    if (changed && starvation) {
      bits |= 1 << livelock;
    }
    return bits;
  }

  @Override
  public long serves(KState from, StepInfo a, KState to) {
    long bits = 0;
    if (a != null && a.task() >= 0 && a.task() < tasks && a.kind() != StepInfo.Kind.SCHED) {
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
      for (int c = 0; c < layout.cpus; c++) {
        if (from.curr(c) != to.curr(c) || from.donor(c) != to.donor(c) || from.schedDepth(c) != to.schedDepth(c)) {
          bits |= 1L << (cpuBase + c % cpuClasses);
        }
      }
    }
    if (fairness.cs()) {
      for (int m = 0; m < layout.mutexes; m++) {
        int o = from.mutexOwner(m);
        if (o >= 0 && o < tasks && to.mutexOwner(m) != o) {
          bits |= 1L << (csBase + o % csClasses);
        }
      }
    }
    return bits;
  }

  @Override
  public long enabled(KState s, long servedOut) {
    long bits = servedOut & ~ownMask();
    for (int t = 0; t < tasks; t++) {
      if ((servedOut & (1L << t)) != 0 && (fairness.lock() || !contended(s, t))) {
        // t has a step of its own: strongly fair, unless it races another task for a
        // spinlock (then only under F-lock)
        bits |= 1L << t;
      }
      if (entitled(s, t) && !hasCpu(s, t)) {
        bits |= 1L << (tasks + t);
      }
    }
    if (fairness.cs()) {
      bits &= ~csMask();
      for (int m = 0; m < layout.mutexes; m++) {
        int o = s.mutexOwner(m);
        if (o >= 0 && o < tasks && s.runningOn(o) >= 0) {
          bits |= 1L << (csBase + o % csClasses);
        }
      }
    }
    return bits;
  }

  /** Whether t's next step takes a spinlock that the next step of another running task takes too. */
  private boolean contended(KState s, int t) {
    int c = s.runningOn(t);
    if (c < 0 || queries.inSchedule(s, c)) {
      return false;
    }
    int g = model.guardOf(s, c, t);
    if (g < 0) {
      return false;
    }
    for (int d = 0; d < layout.cpus; d++) {
      int u = s.curr(d);
      if (d != c && u >= 0 && !s.exited(u) && !queries.inSchedule(s, d) && model.guardOf(s, d, u) == g) {
        return true;
      }
    }
    return false;
  }

  private long ownMask() {
    return tasks >= 64 ? -1L : (1L << tasks) - 1;
  }

  private long csMask() {
    long m = 0;
    for (int i = 0; i < csClasses; i++) {
      m |= 1L << (csBase + i);
    }
    return m;
  }

  private long cpuMask() {
    long m = 0;
    for (int i = 0; i < cpuClasses; i++) {
      m |= 1L << (cpuBase + i);
    }
    return m;
  }

  @Override
  public long strongClasses() {
    return ownMask() | (fairness.lock() ? cpuMask() : 0) | (fairness.cs() ? csMask() : 0);
  }

  // ------------------------------------------------------------ explanations

  @Override
  public Violation describe(int goal, List<KState> loop, List<StepInfo> steps) {
    KState entry = loop.get(0);
    String others = whoRuns(steps, goal);
    if (goal == livelock) {
      if (!starvation) {
        return null;
      }
      return Violation.of("starvation", "livelock", "livelock: " + spinners(loop, steps)
          + " for ever; no task completes a system call, exits or changes memory");
    }
    int t = goal;
    String name = layout.taskName(t);
    // A sleeper whose wake was lost is a lost wakeup, even while others run for ever.
    String lost = null;
    boolean allLost = true;
    for (KState s : loop) {
      if (s.onWakeQ(t) || queries.wakePending(s, t)) {
        allLost = false; // its wake is on its way, held up by whoever must deliver it
        break;
      }
      String why = stuck.lostWakeup(s, t);
      if (why == null) {
        why = stuck.lostMutexWakeup(s, t);
      }
      if (why == null) {
        allLost = false;
        break;
      }
      if (lost == null) {
        lost = why;
      }
    }
    if (allLost && lost != null) {
      if (!lostWakeup) {
        return null;
      }
      return Violation.of("lost-wakeup", "lasso", lost + "; the other tasks run for ever" + others);
    }
    if (!starvation) {
      return null;
    }
    boolean alwaysWaits = true;
    for (KState s : loop) {
      alwaysWaits &= waits(s, t);
    }
    if (alwaysWaits) {
      return Violation.of("starvation", "waits", name + " waits for ever: " + waitsOn(entry, t) + others);
    }
    return Violation.of("starvation", "runnable", name + " stays runnable for ever, among the most important"
        + " tasks of cpu" + entry.taskCpu(t) + ", and never completes '" + where(entry, t) + "'" + others);
  }

  private String waitsOn(KState s, int t) {
    int m = s.blockedOn(t);
    if (m >= 0) {
      int o = s.mutexOwner(m);
      return "blocked on mutex " + layout.mutexName(m) + " (chain " + queries.blockedOnChain(s, t) + ")"
          + (o < 0 ? "" : ", owned by " + layout.taskName(o));
    }
    int[] fw = queries.futexWait(s, t);
    if (fw != null) {
      return "asleep in " + queries.syscallOf(s, t) + " on " + layout.wordName(fw[0]) + " (went to sleep on "
          + layout.wordName(fw[0]) + " == " + fw[1] + ", now " + s.word(fw[0]) + ")";
    }
    for (int mm = 0; mm < layout.mutexes; mm++) {
      if (s.mutexWaiters(mm).contains(t)) {
        int o = s.mutexOwner(mm);
        return "asleep in mutex_lock " + layout.mutexName(mm) + (o < 0 ? " (free)" : ", owned by " + layout.taskName(o));
      }
    }
    return "asleep in " + where(s, t);
  }

  private String where(KState s, int t) {
    if (s.depth(t) > 0) {
      return String.join(" > ", queries.kernelStack(s, t));
    }
    Stmt st = queries.userStatement(s, t);
    return st == null ? "do_exit" : st.text();
  }

  /** "; meanwhile t2, t3 keep running" for the tasks (other than goal) that step in the loop. */
  private String whoRuns(List<StepInfo> steps, int goal) {
    Set<String> names = new LinkedHashSet<>();
    for (StepInfo a : steps) {
      if (a != null && a.task() >= 0 && a.task() < tasks && a.task() != goal && a.kind() != StepInfo.Kind.SCHED) {
        names.add(layout.taskName(a.task()));
      }
    }
    return names.isEmpty() ? "; nothing else runs but the scheduler"
        : "; meanwhile " + String.join(", ", names) + (names.size() == 1 ? " keeps" : " keep") + " running";
  }

  /** "t1 spins on 'r = load flag', 'if r == 0 goto again'" for every task stepping in the loop. */
  private String spinners(List<KState> loop, List<StepInfo> steps) {
    List<String> parts = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      Set<String> texts = new LinkedHashSet<>();
      for (StepInfo a : steps) {
        if (a != null && a.task() == t && a.kind() != StepInfo.Kind.SCHED) {
          texts.add("'" + a.text() + "'");
        }
      }
      if (!texts.isEmpty()) {
        parts.add(layout.taskName(t) + " loops over " + String.join(", ", texts));
      }
    }
    return parts.isEmpty() ? "only the scheduler steps" : String.join("; ", parts);
  }
}
