package schedcheck.model.kernel;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import schedcheck.model.scenario.LockRef;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.SourcePos;
import schedcheck.model.scenario.Stmt;

/**
 * Symmetry reduction over interchangeable tasks: tasks with the same program (statement for
 * statement, registers and labels; source positions aside), the same priority and the same
 * cpu affinity can be renamed into one another without changing what the kernel can do, so
 * a state and its renamed image have the same futures up to the renaming. {@link #canonical}
 * maps a state to the least (lexicographically, as an {@code int[]}) of its images under
 * every renaming of the interchangeable tasks; {@link KernelModel} fingerprints that image
 * when symmetry is on ({@link KernelModel#withSymmetry()}), so the search stores one state
 * per orbit. The states themselves are never renamed: the search expands the state it
 * reached, and a trace, rebuilt by replaying step indices from the initial state, shows the
 * user's own task names.
 *
 * <p>A renaming moves each task's record (state, on_rq, cpu, pc, flags, registers, kernel
 * frames) to its new index, and its {@code pi_lock} and {@code blocked_lock} instances with
 * it, and renames every reference to a task: a cpu's curr and donor, the runqueue mask, a
 * spinlock's holder, a mutex's owner and wait list, a futex bucket's chain, the waiter links,
 * {@code blocked_donor}, the wake_q links, the faulting task. A kernel-frame local may also
 * hold a task; the locals that do are declared per function in {@link #TASK_LOCALS} (with
 * their encoding: the index, or the index + 1), and a state is renamed only when every
 * kernel frame in it belongs to a function listed there and no cpu runs {@code __schedule}
 * as steps (proxy execution's scheduler frames are not renamed); any other state keeps its
 * own fingerprint (it is its own representative: less reduction, never a wrong merge).
 *
 * <p>Applies only when the scenario gives no task a role the others lack (no program signals
 * a task or names a task's {@code pi_lock}/{@code blocked_lock}) and runs without proxy
 * execution's scheduler frames: then every reachable state is renamable, the reduction is
 * a function of the orbit alone, and BFS and DFS store the same number of states. (With
 * proxy execution some states could not be renamed; storing those as they are would still
 * be sound, but the count would depend on which member of an orbit the search met first.) Not for {@code lock-order}
 * (it compares lock instances by task index) nor for liveness (a cycle of the quotient need not
 * be a cycle of the real system): {@code check} uses it for the safety search only.
 */
public final class Symmetry {

  private final Layout layout;
  /** Every renaming to try, identity first: {@code perm[t]} is the new index of task t. */
  private final int[][] perms;
  private final List<List<Integer>> groups;
  /**
   * The kernel functions whose frames may be renamed, with the locals that hold a task:
   * {@code +i} for local i holding {@code task + 1} (0 none), {@code -(i + 1)} for local i
   * holding the task index itself. Every other local of these functions holds no task
   * (words, values, flags, mutexes, cpus, a callee's 0/1 result). Read off {@code Futex},
   * {@code Mutex} and {@code Kernel}: a function added there, or a local that starts holding
   * a task, must be added here (until then its states are simply not reduced).
   */
  static final Map<String, int[]> TASK_LOCALS = Map.of(
      "futex_wait", new int[0],
      "mutex_lock", new int[0],
      "futex_wake", new int[] {3},       // wake_q head: task + 1
      "futex_swap", new int[] {3},       // next: task + 1
      "mutex_unlock", new int[] {1},     // next: task + 1
      "try_to_wake_up", new int[] {-1},  // p: the task index
      // UMCG (docs/umcg.md): every UMCG statement names a task, so symmetry is off where these
      // run; listed so that LocalsTest keeps the declarations and this table together.
      "umcg_wake_server", new int[] {0}, // server: task + 1
      "sys_umcg_ctl", new int[] {1},     // server: task + 1
      "sys_umcg_kick", new int[] {0},    // task: task + 1 (its TID)
      "complete_io", new int[] {-1});    // t: the task index

  /** Per kernel step id: the task locals of its function (as in TASK_LOCALS), or null when not renamable. */
  private final int[][] stepLocals;
  private final int[] image;
  private int[] best;

  /** At most this many renamings are tried per state (6! = 720). */
  static final int MAX_PERMS = 720;

  private Symmetry(Layout layout, Kernel kernel, List<List<Integer>> groups) {
    this.layout = layout;
    this.groups = groups;
    List<int[]> ps = new ArrayList<>();
    int[] id = new int[layout.tasks];
    for (int t = 0; t < id.length; t++) {
      id[t] = t;
    }
    permute(groups, 0, id, ps);
    this.perms = ps.toArray(new int[0][]);
    int maxId = 0;
    for (KStep s : kernel.steps()) {
      maxId = Math.max(maxId, s.id);
    }
    this.stepLocals = new int[maxId + 1][];
    for (KStep s : kernel.steps()) {
      stepLocals[s.id] = TASK_LOCALS.get(s.function.name);
    }
    this.image = new int[layout.size];
    this.best = new int[layout.size];
  }

  /**
   * The symmetry of {@code layout}'s scenario, or null when no two tasks are interchangeable
   * (or the scenario rules symmetry out, see the class comment).
   */
  public static Symmetry of(Layout layout, Kernel kernel) {
    if (layout.pe) {
      // Proxy execution's scheduler frames hold tasks in locals not declared here: their
      // states could not be renamed, and a partial renaming makes the stored count depend on
      // the search order (BFS and DFS would no longer store the same number of states).
      return null;
    }
    Scenario sc = layout.scenario;
    for (Scenario.Task t : sc.tasks()) {
      for (Stmt st : t.program().statements()) {
        if (st instanceof Stmt.Call call && call.namesTask()) {
          return null;
        }
        if (st instanceof Stmt.SpinLock s && namesTask(s.lock())) {
          return null;
        }
        if (st instanceof Stmt.SpinUnlock s && namesTask(s.lock())) {
          return null;
        }
      }
    }
    Map<String, List<Integer>> byShape = new LinkedHashMap<>();
    for (int t = 0; t < layout.tasks; t++) {
      Scenario.Task task = sc.tasks().get(t);
      String key = task.prio() + "|" + task.affinity() + "|" + shape(task.program());
      byShape.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
    }
    List<List<Integer>> groups = new ArrayList<>();
    long perms = 1;
    for (List<Integer> g : byShape.values()) {
      if (g.size() < 2) {
        continue;
      }
      long f = factorial(g.size());
      if (perms * f > MAX_PERMS) {
        continue; // too many renamings to try per state: leave this group alone
      }
      perms *= f;
      groups.add(List.copyOf(g));
    }
    return groups.isEmpty() ? null : new Symmetry(layout, kernel, groups);
  }

  private static boolean namesTask(LockRef r) {
    return r.kind() == LockRef.Kind.PI_LOCK || r.kind() == LockRef.Kind.BLOCKED_LOCK;
  }

  private static long factorial(int n) {
    long f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
    }
    return f;
  }

  /** A program's structure without source positions: equal for interchangeable tasks. */
  static String shape(Object o) {
    if (o == null) {
      return "null";
    }
    if (o instanceof SourcePos) {
      return "";
    }
    if (o instanceof Record r) {
      StringBuilder b = new StringBuilder(r.getClass().getSimpleName()).append('(');
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        if (c.getType() == SourcePos.class) {
          continue;
        }
        try {
          b.append(c.getName()).append('=').append(shape(c.getAccessor().invoke(r))).append(',');
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return b.append(')').toString();
    }
    if (o instanceof List<?> l) {
      StringBuilder b = new StringBuilder("[");
      for (Object x : l) {
        b.append(shape(x)).append(',');
      }
      return b.append(']').toString();
    }
    if (o instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("{");
      m.entrySet().stream().map(e -> shape(e.getKey()) + ":" + shape(e.getValue())).sorted()
          .forEach(s -> b.append(s).append(','));
      return b.append('}').toString();
    }
    return o.getClass().getSimpleName() + ":" + o;
  }

  private static void permute(List<List<Integer>> groups, int g, int[] cur, List<int[]> out) {
    if (g == groups.size()) {
      out.add(cur.clone());
      return;
    }
    List<Integer> members = groups.get(g);
    int n = members.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    do {
      int[] p = cur.clone();
      for (int i = 0; i < n; i++) {
        p[members.get(i)] = members.get(order[i]);
      }
      permute(groups, g + 1, p, out);
    } while (nextPermutation(order));
  }

  private static boolean nextPermutation(int[] a) {
    int i = a.length - 2;
    while (i >= 0 && a[i] >= a[i + 1]) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    int j = a.length - 1;
    while (a[j] <= a[i]) {
      j--;
    }
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
    for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
      t = a[l];
      a[l] = a[r];
      a[r] = t;
    }
    return true;
  }

  /** The groups of interchangeable task indices. */
  public List<List<Integer>> groups() {
    return groups;
  }

  /** The renamings tried, identity first (for tests). */
  int[][] perms() {
    return perms;
  }

  /** How many renamings are tried per state (the order of the symmetry group used). */
  public int order() {
    return perms.length;
  }

  /**
   * The representative of {@code v}'s orbit: the least image of {@code v} under the
   * renamings, or {@code v} itself when it cannot be renamed safely (see the class comment).
   * The array returned is {@code v} or a buffer of this object, valid until the next call.
   */
  public int[] canonical(int[] v) {
    if (!renamable(v)) {
      return v;
    }
    int[] b = best;
    System.arraycopy(v, 0, b, 0, v.length); // the identity's image
    for (int i = 1; i < perms.length; i++) {
      rename(v, perms[i], image);
      if (Arrays.compare(image, b) < 0) {
        System.arraycopy(image, 0, b, 0, b.length);
      }
    }
    return b;
  }

  /** Whether the locals of kernel step {@code step}'s function are declared in TASK_LOCALS. */
  boolean knownStep(int step) {
    return step >= 0 && step < stepLocals.length && stepLocals[step] != null;
  }

  /** Every kernel frame of a function in TASK_LOCALS, no scheduler frames. */
  boolean renamable(int[] v) {
    Layout L = layout;
    if (L.pe) {
      for (int c = 0; c < L.cpus; c++) {
        if (v[L.cpu(c, Layout.CPU_SDEPTH)] != 0) {
          return false;
        }
      }
    }
    for (int t = 0; t < L.tasks; t++) {
      int depth = v[L.task(t, Layout.T_DEPTH)];
      for (int f = 0; f < depth; f++) {
        int step = v[L.frame(t, f)];
        if (step < 0 || step >= stepLocals.length || stepLocals[step] == null) {
          return false;
        }
      }
    }
    return true;
  }

  private int ref(int[] p, int r) {
    return r >= 1 && r <= layout.tasks ? p[r - 1] + 1 : r;
  }

  /**
   * {@code out} = {@code v} with the tasks renamed by {@code p}. The locals of frames not in
   * {@link #TASK_LOCALS} and the scheduler frames are copied as they are (only {@link
   * #renamable} states are renamed for fingerprints).
   */
  void rename(int[] v, int[] p, int[] out) {
    Layout L = layout;
    System.arraycopy(v, 0, out, 0, v.length);
    out[L.gFaultTask] = ref(p, v[L.gFaultTask]);
    for (int c = 0; c < L.cpus; c++) {
      out[L.cpu(c, Layout.CPU_CURR)] = ref(p, v[L.cpu(c, Layout.CPU_CURR)]);
      out[L.cpu(c, Layout.CPU_DONOR)] = ref(p, v[L.cpu(c, Layout.CPU_DONOR)]);
      int mask = v[L.cpu(c, Layout.CPU_RQ)];
      int m = 0;
      for (int t = 0; t < L.tasks; t++) {
        if ((mask & (1 << t)) != 0) {
          m |= 1 << p[t];
        }
      }
      out[L.cpu(c, Layout.CPU_RQ)] = m;
    }
    for (int l = 0; l < L.locks; l++) {
      int slot = v[L.lockBase + l];
      int holder = slot & Layout.HOLDER_MASK;
      int renamed = (slot & ~Layout.HOLDER_MASK) | ref(p, holder);
      out[L.lockBase + lockImage(p, l)] = renamed;
    }
    for (int b = 0; b < L.buckets; b++) {
      out[L.bucket(b, Layout.HB_HEAD)] = ref(p, v[L.bucket(b, Layout.HB_HEAD)]);
    }
    for (int m = 0; m < L.mutexes; m++) {
      int owner = v[L.mutex(m, Layout.M_OWNER)];
      out[L.mutex(m, Layout.M_OWNER)] = (owner & ~0xff) | ref(p, owner & 0xff);
      out[L.mutex(m, Layout.M_HEAD)] = ref(p, v[L.mutex(m, Layout.M_HEAD)]);
    }
    for (int t = 0; t < L.tasks; t++) {
      int from = L.task(t, 0);
      int to = L.task(p[t], 0);
      System.arraycopy(v, from, out, to, L.taskSize);
      out[to + Layout.T_WAIT_NEXT] = ref(p, v[from + Layout.T_WAIT_NEXT]);
      out[to + Layout.T_BLOCKED_DONOR] = ref(p, v[from + Layout.T_BLOCKED_DONOR]);
      int wq = v[from + Layout.T_WAKE_Q_NEXT]; // 0 not queued, 1 WAKE_Q_TAIL, t + 2 next is t
      out[to + Layout.T_WAKE_Q_NEXT] = wq >= 2 && wq - 2 < L.tasks ? p[wq - 2] + 2 : wq;
      int depth = v[from + Layout.T_DEPTH];
      for (int f = 0; f < depth; f++) {
        int frame = L.frame(t, f) - L.task(t, 0);
        int step = v[from + frame];
        int[] locals = step >= 0 && step < stepLocals.length ? stepLocals[step] : null;
        if (locals == null) {
          continue; // not renamable (never asked of rename by canonical); tests mask such frames
        }
        for (int x : locals) {
          int at = to + frame + 1 + (x >= 0 ? x : -x - 1);
          int val = out[at];
          out[at] = x >= 0 ? ref(p, val) : (val >= 0 && val < L.tasks ? p[val] : val);
        }
      }
    }
  }

  /** Where lock instance l goes: a task's pi_lock and blocked_lock follow the task. */
  private int lockImage(int[] p, int l) {
    for (int t = 0; t < layout.tasks; t++) {
      if (l == layout.piLock(t)) {
        return layout.piLock(p[t]);
      }
      if (l == layout.blockedLock(t)) {
        return layout.blockedLock(p[t]);
      }
    }
    return l;
  }
}
