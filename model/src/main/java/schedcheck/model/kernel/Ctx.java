package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * What a step sees and changes: the state, the cpu it runs on, the acting task and its top
 * kernel frame. Steps move through their function with {@link #next}, {@link #call} and
 * {@link #ret}; take and release spinlocks with {@link #lock} and {@link #unlock} (which
 * feed lockdep); and branch nondeterministically with {@link #choose}.
 */
public final class Ctx {
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

  // Nondeterministic choices: replayed by prefix, then enumerated like an odometer.
  private final int[] choice = new int[32];
  private final int[] limit = new int[32];
  private int nChoices;
  private int pos;

  final List<LockEvent> acquired = new ArrayList<>(2);
  final StringBuilder note = new StringBuilder();

  Ctx(Kernel kernel) {
    this.kernel = kernel;
    this.layout = kernel.layout;
  }

  /** Prepares a run over a fresh copy of {@code base}, replaying the current choice prefix. */
  void begin(KState base, int cpu, int task) {
    begin(base, cpu, task, false);
  }

  /** As {@link #begin(KState, int, int)}; with {@code sched}, on cpu's scheduler frames. */
  void begin(KState base, int cpu, int task, boolean sched) {
    this.w = base.edit();
    this.view = w;
    this.cpu = cpu;
    this.task = task;
    at(w, sched);
    this.pos = 0;
    acquired.clear();
    note.setLength(0);
  }

  private void at(StateView s, boolean sched) {
    this.sched = sched;
    if (sched) {
      this.actor = layout.cpuActor(cpu);
      this.frame = s.schedDepth(cpu) - 1;
      this.current = frame >= 0 ? kernel.table.get(s.schedFrameStep(cpu, frame)) : null;
    } else {
      this.actor = task;
      this.frame = task >= 0 ? s.depth(task) - 1 : -1;
      this.current = frame >= 0 ? kernel.table.get(s.frameStep(task, frame)) : null;
    }
  }

  /** Prepares a read-only look at {@code base} (for guards). */
  void peek(KState base, int cpu, int task) {
    peek(base, cpu, task, false);
  }

  void peek(KState base, int cpu, int task, boolean sched) {
    this.w = null;
    this.view = base;
    this.cpu = cpu;
    this.task = task;
    at(base, sched);
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

  public int local(int i) {
    return sched ? view.schedLocal(cpu, frame, i) : view.local(task, frame, i);
  }

  public void setLocal(int i, int value) {
    if (sched) {
      w.setSchedLocal(cpu, frame, i, value);
    } else {
      w.setLocal(task, frame, i, value);
    }
  }

  /** The callee's return value, delivered into the last local. */
  public int result() {
    return local(layout.nLocals - 1);
  }

  /** Continue at {@code label} of the current function. */
  public void next(String label) {
    int id = current.function.at(label).id;
    if (sched) {
      w.setSchedFrameStep(cpu, frame, id);
    } else {
      w.setFrameStep(task, frame, id);
    }
  }

  /** Call {@code f} with {@code args} as its first locals; on return continue at {@code returnLabel}. */
  public void call(KFunction f, String returnLabel, int... args) {
    next(returnLabel);
    push(f, args);
  }

  void push(KFunction f, int... args) {
    if (sched) {
      pushSchedFrame(f, args);
      return;
    }
    int nf = w.depth(task);
    if (nf >= layout.maxFrames) {
      throw new IllegalStateException("kernel stack too deep calling " + f.name);
    }
    w.clearFrame(task, nf);
    w.setFrameStep(task, nf, f.entry().id);
    for (int i = 0; i < args.length; i++) {
      w.setLocal(task, nf, i, args[i]);
    }
    w.setDepth(task, nf + 1);
    frame = nf;
    current = f.entry();
  }

  /**
   * Switches this step to cpu {@link #cpu}'s scheduler frames and pushes {@code f} there
   * (the task's own frame already names its continuation). Locks are then taken by the
   * cpu's scheduler context.
   */
  void pushSched(KFunction f, int... args) {
    this.sched = true;
    this.actor = layout.cpuActor(cpu);
    this.frame = w.schedDepth(cpu) - 1;
    pushSchedFrame(f, args);
  }

  private void pushSchedFrame(KFunction f, int... args) {
    int nf = w.schedDepth(cpu);
    if (nf >= layout.maxSchedFrames) {
      throw new IllegalStateException("scheduler stack too deep calling " + f.name);
    }
    w.clearSchedFrame(cpu, nf);
    w.setSchedFrameStep(cpu, nf, f.entry().id);
    for (int i = 0; i < args.length; i++) {
      w.setSchedLocal(cpu, nf, i, args[i]);
    }
    w.setSchedDepth(cpu, nf + 1);
    frame = nf;
    current = f.entry();
  }

  /** Return {@code value} to the caller (or, from a system call, to the user register). */
  public void ret(int value) {
    if (sched) {
      w.clearSchedFrame(cpu, frame);
      w.setSchedDepth(cpu, frame);
      if (frame > 0) {
        w.setSchedLocal(cpu, frame - 1, layout.nLocals - 1, value);
      }
      frame--;
      return;
    }
    w.clearFrame(task, frame);
    w.setDepth(task, frame);
    if (frame == 0) {
      kernel.returnToUser(this, value);
    } else {
      w.setLocal(task, frame - 1, layout.nLocals - 1, value);
    }
    frame--;
  }

  // ---- spinlocks ----

  /** Takes spinlock {@code l} (the step's guard made sure it is free) and tells lockdep. */
  public void lock(int l) {
    if (actor < 0) {
      // An idle cpu's scheduler step takes and drops the rq lock within the step, holding nothing else.
      acquired.add(new LockEvent(actor, l, new int[0]));
      return;
    }
    List<Integer> held = w.heldBy(actor);
    int[] h = new int[held.size()];
    for (int i = 0; i < h.length; i++) {
      h[i] = held.get(i);
    }
    acquired.add(new LockEvent(actor, l, h));
    w.setHolder(l, actor);
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
    if (note.length() > 0) {
      note.append("; ");
    }
    note.append(s);
  }
}
