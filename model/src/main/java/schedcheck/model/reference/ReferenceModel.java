package schedcheck.model.reference;

import static schedcheck.model.reference.RefShape.CPU;
import static schedcheck.model.reference.RefShape.FLAGS;
import static schedcheck.model.reference.RefShape.FSYS;
import static schedcheck.model.reference.RefShape.FUTEX;
import static schedcheck.model.reference.RefShape.FVAL;
import static schedcheck.model.reference.RefShape.FWORD;
import static schedcheck.model.reference.RefShape.HOME;
import static schedcheck.model.reference.RefShape.F_CRITICAL;
import static schedcheck.model.reference.RefShape.F_EXITED;
import static schedcheck.model.reference.RefShape.F_INSYS;
import static schedcheck.model.reference.RefShape.F_INTR;
import static schedcheck.model.reference.RefShape.F_ONRQ;
import static schedcheck.model.reference.RefShape.F_SIGNAL;
import static schedcheck.model.reference.RefShape.KIND;
import static schedcheck.model.reference.RefShape.MISSED;
import static schedcheck.model.reference.RefShape.MUTEX;
import static schedcheck.model.reference.RefShape.PC;
import static schedcheck.model.reference.RefShape.RUN;
import static schedcheck.model.reference.RefShape.TASK_FIXED;
import static schedcheck.model.reference.RefShape.WAITM;

import java.util.ArrayList;
import java.util.List;
import schedcheck.checker.Model;
import schedcheck.checker.Successors;
import schedcheck.checker.Symmetric;
import schedcheck.model.scenario.Expr;
import schedcheck.model.scenario.LockRef;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.Stmt;

/**
 * The reference semantics of the scenario language ({@code kernel.detail: syscall}): every
 * statement and every system call is one atomic step with the contract's meaning, under the
 * contract's scheduling policy. It is written from the contract alone and shares no step code
 * and no state encoding with the kernel model ({@code schedcheck.model.kernel}), so that the
 * differential test that compares the two can find a bug in either.
 *
 * <h2>Scheduling</h2>
 *
 * Each cpu has a running task ({@code curr}, or idle) and a runqueue (the tasks whose {@link
 * RefShape#F_ONRQ} is set and whose cpu is that cpu). A task is <em>eligible</em> when it is
 * queued and not blocked. Its <em>effective priority</em> is its {@code prio}; with {@code
 * kernel.proxy} it is also the best {@code prio} of every donor (a task blocked on a mutex,
 * which stays queued) whose blocked_on chain ends at it: the owner runs with the donor's
 * scheduling context. This is where the steps model's Proxy Execution ends up (v7.x migrates
 * the donor to the owner's cpu, so the owner runs on its own cpu with the donor's priority);
 * the reference moves a donor only when it is woken (see "Placement"). A chain that ends at a sleeping or exited
 * owner, or goes round a cycle, boosts nobody. A donor whose mutex has no owner (the first
 * waiter was woken and has not retried yet) is not eligible either. A donor whose chain goes
 * round a cycle stays eligible as the contract says but nothing can run in its place: its cpu
 * runs no task less important than it (it goes idle rather; the steps model's cpu re-picks the
 * donor for ever, the kernel's find_proxy_task spinning on the cycle).
 *
 * <p>In every state each cpu offers, in this order: an idle cpu with an eligible queued task
 * picks one of the most important ({@code SCHED}); a cpu whose curr is preemptible (holds no
 * spinlock and does not spin) while a queued eligible task is strictly more important only
 * switches to one of the most important (wakeup preemption; the reference derives it from the
 * state, where the kernel sets need_resched at the wake); otherwise curr's next statement
 * (not when it spins on a held spinlock), and a tick that switches to an equally important
 * eligible queued task (counted against {@code bounds.preemptions}; over the bound the tick is
 * reported as suppressed with the state it would reach, and the search counts it as a cut only
 * if that state is not reached otherwise, as the steps model does). A step that makes curr
 * sleep, block or exit picks the next task of its cpu in the same step.
 *
 * <h2>Placement</h2>
 *
 * Where a woken task runs is as permissive as the steps model's {@code select_task_rq} and
 * Proxy Execution's moves, per version, and no more:
 *
 * <ul>
 *   <li>A woken task that was off the runqueue (a futex waiter; without proxy a mutex waiter)
 *       goes back to the cpu it last ran on if its affinity allows, else to its first allowed
 *       cpu; with {@code kernel.proxy} (every version: the steps model's wake-up balancing) and
 *       at least one mutex declared (without one the steps model runs the kernel without
 *       Proxy Execution) it may also go to any idle cpu it may run on, nondeterministically. The wakee of {@code
 *       futex_swap} goes to the caller's cpu if its affinity allows (WF_CURRENT_CPU), unless the
 *       swap's wait half returns EAGAIN (then it is placed as a futex_wake's wakee).
 *   <li>With {@code kernel.proxy} a mutex waiter stays queued as a donor. When its unlock (or,
 *       for {@code lock_interruptible}, a signal) wakes it: under v7.2 it may be on its cpu or
 *       on any idle allowed cpu (the steps model deactivates a donor whose mutex has no owner
 *       or whose owner sleeps, and returns a proxy-migrated one in try_to_wake_up, placing
 *       both through select_task_rq); under v6.17 the same when the owner (the unlocker) runs
 *       on another cpu (merged v6.17 deactivates a donor of a remote owner), else it stays;
 *       under v7.1, when the owner runs on another cpu, it may still be queued there (proxy
 *       migration), and when that cpu would run it, it goes back to its own cpu instead
 *       ({@code proxy_force_return}, one scheduling step) and that cpu picks again; it does
 *       not preempt that cpu's task (the kernel's wakeup_preempt compares it with rq->donor,
 *       itself while its owner runs as its proxy), so it returns only when that cpu schedules
 *       for another reason (its task sleeps, blocks, exits or yields, a tick, an idle pick);
 *       else it stays. Without proxy no idle-cpu choice is made, as in the steps model.
 *   <li>The version is v7.2, the default kernel: a file at {@code detail: syscall} names no
 *       variant. The differential test gives the reference the steps file's version ({@link
 *       RefShape#peVersion}, read from the scenario's kernel variants, which only a program can
 *       set at this level).
 * </ul>
 *
 * <p>Simplifications, on purpose: the reference does not track whether a donor was picked while
 * its owner was remote, asleep or gone (the steps model moves a donor only then), so under v7.2
 * it may place an unlock-woken donor on an idle cpu in runs where the steps model could not;
 * v6.17's and v7.1's moves of a donor whose owner slept earlier are not modeled.
 *
 * <h2>Statements</h2>
 *
 * Plain statements are one step each as the contract says ({@code work}, {@code enter},
 * {@code leave} too). A blocking system call takes one step to block (the timeline says
 * {@code -> sleeps}) and, once woken and running again, one step to return (the kernel's
 * return to user space; {@code -> returns 0}); a call that does not block is one step.
 *
 * <ul>
 *   <li>{@code futex_wait X v}: X != v: r = -1 (a pending signal stays pending). X == v and a
 *       signal pending: the task joins X's queue but does not sleep (the kernel's schedule()
 *       does not sleep); its next step returns -4, consuming the signal, unless a futex wake
 *       dequeued it meanwhile, when it returns 0 and the signal stays pending (W6): so a
 *       waiter with a pending signal can absorb a wake, as in the kernel. Else the task joins X's queue (by priority, FIFO among equals, as
 *       the kernel's plist, where every non-RT task, prio >= 100, counts as 100) and sleeps. A futex wake dequeues it: it returns 0 when it runs. A
 *       signal wakes it but leaves it queued: when it runs it leaves the queue and returns -4,
 *       consuming the signal; a futex wake that dequeues it first makes it return 0 (the
 *       signal stays pending), as FUTEX_WAIT's W6 does.
 *   <li>{@code futex_wake X n}: dequeues up to n waiters of X in queue order and wakes them; r =
 *       how many. One that woke fewer than n is remembered, per word, for every other task
 *       that can sleep on X (its program has a futex_wait on X or a futex_swap waiting on X;
 *       no other task ever reads it), in bit X of {@link RefShape#MISSED}, until that task
 *       returns from a futex wait on X: the contract's lost-wakeup clause.
 *   <li>{@code futex_swap W X v}: in one step, wakes the first waiter of W (placed on the
 *       caller's cpu, or as by futex_wake when X != v: the kernel's EAGAIN path wakes it
 *       plainly), then does {@code futex_wait X v}; a wake half that finds nobody counts
 *       as a wake that woke fewer than asked, for every task but the caller.
 *   <li>{@code lock M}: free: the task owns it. Else it joins the FIFO wait list and blocks
 *       (without proxy it sleeps off the runqueue; with it, it stays queued as a donor). A task
 *       locking a mutex it owns blocks on itself: a deadlock {@code t1 -> A -> t1}. {@code
 *       unlock M} releases it and wakes the first waiter (if it is blocked), which retries when
 *       it runs and takes M if it is still free; another task may take M first (lock
 *       stealing, which the kernel allows too: its slow-path trylock takes a released mutex).
 *       The woken waiter keeps its place at the head of the list. For user-level verdicts
 *       handoff and stealing differ only in which task gets M next, which the reference leaves
 *       open: it explores both. Unlocking a mutex the task does not own is an {@code
 *       assertions} fault (and does nothing).
 *   <li>{@code r = lock_interruptible M}: as {@code lock}; when it would block with a signal
 *       pending it returns -4 (not on the list, signal consumed); a signal wakes a blocked one,
 *       which, when it runs, takes M if free (the kernel's trylock comes before its signal
 *       check) and otherwise leaves the list and returns -4. r = 0 when it owns M.
 *   <li>{@code signal t}: sets t's pending flag; wakes t if it sleeps interruptibly (a futex
 *       wait or {@code lock_interruptible}). A signal to an exited task does nothing.
 *   <li>{@code spin_lock L}: takes L when free; when held the task spins on its cpu, not
 *       preemptible (no step). Kernel lock instances ({@code rq_lock(0)}, ...) are plain
 *       spinlocks here: at this level the kernel never holds them. Holding one disables
 *       preemption. Sleeping in a futex wait, blocking on a mutex, yielding or exiting with one
 *       held is an {@code assertions} fault (the step still happens). {@code spin_unlock} of a
 *       lock the task does not hold is a fault.
 *   <li>{@code yield}: switches to an equally important eligible queued task of its cpu, if
 *       any (not counted as a preemption).
 * </ul>
 *
 * <p>Kernel variants do not apply: the parser rejects {@code variants} with {@code detail:
 * syscall}.
 *
 * <h2>What the state records, and what the fingerprint reads</h2>
 *
 * The state holds only what can still matter: a missed wake on word X is recorded only for
 * tasks that can sleep on X ({@link #waitWords}), and the fingerprint that decides whether a
 * state was seen reads a register that no statement will read again before writing it as 0
 * ({@link #deadRegisters}; exited tasks' registers are zeroed anyway). Both leave every
 * successor and every property as it was (states that differ only there are bisimilar), and
 * the states explored and shown are real ones. The N = 3 futex ring: 25,712 states with
 * neither, 7,016 with the first, 3,570 with both (tests: ReferenceMissedWakesTest).
 *
 * <p>With {@link #withSymmetry()} (on by default in {@code check}; {@code --no-symmetry}) the
 * fingerprint is that of the state's least image under the renamings of interchangeable tasks
 * ({@link RefSymmetry}, its own small function over the state's arrays, outside the steps),
 * so the search stores one state per orbit: 1,190 on the N = 3 ring (tests:
 * ReferenceSymmetryTest).
 *
 * <h2>Where the steps model may legitimately differ</h2>
 *
 * <ul>
 *   <li>Donation: the steps model's v7.2 deactivates a donor whose owner sleeps, or whose
 *       mutex has no owner, and that donor boosts nobody until it is woken; v6.17 does not
 *       donate across cpus at all. The reference keeps every donor eligible, as the contract
 *       says, so its owner is boosted again as soon as it is runnable. A donor moves only when
 *       it is woken (see "Placement").
 *   <li>Who is woken by an unlock: v7.2 hands the mutex to the owner's {@code blocked_donor}
 *       (U2c) and then no other task can take it first; the reference always wakes the first
 *       waiter and allows stealing.
 *   <li>Wakeup preemption is derived from the state (a strictly more important eligible task
 *       on the cpu), where the kernel sets need_resched at a wake: the two differ when a
 *       task's effective priority changes without a wake (a boost that starts or ends).
 *   <li>Kernel lock instances ({@code rq_lock(c)}, {@code pi_lock(t)}, {@code wait_lock(M)},
 *       {@code blocked_lock(t)}) taken by programs are independent spinlocks here; in the
 *       steps model the kernel takes them too (a task holding {@code rq_lock(0)} stops cpu0's
 *       scheduler and every wake onto cpu0; one holding {@code wait_lock(A)} stops {@code lock
 *       A}), so deadlocks through them, and {@code lock-order} findings about the kernel's own
 *       locks, exist only there.
 *   <li>{@code invariants} are the kernel model's and hold trivially here.
 * </ul>
 */
public final class ReferenceModel implements Model<RefState, RefStep>, Symmetric<RefState> {

  private final Scenario scenario;
  private final RefShape shape;
  private final int preemptionBound;

  // the step being built
  int[] w;
  private final StringBuilder note = new StringBuilder();
  private RefStep.Acquired acquired;
  // nondeterministic choices of the step being built (an odometer)
  private final int[] choice = new int[64];
  private final int[] limit = new int[64];
  private int nChoices;
  private int pos;

  private final schedcheck.checker.IntsFingerprint fingerprints = new schedcheck.checker.IntsFingerprint();

  /** Per task, the words its program can sleep on in a futex wait ({@link #waitWords(Scenario)}). */
  private final int[] waitWords;
  private final boolean missedEveryTask;
  private final boolean keepDeadRegisters;
  /** Per task, per pc the registers dead there ({@link #deadRegisters}), or null: none. */
  private final int[][] deadAt;
  /** Whether some register is dead somewhere: else the fingerprint reads the state as it is. */
  private final boolean anyDead;
  /** Per task its program's statements (statement(t, pc)). */
  private final Stmt[][] programs;
  /** Per task and pc the spinlock instance its statement there takes ({@link #spinLockOf}), or -1. */
  private final int[][] spinLockAt;
  /** Per task its prio (effective() without proxy execution; never written). */
  private final int[] prios;

  /**
   * The renamings the fingerprint identifies states up to ({@link #withSymmetry()}), or null:
   * every state is fingerprinted as itself. Its own scratch buffers per model copy.
   */
  private RefSymmetry symmetry;

  /** UMCG's reference semantics (docs/umcg.md), when a program uses it. */
  private final UmcgRef umcg;
  /** The same under umcg-v0.9.1 (docs/umcg.md "v0.9.1"), else null. */
  private final UmcgRefV091 umcgV091;

  public ReferenceModel(Scenario scenario) {
    this(scenario, false);
  }

  /**
   * {@code everyTask}: record a wake that woke fewer than asked for every other task, as the
   * reference did before 2026-12-01, instead of only for the tasks that can sleep on its word
   * ({@link #waitWords(Scenario)}); the same verdicts, more states (tests compare the two).
   */
  public ReferenceModel(Scenario scenario, boolean everyTask) {
    this(scenario, everyTask, false);
  }

  /**
   * {@code keepDeadRegisters}: fingerprint every register, as before 2026-12-01, instead of
   * reading a register no statement will read again as 0 ({@link #deadRegisters}); the same
   * verdicts, more states.
   */
  public ReferenceModel(Scenario scenario, boolean everyTask, boolean keepDeadRegisters) {
    this.scenario = scenario;
    this.missedEveryTask = everyTask;
    this.keepDeadRegisters = keepDeadRegisters;
    this.shape = new RefShape(scenario);
    this.umcg = shape.umcg && shape.umcgIdleAt < 0 ? new UmcgRef(this, shape) : null;
    this.umcgV091 = shape.umcgIdleAt >= 0 ? new UmcgRefV091(this, shape) : null;
    this.preemptionBound = scenario.bounds().preemptions();
    this.waitWords = everyTask ? allWords(scenario.tasks().size()) : waitWords(scenario);
    int n = scenario.tasks().size();
    this.programs = new Stmt[n][];
    this.spinLockAt = new int[n][];
    this.prios = new int[n];
    for (int t = 0; t < n; t++) {
      programs[t] = scenario.tasks().get(t).program().statements().toArray(new Stmt[0]);
      spinLockAt[t] = new int[programs[t].length];
      for (int pc = 0; pc < programs[t].length; pc++) {
        LockRef r = spinLockOf(programs[t][pc]);
        spinLockAt[t][pc] = r == null ? -1 : shape.lockOf(r);
      }
      prios[t] = shape.prio(t);
    }
    this.deadAt = new int[n][];
    boolean any = false;
    // with UMCG (any program using it) nothing is dead: its notify-resume path runs inside
    // other statements; kept out of the analysis rather than reasoned about
    for (int t = 0; t < n && !keepDeadRegisters && !shape.umcg; t++) {
      deadAt[t] = deadRegisters(programs[t], shape.regs(t));
      for (int d : deadAt[t] == null ? new int[0] : deadAt[t]) {
        any |= d != 0;
      }
    }
    this.anyDead = any;
  }

  /**
   * Per pc (0 .. the program's length, the last: at its end) the registers (a mask) no
   * statement of the program will read again before writing them: the textbook backward
   * live-variable analysis over the program's statements, {@code goto} and {@code if} its only
   * jumps. A statement reads the registers in its operands ({@link Expr}) and writes its result
   * register ({@code r = ...}) when it completes, which every such statement does before the
   * task runs another (a blocked futex_wait or lock_interruptible writes it on its return).
   * Null (nothing is dead) when the program has a statement this list does not know (UMCG's,
   * a subsystem's own) or more than 31 registers, and for every task when a program uses UMCG. The fingerprint reads a dead register as 0
   * ({@link #hash}): two states that differ only there have the same successors up to it and
   * the same properties (no property reads a register), so the search stores one of them;
   * the states it explores and reports are real ones, with every register as the program set it.
   */
  public static int[] deadRegisters(Stmt[] p, int regs) {
    if (regs == 0 || regs > 31) {
      return null;
    }
    int n = p.length;
    int[] reads = new int[n];
    int[] writes = new int[n];
    for (int pc = 0; pc < n; pc++) {
      Stmt st = p[pc];
      int r = -1;
      List<Expr> in = new ArrayList<>();
      if (st instanceof Stmt.Assign s) {
        r = s.reg();
        in.add(s.value());
      } else if (st instanceof Stmt.Load s) {
        r = s.reg();
      } else if (st instanceof Stmt.Store s) {
        in.add(s.value());
      } else if (st instanceof Stmt.Cas s) {
        r = s.reg();
        in.add(s.expected());
        in.add(s.desired());
      } else if (st instanceof Stmt.Xchg s) {
        r = s.reg();
        in.add(s.value());
      } else if (st instanceof Stmt.FetchAdd s) {
        r = s.reg();
        in.add(s.value());
      } else if (st instanceof Stmt.FutexWait s) {
        r = s.reg();
        in.add(s.expected());
      } else if (st instanceof Stmt.FutexWake s) {
        r = s.reg();
        in.add(s.count());
      } else if (st instanceof Stmt.FutexSwap s) {
        r = s.reg();
        in.add(s.expected());
      } else if (st instanceof Stmt.LockInterruptible s) {
        r = s.reg();
      } else if (st instanceof Stmt.If s) {
        in.add(s.left());
        in.add(s.right());
      } else if (st instanceof Stmt.Assert s) {
        in.add(s.left());
        in.add(s.right());
      } else if (!(st instanceof Stmt.Lock || st instanceof Stmt.Unlock || st instanceof Stmt.Signal
          || st instanceof Stmt.SpinLock || st instanceof Stmt.SpinUnlock || st instanceof Stmt.Goto
          || st instanceof Stmt.Enter || st instanceof Stmt.Leave || st instanceof Stmt.Yield
          || st instanceof Stmt.Work)) {
        return null;
      }
      writes[pc] = r >= 0 ? 1 << r : 0;
      for (Expr e : in) {
        for (Expr.Term term : e.terms()) {
          if (term.kind() == Expr.Kind.REGISTER) {
            reads[pc] |= 1 << term.value();
          }
        }
      }
    }
    int[] live = new int[n + 1]; // live[n] = 0: at the end the task exits
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int pc = n - 1; pc >= 0; pc--) {
        int out;
        if (p[pc] instanceof Stmt.Goto g) {
          out = live[g.target()];
        } else if (p[pc] instanceof Stmt.If f) {
          out = live[f.target()] | live[pc + 1];
        } else {
          out = live[pc + 1];
        }
        int in = reads[pc] | (out & ~writes[pc]);
        if (in != live[pc]) {
          live[pc] = in;
          changed = true;
        }
      }
    }
    int all = (1 << regs) - 1;
    int[] dead = new int[n + 1];
    for (int pc = 0; pc <= n; pc++) {
      dead[pc] = ~live[pc] & all;
    }
    return dead;
  }

  private static int[] allWords(int tasks) {
    int[] m = new int[tasks];
    java.util.Arrays.fill(m, -1);
    return m;
  }

  /** Whether this model records missed wakes for every task (the old rule: a test's control). */
  public boolean missedEveryTask() {
    return missedEveryTask;
  }

  public Scenario scenario() {
    return scenario;
  }

  public RefShape shape() {
    return shape;
  }

  // ---------------------------------------------------------------- Model

  @Override
  public List<RefState> initialStates() {
    int[] base = new int[shape.size];
    for (int i = 0; i < shape.words; i++) {
      base[shape.wordBase + i] = scenario.memory().get(i).initial();
    }
    for (int t = 0; t < shape.tasks; t++) {
      base[shape.t(t, CPU)] = scenario.tasks().get(t).cpu();
      base[shape.t(t, FLAGS)] = F_ONRQ;
    }
    List<RefState> out = new ArrayList<>();
    nChoices = 0;
    do {
      begin(base);
      for (int c = 0; c < shape.cpus; c++) {
        pick(c, best(c, -1));
      }
      out.add(new RefState(w));
    } while (nextChoices());
    return out;
  }

  /**
   * PCT's actors (random schedules): a task, wherever it runs; a cpu's scheduler when no task
   * takes the step (an idle cpu's {@code __schedule}).
   */
  @Override
  public int actor(RefStep step) {
    return step.task() >= 0 ? step.task() : -1 - step.cpu();
  }

  @Override
  public long fingerprint(RefState s) {
    return hash(s, false);
  }

  @Override
  public boolean boundsItself() {
    return preemptionBound >= 0;
  }

  /** The same scenario without a preemption bound (liveness lassos replay on it). */
  @Override
  public ReferenceModel withoutOwnBounds() {
    if (preemptionBound < 0) {
      return this;
    }
    Scenario sc = scenario;
    Scenario.Bounds b = sc.bounds();
    return new ReferenceModel(new Scenario(sc.file(), sc.name(), sc.description(), sc.cpus(), sc.kernel(),
        sc.memory(), sc.mutexes(), sc.locks(), sc.tasks(), sc.check(),
        new Scenario.Bounds(-1, b.depth(), b.states(), b.time()), sc.expect()), missedEveryTask, keepDeadRegisters)
        .withSymmetryOf(this);
  }

  /** This model with {@code other}'s symmetry (the same renamings, scratch buffers of its own). */
  private ReferenceModel withSymmetryOf(ReferenceModel other) {
    symmetry = other.symmetry == null ? null : other.symmetry.copy();
    return this;
  }

  @Override
  public long unboundedFingerprint(RefState s) {
    return hash(s, true);
  }

  private long hash(RefState s, boolean withoutPreemptions) {
    int[] v = s.v;
    if (anyDead) {
      v = deadZeroed(v);
    }
    if (symmetry != null) {
      v = symmetry.canonical(v); // the preemption count is never renamed: it decides no least image
      lastCanonV = s.v;
      lastCanonElement = symmetry.lastCanonicalizer();
    }
    return fingerprints.of(v, withoutPreemptions ? shape.gPreempt : -1);
  }

  // The canonicalizer of the state fingerprinted last (a by-product of its canonical image, as
  // KernelModel keeps it): what canonicalizer() returns for it without renaming it again.
  private int[] lastCanonV;
  private int lastCanonElement;

  // ---------------------------------------------------------------- symmetry (RefSymmetry)

  /**
   * This model with symmetry reduction: its fingerprint is that of the least image of the
   * state (its dead registers read as 0) under the renamings of {@link RefSymmetry}, so a
   * search stores one state per orbit; the states, steps and successors are this model's.
   * {@code this} when the scenario has no symmetry (or this model has it already).
   */
  public ReferenceModel withSymmetry() {
    if (symmetry != null) {
      return this;
    }
    RefSymmetry sym = RefSymmetry.of(scenario, shape);
    if (sym == null) {
      return this;
    }
    ReferenceModel m = new ReferenceModel(scenario, missedEveryTask, keepDeadRegisters);
    m.symmetry = sym;
    return m;
  }

  @Override
  public int groupSize() {
    return symmetry == null ? 1 : symmetry.order();
  }

  @Override
  public int compose(int a, int b) {
    return symmetry == null ? 0 : symmetry.compose(a, b);
  }

  @Override
  public int inverse(int a) {
    return symmetry == null ? 0 : symmetry.inverse(a);
  }

  /**
   * The element whose image of {@code state} (dead registers read as 0) is its canonical form.
   * For the state fingerprinted last (the successor just handed to the checker, the usual
   * caller: the one-pass liveness search asks it of every edge) it is the by-product of that
   * fingerprint; for any other it renames the state again. A state's array never changes.
   */
  @Override
  public int canonicalizer(RefState state) {
    if (symmetry == null) {
      return 0;
    }
    if (state.v != lastCanonV) {
      int g = symmetry.canonicalizer(anyDead ? deadZeroed(state.v) : state.v);
      lastCanonV = state.v;
      lastCanonElement = g;
    }
    return lastCanonElement;
  }

  /** The index task t gets under group element g ({@link #groupSize}). */
  public int renameTask(int g, int t) {
    return symmetry == null ? t : symmetry.tasks[g][t];
  }

  /** The index cpu c gets under group element g. */
  public int renameCpu(int g, int c) {
    return symmetry == null ? c : symmetry.cpus[g][c];
  }

  /** Whether some element of the group renames a cpu. */
  public boolean renamesCpus() {
    return symmetry != null && symmetry.renamesCpus();
  }

  /** The image of {@code s} under group element g (a real state only when the scenario's initial states are invariant; for tests). */
  public RefState rename(RefState s, int g) {
    if (symmetry == null) {
      return s;
    }
    int[] out = new int[s.v.length];
    symmetry.image(s.v, g, out);
    return new RefState(out);
  }

  private int[] hashBuffer = new int[0];

  /**
   * {@code v} with every register dead at its task's pc ({@link #deadRegisters}) read as 0: {@code
   * v} itself when those registers are 0 already (the common case: no copy on the hot path), else
   * a scratch copy.
   */
  private int[] deadZeroed(int[] v) {
    int[] x = v;
    for (int t = 0; t < deadAt.length; t++) {
      int[] dead = deadAt[t];
      if (dead == null) {
        continue;
      }
      int pc = v[shape.t(t, PC)];
      int mask = pc < dead.length ? dead[pc] : dead[dead.length - 1];
      while (mask != 0) {
        int r = Integer.numberOfTrailingZeros(mask);
        mask &= mask - 1;
        int at = shape.t(t, TASK_FIXED + r);
        if (x[at] != 0) {
          if (x == v) {
            if (hashBuffer.length != v.length) {
              hashBuffer = new int[v.length];
            }
            System.arraycopy(v, 0, hashBuffer, 0, v.length);
            x = hashBuffer;
          }
          x[at] = 0;
        }
      }
    }
    return x;
  }

  private enum Action { PICK, PREEMPT, TASK, TICK }

  @Override
  public void successors(RefState s, Successors<RefState, RefStep> out) {
    for (int c = 0; c < shape.cpus; c++) {
      int t = shape.curr(s, c);
      w = s.v;
      if (t < 0) {
        if (best(c, -1) != 0) {
          run(s, out, c, -1, Action.PICK);
        }
        continue;
      }
      boolean spinning = spinningOn(s, t) >= 0;
      boolean preemptible = !spinning && !holdsAny(t);
      w = s.v;
      if (preemptible && (better(c, t) != 0 || effective()[t] > cycleFloor(c))) {
        run(s, out, c, t, Action.PREEMPT);
        continue;
      }
      if (!spinning) {
        run(s, out, c, t, Action.TASK);
      }
      w = s.v;
      if (preemptible && equals(c, t) != 0) {
        if (preemptionBound >= 0 && shape.preemptions(s) >= preemptionBound) {
          suppressed.out = out;
          run(s, suppressed, c, t, Action.TICK);
        } else {
          run(s, out, c, t, Action.TICK);
        }
      }
    }
  }

  /** Passes the steps it is given on as steps the preemption bound suppressed. */
  private static final class Suppressed implements Successors<RefState, RefStep> {
    Successors<RefState, RefStep> out;

    @Override
    public void next(RefStep action, RefState state) {
      out.cut("preemptions", state);
    }

    @Override
    public void cut(String bound) {
      out.cut(bound);
    }
  }

  private final Suppressed suppressed = new Suppressed();

  private void run(RefState s, Successors<RefState, RefStep> out, int c, int t, Action a) {
    nChoices = 0;
    do {
      begin(s.v);
      RefStep.Kind kind;
      String text;
      switch (a) {
        case PICK -> {
          kind = RefStep.Kind.SCHED;
          text = "schedule: idle cpu picks a task";
          pick(c, best(c, -1));
        }
        case PREEMPT -> {
          kind = RefStep.Kind.SCHED;
          text = "preempted by a more important task";
          pick(c, best(c, -1));
        }
        case TICK -> {
          kind = RefStep.Kind.SCHED;
          text = "tick: preempted by an equally important task";
          pick(c, equals(c, t));
          if (preemptionBound >= 0) {
            w[shape.gPreempt]++;
          }
        }
        default -> {
          Stmt st = statement(t, w[shape.t(t, PC)]);
          if (st == null) {
            kind = RefStep.Kind.EXIT;
            text = "exit";
            exit(c, t);
          } else {
            text = st.text();
            kind = userStep(c, t, st);
          }
        }
      }
      out.next(new RefStep(c, t, kind, text, note.toString(), acquired), new RefState(w));
    } while (nextChoices());
  }

  // ---------------------------------------------------------------- choices and the work array

  private void begin(int[] from) {
    w = from.clone();
    note.setLength(0);
    acquired = null;
    pos = 0;
  }

  private int choose(int n) {
    if (n <= 1) {
      return 0;
    }
    if (pos < nChoices) {
      limit[pos] = n;
      return choice[pos++];
    }
    choice[nChoices] = 0;
    limit[nChoices] = n;
    nChoices++;
    pos++;
    return 0;
  }

  private boolean nextChoices() {
    nChoices = pos;
    while (nChoices > 0) {
      if (choice[nChoices - 1] + 1 < limit[nChoices - 1]) {
        choice[nChoices - 1]++;
        return true;
      }
      nChoices--;
    }
    return false;
  }

  void note(String s) {
    if (note.length() > 0) {
      note.append("; ");
    }
    note.append(s);
  }

  int get(int t, int f) {
    return w[shape.t(t, f)];
  }

  void set(int t, int f, int v) {
    w[shape.t(t, f)] = v;
  }

  boolean flag(int t, int f) {
    return (get(t, FLAGS) & f) != 0;
  }

  void setFlag(int t, int f, boolean on) {
    int v = get(t, FLAGS);
    set(t, FLAGS, on ? v | f : v & ~f);
  }

  void setReg(int t, int r, int v) {
    if (r >= 0) {
      w[shape.t(t, TASK_FIXED + r)] = v;
    }
  }

  private void fault(int kind, int t, int info) {
    if (w[shape.gFaultKind] == RefShape.FAULT_NONE) {
      w[shape.gFaultKind] = kind;
      w[shape.gFaultTask] = t;
      w[shape.gFaultInfo] = info;
    }
  }

  Stmt statement(int t, int pc) {
    Stmt[] p = programs[t];
    return pc < p.length ? p[pc] : null;
  }

  // ---------------------------------------------------------------- scheduling

  /** Queued and not blocked, and not exited. */
  private boolean eligible(int t) {
    return flag(t, F_ONRQ) && get(t, KIND) == RUN && !flag(t, F_EXITED);
  }

  /** The effective priority of every task in the work array (proxy: donors boost their chain's end). */
  private int[] effective() {
    if (!shape.proxy) {
      return prios; // nobody donates: read only
    }
    int[] eff = prios.clone();
    for (int d = 0; d < shape.tasks; d++) {
      if (get(d, KIND) != MUTEX || flag(d, F_EXITED)) {
        continue;
      }
      int u = d;
      int steps = 0;
      while (u >= 0 && get(u, KIND) == MUTEX && steps++ <= shape.tasks) {
        int m = get(u, WAITM) - 1;
        u = m < 0 ? -1 : w[shape.mutexBase + m * (1 + shape.tasks)] - 1;
      }
      if (u >= 0 && get(u, KIND) == RUN && !flag(u, F_EXITED)) {
        eff[u] = Math.min(eff[u], shape.prio(d));
      }
    }
    return eff;
  }

  /**
   * Whether d is a donor (proxy execution) whose blocked_on chain goes round a cycle: it stays
   * eligible (the contract) but no owner can run in its place, so its cpu runs nothing for it
   * (the kernel's find_proxy_task spins on the cycle, or re-picks a self-waiting donor).
   */
  private boolean cycleDonor(int d) {
    if (!shape.proxy || get(d, KIND) != MUTEX || !flag(d, F_ONRQ) || flag(d, F_EXITED)) {
      return false;
    }
    boolean[] seen = new boolean[shape.tasks];
    int u = d;
    while (u >= 0 && get(u, KIND) == MUTEX && !flag(u, F_EXITED)) {
      if (seen[u]) {
        return true;
      }
      seen[u] = true;
      int m = get(u, WAITM) - 1;
      u = m < 0 ? -1 : ownerOf(m);
    }
    return false;
  }

  /**
   * The best prio of a cycle donor queued on cpu c, or MAX_VALUE: a task less important than
   * it cannot run on c (the donor is picked before it, and running it runs nothing).
   */
  private int cycleFloor(int c) {
    int floor = Integer.MAX_VALUE;
    if (!shape.proxy) {
      return floor; // no donors, no cycle donors (cycleDonor)
    }
    for (int d = 0; d < shape.tasks; d++) {
      if (get(d, CPU) == c && cycleDonor(d)) {
        floor = Math.min(floor, shape.prio(d));
      }
    }
    return floor;
  }

  /** The eligible queued tasks of cpu c with the best effective priority, but {@code except}, as a mask. */
  private int best(int c, int except) {
    int[] eff = effective();
    int floor = cycleFloor(c);
    int bestPrio = Integer.MAX_VALUE;
    int mask = 0;
    for (int t = 0; t < shape.tasks; t++) {
      if (t == except || !eligible(t) || get(t, CPU) != c || eff[t] > floor) {
        continue;
      }
      if (eff[t] < bestPrio) {
        bestPrio = eff[t];
        mask = 1 << t;
      } else if (eff[t] == bestPrio) {
        mask |= 1 << t;
      }
    }
    return mask;
  }

  /** The eligible queued tasks of c strictly more important than t (effective priorities). */
  private int better(int c, int t) {
    int[] eff = effective();
    int mask = 0;
    for (int u = 0; u < shape.tasks; u++) {
      // a waiter woken while proxy-migrated here (HOME) preempts nobody: the kernel's
      // wakeup_preempt compares it with rq->donor, which is that waiter itself while its owner
      // runs here as its proxy; it goes home when this cpu schedules for another reason
      if (u != t && eligible(u) && get(u, CPU) == c && get(u, HOME) == 0 && eff[u] < eff[t]) {
        mask |= 1 << u;
      }
    }
    return mask;
  }

  /** The eligible queued tasks of c (other than t) exactly as important as t, t being among the best. */
  private int equals(int c, int t) {
    int[] eff = effective();
    if (eff[t] > cycleFloor(c)) {
      return 0;
    }
    int mask = 0;
    for (int u = 0; u < shape.tasks; u++) {
      if (u != t && eligible(u) && get(u, CPU) == c) {
        if (eff[u] < eff[t]) {
          return 0;
        }
        if (eff[u] == eff[t]) {
          mask |= 1 << u;
        }
      }
    }
    return mask;
  }

  /** Cpu c runs one task of {@code mask} (chosen nondeterministically), or goes idle. */
  private void pick(int c, int mask) {
    int n = Integer.bitCount(mask);
    int next = -1;
    if (n > 0) {
      int k = choose(n);
      for (int t = 0; t < shape.tasks; t++) {
        if ((mask & (1 << t)) != 0 && k-- == 0) {
          next = t;
          break;
        }
      }
    }
    if (next >= 0 && get(next, HOME) != 0) {
      // proxy_force_return (v7.1): the woken waiter goes back home; this cpu picks again.
      int home = get(next, HOME) - 1;
      set(next, HOME, 0);
      set(next, CPU, home);
      note("proxy_force_return: " + shape.taskName(next) + " back to cpu" + home);
      int rest = mask & ~(1 << next);
      pick(c, rest != 0 ? rest : best(c, -1));
      return;
    }
    int prev = w[shape.cpuBase + c] - 1;
    w[shape.cpuBase + c] = next + 1;
    if (next != prev) {
      note("switch to " + shape.taskName(next));
    }
  }

  /** Task t (running on c) stops running: its cpu picks the next task. */
  void reschedule(int c, int t) {
    pick(c, best(c, t));
  }

  /**
   * Wakes t (TASK_RUNNING) and, if it is off the runqueue, places it: on {@code wakerCpu} if
   * given and allowed, else on its previous cpu (or first allowed), or with proxy execution
   * also any idle allowed cpu.
   */
  void wake(int t, int wakerCpu) {
    wake(t, wakerCpu, -1);
  }

  /**
   * As {@link #wake(int, int)}; {@code ownerCpu} is, for a mutex waiter, the cpu of the task
   * that owned its mutex (the unlocker), or -1: a waiter that stays queued as a donor (proxy
   * execution) is placed by {@link #placeDonor}.
   */
  private void wake(int t, int wakerCpu, int ownerCpu) {
    boolean donor = shape.proxy && flag(t, F_ONRQ) && get(t, KIND) == MUTEX;
    set(t, KIND, RUN);
    if (flag(t, F_ONRQ)) {
      if (donor) {
        placeDonor(t, ownerCpu);
      }
      return;
    }
    int cpu;
    if (wakerCpu >= 0 && shape.allowed(t, wakerCpu)) {
      cpu = wakerCpu;
    } else {
      cpu = selectCpu(t, get(t, CPU));
    }
    set(t, CPU, cpu);
    setFlag(t, F_ONRQ, true);
  }

  /**
   * The steps model's select_task_rq: from {@code from} if t may run there, else its first
   * allowed cpu; with proxy execution also any idle cpu t may run on, nondeterministically.
   */
  private int selectCpu(int t, int from) {
    int start = from;
    if (!shape.allowed(t, start)) {
      start = scenario.tasks().get(t).affinity().get(0);
    }
    if (!shape.proxy || shape.mutexes == 0) {
      return start; // the steps model runs Proxy Execution (and its placement) only with mutexes
    }
    int[] cand = new int[shape.cpus];
    int n = 0;
    cand[n++] = start;
    for (int c = 0; c < shape.cpus; c++) {
      if (c != start && shape.allowed(t, c) && w[shape.cpuBase + c] == 0) {
        cand[n++] = c;
      }
    }
    return cand[choose(n)];
  }

  /**
   * Where a donor (a queued mutex waiter, proxy execution) is when its unlock or a signal
   * wakes it, as the steps model's versions allow (see the class comment, "Placement"):
   * v7.2 and, when its owner runs on another cpu, v6.17: its cpu or any idle allowed cpu
   * (the donor may have been deactivated, or proxy-migrated and returned by ttwu, and is
   * placed by select_task_rq); v7.1 with a remote owner: its cpu, or still on the owner's
   * cpu where proxy migration put it, returning home when that cpu would run it
   * (proxy_force_return, see {@link #pick}).
   */
  private void placeDonor(int t, int ownerCpu) {
    int cpu = get(t, CPU);
    boolean remote = ownerCpu >= 0 && ownerCpu != cpu;
    if (shape.peVersion == 702 || shape.peVersion == 617 && remote) {
      int to = selectCpu(t, cpu);
      if (to != cpu) {
        set(t, CPU, to);
        note(shape.taskName(t) + " placed on idle cpu" + to);
      }
    } else if (shape.peVersion == 701 && remote && choose(2) == 1) {
      set(t, HOME, cpu + 1);
      set(t, CPU, ownerCpu);
      note(shape.taskName(t) + " woken on cpu" + ownerCpu + " (proxy-migrated there), returns to cpu" + cpu + " when picked");
    }
  }

  private boolean holdsAny(int t) {
    for (int l = 0; l < shape.locks; l++) {
      if (w[shape.lockBase + l] == t + 1) {
        return true;
      }
    }
    return false;
  }

  private List<Integer> heldList(int t) {
    List<Integer> out = new ArrayList<>();
    for (int l = 0; l < shape.locks; l++) {
      if (w[shape.lockBase + l] == t + 1) {
        out.add(l);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- queues

  private int queueAt(int w0, int i) {
    return w[shape.queueBase + w0 * shape.tasks + i] - 1;
  }

  /**
   * Adds t to word x's futex queue: after every waiter at least as important (plist), where
   * every non-RT task (prio >= 100) counts as MAX_RT_PRIO, so non-RT waiters are FIFO [P domain
   * futex-and-swap.md: __futex_queue's plist_node_init(&q->list, min(current->normal_prio,
   * MAX_RT_PRIO)); the kernel model's Work.listInsertByPrio]. Sorting normal tasks by their
   * prio made a wake pick a later, more important waiter (campaign seed 7373, scenario 13268,
   * differential/fixed/futex-queue-fifo-among-normal-tasks.yaml).
   */
  private void futexEnqueue(int x, int t) {
    int base = shape.queueBase + x * shape.tasks;
    int key = Math.min(shape.prio(t), 100);
    int i = 0;
    while (i < shape.tasks && w[base + i] != 0 && Math.min(shape.prio(w[base + i] - 1), 100) <= key) {
      i++;
    }
    for (int j = shape.tasks - 1; j > i; j--) {
      w[base + j] = w[base + j - 1];
    }
    w[base + i] = t + 1;
    set(t, FWORD, x + 1);
  }

  private void remove(int base, int t) {
    int i = 0;
    while (i < shape.tasks && w[base + i] != t + 1) {
      i++;
    }
    if (i == shape.tasks) {
      return;
    }
    for (int j = i; j < shape.tasks - 1; j++) {
      w[base + j] = w[base + j + 1];
    }
    w[base + shape.tasks - 1] = 0;
  }

  private void futexDequeue(int t) {
    int x = get(t, FWORD) - 1;
    if (x >= 0) {
      remove(shape.queueBase + x * shape.tasks, t);
      set(t, FWORD, 0);
    }
  }

  private int ownerOf(int m) {
    return w[shape.mutexBase + m * (1 + shape.tasks)] - 1;
  }

  private void setOwner(int m, int t) {
    w[shape.mutexBase + m * (1 + shape.tasks)] = t + 1;
  }

  private int waitersBase(int m) {
    return shape.mutexBase + m * (1 + shape.tasks) + 1;
  }

  // ---------------------------------------------------------------- statements

  int eval(int t, Expr e) {
    int v = 0;
    for (Expr.Term term : e.terms()) {
      int x = switch (term.kind()) {
        case LITERAL -> term.value();
        case REGISTER -> get(t, TASK_FIXED + term.value());
        case WORD -> w[shape.wordBase + term.value()];
      };
      v += term.negative() ? -x : x;
    }
    return v;
  }

  void advance(int t) {
    set(t, PC, get(t, PC) + 1);
  }

  private RefStep.Kind userStep(int c, int t, Stmt st) {
    int pc = get(t, PC);
    if (umcg != null && umcg.notifyPending(w, t)) {
      return umcg.notifyResume(c, t); // before the statement: a kick's return to user (UmcgRef)
    }
    if (st instanceof Stmt.Assign s) {
      setReg(t, s.reg(), eval(t, s.value()));
    } else if (st instanceof Stmt.Load s) {
      setReg(t, s.reg(), w[shape.wordBase + s.word()]);
    } else if (st instanceof Stmt.Store s) {
      w[shape.wordBase + s.word()] = eval(t, s.value());
    } else if (st instanceof Stmt.Cas s) {
      int old = w[shape.wordBase + s.word()];
      int expected = eval(t, s.expected());
      int desired = eval(t, s.desired());
      if (old == expected) {
        w[shape.wordBase + s.word()] = desired;
      }
      setReg(t, s.reg(), old);
    } else if (st instanceof Stmt.Xchg s) {
      int old = w[shape.wordBase + s.word()];
      w[shape.wordBase + s.word()] = eval(t, s.value());
      setReg(t, s.reg(), old);
    } else if (st instanceof Stmt.FetchAdd s) {
      int old = w[shape.wordBase + s.word()];
      w[shape.wordBase + s.word()] = old + eval(t, s.value());
      setReg(t, s.reg(), old);
    } else if (st instanceof Stmt.FutexWait s) {
      if (flag(t, F_INSYS)) {
        return futexReturn(c, t, s.reg());
      }
      futexWait(c, t, s.reg(), s.word(), eval(t, s.expected()));
      return RefStep.Kind.SYSCALL;
    } else if (st instanceof Stmt.FutexWake s) {
      int n = eval(t, s.count());
      int woke = futexWake(t, s.word(), n, -1);
      setReg(t, s.reg(), woke);
      advance(t);
      note("returns " + woke);
      return RefStep.Kind.SYSCALL;
    } else if (st instanceof Stmt.FutexSwap s) {
      if (flag(t, F_INSYS)) {
        return futexReturn(c, t, s.reg());
      }
      int v = eval(t, s.expected());
      // S4: the wakee goes to the caller's cpu (WF_CURRENT_CPU) only when the caller's q is
      // still queued; when the wait half returns EAGAIN it is a plain ttwu (domain
      // futex-and-swap.md, section 5). The wake half changes no word, so the check can come first.
      futexWake(t, s.wakeWord(), 1, w[shape.wordBase + s.waitWord()] == v ? c : -1);
      futexWait(c, t, s.reg(), s.waitWord(), v);
      return RefStep.Kind.SYSCALL;
    } else if (st instanceof Stmt.Lock s) {
      boolean retry = flag(t, F_INSYS);
      lock(c, t, s.mutex(), -1, false);
      return retry ? RefStep.Kind.RETURN : RefStep.Kind.SYSCALL;
    } else if (st instanceof Stmt.LockInterruptible s) {
      boolean retry = flag(t, F_INSYS);
      lock(c, t, s.mutex(), s.reg(), true);
      return retry ? RefStep.Kind.RETURN : RefStep.Kind.SYSCALL;
    } else if (st instanceof Stmt.Unlock s) {
      unlock(t, s.mutex());
      advance(t);
      return RefStep.Kind.SYSCALL;
    } else if (st instanceof Stmt.Signal s) {
      signal(s.task());
      advance(t);
      return RefStep.Kind.SYSCALL;
    } else if (spinLockAt[t][pc] >= 0) {
      int l = spinLockAt[t][pc];
      acquired = new RefStep.Acquired(t, l, heldList(t));
      w[shape.lockBase + l] = t + 1;
    } else if (st instanceof Stmt.SpinUnlock s) {
      int l = shape.lockOf(s.lock());
      if (w[shape.lockBase + l] != t + 1) {
        fault(RefShape.FAULT_UNLOCK_NOT_HELD, t, l);
        note("it does not hold " + shape.lockName(l));
      } else {
        w[shape.lockBase + l] = 0;
      }
    } else if (st instanceof Stmt.If s) {
      boolean taken = s.op().test(eval(t, s.left()), eval(t, s.right()));
      set(t, PC, taken ? s.target() : pc + 1);
      return RefStep.Kind.USER;
    } else if (st instanceof Stmt.Goto s) {
      set(t, PC, s.target());
      return RefStep.Kind.USER;
    } else if (st instanceof Stmt.Enter) {
      setFlag(t, F_CRITICAL, true);
    } else if (st instanceof Stmt.Leave) {
      setFlag(t, F_CRITICAL, false);
    } else if (st instanceof Stmt.Assert s) {
      int a = eval(t, s.left());
      int b = eval(t, s.right());
      if (!s.op().test(a, b)) {
        fault(RefShape.FAULT_ASSERT, t, pc);
        note("assertion fails: " + a + " " + s.op().symbol + " " + b);
      }
    } else if (st instanceof Stmt.Yield) {
      if (holdsAny(t)) {
        fault(RefShape.FAULT_SLEEP_WITH_SPINLOCK, t, heldList(t).get(0));
      }
      advance(t);
      int others = equals(c, t);
      if (others != 0) {
        pick(c, others);
      }
      return RefStep.Kind.SYSCALL;
    } else if (st instanceof Stmt.Work) {
      // touches nothing shared
    } else if (schedcheck.model.scenario.Umcg.isUmcg(st)) {
      return umcgV091 != null ? umcgV091.step(c, t, st) : umcg.step(c, t, st); // UMCG (UmcgRef, docs/umcg.md)
    } else {
      throw new IllegalStateException("statement not in the reference semantics: " + st.text());
    }
    advance(t);
    return RefStep.Kind.USER;
  }

  /** The wait half of futex_wait / futex_swap: EAGAIN, EINTR, or queue and sleep. */
  private void futexWait(int c, int t, int reg, int x, int v) {
    if (w[shape.wordBase + x] != v) {
      setReg(t, reg, -1);
      clearMissed(t, x);
      advance(t);
      note(shape.wordName(x) + " = " + w[shape.wordBase + x] + " != " + v + ": returns -1 (EAGAIN)");
      return;
    }
    if (holdsAny(t)) {
      fault(RefShape.FAULT_SLEEP_WITH_SPINLOCK, t, heldList(t).get(0));
    }
    if (flag(t, F_SIGNAL)) {
      // The kernel queues the waiter before schedule() sees the signal: it does not sleep, and
      // its next step returns -4 (the signal consumed), unless a wake dequeues it first, when
      // it returns 0 and the signal stays pending (futex_wait's W6).
      futexEnqueue(x, t);
      set(t, FSYS, x + 1);
      set(t, FVAL, v);
      setFlag(t, F_INSYS, true);
      note("signal pending: queued, does not sleep; returns -4 unless a wake dequeues it first");
      return;
    }
    futexEnqueue(x, t);
    set(t, FSYS, x + 1);
    set(t, FVAL, v);
    set(t, KIND, FUTEX);
    setFlag(t, F_INSYS, true);
    setFlag(t, F_ONRQ, false);
    note("sleeps");
    reschedule(c, t);
  }

  /**
   * A woken futex waiter returns: 0 when a wake dequeued it, -4 when a signal woke it (still
   * queued). Still queued without a signal, it was woken by something else (UMCG's
   * try_to_wake_up, {@link #wakeNormal}): a spurious wakeup, which futex_wait's W6 takes off the
   * queue and sends back to W1 [P domain futex-and-swap.md W6]: the word is read again, -1
   * (EAGAIN) if it changed, else it queues and sleeps again (futex_swap's retry is its wait half
   * only: its wake half already woke next).
   */
  private RefStep.Kind futexReturn(int c, int t, int reg) {
    int x = get(t, FSYS) - 1;
    int r;
    if (get(t, FWORD) != 0 && !flag(t, F_SIGNAL)) {
      futexDequeue(t);
      setFlag(t, F_INSYS, false);
      int v = get(t, FVAL);
      set(t, FSYS, 0);
      set(t, FVAL, 0);
      note("spurious wakeup: retry");
      futexWait(c, t, reg, x, v);
      return RefStep.Kind.RETURN;
    }
    if (get(t, FWORD) != 0) {
      futexDequeue(t);
      setFlag(t, F_SIGNAL, false);
      r = -4;
      note("returns -4 (EINTR: a signal woke it)");
    } else {
      r = 0;
      note("returns 0");
    }
    setReg(t, reg, r);
    clearMissed(t, x);
    set(t, FSYS, 0);
    set(t, FVAL, 0);
    setFlag(t, F_INSYS, false);
    advance(t);
    return RefStep.Kind.RETURN;
  }

  private void clearMissed(int t, int x) {
    set(t, MISSED, get(t, MISSED) & ~(1 << x));
  }

  /** Dequeues and wakes up to n waiters of x; returns how many. {@code wakerCpu} >= 0: place them there. */
  private int futexWake(int t, int x, int n, int wakerCpu) {
    int woke = 0;
    List<String> names = new ArrayList<>();
    while (woke < n && queueAt(x, 0) >= 0) {
      int u = queueAt(x, 0);
      futexDequeue(u);
      wake(u, wakerCpu);
      names.add(shape.taskName(u));
      woke++;
    }
    if (!names.isEmpty()) {
      note("wakes " + String.join(", ", names));
    }
    if (woke < n) {
      for (int u = 0; u < shape.tasks; u++) {
        if (u != t && !flag(u, F_EXITED) && (waitWords[u] & (1 << x)) != 0) {
          set(u, MISSED, get(u, MISSED) | (1 << x));
        }
      }
    }
    return woke;
  }

  /**
   * Bit x of entry u: u's program has a {@code futex_wait} on x, or a {@code futex_swap} whose
   * wait word is x. The contract's lost-wakeup clause (scenario-language.md, "lost-wakeup")
   * is about "a sleeping task" and "the word it sleeps on": bit x of u's {@link
   * RefShape#MISSED} is read only while u sleeps in a futex wait on x, and only these two
   * statements make a task sleep in one; so a task whose program has neither on x never reads
   * the bit, and the reference does not record it (a bit nobody reads changes no successor and
   * no verdict, but it would split states: 25,712 instead of 7,016 on the N = 3 ring).
   */
  private static int[] waitWords(Scenario scenario) {
    int[] m = new int[scenario.tasks().size()];
    for (int u = 0; u < m.length; u++) {
      for (Stmt st : scenario.tasks().get(u).program().statements()) {
        if (st instanceof Stmt.FutexWait s) {
          m[u] |= 1 << s.word();
        } else if (st instanceof Stmt.FutexSwap s) {
          m[u] |= 1 << s.waitWord();
        }
      }
    }
    return m;
  }

  private void lock(int c, int t, int m, int reg, boolean interruptible) {
    int owner = ownerOf(m);
    if (owner < 0) {
      setOwner(m, t);
      remove(waitersBase(m), t);
      set(t, WAITM, 0);
      setFlag(t, F_INSYS, false);
      setFlag(t, F_INTR, false);
      setReg(t, reg, 0);
      advance(t);
      note("owns " + shape.mutexName(m));
      return;
    }
    if (interruptible && flag(t, F_SIGNAL)) {
      remove(waitersBase(m), t);
      set(t, WAITM, 0);
      setFlag(t, F_INSYS, false);
      setFlag(t, F_INTR, false);
      setFlag(t, F_SIGNAL, false);
      setReg(t, reg, -4);
      advance(t);
      note("signal pending: returns -4 (EINTR)");
      return;
    }
    if (holdsAny(t)) {
      fault(RefShape.FAULT_SLEEP_WITH_SPINLOCK, t, heldList(t).get(0));
    }
    if (get(t, WAITM) == 0) {
      int base = waitersBase(m);
      int i = 0;
      while (w[base + i] != 0) {
        i++;
      }
      w[base + i] = t + 1;
      set(t, WAITM, m + 1);
    }
    set(t, KIND, MUTEX);
    setFlag(t, F_INSYS, true);
    setFlag(t, F_INTR, interruptible);
    if (shape.proxy) {
      note("blocked on " + shape.mutexName(m) + " (owner " + shape.taskName(owner) + "): stays queued as a donor");
    } else {
      setFlag(t, F_ONRQ, false);
      note("blocked on " + shape.mutexName(m) + " (owner " + shape.taskName(owner) + "): sleeps");
    }
    reschedule(c, t);
  }

  private void unlock(int t, int m) {
    if (ownerOf(m) != t) {
      fault(RefShape.FAULT_MUTEX_NOT_OWNER, t, m);
      note("it does not own " + shape.mutexName(m));
      return;
    }
    setOwner(m, -1);
    int first = w[waitersBase(m)] - 1;
    if (first >= 0 && get(first, KIND) == MUTEX) {
      wake(first, -1, get(t, CPU));
      note("releases " + shape.mutexName(m) + ", wakes " + shape.taskName(first));
    } else {
      note("releases " + shape.mutexName(m));
    }
  }

  /**
   * {@code try_to_wake_up(t, TASK_NORMAL, WF_CURRENT_CPU)} as UMCG's wakes of a server or of a
   * next task do it after their cmpxchg [P: {@code umcg_wake_task} of PeterZ's rework and
   * {@code umcg_wake_idle_server_nofault} / {@code umcg_ttwu} of Oskolkov's v0.8-v0.9.1, all
   * {@code try_to_wake_up(tsk, TASK_NORMAL, WF_CURRENT_CPU)}; TASK_NORMAL is TASK_INTERRUPTIBLE |
   * TASK_UNINTERRUPTIBLE]: it wakes t wherever t sleeps, onto {@code wakerCpu} if allowed, and
   * each sleep takes the wakeup as its own loop does: a futex waiter still queued wakes
   * spuriously ({@link #futexReturn}: the word again, -1 if it changed, else it sleeps again); a
   * mutex waiter retries the lock (takes it if free, else blocks again in its place, as the
   * mutex slow path's loop does after any wakeup); a UMCG wait or {@code block_io} sleeps again
   * unless what it waits for has happened (UmcgRef's and UmcgRefV091's resume). A running or
   * runnable task is left alone.
   */
  void wakeNormal(int t, int wakerCpu) {
    if (flag(t, F_EXITED) || !flag(t, F_INSYS)) {
      return;
    }
    int k = get(t, KIND);
    if (k == FUTEX || k == RefShape.UMCG || k == MUTEX) {
      int owner = k == MUTEX && get(t, WAITM) > 0 ? ownerOf(get(t, WAITM) - 1) : -1;
      wake(t, wakerCpu, owner < 0 ? -1 : get(owner, CPU));
      note("wakes " + shape.taskName(t));
    }
  }

  private void signal(int u) {
    if (flag(u, F_EXITED)) {
      note(shape.taskName(u) + " has exited");
      return;
    }
    setFlag(u, F_SIGNAL, true);
    int k = get(u, KIND);
    if (k == FUTEX || k == MUTEX && flag(u, F_INTR)) {
      int owner = k == MUTEX && get(u, WAITM) > 0 ? ownerOf(get(u, WAITM) - 1) : -1;
      wake(u, -1, owner < 0 ? -1 : get(owner, CPU));
      note("wakes " + shape.taskName(u));
    }
  }

  private void exit(int c, int t) {
    if (holdsAny(t)) {
      fault(RefShape.FAULT_EXIT_WITH_SPINLOCK, t, heldList(t).get(0));
    }
    int pc = get(t, PC);
    int cpu = get(t, CPU);
    for (int f = 0; f < TASK_FIXED + shape.regs(t); f++) {
      set(t, f, 0);
    }
    set(t, PC, pc);
    set(t, CPU, cpu);
    set(t, FLAGS, F_EXITED);
    reschedule(c, t);
  }

  // ---------------------------------------------------------------- queries for properties and rendering

  /**
   * The spinlock task t spins on in s, or -1: t runs on a cpu, its next statement is {@code
   * spin_lock L} and L is held (by another task, or by t itself).
   */
  public int spinningOn(RefState s, int t) {
    if (shape.exited(s, t) || !running(s, t)) {
      return -1;
    }
    if (umcg != null && umcg.notifyPending(s.v, t)) {
      return -1; // umcg_notify_resume runs before the statement
    }
    int pc = shape.pc(s, t);
    if (pc < spinLockAt[t].length && spinLockAt[t][pc] >= 0) {
      int l = spinLockAt[t][pc];
      return shape.holder(s, l) >= 0 ? l : -1;
    }
    return -1;
  }

  /**
   * The lock a spin_lock statement takes, or null for any other statement. Besides {@code
   * spin_lock L} this covers any other spin-lock statement with a {@code LockRef lock}
   * component whose class is named {@code SpinLock...} (such as a {@code spin_lock_nested L
   * n}, which at this level is a plain spin_lock: the nesting annotation only informs
   * lock-order).
   */
  static LockRef spinLockOf(Stmt st) {
    if (st instanceof Stmt.SpinLock sl) {
      return sl.lock();
    }
    if (st == null || !st.getClass().getSimpleName().startsWith("SpinLock") || !st.getClass().isRecord()) {
      return null;
    }
    for (var c : st.getClass().getRecordComponents()) {
      if (c.getName().equals("lock") && c.getType() == LockRef.class) {
        try {
          return (LockRef) c.getAccessor().invoke(st);
        } catch (ReflectiveOperationException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** Whether t is the running task of some cpu. */
  public boolean running(RefState s, int t) {
    for (int c = 0; c < shape.cpus; c++) {
      if (shape.curr(s, c) == t) {
        return true;
      }
    }
    return false;
  }

  /** The statement task t runs next, or null at the end of its program. */
  public Stmt nextStatement(RefState s, int t) {
    return statement(t, shape.pc(s, t));
  }

  /**
   * Task t's blocked_on chain as text, e.g. {@code t1 -> A -> t2 -> B -> t3}: each mutex
   * followed by its owner, until a task that is not blocked, a mutex without owner, or a task
   * already named (a cycle, which ends with that task).
   */
  public String blockedOnChain(RefState s, int t) {
    StringBuilder b = new StringBuilder(shape.taskName(t));
    boolean[] seen = new boolean[shape.tasks];
    int u = t;
    while (u >= 0 && !seen[u]) {
      seen[u] = true;
      int m = shape.blockedOn(s, u);
      if (m < 0) {
        break;
      }
      int o = shape.mutexOwner(s, m);
      b.append(" -> ").append(shape.mutexName(m)).append(" -> ").append(o < 0 ? "(none)" : shape.taskName(o));
      u = o;
    }
    return b.toString();
  }

  /** A copy for another thread of the parallel search: the same scenario, its own step buffers. */
  @Override
  public ReferenceModel replica() {
    return new ReferenceModel(scenario, missedEveryTask, keepDeadRegisters).withSymmetryOf(this);
  }
}
