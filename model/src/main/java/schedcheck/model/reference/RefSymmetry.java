package schedcheck.model.reference;

import static schedcheck.model.reference.RefShape.CPU;
import static schedcheck.model.reference.RefShape.FLAGS;
import static schedcheck.model.reference.RefShape.FSYS;
import static schedcheck.model.reference.RefShape.FVAL;
import static schedcheck.model.reference.RefShape.FWORD;
import static schedcheck.model.reference.RefShape.HOME;
import static schedcheck.model.reference.RefShape.KIND;
import static schedcheck.model.reference.RefShape.MISSED;
import static schedcheck.model.reference.RefShape.PC;
import static schedcheck.model.reference.RefShape.TASK_FIXED;
import static schedcheck.model.reference.RefShape.WAITM;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import schedcheck.model.kernel.Automorphisms;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.Stmt;

/**
 * Symmetry reduction for the reference semantics: a finite group of renamings of a {@link
 * RefState}'s tasks, words and cpus that the reference's steps and properties commute with,
 * and the canonical image of a state (the least of its images, lexicographically as an {@code
 * int[]}) whose fingerprint {@link ReferenceModel} takes when symmetry is on. States are never
 * renamed: the search expands the state it reached and traces show the user's names.
 *
 * <p>The renamings are the scenario's automorphisms ({@link Automorphisms#ofScenario}: a task
 * permutation pi with the word permutation sigma it induces, such that task pi(t) has t's
 * priority, affinity and program with every word w replaced by sigma(w); the reference has no
 * futex hash, so no bucket condition), each with a cpu permutation q:
 *
 * <ul>
 *   <li>where no task ever changes cpu ({@link #tasksStayOnTheirCpu}), q is forced by pi on
 *       the cpus tasks start on ({@code q(cpu(t)) = cpu(pi(t))}; a pi for which that is no
 *       permutation is left out) and is the identity on the others (always idle); the futex
 *       ring's rotations, with its cpus rotated along;
 *   <li>else, when every task may run on every cpu, every q with every (pi, sigma) (within
 *       {@link #MAX_ELEMENTS}): the reference then treats cpus alike (placement chooses among
 *       idle cpus as a set; kernel lock instances such as {@code rq_lock(0)} are plain
 *       spinlocks at this level, not tied to a cpu);
 *   <li>else q is the identity.
 * </ul>
 *
 * <p>What an element (pi, sigma, q) does to a state ({@link #image}), field by field of {@link
 * RefShape}: each cpu's curr moves to q(c) and names pi(curr); each task's record moves to
 * pi(t), with its cpu and home cpu renamed by q, the words of its futex queue ({@code FWORD})
 * and of its futex wait ({@code FSYS}) and its missed-wake bits renamed by sigma, and
 * everything else (pc, kind, flags, the mutex it waits on, the value it slept on, its
 * registers) as it is: a register holds a value a statement computed from literals, words and
 * registers, never a task or a word (the language has no such operand outside UMCG, which
 * rules symmetry out); each word's value and futex queue move to sigma(w), the queue's
 * entries renamed by pi in the same order; mutexes and spinlock instances stay (no program
 * statement names them differently in pi(t)'s program), their owner, wait list and holder
 * renamed by pi; the faulting task renamed by pi (its info, a pc, lock or mutex, stays); the
 * preemption count stays.
 *
 * <p>Not used (null from {@link #of}) when a program signals a task by name (that task has a
 * role the others lack) or uses UMCG (its statements and registers hold task ids), nor by
 * {@code lock-order} (it compares lock instances by task index) or, until the liveness pass
 * explores the quotient, by the liveness pass (see {@code ReferenceChecking}).
 */
final class RefSymmetry {

  /** At most this many elements (6! = 720, as the kernel model's symmetry). */
  static final int MAX_ELEMENTS = 720;

  private final RefShape shape;
  /** {@code tasks[g][t]}: the new index of task t under element g; element 0 is the identity. */
  final int[][] tasks;
  /** {@code words[g][w]}: the new index of word w. */
  final int[][] words;
  /** {@code cpus[g][c]}: the new index of cpu c. */
  final int[][] cpus;
  private final int[][] composeTable;
  private final int[] inverseTable;
  private final boolean cpusRenamed;

  // scratch (one per model copy: see copy())
  private final int[] image;
  private int[] best;
  private int[] spare;

  private RefSymmetry(RefShape shape, List<int[][]> elements) {
    this.shape = shape;
    int n = elements.size();
    tasks = new int[n][];
    words = new int[n][];
    cpus = new int[n][];
    Map<String, Integer> index = new HashMap<>();
    boolean moved = false;
    for (int g = 0; g < n; g++) {
      tasks[g] = elements.get(g)[0];
      words[g] = elements.get(g)[1];
      cpus[g] = elements.get(g)[2];
      moved |= !isIdentity(cpus[g]);
      index.put(key(tasks[g], words[g], cpus[g]), g);
    }
    cpusRenamed = moved;
    composeTable = new int[n][n];
    inverseTable = new int[n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        Integer c = index.get(key(then(tasks[b], tasks[a]), then(words[b], words[a]), then(cpus[b], cpus[a])));
        if (c == null) {
          throw new IllegalStateException("the renamings are not closed under composition");
        }
        composeTable[a][b] = c;
        if (c == 0) {
          inverseTable[a] = b;
        }
      }
    }
    image = new int[shape.size];
    best = new int[shape.size];
    spare = new int[shape.size];
  }

  private RefSymmetry(RefSymmetry s) {
    this.shape = s.shape;
    this.tasks = s.tasks;
    this.words = s.words;
    this.cpus = s.cpus;
    this.composeTable = s.composeTable;
    this.inverseTable = s.inverseTable;
    this.cpusRenamed = s.cpusRenamed;
    image = new int[shape.size];
    best = new int[shape.size];
    spare = new int[shape.size];
  }

  /** The same group with scratch buffers of its own (for another thread's model copy). */
  RefSymmetry copy() {
    return new RefSymmetry(this);
  }

  /** The scenario's symmetry at the reference level, or null when there is none (see the class comment). */
  static RefSymmetry of(Scenario sc, RefShape shape) {
    if (shape.umcg) {
      return null;
    }
    for (Scenario.Task t : sc.tasks()) {
      for (Stmt st : t.program().statements()) {
        if (st instanceof Stmt.Call call && call.namesTask()) {
          return null;
        }
      }
    }
    List<int[][]> group = Automorphisms.ofScenario(sc, MAX_ELEMENTS);
    if (group == null || group.size() < 2) {
      return null;
    }
    List<int[][]> elements = new ArrayList<>();
    if (tasksStayOnTheirCpu(sc, shape)) {
      for (int[][] g : group) {
        int[] q = forcedCpus(sc, g[0]);
        if (q != null) {
          elements.add(new int[][] {g[0], g[1], q});
        }
      }
    } else if (everyTaskOnEveryCpu(sc) && group.size() * factorial(sc.cpus()) <= MAX_ELEMENTS) {
      List<int[]> qs = new ArrayList<>();
      permutations(identity(sc.cpus()), 0, qs);
      for (int[] q : qs) {
        for (int[][] g : group) {
          elements.add(new int[][] {g[0], g[1], q});
        }
      }
    } else {
      for (int[][] g : group) {
        elements.add(new int[][] {g[0], g[1], identity(sc.cpus())});
      }
    }
    return elements.size() < 2 ? null : new RefSymmetry(shape, elements);
  }

  /**
   * Whether no task ever changes cpu in the reference: each starts on a cpu of its affinity,
   * and nothing places a woken task elsewhere than the cpu it last ran on (only {@code
   * futex_swap}'s WF_CURRENT_CPU wake, UMCG's wakes, and Proxy Execution's placement on an
   * idle cpu, which the reference applies with at least one mutex, do: {@code
   * ReferenceModel.wake} and {@code selectCpu}).
   */
  static boolean tasksStayOnTheirCpu(Scenario sc, RefShape shape) {
    if (shape.umcg || shape.proxy && shape.mutexes > 0) {
      return false;
    }
    for (Scenario.Task t : sc.tasks()) {
      if (!t.affinity().contains(t.cpu())) {
        return false;
      }
      for (Stmt st : t.program().statements()) {
        if (st instanceof Stmt.FutexSwap) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean everyTaskOnEveryCpu(Scenario sc) {
    return sc.cpus() >= 2 && sc.tasks().stream().allMatch(t -> t.affinity().size() == sc.cpus());
  }

  /**
   * The cpu renaming task renaming p forces on the cpus tasks start on, the identity on the
   * others; null when there is none (two tasks of one cpu sent to different cpus).
   */
  static int[] forcedCpus(Scenario sc, int[] p) {
    int[] q = new int[sc.cpus()];
    Arrays.fill(q, -1);
    boolean[] hit = new boolean[sc.cpus()];
    for (int t = 0; t < p.length; t++) {
      int from = sc.tasks().get(t).cpu();
      int to = sc.tasks().get(p[t]).cpu();
      if (q[from] < 0 && !hit[to]) {
        q[from] = to;
        hit[to] = true;
      } else if (q[from] != to) {
        return null;
      }
    }
    for (int c = 0; c < q.length; c++) {
      if (q[c] < 0) {
        q[c] = c; // no task starts here, and p maps the start cpus onto themselves
      }
    }
    return q;
  }

  /** The number of elements, 0 the identity. */
  int order() {
    return tasks.length;
  }

  int compose(int a, int b) {
    return composeTable[a][b];
  }

  int inverse(int a) {
    return inverseTable[a];
  }

  /** Whether some element moves a cpu. */
  boolean renamesCpus() {
    return cpusRenamed;
  }

  /** Task +1 (0 for none) renamed by p. */
  private static int task1(int[] p, int x) {
    return x == 0 ? 0 : p[x - 1] + 1;
  }

  /**
   * The image of state {@code v} under element g, into {@code out} (see the class comment).
   * Every field of the state is written.
   */
  void image(int[] v, int g, int[] out) {
    RefShape sh = shape;
    int[] tp = tasks[g];
    int[] wp = words[g];
    int[] cp = cpus[g];
    out[sh.gFaultKind] = v[sh.gFaultKind];
    int ft = v[sh.gFaultTask];
    out[sh.gFaultTask] = v[sh.gFaultKind] == RefShape.FAULT_NONE ? ft : tp[ft];
    out[sh.gFaultInfo] = v[sh.gFaultInfo];
    out[sh.gPreempt] = v[sh.gPreempt];
    for (int c = 0; c < sh.cpus; c++) {
      out[sh.cpuBase + cp[c]] = task1(tp, v[sh.cpuBase + c]);
    }
    for (int t = 0; t < sh.tasks; t++) {
      int from = sh.taskBase[t];
      int to = sh.taskBase[tp[t]];
      out[to + PC] = v[from + PC];
      out[to + KIND] = v[from + KIND];
      out[to + FLAGS] = v[from + FLAGS];
      out[to + CPU] = cp[v[from + CPU]];
      out[to + WAITM] = v[from + WAITM];
      out[to + FWORD] = task1(wp, v[from + FWORD]); // word + 1, renamed as task1 renames task + 1
      out[to + FSYS] = task1(wp, v[from + FSYS]);
      out[to + FVAL] = v[from + FVAL];
      int missed = v[from + MISSED];
      int renamed = 0;
      while (missed != 0) {
        int x = Integer.numberOfTrailingZeros(missed);
        missed &= missed - 1;
        renamed |= 1 << wp[x];
      }
      out[to + MISSED] = renamed;
      int home = v[from + HOME];
      out[to + HOME] = home == 0 ? 0 : cp[home - 1] + 1;
      System.arraycopy(v, from + TASK_FIXED, out, to + TASK_FIXED, sh.regs(t));
    }
    for (int w = 0; w < sh.words; w++) {
      out[sh.wordBase + wp[w]] = v[sh.wordBase + w];
      int src = sh.queueBase + w * sh.tasks;
      int dst = sh.queueBase + wp[w] * sh.tasks;
      for (int i = 0; i < sh.tasks; i++) {
        out[dst + i] = task1(tp, v[src + i]);
      }
    }
    for (int i = sh.mutexBase; i < sh.mutexBase + sh.mutexes * (1 + sh.tasks); i++) {
      out[i] = task1(tp, v[i]); // owner and wait list slots: task + 1
    }
    for (int l = 0; l < sh.locks; l++) {
      out[sh.lockBase + l] = task1(tp, v[sh.lockBase + l]);
    }
  }

  /**
   * The image under g of {@code v}'s first fields (the globals and each cpu's curr) compared
   * with {@code least}'s: greater means the whole image is greater, and need not be built.
   */
  private int comparePrefix(int[] v, int g, int[] least) {
    RefShape sh = shape;
    int[] tp = tasks[g];
    for (int i = 0; i < sh.cpuBase; i++) {
      int x = i == sh.gFaultTask && v[sh.gFaultKind] != RefShape.FAULT_NONE ? tp[v[i]] : v[i];
      if (x != least[i]) {
        return Integer.compare(x, least[i]);
      }
    }
    int[] from = cpus[inverseTable[g]]; // image cpu c holds what cpu from[c] held
    for (int c = 0; c < sh.cpus; c++) {
      int x = task1(tp, v[sh.cpuBase + from[c]]);
      if (x != least[sh.cpuBase + c]) {
        return Integer.compare(x, least[sh.cpuBase + c]);
      }
    }
    return 0;
  }

  /** The element whose image of {@code v} is the least (the first such; 0 when v is least). */
  int canonicalizer(int[] v) {
    int at = 0;
    int[] least = v;
    for (int g = 1; g < tasks.length; g++) {
      if (comparePrefix(v, g, least) > 0) {
        continue;
      }
      image(v, g, image);
      if (Arrays.compare(image, least) < 0) {
        at = g;
        System.arraycopy(image, 0, spare, 0, image.length);
        least = spare;
      }
    }
    return at;
  }

  /**
   * The least image of {@code v} under the group: {@code v} itself, or a scratch array valid
   * until the next call. The element it is the image under ({@link #canonicalizer}'s choice,
   * by the same comparisons) is left in {@link #lastCanonicalizer}.
   */
  int[] canonical(int[] v) {
    int at = 0;
    int[] least = v;
    for (int g = 1; g < tasks.length; g++) {
      if (comparePrefix(v, g, least) > 0) {
        continue; // its image is greater on its first fields: not built
      }
      image(v, g, image);
      if (Arrays.compare(image, least) < 0) {
        at = g;
        System.arraycopy(image, 0, best, 0, image.length);
        least = best;
      }
    }
    lastElement = at;
    return least;
  }

  /** The element whose image {@link #canonical} returned last: its canonicalizer. */
  private int lastElement;

  /** {@link #canonicalizer} of the array {@link #canonical} was given last (a by-product of it). */
  int lastCanonicalizer() {
    return lastElement;
  }

  /** The renaming "first a, then b" of n things. */
  private static int[] then(int[] a, int[] b) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = b[a[i]];
    }
    return out;
  }

  private static String key(int[] t, int[] w, int[] c) {
    return Arrays.toString(t) + Arrays.toString(w) + Arrays.toString(c);
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  private static boolean isIdentity(int[] p) {
    for (int i = 0; i < p.length; i++) {
      if (p[i] != i) {
        return false;
      }
    }
    return true;
  }

  private static long factorial(int n) {
    long f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
    }
    return f;
  }

  /** Every permutation of {@code a[k..]}, the identity first. */
  private static void permutations(int[] a, int k, List<int[]> out) {
    if (k == a.length) {
      out.add(a.clone());
      return;
    }
    for (int i = k; i < a.length; i++) {
      swap(a, k, i);
      permutations(a, k + 1, out);
      swap(a, k, i);
    }
  }

  private static void swap(int[] a, int i, int j) {
    int x = a[i];
    a[i] = a[j];
    a[j] = x;
  }
}
