package schedcheck.model.kernel;

import java.util.List;
import java.util.Set;
import schedcheck.model.kernel.KernelFootprints.Fp;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.Stmt;

/**
 * Partial-order reduction over <em>kernel</em> steps ({@code check --por}, after {@link Por}'s
 * private user steps): persistent sets of cpus, from the declared footprints of {@link
 * KernelFootprints} and an over-approximation of what every other cpu may still touch.
 *
 * <p><b>Actors are cpus.</b> Where this applies no task changes cpu (no proxy execution,
 * FUTEX_SWAP or UMCG; every task starts on a cpu of its affinity, and select_task_rq keeps an
 * allowed previous cpu), so every step is one cpu's: its current task's next step, or its
 * scheduler's (idle pick, wakeup preemption, tick). A state's reduced successors are all the
 * steps of a set S of cpus, and S is <em>persistent</em> (Godefroid): no sequence of steps of
 * cpus outside S from the state contains a step dependent on a step of S.
 *
 * <p><b>What S's steps touch</b> ({@code now}): for each cpu c in S, its scheduler's cells (its
 * runqueue, curr, need_resched and rq lock: also every condition that enables one of c's steps)
 * and the declared footprint of its current task's function (or statement, or do_exit) with
 * the task's own cells. An outside step that writes one of them might enable a step of c that
 * S does not contain, so it counts as a conflict: outside steps never enable S's others.
 *
 * <p><b>What a cpu d outside S may touch before S moves</b> ({@code future}): its scheduler's
 * cells and, for each live task u on d, everything u's remaining program may touch (every
 * statement reachable from its pc, the function of the system call it is in, do_exit) —
 * unless u is <em>dormant</em>: inside futex_wait on word w, and either past the value check
 * and still queued (lock_ptr set), or before it with the word equal to the expected value and
 * no outside task that may write w; and no outside non-dormant task whose remaining program
 * may futex_wake w (the only way, without signals, to be dequeued and woken). A dormant task
 * never leaves futex_wait while only outside cpus move: it touches at most futex_wait's
 * footprint, and nothing once asleep. Dormancy is the least fixed point (a task counts as
 * able to wake or write only once shown not dormant), which is sound: the first dormant task
 * to leave its wait in an outside run would need a waker or writer that was already running.
 *
 * <p><b>S</b> grows from each active cpu as seed: every outside cpu whose future conflicts
 * with S's {@code now} joins, until none does; the smallest S that leaves out some active cpu
 * is taken.
 *
 * <p><b>Visibility:</b> no step of S may write a cell a safety property reads in every state
 * (the fault record for {@code assertions}, the task flags for {@code mutual-exclusion}).
 * {@code lost-wakeup} and {@code deadlock}'s stuck and blocked kinds are judged in terminal
 * states, which persistent sets preserve (Godefroid 1996, theorem 4.3); {@code deadlock}'s
 * wait-for cycle cannot form here (no user spinlock, no mutex, and the kernel's own locks nest
 * only pi_lock -> rq_lock). With {@code invariants} or {@code lock-order} checked (both read
 * the kernel's fields or steps in every state) this reduction is off. The cycle proviso is
 * {@link Por}'s: S's steps are taken alone only if every one leads to a state not stored yet.
 */
final class KernelPor {

  /** The properties whose verdicts this reduction keeps (see the class comment). */
  static final Set<String> KEPT = Set.of("lost-wakeup", "deadlock", "assertions", "mutual-exclusion", "starvation");

  private final Layout layout;
  private final Kernel kernel;
  final KernelFootprints fps;
  /** Whether a step's accesses are checked against its declared footprint (the test suite). */
  final boolean checking;
  /**
   * Whether the cycle proviso is needed: a property judged in every state is checked
   * ({@code assertions}, {@code mutual-exclusion}). Without one, only terminal states are
   * judged, and persistent sets keep every terminal state with no proviso (Godefroid 1996,
   * theorem 4.3).
   */
  final boolean proviso;
  private final boolean f1;
  private final Fp now;
  private final Fp[] future;
  private final int[] tasksOn;

  private KernelPor(Layout layout, Kernel kernel, String drop, boolean checking) {
    this.layout = layout;
    this.kernel = kernel;
    this.fps = new KernelFootprints(layout, kernel, drop);
    this.checking = checking;
    this.f1 = kernel.has(Futex.F1);
    this.proviso = layout.scenario.check().contains("assertions") || layout.scenario.check().contains("mutual-exclusion");
    this.now = fps.fp();
    this.future = new Fp[layout.cpus];
    this.futureBuf = new Fp[layout.cpus];
    this.tasksOn = new int[layout.cpus];
    this.empty = fps.fp();
    for (int c = 0; c < layout.cpus; c++) {
      futureBuf[c] = fps.fp();
    }
    for (int t = 0; t < layout.tasks; t++) {
      tasksOn[fps.cpuOf[t]] |= 1 << t;
    }
    int n = layout.tasks;
    stop = new long[n];
    @SuppressWarnings("unchecked")
    java.util.Map<Long, Flow>[] caches = new java.util.Map[n];
    flowCache = caches;
    waitWords = new int[n][];
    for (int t = 0; t < n; t++) {
      flowCache[t] = new java.util.HashMap<>();
      long mask = 0;
      for (Stmt st : layout.scenario.tasks().get(t).program().statements()) {
        if (st instanceof Stmt.FutexWait fw) {
          mask |= 1L << fw.word();
        }
      }
      if (Long.bitCount(mask) <= 4) {
        waitWords[t] = new int[Long.bitCount(mask)];
        for (int w = 0, i = 0; w < 64; w++) {
          if ((mask & (1L << w)) != 0) {
            waitWords[t][i++] = w;
          }
        }
      }
    }
    recentKey = new long[n][RECENT];
    recentFlow = new Flow[n][RECENT];
    for (long[] k : recentKey) {
      java.util.Arrays.fill(k, -1L);
    }
    stepFp = new Fp[n];
    stepStamp = new long[n];
    java.util.Arrays.fill(stepStamp, -1L);
    int maxId = 0;
    for (KStep st : kernel.steps()) {
      maxId = Math.max(maxId, st.id);
    }
    waitKind = new int[maxId + 1];
    for (KStep st : kernel.steps()) {
      if (st.function != kernel.futex.wait) {
        continue;
      }
      String l = st.label;
      boolean pending = f1 ? l.equals("W1") : l.equals("W1") || l.equals("W1b") || l.equals("W2");
      boolean passed = !pending && (l.equals("W1b") || l.equals("W2") || l.equals("W3") || l.equals("W4")
          || l.equals("W5"));
      waitKind[st.id] = (pending ? WAIT_PENDING : 0) | (passed ? WAIT_PASSED : 0) | (l.equals("W6") ? WAIT_W6 : 0);
    }
    reachStamp = new long[n];
    reachStops = new long[n];
    wakes = new long[n];
    writes = new long[n];
    reached = new Fp[n];
    reachBuf = new Fp[n];
    reachedMutable = new boolean[n];
    int longest = 0;
    for (int t = 0; t < n; t++) {
      reachBuf[t] = fps.fp();
      reached[t] = empty;
      longest = Math.max(longest, layout.scenario.tasks().get(t).program().statements().size());
    }
    known = new int[(longest + 1) * Math.max(1, layout.words)];
    queuedPc = new boolean[longest + 1];
    entered = new boolean[longest + 1];
  }

  /**
   * The reduction for {@code layout}'s scenario, or null where it does not apply: {@link
   * Por}'s conditions, every statement one with a declared footprint (futex wait and wake, the
   * user statements; no mutex, signal, spinlock or yield), and only properties it keeps.
   * {@code drop} (tests only) leaves one cell out of every declaration.
   */
  static KernelPor of(Layout layout, Kernel kernel, String drop, boolean checking) {
    Scenario sc = layout.scenario;
    if (Por.of(layout, kernel, Por.Flaw.NONE) == null || !KEPT.containsAll(sc.check())) {
      return null;
    }
    for (Scenario.Task task : sc.tasks()) {
      for (Stmt st : task.program().statements()) {
        if (!KernelFootprints.declared(st)) {
          return null;
        }
      }
    }
    return new KernelPor(layout, kernel, drop, checking);
  }

  /**
   * The persistent set of cpus for s as a mask (the steps of those cpus alone), or 0 when
   * every active cpu must be expanded.
   */
  int choose(KState s) {
    stamp++; // a new state: the reach of each task is computed afresh
    int active = 0;
    for (int c = 0; c < layout.cpus; c++) {
      if (s.curr(c) >= 0 || s.rqMask(c) != 0) {
        active |= 1 << c;
      }
    }
    if (Integer.bitCount(active) < 2) {
      return 0;
    }
    int best = 0;
    for (int seed = 0; seed < layout.cpus; seed++) {
      if ((active & (1 << seed)) == 0) {
        continue;
      }
      int S = close(s, 1 << seed);
      if (S != 0 && (active & ~S) != 0
          && (best == 0 || Integer.bitCount(S & active) < Integer.bitCount(best & active))) {
        best = S;
        if (Integer.bitCount(S & active) == 1) {
          break; // none is smaller
        }
      }
    }
    return best;
  }

  /** Grows {@code S} until no outside cpu's future conflicts with its steps; 0 if a step is visible. */
  private int close(KState s, int S) {
    now.clear();
    int added = 0; // the cpus whose steps are in now already: S only grows, so now does
    while (true) {
      for (int c = 0; c < layout.cpus; c++) {
        if ((S & ~added & (1 << c)) != 0) {
          now.or(fps.sched[c]);
          int t = s.curr(c);
          if (t >= 0) {
            Fp f = taskStep(s, t);
            if (f.writesAny(fps.visible)) {
              return 0;
            }
            now.or(f);
          }
        }
      }
      added = S;
      futures(s, S);
      int grown = S;
      for (int d = 0; d < layout.cpus; d++) {
        if ((S & (1 << d)) == 0 && future[d].conflicts(now)) {
          grown |= 1 << d;
        }
      }
      if (grown == S) {
        return S;
      }
      S = grown;
    }
  }

  /**
   * Fills {@link #future} for the cpus outside S: what each outside task may touch before S
   * moves, from its pc through its program, stopping at a futex_wait it cannot get past (see
   * {@link #reach}). A wait on word w stops task u when no other outside task may write w or
   * futex_wake it; which tasks may do that depends on where the others stop, so the stops
   * start as every word and shrink until they hold (the first task to get past a stop in an
   * outside run would need a write or a wake by a task still short of its own stop, which its
   * reach includes).
   */
  private void futures(KState s, int S) {
    int outside = 0;
    for (int t = 0; t < layout.tasks; t++) {
      if ((S & (1 << fps.cpuOf[t])) == 0 && !s.exited(t)) {
        outside |= 1 << t;
      }
    }
    for (int u = 0; u < layout.tasks; u++) {
      stop[u] = -1L;
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int u = 0; u < layout.tasks; u++) {
        if ((outside & (1 << u)) != 0) {
          reach(s, u, stop[u]);
        }
      }
      for (int u = 0; u < layout.tasks; u++) {
        if ((outside & (1 << u)) == 0) {
          continue;
        }
        long others = 0;
        for (int v = 0; v < layout.tasks; v++) {
          if (v != u && (outside & (1 << v)) != 0) {
            others |= wakes[v] | writes[v];
          }
        }
        long st = stop[u] & ~others;
        if (st != stop[u]) {
          stop[u] = st;
          changed = true;
        }
      }
    }
    for (int d = 0; d < layout.cpus; d++) {
      if ((S & (1 << d)) != 0) {
        continue;
      }
      // future[d] = the union of its outside tasks' reach and its scheduler's cells (if it
      // may act at all): a memoized union where the parts are shared, else built in a buffer
      boolean acts = s.curr(d) >= 0 || s.rqMask(d) != 0;
      int count = 0;
      int single = -1;
      for (int u = 0; u < layout.tasks; u++) {
        if ((tasksOn[d] & (1 << u)) != 0 && (outside & (1 << u)) != 0 && !reached[u].isEmpty()) {
          count++;
          single = u;
          acts = true;
        }
      }
      if (!acts) {
        future[d] = empty;
      } else if (count == 0) {
        future[d] = fps.sched[d];
      } else if (count == 1 && !reachedMutable[single]) {
        future[d] = reached[single].union(fps.sched[d]);
      } else {
        Fp f = futureBuf[d];
        f.clear();
        for (int u = 0; u < layout.tasks; u++) {
          if ((tasksOn[d] & (1 << u)) != 0 && (outside & (1 << u)) != 0) {
            f.or(reached[u]);
          }
        }
        f.or(fps.sched[d]);
        future[d] = f;
      }
    }
  }

  private final long[] stop;
  /** Which state (a counter) and stops {@link #reached}[u] was computed for. */
  private long stamp;
  private final long[] reachStamp;
  private final long[] reachStops;
  private final long[] wakes;
  private final long[] writes;
  /**
   * reached[u]: what u may touch (see {@link #reach}); a shared footprint (a declaration, a
   * cached flow, a memoized union: never written) unless {@link #reachedMutable}[u], when it
   * is {@link #reachBuf}[u].
   */
  private final Fp[] reached;
  private final Fp[] reachBuf;
  private final boolean[] reachedMutable;
  /** future[d]: shared or {@link #futureBuf}[d], as reached. */
  private final Fp[] futureBuf;
  private final Fp empty;
  private final int[] known;
  private final boolean[] queuedPc;
  private final boolean[] entered;
  private final java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
  private static final int UNKNOWN = Integer.MIN_VALUE;

  /**
   * What task u may touch from s on while only outside cpus move, into {@link #reached}, and
   * the words it may futex_wake and write ({@link #wakes}, {@link #writes}), given the words
   * whose waits stop it ({@code stops}). Inside futex_wait on such a word it stays there if the
   * value check is still ahead and the word holds the expected value, or the check is behind
   * and it is still queued (asleep: it touches nothing). From user space the analysis follows
   * its program, tracking the known value of each word it writes a constant to (a join over
   * paths), and stops at a futex_wait on a stop word whose expected constant the word then
   * surely holds.
   */
  private void reach(KState s, int u, long stops) {
    if (reachStamp[u] == stamp && reachStops[u] == stops) {
      return; // the same question in the same state (another S asked it)
    }
    reachStamp[u] = stamp;
    reachStops[u] = stops;
    reachedMutable[u] = false;
    wakes[u] = 0;
    writes[u] = 0;
    List<Stmt> p = layout.scenario.tasks().get(u).program().statements();
    int size = p.size();
    int pc = s.pc(u);
    int from = pc;
    Fp step = null; // the footprint of u's next kernel step, when it is in a system call
    if (s.depth(u) > 0) {
      KStep top = kernel.table.get(s.frameStep(u, 0));
      if (top.function == kernel.futex.wait) {
        int w = s.local(u, 0, kernel.futex.waitUaddr);
        int kind = waitKind[top.id];
        boolean pending = (kind & WAIT_PENDING) != 0;
        boolean passed = (kind & WAIT_PASSED) != 0;
        boolean asleep = (kind & WAIT_W6) != 0 && s.onRq(u) == Layout.ON_RQ_NONE;
        if ((stops & (1L << w)) != 0 && (pending && s.word(w) == s.local(u, 0, kernel.futex.waitVal)
            || (passed || asleep) && s.futexLockPtr(u))) {
          // the rest of its futex_wait, up to its sleep; nothing once asleep
          reached[u] = asleep ? empty : fps.wait[u][w];
          return;
        }
      } else if (top.function == kernel.futex.wake) {
        wakes[u] |= 1L << s.local(u, 0, fps.wakeUaddr());
      }
      step = taskStep(s, u);
      from = pc + 1; // it returns from the call at pc
    }
    long key = flowKey(u, from, stops, s);
    // a multiplicative hash: the slot depends on every bit of the key (pc, which words, their
    // values at bits 24 and up); the xor-shift before it left the values of a word out of
    // the slot, so that a task at one pc alternated between two slots' worth of flows in one
    // slot, and most lookups went on to the boxed hash map
    int slot = key < 0 ? -1 : (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - RECENT_BITS));
    Flow cached = null;
    if (slot >= 0 && recentKey[u][slot] == key) {
      cached = recentFlow[u][slot]; // the same flow as lately: no boxing, no hash map
    } else if (key >= 0) {
      cached = flowCache[u].get(key);
      if (cached != null) {
        recentKey[u][slot] = key;
        recentFlow[u][slot] = cached;
      }
    }
    if (cached == null) {
      cached = flow(s, u, from, stops, p);
      if (key >= 0) {
        recentKey[u][slot] = key;
        recentFlow[u][slot] = cached;
        if (flowCache[u].size() > 100_000) {
          flowCache[u].clear();
        }
        flowCache[u].put(key, cached);
      }
    }
    wakes[u] |= cached.wakes;
    writes[u] |= cached.writes;
    if (step == null) {
      reached[u] = cached.fp; // from user space: its program's flow alone
    } else if (!fps.isScratch(step)) {
      reached[u] = cached.fp.union(step).union(fps.own[u]);
    } else {
      Fp f = reachBuf[u]; // wake_up_q's footprint, built for this state
      f.clear();
      f.or(step).or(fps.own[u]).or(cached.fp);
      reached[u] = f;
      reachedMutable[u] = true;
    }
  }

  /** What the program of task u may touch from statement {@code from} on (see {@link #reach}). */
  private record Flow(Fp fp, long wakes, long writes) {}

  /** Entries of the direct-mapped cache in front of {@link #flowCache} (a power of two). */
  private static final int RECENT_BITS = 6;
  private static final int RECENT = 1 << RECENT_BITS;
  private final long[][] recentKey;
  private final Flow[][] recentFlow;

  // waitKind[step id] of futex_wait's steps: where the value check is (see reach)
  private static final int WAIT_PENDING = 1; // the value check is still ahead
  private static final int WAIT_PASSED = 2;  // past it, not yet asleep
  private static final int WAIT_W6 = 4;      // W6: asleep unless on a runqueue again
  private final int[] waitKind;

  /** Per task: the footprint of its next step in the state of {@link #stepStamp} ({@link #taskStep}). */
  private final Fp[] stepFp;
  private final long[] stepStamp;

  /** {@link KernelFootprints#taskStep}, once per task and state. */
  private Fp taskStep(KState s, int t) {
    if (stepStamp[t] != stamp) {
      stepStamp[t] = stamp;
      stepFp[t] = fps.taskStep(s, t);
    }
    return stepFp[t];
  }

  /** flowCache[u]: {@link #flow} by {@link #flowKey}; the dataflow is most of the reduction's cost. */
  private final java.util.Map<Long, Flow>[] flowCache;
  /** waitWords[u]: the words u's program futex_waits on, or null when more than 4 (not cached). */
  private final int[][] waitWords;

  /**
   * The key of a flow: it depends on u, {@code from}, which of u's wait words stop it and
   * their values now (the other words' values decide nothing); -1 when that does not fit.
   */
  private long flowKey(int u, int from, long stops, KState s) {
    int[] ws = waitWords[u];
    if (ws == null || from >= 1 << 16) {
      return -1;
    }
    long key = from;
    for (int i = 0; i < ws.length; i++) {
      if ((stops & (1L << ws[i])) != 0) {
        int v = s.word(ws[i]);
        if (v < 0 || v > 255) {
          return -1;
        }
        key |= 1L << (16 + i) | (long) v << (24 + 8 * i);
      }
    }
    return key;
  }

  private Flow flow(KState s, int u, int from, long stops, List<Stmt> p) {
    Fp f = fps.fp();
    int size = p.size();
    long wakesU = 0;
    long writesU = 0;
    // a dataflow over the program from `from`: known[pc * words + w] is w's value on entry
    int nw = layout.words;
    java.util.Arrays.fill(queuedPc, 0, size + 1, false);
    java.util.Arrays.fill(entered, 0, size + 1, false);
    entered[from] = true;
    for (int w = 0; w < nw; w++) {
      known[from * nw + w] = (stops & (1L << w)) != 0 ? s.word(w) : UNKNOWN;
    }
    work.clear();
    work.push(from);
    queuedPc[from] = true;
    int[] vals = new int[nw];
    while (!work.isEmpty()) {
      int q = work.pop();
      queuedPc[q] = false;
      if (q >= size) {
        f.or(fps.exit[u]);
        continue;
      }
      System.arraycopy(known, q * nw, vals, 0, nw);
      Stmt st = p.get(q);
      f.or(fps.stmt[u][q]);
      if (st instanceof Stmt.FutexWait fw) {
        Integer e = constant(fw.expected());
        if ((stops & (1L << fw.word())) != 0 && e != null && vals[fw.word()] != UNKNOWN && vals[fw.word()] == e) {
          continue; // stops here: nobody else may change the word or wake it
        }
        flow(q + 1, vals);
      } else if (st instanceof Stmt.FutexWake fk) {
        wakesU |= 1L << fk.word();
        flow(q + 1, vals);
      } else if (st instanceof Stmt.Store x) {
        writesU |= 1L << x.word();
        Integer e = constant(x.value());
        vals[x.word()] = e == null ? UNKNOWN : e;
        flow(q + 1, vals);
      } else if (st instanceof Stmt.Xchg x) {
        writesU |= 1L << x.word();
        Integer e = constant(x.value());
        vals[x.word()] = e == null ? UNKNOWN : e;
        flow(q + 1, vals);
      } else if (st instanceof Stmt.Cas x) {
        writesU |= 1L << x.word();
        vals[x.word()] = UNKNOWN;
        flow(q + 1, vals);
      } else if (st instanceof Stmt.FetchAdd x) {
        writesU |= 1L << x.word();
        vals[x.word()] = UNKNOWN;
        flow(q + 1, vals);
      } else if (st instanceof Stmt.Goto g) {
        flow(g.target(), vals);
      } else if (st instanceof Stmt.If i) {
        flow(i.target(), vals);
        flow(q + 1, vals);
      } else {
        flow(q + 1, vals);
      }
    }
    return new Flow(f, wakesU, writesU);
  }

  /** Joins {@code vals} into statement q's entry values; queues q if they changed. */
  private void flow(int q, int[] vals) {
    int nw = layout.words;
    boolean changed = false;
    if (!entered[q]) {
      entered[q] = true;
      System.arraycopy(vals, 0, known, q * nw, nw);
      changed = true;
    }
    for (int w = 0; w < nw; w++) {
      int old = known[q * nw + w];
      int j = old == vals[w] ? old : UNKNOWN;
      if (j != old) {
        known[q * nw + w] = j;
        changed = true;
      }
    }
    if (changed && !queuedPc[q]) {
      queuedPc[q] = true;
      work.push(q);
    }
  }

  /** The value of an expression of literals only, else null. */
  private static Integer constant(schedcheck.model.scenario.Expr e) {
    int v = 0;
    for (schedcheck.model.scenario.Expr.Term t : e.terms()) {
      if (t.kind() != schedcheck.model.scenario.Expr.Kind.LITERAL) {
        return null;
      }
      v += t.negative() ? -t.value() : t.value();
    }
    return v;
  }

  /** The declared footprint of cpu c's step in s, for the run-time check (null: none declared). */
  Fp declaredStep(KState s, int c, int t, boolean taskStep) {
    Fp f = fps.fp().or(fps.sched[c]);
    if (t >= 0 && taskStep) {
      f.or(fps.taskStep(s, t));
    }
    return f;
  }
}
