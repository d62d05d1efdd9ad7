package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * What a step sees and changes: the state, the cpu it runs on, the acting task and its top
 * kernel frame. Steps move through their function with {@link #next}, {@link #call} and
 * {@link #ret}; take and release spinlocks with {@link #lock} and {@link #unlock} (which
 * feed lockdep); and branch nondeterministically with {@link #choose}.
 */
public final class Ctx implements StateView.Access {
  final Kernel kernel;
  final Layout layout;
  /** The state the step reads: the stored state while evaluating a guard, else {@link #w}. */
  StateView view;
  Work w;
  int cpu;
  int task;
  int frame;
  KStep current;
  /**
   * Whether the frames are cpu {@link #cpu}'s scheduler frames ({@code __schedule} and its
   * callees) rather than task {@link #task}'s kernel stack.
   */
  boolean sched;
  /** Who takes and releases locks: the task, or the cpu's scheduler context. */
  int actor;
  /** The current stack's depth slot, frame 0 and capacity (see {@link #useStack}). */
  private int depthAt;
  private int frame0At;
  private int capacity;

  // Nondeterministic choices: replayed by prefix, then enumerated like an odometer.
  private final int[] choice = new int[32];
  private final int[] limit = new int[32];
  int nChoices;
  int pos;

  final List<LockEvent> acquired = new ArrayList<>(2);
  final StringBuilder note = new StringBuilder();
  /**
   * Spinlocks taken by this context so far, counted whether or not lock events are recorded
   * ({@link #events}): the mover reduction must never merge an acquisition.
   */
  int taken;
  /**
   * Whether the step's notes are wanted (a trace, or a monitor that reads a step's text);
   * when false {@link #note} drops them.
   */
  boolean describe = true;
  /**
   * Whether {@link #lock} records lock events ({@link #acquired}): a trace, or a monitor that
   * reads a step's facts ({@code lock-order}); without it nothing reads them.
   */
  boolean events = true;
  /** The held locks of a lock event that holds none (shared: nobody writes a LockEvent's arrays). */
  private static final int[] NO_LOCKS = new int[0];
  /** The buffer every step of this context works on: the successor is copied out only when new. */
  private Work scratch;

  // ---- watching accesses (see LockDiscipline): set by KernelModel ----

  /** The declarations accesses are judged against, or null when nothing watches. */
  LockDiscipline discipline;
  /** Whether an access that breaks the discipline is reported (the run-time check). */
  boolean checking;
  /** Accesses since {@link #watchFrom} that other cpus may race with (or that broke the discipline). */
  int unprotected;

  /**
   * Whether writes are logged ({@link #undoLog}) so that a trial run of a step can be undone
   * ({@link #undo}): a mover's trial.
   */
  boolean logging;
  private int[] undoLog = new int[64];
  private int undoN;

  /** Starts a trial: from now on every write is logged. */
  void startLog() {
    undoN = 0;
    logging = true;
  }

  /** Undoes every write logged since {@link #startLog} on {@code s} (which may be a copy of {@link #w}). */
  void undo(StateView s) {
    for (int i = undoN - 2; i >= 0; i -= 2) {
      s.v[undoLog[i]] = undoLog[i + 1];
    }
  }

  /** Starts counting {@link #unprotected} accesses afresh. */
  void watchFrom() {
    unprotected = 0;
  }

  @Override
  public void read(StateView s, int offset) {
    judge(s, offset, false);
  }

  @Override
  public void write(StateView s, int offset) {
    if (logging) {
      if (undoN + 2 > undoLog.length) {
        undoLog = java.util.Arrays.copyOf(undoLog, undoLog.length * 2);
      }
      undoLog[undoN++] = offset;
      undoLog[undoN++] = s.v[offset];
    }
    judge(s, offset, true);
  }

  /**
   * The declared footprint of the step being run (kernel partial-order reduction's run-time
   * check, {@link KernelFootprints#check}), or null when nothing checks it.
   */
  KernelFootprints.Fp declared;
  KernelFootprints footprints;

  private void judge(StateView s, int offset, boolean write) {
    if (declared != null) {
      footprints.check(declared, offset, write, stepName(s), discipline);
    }
    int j = discipline.judge(s, offset, this, write);
    if (j == LockDiscipline.PROTECTED) {
      return;
    }
    unprotected++;
    if (j == LockDiscipline.VIOLATION && checking) {
      String step = stepName(s);
      throw new LockDiscipline.Violation("kernel model breaks its lock discipline: " + step + " (on cpu" + cpu
          + ", as " + (actor >= 0 ? layout.taskName(actor) : "idle") + ") " + (write ? "writes " : "reads ")
          + discipline.fieldName(offset) + " without " + discipline.needs(s, offset));
    }
  }

  private String stepName(StateView s) {
    return current != null ? current.describe()
        : task >= 0 ? layout.taskName(task) + "'s user statement at pc " + s.v[layout.task(task, Layout.T_PC)]
        : "the scheduler";
  }

  Ctx(Kernel kernel) {
    this.kernel = kernel;
    this.layout = kernel.layout;
  }

  /**
   * Prepares a run over a copy of {@code base} in this context's scratch buffer (overwritten by
   * the next run: {@link Work#freeze} copies it out), replaying the current choice prefix.
   */
  void begin(KState base, int cpu, int task) {
    begin(base, cpu, task, false);
  }

  /** As {@link #begin(KState, int, int)}; with {@code sched}, on cpu's scheduler frames. */
  void begin(KState base, int cpu, int task, boolean sched) {
    int[] from = base.v;
    if (scratch == null || scratch.v.length != from.length) {
      scratch = new Work(layout, new int[from.length]);
    }
    System.arraycopy(from, 0, scratch.v, 0, from.length);
    this.w = scratch;
    w.access = checking ? this : null;
    this.view = w;
    this.cpu = cpu;
    this.task = task;
    at(w, sched);
    this.pos = 0;
    acquired.clear();
    note.setLength(0);
  }

  /**
   * Points the frame operations at a stack: cpu {@link #cpu}'s scheduler frames, or the
   * task's kernel stack. Both are laid out alike: a depth slot, then frames of {@code 1 +
   * nLocals} ints (the step id, then the locals).
   */
  private void useStack(boolean sched) {
    this.sched = sched;
    if (sched) {
      actor = layout.cpuActor(cpu);
      depthAt = layout.cpu(cpu, Layout.CPU_SDEPTH);
      frame0At = layout.schedFrame(cpu, 0);
      capacity = layout.maxSchedFrames;
    } else {
      actor = task;
      depthAt = task >= 0 ? layout.task(task, Layout.T_DEPTH) : -1;
      frame0At = task >= 0 ? layout.frame(task, 0) : -1;
      capacity = layout.maxFrames;
    }
  }

  private int frameAt(int f) {
    return frame0At + f * layout.frameSize;
  }

  void at(StateView s, boolean sched) {
    useStack(sched);
    frame = depthAt >= 0 ? s.r(depthAt) - 1 : -1;
    current = frame >= 0 ? kernel.table.get(s.r(frameAt(frame))) : null;
  }

  /** Prepares a read-only look at {@code base} (for guards). */
  void peek(KState base, int cpu, int task) {
    peek(base, cpu, task, false);
  }

  void peek(KState base, int cpu, int task, boolean sched) {
    this.w = null;
    this.cpu = cpu;
    this.task = task;
    if (checking) {
      // The guard's reads are the step's too: watched through a view of this context's own,
      // never by marking the stored state, which other threads and models may be reading.
      KState watched = new KState(layout, base.v, true);
      watched.access = this;
      base = watched;
    }
    this.view = base;
    at(base, sched);
  }

  /** Ends a {@link #peek}: the stored state is no longer watched. */
  void unpeek() {
    if (view != null) {
      view.access = null;
    }
  }

  void resetChoices() {
    nChoices = 0;
  }

  /** Moves to the next unexplored choice vector; false when all were run. */
  boolean nextChoices() {
    while (nChoices > 0) {
      int i = nChoices - 1;
      if (choice[i] + 1 < limit[i]) {
        choice[i]++;
        return true;
      }
      nChoices--;
    }
    return false;
  }

  /** A nondeterministic choice among {@code n >= 1} alternatives; every one is explored. */
  public int choose(int n) {
    if (n <= 1) {
      return 0;
    }
    if (pos < nChoices) {
      return choice[pos++];
    }
    choice[nChoices] = 0;
    limit[nChoices] = n;
    nChoices++;
    pos++;
    return 0;
  }

  // ---- identity ----

  public int cpu() {
    return cpu;
  }

  public int task() {
    return task;
  }

  public StateView state() {
    return view;
  }

  // ---- frames ----

  /** Local {@code l} of the current frame (decoded: a task local reads -1 for none). */
  public int get(Local l) {
    assert l.function == current.function : l + " read in " + current.describe();
    return l.decode(view.r(frameAt(frame) + 1 + l.slot));
  }

  /** Sets local {@code l} of the current frame (a step body: the state is being changed). */
  public void set(Local l, int value) {
    assert l.function == current.function : l + " written in " + current.describe();
    int at = frameAt(frame) + 1 + l.slot;
    w.set(at, l.encode(l.isBits() ? w.get(at) : 0, value));
  }

  /** The callee's return value, delivered into the frame's last slot. */
  public int result() {
    return view.r(frameAt(frame) + layout.nLocals);
  }

  /** Continue at {@code label} of the current function. */
  public void next(String label) {
    w.set(frameAt(frame), current.function.at(label).id);
  }

  /**
   * Call {@code f} with {@code args} as its first locals (each encoded as that local says: a
   * task local takes a task, -1 for none); on return continue at {@code returnLabel}.
   */
  public void call(KFunction f, String returnLabel, int... args) {
    next(returnLabel);
    push(f, args);
  }

  void push(KFunction f, int... args) {
    int nf = w.get(depthAt);
    if (nf >= capacity) {
      throw new IllegalStateException((sched ? "scheduler" : "kernel") + " stack too deep calling " + f.name);
    }
    int at = frameAt(nf);
    for (int i = 0; i < layout.frameSize; i++) {
      w.set(at + i, 0);
    }
    w.set(at, f.entry().id);
    for (int i = 0; i < args.length; i++) {
      w.set(at + 1 + i, f.encodeArg(i, args[i]));
    }
    w.set(depthAt, nf + 1);
    frame = nf;
    current = f.entry();
  }

  /**
   * Switches this step to cpu {@link #cpu}'s scheduler frames and pushes {@code f} there
   * (the task's own frame already names its continuation). Locks are then taken by the
   * cpu's scheduler context.
   */
  void pushSched(KFunction f, int... args) {
    useStack(true);
    push(f, args);
  }

  /**
   * Return {@code value} to the caller's last local; from a task's outermost frame (a system
   * call) to the user register instead.
   */
  public void ret(int value) {
    int at = frameAt(frame);
    for (int i = 0; i < layout.frameSize; i++) {
      w.set(at + i, 0);
    }
    w.set(depthAt, frame);
    if (frame > 0) {
      w.set(frameAt(frame - 1) + layout.nLocals, value);
    } else if (!sched && !current.function.beforeStatement()) {
      kernel.returnToUser(this, value);
    }
    frame--;
  }

  // ---- spinlocks ----

  /** Takes spinlock {@code l} (the step's guard made sure it is free) and tells lockdep. */
  public void lock(int l) {
    lock(l, 0);
  }

  /**
   * {@code spin_lock_nested(l, subclass)}: takes spinlock {@code l} as lockdep subclass
   * {@code subclass} (0 is a plain {@link #lock}); lockdep treats a nested acquisition as a
   * class of its own, so that the kernel's second lock of a class (taken with
   * SINGLE_DEPTH_NESTING) is no ordering violation against the first.
   */
  public void lock(int l, int subclass) {
    taken++;
    if (actor < 0) {
      // An idle cpu's scheduler step takes and drops the rq lock within the step, holding nothing else.
      if (events) {
        acquired.add(new LockEvent(actor, l, NO_LOCKS, subclass, NO_LOCKS));
      }
      return;
    }
    if (events) {
      // the locks the actor holds, ascending (as StateView.heldBy), without boxing them
      int n = 0;
      for (int i = 0; i < layout.locks; i++) {
        if (w.holder(i) == actor) {
          n++;
        }
      }
      int[] h = n == 0 ? NO_LOCKS : new int[n];
      int[] hs = n == 0 ? NO_LOCKS : new int[n];
      for (int i = 0, k = 0; k < n; i++) {
        if (w.holder(i) == actor) {
          h[k] = i;
          hs[k++] = w.holderSubclass(i);
        }
      }
      acquired.add(new LockEvent(actor, l, h, subclass, hs));
    }
    w.setHolder(l, actor, subclass);
  }

  public void unlock(int l) {
    if (actor < 0) {
      return;
    }
    if (w.holder(l) != actor) {
      w.setFault(Layout.FAULT_UNLOCK_NOT_HELD, actor, l);
      return;
    }
    w.setHolder(l, -1);
  }

  // ---- notes ----

  /** Adds to what the step's line in a counterexample says came of it. */
  public void note(String s) {
    if (!describe) {
      return;
    }
    if (note.length() > 0) {
      note.append("; ");
    }
    note.append(s);
  }
}
