package schedcheck.model.kernel;

import java.util.List;
import schedcheck.model.scenario.Expr;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.Stmt;

/**
 * Partial-order reduction ({@code check --por}): ample sets in Peled's sense (C0-C3), chosen
 * only where the model can justify them from each step's read and write footprint and a
 * conservative over-approximation of what every other actor may touch in the future.
 *
 * <p><b>The ample set</b> of a state is the one step of a task t running in user space on a
 * cpu c whose next statement is a <em>private user step</em>: {@code r = expr}, {@code load},
 * {@code store}, {@code cas}, {@code xchg}, {@code fetch_add}, {@code if}, {@code goto},
 * {@code work}. Its footprint is t's pc and registers (no other actor reads or writes them in
 * the scenarios POR is on for) and the words the statement reads and writes. It qualifies
 * when (C1, independence from everything another actor can do before it):
 *
 * <ul>
 *   <li>no other live task may still write a word the step reads, or name a word the step
 *       writes: its remaining program, every statement reachable in its control flow from
 *       its current one (a task in a system call is at the call's statement, until it
 *       returns), names the words a statement or an expression names and the futex word of a
 *       futex call (the kernel reads user words only in the futex calls' value checks, of the
 *       word the call names);
 *   <li>nothing can take cpu c from t before the step: c has no tick candidate and no
 *       need_resched now, and no other live task's task_cpu is c (without proxy execution,
 *       FUTEX_SWAP and UMCG no task ever changes cpu: select_task_rq keeps an allowed
 *       previous cpu, which POR checks of every task's start), so no wake-up can queue a task
 *       on c or set c's need_resched; no other task's program signals t.
 * </ul>
 *
 * <p><b>Visibility</b> (C2): the step must not change anything a safety property reads.
 * Properties read the kernel's fields, the words of futex waiters (named by the waiter's
 * program, so excluded above), the fault record (set by {@code assert}, not a private step),
 * the critical-section flags ({@code enter}/{@code leave}, not private steps), and, through
 * the deadlock graph, whether a task's next statement spins ({@code spin_lock}, {@code
 * sched_yield}, the end of the program): so the statement the step goes on to (every
 * possible target of an {@code if}) must be none of those. {@code lock-order} judges lock
 * acquisitions by the acquiring task's held locks and the lock taken, which a private step of
 * another task neither changes nor sees: every acquisition of the full graph is made, in the
 * same context, on some path of the reduced one. The liveness pass is never reduced.
 *
 * <p><b>The cycle proviso</b> (C3), sound under breadth-first and depth-first search alike:
 * the ample step is taken alone only when its successor is a state the search has not stored
 * yet ({@link schedcheck.checker.Successors#stored}); otherwise the state is fully expanded.
 * Each reduced edge thus leads to a state discovered after its source, so every cycle of the
 * reduced graph has a fully expanded state. A search that cannot tell (the default of {@code
 * stored}) always expands fully.
 *
 * <p>POR is off for a whole scenario (no state is reduced) when it has proxy execution,
 * FUTEX_SWAP, a system call other than futex wait/wake, mutex lock/unlock and signal (UMCG's
 * calls write user memory and move tasks between cpus), a preemption bound, a depth bound, a task starting on a cpu it may not run on, or the
 * mover reduction (the two are not combined).
 */
final class Por {

  /** Which of the conditions a deliberately unsound POR drops (tests show what each misses). */
  enum Flaw { NONE, NO_PROVISO, NO_VISIBILITY }

  private final Layout layout;
  private final Kernel kernel;
  final Flaw flaw;
  /** eligible[t][pc]: task t's statement pc is a private step going on to a statement no property sees. */
  private final boolean[][] eligible;
  /** stepReads[t][pc], stepWrites[t][pc]: the words (bit w) that statement reads (writes included) and writes. */
  private final long[][] stepReads;
  private final long[][] stepWrites;
  /**
   * namesFrom[u][pc], writesFrom[u][pc]: the words task u may still read or write, and write,
   * once at statement pc (every statement reachable from pc in u's program, pc included: a
   * task in a system call is at the call's statement, whose kernel steps read only its word).
   * Index {@code size} is the end of the program (do_exit): none.
   */
  private final long[][] namesFrom;
  private final long[][] writesFrom;
  /** signalled[t]: some other task's program signals (a task that may be) t. */
  private final boolean[] signalled;

  private Por(Layout layout, Kernel kernel, Flaw flaw) {
    this.layout = layout;
    this.kernel = kernel;
    this.flaw = flaw;
    int n = layout.tasks;
    this.signalled = new boolean[n];
    this.eligible = new boolean[n][];
    this.stepReads = new long[n][];
    this.stepWrites = new long[n][];
    this.namesFrom = new long[n][];
    this.writesFrom = new long[n][];
    for (int t = 0; t < n; t++) {
      List<Stmt> p = layout.scenario.tasks().get(t).program().statements();
      int size = p.size();
      long[] named = new long[size];
      long[] written = new long[size];
      eligible[t] = new boolean[size];
      for (int pc = 0; pc < size; pc++) {
        Stmt st = p.get(pc);
        boolean[] r = new boolean[layout.words];
        boolean[] w = new boolean[layout.words];
        footprint(st, r, w);
        named[pc] = mask(r);
        written[pc] = mask(w);
        eligible[t][pc] = privateStep(t, pc);
        if (st instanceof Stmt.Signal) {
          for (int u = 0; u < n; u++) {
            signalled[u] |= u != t; // whichever it names: a signal may be sent to any other task
          }
        }
      }
      stepReads[t] = named;
      stepWrites[t] = written;
      namesFrom[t] = new long[size + 1];
      writesFrom[t] = new long[size + 1];
      for (int pc = 0; pc < size; pc++) {
        boolean[] seen = new boolean[size + 1];
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(List.of(pc));
        while (!todo.isEmpty()) {
          int q = todo.pop();
          if (q >= size || seen[q]) {
            continue;
          }
          seen[q] = true;
          namesFrom[t][pc] |= named[q];
          writesFrom[t][pc] |= written[q];
          Stmt st = p.get(q);
          if (st instanceof Stmt.Goto g) {
            todo.push(g.target());
          } else if (st instanceof Stmt.If f) {
            todo.push(f.target());
            todo.push(q + 1);
          } else {
            todo.push(q + 1);
          }
        }
      }
    }
  }

  private static long mask(boolean[] words) {
    long m = 0;
    for (int w = 0; w < words.length; w++) {
      if (words[w]) {
        m |= 1L << w;
      }
    }
    return m;
  }

  /**
   * Whether task t's statement pc is a private user step that goes on to a statement the
   * properties do not see.
   */
  private boolean privateStep(int t, int pc) {
    Stmt st = kernel.statement(t, pc);
    if (st instanceof Stmt.Assign || st instanceof Stmt.Load || st instanceof Stmt.Store || st instanceof Stmt.Cas
        || st instanceof Stmt.Xchg || st instanceof Stmt.FetchAdd || st instanceof Stmt.Work) {
      return quiet(t, pc + 1);
    } else if (st instanceof Stmt.If s1) {
      return quiet(t, pc + 1) && quiet(t, s1.target());
    } else if (st instanceof Stmt.Goto g) {
      return quiet(t, g.target());
    } else if (flaw == Flaw.NO_VISIBILITY && (st instanceof Stmt.Enter || st instanceof Stmt.Leave)) {
      return true; // the deliberately unsound variant: critical-section marks taken as private steps
    }
    return false;
  }

  /** The reduction for {@code layout}'s scenario, or null when POR cannot be justified there. */
  static Por of(Layout layout, Kernel kernel, Flaw flaw) {
    Scenario sc = layout.scenario;
    if (layout.words > 64 || layout.pe || sc.bounds().preemptions() >= 0 || sc.bounds().depth() >= 0) {
      return null;
    }
    for (Scenario.Task task : sc.tasks()) {
      if (!task.affinity().contains(task.cpu())) {
        return null; // select_task_rq would move it on its first wake
      }
      for (Stmt st : task.program().statements()) {
        if (st instanceof Stmt.Call && !(st instanceof Stmt.FutexWait || st instanceof Stmt.FutexWake
            || st instanceof Stmt.Lock || st instanceof Stmt.Unlock || st instanceof Stmt.LockInterruptible
            || st instanceof Stmt.Signal)) {
          return null; // FUTEX_SWAP (WF_CURRENT_CPU), UMCG, or a call this class does not know
        }
      }
    }
    return new Por(layout, kernel, flaw);
  }

  /** Adds the words {@code st} reads or writes to {@code named}, those it writes to {@code written}. */
  private static void footprint(Stmt st, boolean[] named, boolean[] written) {
    if (st instanceof Stmt.Assign s) {
      words(s.value(), named);
    } else if (st instanceof Stmt.Load s) {
      named[s.word()] = true;
    } else if (st instanceof Stmt.Store s) {
      named[s.word()] = written[s.word()] = true;
      words(s.value(), named);
    } else if (st instanceof Stmt.Cas s) {
      named[s.word()] = written[s.word()] = true;
      words(s.expected(), named);
      words(s.desired(), named);
    } else if (st instanceof Stmt.Xchg s) {
      named[s.word()] = written[s.word()] = true;
      words(s.value(), named);
    } else if (st instanceof Stmt.FetchAdd s) {
      named[s.word()] = written[s.word()] = true;
      words(s.value(), named);
    } else if (st instanceof Stmt.FutexWait s) {
      named[s.word()] = true;
      words(s.expected(), named);
    } else if (st instanceof Stmt.FutexWake s) {
      named[s.word()] = true;
      words(s.count(), named);
    } else if (st instanceof Stmt.If s) {
      words(s.left(), named);
      words(s.right(), named);
    } else if (st instanceof Stmt.Assert s) {
      words(s.left(), named);
      words(s.right(), named);
    }
    // goto, work, enter, leave, yield, spinlocks, mutexes, signals: no user word
  }

  private static void words(Expr e, boolean[] named) {
    for (Expr.Term term : e.terms()) {
      if (term.kind() == Expr.Kind.WORD) {
        named[term.value()] = true;
      }
    }
  }

  /**
   * Whether cpu c's current task's next step is an ample set of {@code s} on its own (see the
   * class comment), the cycle proviso aside.
   */
  boolean qualifies(KState s, int c) {
    int t = s.curr(c);
    if (t < 0 || s.schedDepth(c) > 0 || s.depth(t) > 0 || s.exited(t) || s.needResched(c) || signalled[t]) {
      return false;
    }
    int pc = s.pc(t);
    if (pc >= eligible[t].length || !eligible[t][pc]) {
      return false; // not a private step, or do_exit
    }
    if (KernelModel.tickCandidates(layout, kernel, s, c, t) != 0) {
      return false;
    }
    long reads = stepReads[t][pc];
    long writes = stepWrites[t][pc];
    for (int u = 0; u < layout.tasks; u++) {
      if (u == t || s.exited(u)) {
        continue;
      }
      if (s.taskCpu(u) == c) {
        return false; // a wake-up of u could queue it on c (and preempt t, or give c a tick candidate)
      }
      int at = Math.min(s.pc(u), namesFrom[u].length - 1);
      if ((writes & namesFrom[u][at]) != 0 || (reads & writesFrom[u][at]) != 0) {
        return false; // u may still touch the step's words
      }
    }
    return true;
  }

  /**
   * Whether statement {@code pc} of task t (where a private step goes on to) leaves every
   * property's view as it was: not a spinning statement ({@code spin_lock}, {@code
   * sched_yield}, the end of the program: the deadlock graph reads whether a task spins).
   */
  private boolean quiet(int t, int pc) {
    if (flaw == Flaw.NO_VISIBILITY) {
      return true;
    }
    List<Stmt> p = layout.scenario.tasks().get(t).program().statements();
    if (pc >= p.size()) {
      return false;
    }
    Stmt next = p.get(pc);
    return !(next instanceof Stmt.SpinLock || next instanceof Stmt.Yield);
  }
}
