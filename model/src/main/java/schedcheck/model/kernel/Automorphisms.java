package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.List;
import schedcheck.model.scenario.Expr;
import schedcheck.model.scenario.Program;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.Stmt;

/**
 * The automorphisms of a scenario that {@link Symmetry} reduces by: renamings of the tasks,
 * each with the renaming of the user memory words it induces, that map the scenario onto
 * itself. A task permutation {@code pi} with word permutation {@code sigma} is one when, for
 * every task t, task {@code pi(t)} has t's priority and affinity, and its program is t's
 * program statement for statement with every word operand w replaced by {@code sigma(w)}
 * (registers, literals, jump targets, mutexes and spinlocks as they are; the statement's
 * source text and position aside), and {@code sigma} commutes with the futex hash (words that
 * share a bucket go to words that share a bucket). {@code sigma} is determined by {@code pi}
 * on the words the programs name; the others stay. The futex token ring ({@code
 * bench/scenarios/futex-ring-n3.yaml}: task i waits on f(i) and wakes f(i+1)) has the rotations
 * as its automorphisms; identical tasks (the renamings {@link Symmetry} made before words were
 * renamed) have every permutation with the identity on the words.
 *
 * <p>Why the initial memory need not be preserved (the ring's token starts in f0, which no
 * rotation fixes): symmetry reduction needs the transition relation and the checked
 * properties to be invariant under the group, not the initial states. Ip and Dill ("Better
 * verification through symmetry", FMSD 1996, Theorem 1) and Emerson and Sistla ("Symmetry and
 * model checking", FMSD 1996) show that the quotient by such a group is bisimilar to the
 * original system for properties invariant under it, whatever the initial states: a search
 * that starts from the initial states' orbits explores exactly the orbits of the reachable
 * states. The properties schedcheck checks with symmetry (lost-wakeup, deadlock,
 * mutual-exclusion, assertions, invariants) quantify uniformly over tasks and words (none
 * names a word or a task of its own; {@code assert} statements are program statements,
 * renamed with the program, so a program asserting about a word that the renaming moves
 * breaks the symmetry here), and {@code lock-order} and liveness are searched without
 * symmetry ({@code Checking.searchedModel}).
 *
 * <p>Words are renamed only where every statement's word operands are known: a program with
 * a statement of another subsystem (UMCG, block_io) keeps {@code sigma} the identity, as do
 * scenarios whose tasks carry UMCG fields. Mutexes, spinlocks and cpus are not renamed here
 * (cpus are, independently, by {@link Symmetry} when every task may run on every cpu).
 */
public final class Automorphisms {

  /** Backtracking nodes allowed before giving up (then {@link Symmetry} uses identical tasks only). */
  static final int NODE_BUDGET = 200_000;

  private final int words;
  /** The futex hash bucket of each word, or null: no hash to commute with (the reference semantics). */
  private final java.util.function.IntUnaryOperator bucketOf;
  private final List<Scenario.Task> tasks;
  private final boolean wordsFixed;
  private final int limit;
  private final int[] pi;
  private final boolean[] used;
  private final int[] sigma;
  private final int[] inverse;
  private final int[] trail;
  private int trailSize;
  private int nodes;
  private final List<int[][]> found = new ArrayList<>();

  private Automorphisms(Layout layout, int limit) {
    this(layout.scenario, layout.words, layout.umcg, layout::bucketOf, limit);
  }

  private Automorphisms(Scenario scenario, int words, boolean umcg, java.util.function.IntUnaryOperator bucketOf,
      int limit) {
    this.words = words;
    this.bucketOf = bucketOf;
    this.tasks = scenario.tasks();
    this.limit = limit;
    this.wordsFixed = umcg || !allStatementsKnown(tasks);
    this.pi = new int[tasks.size()];
    this.used = new boolean[tasks.size()];
    this.sigma = new int[words];
    this.inverse = new int[words];
    this.trail = new int[words];
    java.util.Arrays.fill(pi, -1);
    java.util.Arrays.fill(sigma, -1);
    java.util.Arrays.fill(inverse, -1);
  }

  /**
   * Every automorphism of {@code layout}'s scenario as {@code {taskPerm, wordPerm}}, the
   * identity first; null when there are more than {@code limit} or finding them took more than
   * {@link #NODE_BUDGET} steps.
   */
  static List<int[][]> of(Layout layout, int limit) {
    Automorphisms a = new Automorphisms(layout, limit);
    return a.search(0) ? a.found : null;
  }

  /**
   * The same for the reference semantics ({@code kernel.detail: syscall}), which has no futex
   * hash: the renamings of tasks, with the word renaming each induces, that map every program,
   * priority and affinity onto the scenario itself (no bucket condition); words fixed when a
   * program uses UMCG or a statement whose word operands this class does not know. Identity
   * first; null when there are more than {@code limit} or the search gave up.
   */
  public static List<int[][]> ofScenario(Scenario scenario, int limit) {
    boolean umcg = scenario.tasks().stream().anyMatch(t -> t.program().statements().stream()
        .anyMatch(schedcheck.model.scenario.Umcg::isUmcg));
    Automorphisms a = new Automorphisms(scenario, scenario.memory().size(), umcg, null, limit);
    return a.search(0) ? a.found : null;
  }

  /** Whether word renaming is ruled out for this scenario (see the class comment). */
  static boolean wordsFixed(Layout layout) {
    return new Automorphisms(layout, 1).wordsFixed;
  }

  /** Assigns pi(t), pi(t+1), ...; false when the search must give up. */
  private boolean search(int t) {
    if (++nodes > NODE_BUDGET) {
      return false;
    }
    if (t == tasks.size()) {
      int[] wp = new int[words];
      for (int w = 0; w < wp.length; w++) {
        wp[w] = sigma[w] >= 0 ? sigma[w] : w;
      }
      if (!commutesWithHash(wp)) {
        return true;
      }
      // the identity is the first leaf (each task tries itself first), as Symmetry expects
      found.add(new int[][] {pi.clone(), wp});
      return found.size() <= limit;
    }
    // try t itself first, then the others in order
    for (int i = 0; i < tasks.size(); i++) {
      int u = i == 0 ? t : i <= t ? i - 1 : i;
      if (used[u] || !sameAttributes(tasks.get(t), tasks.get(u))) {
        continue;
      }
      int mark = trailSize;
      if (matchProgram(tasks.get(t).program(), tasks.get(u).program())) {
        pi[t] = u;
        used[u] = true;
        boolean go = search(t + 1);
        used[u] = false;
        pi[t] = -1;
        if (!go) {
          return false;
        }
      }
      undo(mark);
    }
    return true;
  }

  private void undo(int mark) {
    while (trailSize > mark) {
      int w = trail[--trailSize];
      inverse[sigma[w]] = -1;
      sigma[w] = -1;
    }
  }

  /** Words sharing a bucket go to words sharing a bucket (both ways): the hash commutes. */
  private boolean commutesWithHash(int[] wp) {
    if (bucketOf == null) {
      return true;
    }
    for (int a = 0; a < wp.length; a++) {
      for (int b = a + 1; b < wp.length; b++) {
        boolean same = bucketOf.applyAsInt(a) == bucketOf.applyAsInt(b);
        if (same != (bucketOf.applyAsInt(wp[a]) == bucketOf.applyAsInt(wp[b]))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean sameAttributes(Scenario.Task a, Scenario.Task b) {
    return a.prio() == b.prio() && a.affinity().equals(b.affinity())
        && a.program().statements().size() == b.program().statements().size();
  }

  /** Whether every statement of every program is one whose word operands this class knows. */
  private static boolean allStatementsKnown(List<Scenario.Task> tasks) {
    for (Scenario.Task t : tasks) {
      for (Stmt s : t.program().statements()) {
        if (!known(s)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean known(Stmt s) {
    return s instanceof Stmt.Assign || s instanceof Stmt.Load || s instanceof Stmt.Store || s instanceof Stmt.Cas
        || s instanceof Stmt.Xchg || s instanceof Stmt.FetchAdd || s instanceof Stmt.FutexWait
        || s instanceof Stmt.FutexWake || s instanceof Stmt.FutexSwap || s instanceof Stmt.Lock
        || s instanceof Stmt.Unlock || s instanceof Stmt.LockInterruptible || s instanceof Stmt.SpinLock
        || s instanceof Stmt.SpinUnlock || s instanceof Stmt.If || s instanceof Stmt.Goto || s instanceof Stmt.Enter
        || s instanceof Stmt.Leave || s instanceof Stmt.Assert || s instanceof Stmt.Yield || s instanceof Stmt.Work;
  }

  /** sigma(a) = b, extending sigma if both are still free; false on a conflict. */
  private boolean unify(int a, int b) {
    if (wordsFixed) {
      return a == b;
    }
    if (sigma[a] < 0 && inverse[b] < 0) {
      sigma[a] = b;
      inverse[b] = a;
      trail[trailSize++] = a;
      return true;
    }
    return sigma[a] == b;
  }

  private boolean matchProgram(Program a, Program b) {
    if (!a.labels().equals(b.labels()) || !a.registers().equals(b.registers())) {
      return false;
    }
    for (int i = 0; i < a.statements().size(); i++) {
      if (!match(a.statements().get(i), b.statements().get(i))) {
        return false;
      }
    }
    return true;
  }

  private boolean match(Stmt x, Stmt y) {
    if (x.getClass() != y.getClass()) {
      return false;
    }
    if (!known(x)) {
      return wordsFixed && Symmetry.shape(x).equals(Symmetry.shape(y)); // wordsFixed whenever one is unknown
    }
    if (x instanceof Stmt.Assign a) {
      Stmt.Assign b = (Stmt.Assign) y;
      return a.reg() == b.reg() && expr(a.value(), b.value());
    }
    if (x instanceof Stmt.Load a) {
      Stmt.Load b = (Stmt.Load) y;
      return a.reg() == b.reg() && unify(a.word(), b.word());
    }
    if (x instanceof Stmt.Store a) {
      Stmt.Store b = (Stmt.Store) y;
      return unify(a.word(), b.word()) && expr(a.value(), b.value());
    }
    if (x instanceof Stmt.Cas a) {
      Stmt.Cas b = (Stmt.Cas) y;
      return a.reg() == b.reg() && unify(a.word(), b.word()) && expr(a.expected(), b.expected())
          && expr(a.desired(), b.desired());
    }
    if (x instanceof Stmt.Xchg a) {
      Stmt.Xchg b = (Stmt.Xchg) y;
      return a.reg() == b.reg() && unify(a.word(), b.word()) && expr(a.value(), b.value());
    }
    if (x instanceof Stmt.FetchAdd a) {
      Stmt.FetchAdd b = (Stmt.FetchAdd) y;
      return a.reg() == b.reg() && unify(a.word(), b.word()) && expr(a.value(), b.value());
    }
    if (x instanceof Stmt.FutexWait a) {
      Stmt.FutexWait b = (Stmt.FutexWait) y;
      return a.reg() == b.reg() && unify(a.word(), b.word()) && expr(a.expected(), b.expected());
    }
    if (x instanceof Stmt.FutexWake a) {
      Stmt.FutexWake b = (Stmt.FutexWake) y;
      return a.reg() == b.reg() && unify(a.word(), b.word()) && expr(a.count(), b.count());
    }
    if (x instanceof Stmt.FutexSwap a) {
      Stmt.FutexSwap b = (Stmt.FutexSwap) y;
      return a.reg() == b.reg() && unify(a.wakeWord(), b.wakeWord()) && unify(a.waitWord(), b.waitWord())
          && expr(a.expected(), b.expected());
    }
    if (x instanceof Stmt.Lock a) {
      return a.mutex() == ((Stmt.Lock) y).mutex();
    }
    if (x instanceof Stmt.Unlock a) {
      return a.mutex() == ((Stmt.Unlock) y).mutex();
    }
    if (x instanceof Stmt.LockInterruptible a) {
      Stmt.LockInterruptible b = (Stmt.LockInterruptible) y;
      return a.reg() == b.reg() && a.mutex() == b.mutex();
    }
    if (x instanceof Stmt.SpinLock a) {
      Stmt.SpinLock b = (Stmt.SpinLock) y;
      return a.lock().equals(b.lock()) && a.subclass() == b.subclass();
    }
    if (x instanceof Stmt.SpinUnlock a) {
      return a.lock().equals(((Stmt.SpinUnlock) y).lock());
    }
    if (x instanceof Stmt.If a) {
      Stmt.If b = (Stmt.If) y;
      return a.op() == b.op() && a.target() == b.target() && expr(a.left(), b.left()) && expr(a.right(), b.right());
    }
    if (x instanceof Stmt.Goto a) {
      return a.target() == ((Stmt.Goto) y).target();
    }
    if (x instanceof Stmt.Assert a) {
      Stmt.Assert b = (Stmt.Assert) y;
      return a.op() == b.op() && expr(a.left(), b.left()) && expr(a.right(), b.right());
    }
    return true; // enter, leave, yield, work: no operands
  }

  private boolean expr(Expr a, Expr b) {
    if (a.terms().size() != b.terms().size()) {
      return false;
    }
    for (int i = 0; i < a.terms().size(); i++) {
      Expr.Term s = a.terms().get(i);
      Expr.Term t = b.terms().get(i);
      if (s.negative() != t.negative() || s.kind() != t.kind()) {
        return false;
      }
      if (s.kind() == Expr.Kind.WORD ? !unify(s.value(), t.value()) : s.value() != t.value()) {
        return false;
      }
    }
    return true;
  }
}
