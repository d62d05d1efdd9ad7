package schedcheck.model.kernel;

import java.util.ArrayDeque;
import java.util.List;
import schedcheck.model.scenario.Expr;
import schedcheck.model.scenario.Stmt;

/**
 * The declared read and write footprints of the kernel steps partial-order reduction reasons
 * about ({@link KernelPor}): the futex wait and wake paths with {@code try_to_wake_up} and
 * {@code schedule()}, the scheduler's own steps (idle pick, wakeup preemption, tick), the user
 * statements and {@code do_exit}. A footprint is declared per kernel function, from the
 * function and its locals (the word it names, hence the bucket; the acting task and its cpu;
 * the tasks it may dequeue and wake: those whose programs wait on the word), and covers every
 * step of the function and of its callees.
 *
 * <p>Cells are the offsets of the state {@link Layout}, with two refinements the kernel's code
 * justifies:
 *
 * <ul>
 *   <li>the lost-wakeup bookkeeping ({@code missed wakes}, one bit per word) is split into a
 *       pseudo-cell per task and word: a FUTEX_WAKE that misses sets bit w of every other live
 *       task, a return from a futex wait on w clears the waiter's bit w, and operations on
 *       different bits commute;</li>
 *   <li>a read that only asks whether a task has exited ({@code noteWake}'s {@code
 *       exited(u)}) is an <em>exit test</em>: only {@code do_exit} (an <em>exit write</em>)
 *       changes its answer, not the other writes of {@code __state}.</li>
 * </ul>
 *
 * <p>The declarations are checked while the model runs ({@link #check}, under {@link
 * KernelModel#CHECK_PROPERTY}, on in the test suite): a step that reads or writes a cell its
 * function's footprint does not declare is an internal error naming the step and the field.
 * The check is by offset: a pseudo-cell's offset ({@code missed wakes}, {@code __state}) is
 * allowed if any pseudo-cell of it is declared.
 */
final class KernelFootprints {

  /** A set of cells read, written, exit-tested and exit-written. */
  static final class Fp {
    final long[] r;
    final long[] w;
    final long[] x;
    final long[] d;

    Fp(int cells) {
      int n = (cells + 63) >>> 6;
      r = new long[n];
      w = new long[n];
      x = new long[n];
      d = new long[n];
    }

    Fp read(int o) {
      r[o >>> 6] |= 1L << o;
      return this;
    }

    Fp write(int o) {
      w[o >>> 6] |= 1L << o;
      return this;
    }

    Fp rw(int o) {
      return read(o).write(o);
    }

    Fp exitTest(int o) {
      x[o >>> 6] |= 1L << o;
      return this;
    }

    Fp exitWrite(int o) {
      d[o >>> 6] |= 1L << o;
      return this;
    }

    Fp or(Fp o) {
      for (int i = 0; i < r.length; i++) {
        r[i] |= o.r[i];
        w[i] |= o.w[i];
        x[i] |= o.x[i];
        d[i] |= o.d[i];
      }
      return this;
    }

    void clear() {
      java.util.Arrays.fill(r, 0);
      java.util.Arrays.fill(w, 0);
      java.util.Arrays.fill(x, 0);
      java.util.Arrays.fill(d, 0);
    }

    /** The union with {@code o}s this footprint was asked for lately (see {@link #union}). */
    private Fp[] memoKey;
    private Fp[] memoVal;
    private int memoNext;

    /**
     * {@code this | o} as a footprint of its own, memoized by {@code o}'s identity (the last
     * four): only for footprints that never change once built (the declarations, a cached
     * flow, another union), so that {@link KernelPor} stops clearing and or-ing the same
     * sets for every state.
     */
    Fp union(Fp o) {
      if (memoKey == null) {
        memoKey = new Fp[4];
        memoVal = new Fp[4];
      }
      for (int i = 0; i < memoKey.length; i++) {
        if (memoKey[i] == o) {
          return memoVal[i];
        }
      }
      Fp u = new Fp(r.length << 6);
      u.or(this).or(o);
      memoKey[memoNext] = o;
      memoVal[memoNext] = u;
      memoNext = (memoNext + 1) & 3;
      return u;
    }

    boolean isEmpty() {
      for (int i = 0; i < r.length; i++) {
        if ((r[i] | w[i] | x[i] | d[i]) != 0) {
          return false;
        }
      }
      return true;
    }

    /**
     * Whether a step of this footprint and one of {@code o} may be dependent: one writes what
     * the other reads or writes; an exit write meets any access, an exit test only an exit write.
     */
    boolean conflicts(Fp o) {
      for (int i = 0; i < r.length; i++) {
        long wa = w[i] | d[i];
        long wb = o.w[i] | o.d[i];
        if ((wa & (o.r[i] | wb)) != 0 || (wb & r[i]) != 0) {
          return true;
        }
        if ((d[i] & o.x[i]) != 0 || (o.d[i] & x[i]) != 0) {
          return true;
        }
      }
      return false;
    }

    /** Whether this footprint writes (or exit-writes) a cell of {@code mask}. */
    boolean writesAny(long[] mask) {
      for (int i = 0; i < w.length; i++) {
        if (((w[i] | d[i]) & mask[i]) != 0) {
          return true;
        }
      }
      return false;
    }

    boolean has(long[] set, int o) {
      return (set[o >>> 6] & (1L << o)) != 0;
    }
  }

  final Layout layout;
  final Kernel kernel;
  /** Number of cells: the layout's offsets, then one missed-wake pseudo-cell per task and word. */
  final int cells;
  private final int missedBase;
  /** The cpu each task runs on (no task changes cpu where the reduction applies). */
  final int[] cpuOf;
  /** waitersOn[w]: the tasks whose programs futex_wait on word w (those a wake of w may dequeue). */
  final int[] waitersOn;
  /** bucketWaiters[b]: the tasks whose programs futex_wait on a word of bucket b (its chain's members). */
  final int[] bucketWaiters;
  /** own[t]: the task's pc, registers, kernel stack, and what its cpu reads of it to run it. */
  final Fp[] own;
  /** sched[c]: the scheduler's steps on cpu c (pick, preempt, tick, schedule()'s switch). */
  final Fp[] sched;
  /** wait[t][w], wake[t][w]: futex_wait and futex_wake of word w by task t, callees included. */
  final Fp[][] wait;
  final Fp[][] wake;
  /** stmt[t][pc]: the statement (a system call's entry function included); exit[t]: do_exit. */
  final Fp[][] stmt;
  final Fp[] exit;
  /** rem[t][pc]: everything task t may touch from statement pc on (index size: do_exit alone). */
  final Fp[][] rem;
  /** wakesFrom[t][pc], writesFrom[t][pc]: the words t may still futex_wake, and write. */
  final long[][] wakesFrom;
  final long[][] writesFrom;
  /** The cells a safety property reads in every state: the fault record, the task flags. */
  final long[] visible;

  /** Test hook: a cell left out of every declaration (a deliberately too-small footprint), or -1. */
  private final int dropped;

  KernelFootprints(Layout layout, Kernel kernel, String drop) {
    this.layout = layout;
    this.kernel = kernel;
    this.missedBase = layout.size;
    this.cells = layout.size + layout.tasks * layout.words;
    int n = layout.tasks;
    cpuOf = new int[n];
    waitersOn = new int[layout.words];
    bucketWaiters = new int[layout.buckets];
    for (int t = 0; t < n; t++) {
      cpuOf[t] = layout.scenario.tasks().get(t).cpu();
      for (Stmt st : program(t)) {
        if (st instanceof Stmt.FutexWait fw) {
          waitersOn[fw.word()] |= 1 << t;
          bucketWaiters[layout.bucketOf(fw.word())] |= 1 << t;
        }
      }
    }
    this.dropped = drop == null ? -1 : dropCell(drop);
    own = new Fp[n];
    for (int t = 0; t < n; t++) {
      own[t] = ownOf(t);
    }
    sched = new Fp[layout.cpus];
    for (int c = 0; c < layout.cpus; c++) {
      sched[c] = schedOf(c);
    }
    wait = new Fp[n][layout.words];
    wake = new Fp[n][layout.words];
    for (int t = 0; t < n; t++) {
      for (int w = 0; w < layout.words; w++) {
        wait[t][w] = waitOf(t, w);
        wake[t][w] = wakeOf(t, w);
      }
    }
    stmt = new Fp[n][];
    exit = new Fp[n];
    rem = new Fp[n][];
    wakesFrom = new long[n][];
    writesFrom = new long[n][];
    for (int t = 0; t < n; t++) {
      List<Stmt> p = program(t);
      int size = p.size();
      stmt[t] = new Fp[size];
      long[] wakes = new long[size];
      long[] writes = new long[size];
      for (int pc = 0; pc < size; pc++) {
        stmt[t][pc] = stmtOf(t, p.get(pc));
        if (p.get(pc) instanceof Stmt.FutexWake fk) {
          wakes[pc] = 1L << fk.word();
        }
        writes[pc] = wordWrites(p.get(pc));
      }
      exit[t] = exitOf(t);
      rem[t] = new Fp[size + 1];
      wakesFrom[t] = new long[size + 1];
      writesFrom[t] = new long[size + 1];
      rem[t][size] = fp().or(own[t]).or(sched[cpuOf[t]]).or(exit[t]);
      for (int pc = 0; pc < size; pc++) {
        Fp f = fp().or(own[t]).or(sched[cpuOf[t]]);
        boolean[] seen = new boolean[size + 1];
        ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(pc));
        while (!todo.isEmpty()) {
          int q = todo.pop();
          if (seen[q]) {
            continue;
          }
          seen[q] = true;
          if (q >= size) {
            f.or(exit[t]);
            continue;
          }
          f.or(stmt[t][q]);
          wakesFrom[t][pc] |= wakes[q];
          writesFrom[t][pc] |= writes[q];
          Stmt st = p.get(q);
          if (st instanceof Stmt.Goto g) {
            todo.push(g.target());
          } else if (st instanceof Stmt.If f1) {
            todo.push(f1.target());
            todo.push(q + 1);
          } else {
            todo.push(q + 1);
          }
        }
        rem[t][pc] = f;
      }
    }
    Fp vis = fp();
    vis.write(layout.gFaultKind).write(layout.gFaultTask).write(layout.gFaultInfo);
    for (int t = 0; t < n; t++) {
      vis.write(layout.task(t, Layout.T_FLAGS));
    }
    visible = vis.w;
  }

  private List<Stmt> program(int t) {
    return layout.scenario.tasks().get(t).program().statements();
  }

  Fp fp() {
    return new Fp(cells);
  }

  /** The pseudo-cell of bit w of task t's missed wakes. */
  int missed(int t, int w) {
    return missedBase + t * layout.words + w;
  }

  /** Marks, in a test's too-small footprint, whether {@code o} is the dropped cell. */
  private Fp rw(Fp f, int o) {
    if (o != dropped) {
      f.rw(o);
    }
    return f;
  }

  private Fp rd(Fp f, int o) {
    if (o != dropped) {
      f.read(o);
    }
    return f;
  }

  /** The cell a test drops: {@code word:NAME} (the futex value check's read of a user word). */
  private int dropCell(String drop) {
    if (drop.startsWith("waiters:")) {
      return layout.bucket(layout.bucketOf(wordIndex(drop.substring(8))), Layout.HB_WAITERS);
    }
    if (drop.startsWith("word:")) {
      return layout.wordBase + wordIndex(drop.substring(5));
    }
    throw new IllegalArgumentException("unknown cell to drop: " + drop);
  }

  private int wordIndex(String name) {
    for (int w = 0; w < layout.words; w++) {
      if (layout.wordName(w).equals(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException("no word " + name);
  }

  private Fp ownOf(int t) {
    Fp f = fp();
    f.rw(layout.task(t, Layout.T_PC)).rw(layout.task(t, Layout.T_DEPTH));
    for (int fr = 0; fr < layout.maxFrames; fr++) {
      for (int i = 0; i < layout.frameSize; i++) {
        f.rw(layout.frame(t, fr) + i);
      }
    }
    for (int r = 0; r < layout.regs(t); r++) {
      f.rw(layout.reg(t, r));
    }
    // what its cpu reads to run it: preempt_disable and the pending signal (flags), its cpu
    f.read(layout.task(t, Layout.T_FLAGS)).read(layout.task(t, Layout.T_CPU));
    return f;
  }

  private Fp schedOf(int c) {
    Fp f = fp();
    f.rw(layout.cpu(c, Layout.CPU_CURR)).rw(layout.cpu(c, Layout.CPU_NEED_RESCHED)).rw(layout.cpu(c, Layout.CPU_RQ));
    f.rw(layout.lockBase + layout.rqLock(c));
    return f;
  }

  /** try_to_wake_up(p) from a futex wake: pi_lock, p's record, its cpu's runqueue. */
  private void ttwu(Fp f, int p) {
    int c = cpuOf[p];
    f.rw(layout.lockBase + layout.piLock(p));
    f.rw(layout.task(p, Layout.T_STATE)).rw(layout.task(p, Layout.T_ON_RQ)).rw(layout.task(p, Layout.T_CPU));
    f.rw(layout.task(p, Layout.T_WAKE_Q_NEXT));
    f.rw(layout.lockBase + layout.rqLock(c)).rw(layout.cpu(c, Layout.CPU_RQ));
    f.rw(layout.cpu(c, Layout.CPU_NEED_RESCHED)).read(layout.cpu(c, Layout.CPU_CURR));
  }

  private Fp waitOf(int t, int w) {
    int b = layout.bucketOf(w);
    int c = cpuOf[t];
    Fp f = fp().or(own[t]).or(sched[c]);
    rd(f, layout.wordBase + w); // the value check
    rw(f, layout.bucket(b, Layout.HB_WAITERS));
    f.rw(layout.bucket(b, Layout.HB_HEAD)).rw(layout.lockBase + layout.hbLock(b));
    f.rw(layout.task(t, Layout.T_STATE)).rw(layout.task(t, Layout.T_ON_RQ));
    f.rw(layout.task(t, Layout.T_FQ_WORD)).rw(layout.task(t, Layout.T_FQ_LOCK_PTR));
    f.rw(layout.task(t, Layout.T_WAIT_NEXT));
    f.rw(missed(t, w));
    for (int q = 0; q < layout.tasks; q++) {
      if ((bucketWaiters[b] & (1 << q)) != 0) {
        // futex_queue's plist insertion and W5's "still queued" walk the chain
        f.rw(layout.task(q, Layout.T_WAIT_NEXT)).read(layout.task(q, Layout.T_FQ_WORD));
      }
    }
    return f;
  }

  private Fp wakeOf(int t, int w) {
    int b = layout.bucketOf(w);
    Fp f = fp().or(own[t]);
    rw(f, layout.bucket(b, Layout.HB_WAITERS));
    f.rw(layout.bucket(b, Layout.HB_HEAD)).rw(layout.lockBase + layout.hbLock(b));
    for (int q = 0; q < layout.tasks; q++) {
      if ((bucketWaiters[b] & (1 << q)) != 0) {
        // K3 walks the chain: each futex_q's key; dequeues those of w (lock_ptr, wake_q)
        f.read(layout.task(q, Layout.T_FQ_WORD)).rw(layout.task(q, Layout.T_WAIT_NEXT));
        f.rw(layout.task(q, Layout.T_FQ_LOCK_PTR)).rw(layout.task(q, Layout.T_WAKE_Q_NEXT));
      }
      if ((waitersOn[w] & (1 << q)) != 0) {
        ttwu(f, q);
      }
      if (q != t) {
        // noteWake: a wake that finds too few waiters is missed by every other live task
        f.exitTest(layout.task(q, Layout.T_STATE)).rw(missed(q, w));
      }
    }
    return f;
  }

  private Fp exitOf(int t) {
    int c = cpuOf[t];
    Fp f = fp().or(own[t]).or(sched[c]);
    f.read(layout.lockBase + layout.piLock(t)); // set_special_state(TASK_DEAD) waits for pi_lock
    f.exitWrite(layout.task(t, Layout.T_STATE)).rw(layout.task(t, Layout.T_ON_RQ)).rw(layout.task(t, Layout.T_FLAGS));
    for (int w = 0; w < layout.words; w++) {
      f.rw(missed(t, w));
    }
    f.write(layout.task(t, Layout.T_MISSED)); // cleared whole (no other step writes it whole)
    return f;
  }

  private Fp stmtOf(int t, Stmt st) {
    Fp f = fp().or(own[t]);
    if (st instanceof Stmt.FutexWait s) {
      f.or(wait[t][s.word()]);
      words(s.expected(), f);
    } else if (st instanceof Stmt.FutexWake s) {
      f.or(wake[t][s.word()]);
      words(s.count(), f);
    } else if (st instanceof Stmt.Assign s) {
      words(s.value(), f);
    } else if (st instanceof Stmt.Load s) {
      f.read(layout.wordBase + s.word());
    } else if (st instanceof Stmt.Store s) {
      f.write(layout.wordBase + s.word());
      words(s.value(), f);
    } else if (st instanceof Stmt.Cas s) {
      f.rw(layout.wordBase + s.word());
      words(s.expected(), f);
      words(s.desired(), f);
    } else if (st instanceof Stmt.Xchg s) {
      f.rw(layout.wordBase + s.word());
      words(s.value(), f);
    } else if (st instanceof Stmt.FetchAdd s) {
      f.rw(layout.wordBase + s.word());
      words(s.value(), f);
    } else if (st instanceof Stmt.If s) {
      words(s.left(), f);
      words(s.right(), f);
    } else if (st instanceof Stmt.Assert s) {
      words(s.left(), f);
      words(s.right(), f);
      f.rw(layout.gFaultKind).rw(layout.gFaultTask).rw(layout.gFaultInfo);
    } else if (st instanceof Stmt.Enter || st instanceof Stmt.Leave) {
      f.rw(layout.task(t, Layout.T_FLAGS));
    } else if (!(st instanceof Stmt.Goto || st instanceof Stmt.Work)) {
      throw new IllegalArgumentException("no footprint declared for " + st.text());
    }
    return f;
  }

  private static long wordWrites(Stmt st) {
    if (st instanceof Stmt.Store s) {
      return 1L << s.word();
    } else if (st instanceof Stmt.Cas s) {
      return 1L << s.word();
    } else if (st instanceof Stmt.Xchg s) {
      return 1L << s.word();
    } else if (st instanceof Stmt.FetchAdd s) {
      return 1L << s.word();
    }
    return 0;
  }

  private void words(Expr e, Fp f) {
    for (Expr.Term term : e.terms()) {
      if (term.kind() == Expr.Kind.WORD) {
        f.read(layout.wordBase + term.value());
      }
    }
  }

  /** Whether every statement of the scenario has a declared footprint (else no kernel POR). */
  static boolean declared(Stmt st) {
    return st instanceof Stmt.FutexWait || st instanceof Stmt.FutexWake || st instanceof Stmt.Assign
        || st instanceof Stmt.Load || st instanceof Stmt.Store || st instanceof Stmt.Cas || st instanceof Stmt.Xchg
        || st instanceof Stmt.FetchAdd || st instanceof Stmt.If || st instanceof Stmt.Goto || st instanceof Stmt.Work
        || st instanceof Stmt.Assert || st instanceof Stmt.Enter || st instanceof Stmt.Leave;
  }

  // ------------------------------------------------------------------ footprint of a state's step

  /**
   * The declared footprint of task t's next step in s: the function of its outermost kernel
   * frame (with the word it names), or its next statement, or do_exit; with its own cells.
   */
  Fp taskStep(StateView s, int t) {
    int pc = s.pc(t);
    int depth = s.depth(t);
    if (depth > 0) {
      KFunction f = kernel.table.get(s.frameStep(t, 0)).function;
      if (f == kernel.futex.wait) {
        return wait[t][s.local(t, 0, kernel.futex.waitUaddr)];
      } else if (f == kernel.futex.wake) {
        KStep top = kernel.table.get(s.frameStep(t, depth - 1));
        if (depth == 1 && top.label.equals("K5") || depth == 2 && top.function == kernel.ttwu) {
          // wake_up_q: only the tasks still on its wake_q (and the one being woken)
          Fp out = scratch(t);
          out.or(own[t]);
          for (int p = s.local(t, 0, wakeQ()); p >= 0; p = s.wakeQNext(p)) {
            ttwu(out, p);
          }
          if (depth == 2) {
            ttwu(out, s.local(t, 1, kernel.ttwuP));
          }
          return out;
        }
        return wake[t][s.local(t, 0, wakeUaddr())];
      }
      throw new IllegalStateException("no footprint declared for " + f.name);
    }
    return pc < stmt[t].length ? stmt[t][pc] : exit[t];
  }

  private Fp[] scratch;

  /** Whether f is one of the buffers {@link #taskStep} builds a footprint in (changes per call). */
  boolean isScratch(Fp f) {
    if (scratch != null) {
      for (Fp x : scratch) {
        if (x == f) {
          return true;
        }
      }
    }
    return false;
  }

  /** A footprint task t's next step is built in (read before the next call for t). */
  private Fp scratch(int t) {
    if (scratch == null) {
      scratch = new Fp[layout.tasks];
    }
    if (scratch[t] == null) {
      scratch[t] = fp();
    }
    scratch[t].clear();
    return scratch[t];
  }

  private Local wakeUaddr;
  private Local wakeQ;

  Local wakeUaddr() {
    if (wakeUaddr == null) {
      wakeUaddr = kernel.futex.wake.localNamed("uaddr");
    }
    return wakeUaddr;
  }

  private Local wakeQ() {
    if (wakeQ == null) {
      wakeQ = kernel.futex.wake.localNamed("wake_q");
    }
    return wakeQ;
  }

  // ------------------------------------------------------------------ the run-time check

  /** Thrown when a step touches a cell its declared footprint leaves out: a model bug. */
  static final class Undeclared extends IllegalStateException {
    Undeclared(String message) {
      super(message);
    }
  }

  /**
   * Checks one access of a step against its declared footprint {@code f}; {@code step} names
   * the step for the message.
   */
  void check(Fp f, int o, boolean write, String step, LockDiscipline names) {
    boolean ok;
    if (o >= layout.task(0, 0) && isMissedOffset(o)) {
      int t = (o - layout.task(0, 0)) / layout.taskSize;
      ok = write ? f.has(f.w, o) : f.has(f.r, o);
      for (int w = 0; w < layout.words; w++) {
        int m = missed(t, w);
        ok |= write ? f.has(f.w, m) : f.has(f.r, m);
      }
    } else if (write) {
      ok = f.has(f.w, o) || f.has(f.d, o);
    } else {
      ok = f.has(f.r, o) || f.has(f.x, o);
    }
    if (!ok) {
      throw new Undeclared("kernel step outside its declared footprint: " + step + " " + (write ? "writes " : "reads ")
          + names.fieldName(o) + " (KernelFootprints)");
    }
  }

  private boolean isMissedOffset(int o) {
    int base = layout.task(0, 0);
    return o < base + layout.tasks * layout.taskSize && (o - base) % layout.taskSize == Layout.T_MISSED;
  }
}
