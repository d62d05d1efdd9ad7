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
 * Symmetry reduction over interchangeable tasks: the scenario's automorphisms ({@link
 * Automorphisms}: renamings of tasks, with the renaming of user words each induces, that map
 * every program, priority and affinity onto the scenario itself; identical tasks with the
 * words fixed, the futex ring's rotations with its words rotated) rename tasks into one another
 * without changing what the kernel can do, so a state and its renamed image have the same
 * futures up to the renaming. With words renamed, a renaming also moves the memory words, the
 * futex hash buckets (waiters, chain) and their hb locks, and renames each task's futex_q word
 * and missed-wake mask and the futex functions' word locals ({@link #WORD_LOCALS}). Why the
 * initial memory need not be invariant: see {@link Automorphisms}. {@link #canonical}
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
 * hold a task, on a task's frames or on a cpu's scheduler frames (proxy execution's {@code
 * __schedule}, {@code find_proxy_task} and its helpers, which stay with their cpu); the locals
 * that do are declared per function in {@link #TASK_LOCALS} (with their encoding: the index,
 * or the index + 1), {@link #FOUND_RESULTS} (find_proxy_task's result, task + 2) and {@link
 * #LIVE_ONLY_AT} (a task local whose slot also receives a callee's result: zeroed where it is
 * dead, so that the renaming is exact). A state is renamed only when every frame in it belongs
 * to a function listed there (all of them but {@code send_signal}, which no symmetric scenario
 * reaches); any other state keeps its own fingerprint (less reduction, never a wrong merge).
 *
 * <p>Applies only when the scenario gives no task a role the others lack (no program signals
 * a task or names a task's {@code pi_lock}/{@code blocked_lock}): then every reachable state
 * is renamable, the reduction is a function of the orbit alone, and BFS and DFS store the same
 * number of states. Not for {@code lock-order} (it compares lock instances by task index). A
 * cycle of the quotient need not be a cycle of the real system, so the liveness pass does not
 * search the quotient's cycles: it decides its goals on the product of the quotient with the
 * group ({@code FairCycles.quotient}), which needs each state's canonicalizer ({@link
 * #lastCanonicalizer}, a by-product of {@link #canonical}) and the group's composition and
 * inverse tables ({@link #compose}, {@link #inverse}; only when the elements used are closed
 * under composition, {@link #isGroup}).
 */
public final class Symmetry {

  private final Layout layout;
  /** Every renaming to try, identity first: {@code perm[t]} is the new index of task t. */
  private final int[][] perms;
  /**
   * The word renaming that goes with each task renaming ({@code wordPerms[k][w]} is word w's
   * new index), or null when every element of the group leaves the words alone.
   */
  private final int[][] wordPerms;
  /** The futex hash bucket renaming each word renaming induces (null with wordPerms). */
  private final int[][] bucketPerms;
  /**
   * Where each lock instance goes under each task renaming: a task's pi_lock and blocked_lock
   * follow the task, a bucket's hb lock follows the bucket, the rest stay.
   */
  private final int[][] lockPerms;
  /**
   * Every renaming of the cpus to try, identity first ({@code cpuPerms[i][c]} is cpu c's new
   * index); only the identity unless every task may run on every cpu (see {@link #of}).
   */
  private final int[][] cpuPerms;
  /** {@code cpuInverse[j][c]}: the cpu that cpu renaming j moves to c. */
  private final int[][] cpuInverse;
  private final List<List<Integer>> groups;
  /**
   * The kernel functions whose frames may be renamed, with the locals that hold a task:
   * {@code +i} for local i holding {@code task + 1} (0 none), {@code -(i + 1)} for local i
   * holding the task index itself. Every other local of these functions holds no task
   * (words, values, flags, mutexes, cpus, a callee's 0/1 result), except those named in
   * {@link #FOUND_RESULTS} and {@link #LIVE_ONLY_AT}. Read off {@code Futex}, {@code Mutex},
   * {@code Kernel} and {@code Proxy} ({@code LocalsTest} checks them against the functions'
   * declared task locals): a function added there, or a local that starts holding a task,
   * must be added here (until then its states are simply not reduced).
   */
  static final Map<String, int[]> TASK_LOCALS = Map.ofEntries(
      Map.entry("futex_wait", new int[0]),
      Map.entry("mutex_lock", new int[0]),
      Map.entry("futex_wake", new int[] {3}),       // wake_q head: task + 1
      Map.entry("futex_swap", new int[] {3}),       // next: task + 1
      Map.entry("mutex_unlock", new int[] {1}),     // next: task + 1
      Map.entry("try_to_wake_up", new int[] {-1}),  // p: the task index
      // Proxy execution (scheduler frames, per cpu):
      Map.entry("__schedule", new int[] {0, 2}),    // prev, next: task + 1 (0 idle)
      Map.entry("find_proxy_task", new int[] {-1, -2, -5}), // donor, p, owner: task indices
      Map.entry("proxy_deactivate", new int[] {-1}), // donor
      Map.entry("proxy_migrate_task", new int[] {-1}), // p (target is a cpu)
      Map.entry("proxy_force_return", new int[] {-1}), // p (target is a cpu)
      // UMCG (docs/umcg.md): every UMCG statement names a task, so symmetry is off where these
      // run; listed so that LocalsTest keeps the declarations and this table together.
      Map.entry("umcg_wake_server", new int[] {0}), // server: task + 1
      Map.entry("sys_umcg_ctl", new int[] {1}),     // server: task + 1
      Map.entry("sys_umcg_kick", new int[] {0}),    // task: task + 1 (its TID)
      Map.entry("complete_io", new int[] {-1}));    // t: the task index

  /**
   * Result slots that hold a callee's task-valued result: {@code __schedule}'s last slot
   * receives find_proxy_task's {@code Proxy.NONE} (0), {@code Proxy.IDLE} (1) or {@code
   * found(p) = p + 2}.
   */
  static final Map<String, Integer> FOUND_RESULTS = Map.of("__schedule", 4);

  /**
   * The kernel functions whose frames hold a user memory word (its index, as is), and in which
   * slots: futex_wait's and futex_wake's {@code uaddr}, futex_swap's {@code uaddr} and {@code
   * uaddr2}; set when the frame is pushed and live until it returns. Renamed with the words.
   * No other function of {@link #TASK_LOCALS} holds a word ({@code LocalsTest} and {@code
   * SymmetryTest} check the names), and UMCG, whose statements name words of their own, rules
   * word renaming out ({@link Automorphisms}).
   */
  static final Map<String, int[]> WORD_LOCALS = Map.of(
      "futex_wait", new int[] {0}, "futex_wake", new int[] {0}, "futex_swap", new int[] {0, 2});

  /** Per kernel step id: the slots of its frame that hold a word ({@link #WORD_LOCALS}). */
  private final int[][] stepWordSlots;

  /**
   * Task locals that share their slot with something else and are live (read before being
   * written again) only at some steps: elsewhere the slot is dead, and a renaming zeroes it in
   * the image it compares (states that differ only in a dead slot have the same futures).
   * find_proxy_task's {@code owner} (slot 4) is set at F3 and read only at F7; it is 0 when the
   * frame is pushed, stale after F11 loops back to F1, and overwritten by a helper's 0 result
   * (proxy_deactivate, proxy_migrate_task, proxy_force_return) while the frame waits at F_OUT.
   */
  static final Map<String, Map<Integer, java.util.Set<String>>> LIVE_ONLY_AT = Map.of(
      "find_proxy_task", Map.of(4, java.util.Set.of("F7")));

  // What a renaming does to one frame slot (see stepOps).
  private static final int OP_TASK1 = 0; // task + 1, 0 none
  private static final int OP_INDEX = 1; // the task index
  private static final int OP_FOUND = 2; // 0, 1 or task + 2
  private static final int OP_DEAD = 3;  // zeroed in the compared image

  /**
   * Per kernel step id: what a renaming does to the slots of a frame at that step, as pairs
   * (slot, OP_*); null when the step's function is not in TASK_LOCALS (not renamable).
   */
  private final int[][] stepOps;
  /** The state with its dead slots zeroed (canonical's source, when some dead slot is set). */
  private final int[] masked;
  /** The least image so far, when it is not the identity's ({@link #canonical}). */
  private final int[] best;

  /** At most this many renamings are tried per state (6! = 720). */
  static final int MAX_PERMS = 720;

  /**
   * {@code tasksWith[j]}: the task renamings (indices into {@link #perms}) that go with cpu
   * renaming j, in order (for j = 0 the identity first). Every one when the cpus are renamed
   * independently of the tasks; with {@link #paired} only those that map each task's start cpu
   * to its image's start cpu.
   */
  private final int[][] tasksWith;
  /** The elements of the group used, as {cpu renaming j, task renaming i}, identity first. */
  private final int[][] elements;
  /** Whether some element renames the cpus. */
  private final boolean cpusRenamed;
  /** {@code elementOf[j][i]}: the index in {@link #elements} of {cpu renaming j, task renaming i}, or -1. */
  private final int[][] elementOf;
  /**
   * {@code composeTable[a * order() + b]}: the element "first b, then a"; null when the
   * elements are not closed under composition (then no group: {@link #isGroup} is false).
   */
  private final int[] composeTable;
  /** {@code inverseTable[a]}: the inverse of element a (null with {@link #composeTable}). */
  private final int[] inverseTable;
  /** The element whose image {@link #canonical} returned last: its canonicalizer. */
  private int lastElement;
  /**
   * Whether the group is the paired one: where no task ever changes cpu ({@link
   * #tasksStayOnTheirCpu}) a task renaming determines the cpus' renaming on the cpus tasks
   * start on, so only those elements of tasks x cpus are used (see {@link #of}).
   */
  private final boolean paired;

  private Symmetry(Layout layout, Kernel kernel, List<int[][]> group, boolean cpus, boolean paired) {
    this.layout = layout;
    this.paired = paired;
    List<int[]> cps = new ArrayList<>();
    int[] cid = identity(layout.cpus);
    if (paired) {
      // only the cpu renamings some task renaming goes with (see pairedCpuPerms), identity first
      Map<String, int[]> distinct = new LinkedHashMap<>();
      distinct.put(Arrays.toString(cid), cid);
      for (int[][] g : group) {
        for (int[] q : pairedCpuPerms(layout, g[0])) {
          distinct.putIfAbsent(Arrays.toString(q), q);
        }
      }
      cps.addAll(distinct.values());
    } else if (cpus) {
      List<Integer> all = new ArrayList<>();
      for (int c = 0; c < layout.cpus; c++) {
        all.add(c);
      }
      permute(List.of(all), 0, cid, cps);
    } else {
      cps.add(cid);
    }
    this.cpuPerms = cps.toArray(new int[0][]);
    this.cpuInverse = new int[cpuPerms.length][layout.cpus];
    for (int j = 0; j < cpuPerms.length; j++) {
      for (int c = 0; c < layout.cpus; c++) {
        cpuInverse[j][cpuPerms[j][c]] = c;
      }
    }
    int n = group.size();
    this.perms = new int[n][];
    boolean words = false;
    for (int k = 0; k < n; k++) {
      perms[k] = group.get(k)[0];
      words |= !isIdentity(group.get(k)[1]);
    }
    this.wordPerms = words ? new int[n][] : null;
    this.bucketPerms = words ? new int[n][] : null;
    this.lockPerms = new int[n][];
    for (int k = 0; k < n; k++) {
      int[] bp = words ? bucketPerm(layout, group.get(k)[1]) : null;
      if (words) {
        wordPerms[k] = group.get(k)[1];
        bucketPerms[k] = bp;
      }
      lockPerms[k] = lockPerm(layout, perms[k], bp);
    }
    this.groups = orbits(layout.tasks, perms);
    this.tasksWith = new int[cpuPerms.length][];
    List<int[]> els = new ArrayList<>();
    boolean anyCpu = false;
    for (int j = 0; j < cpuPerms.length; j++) {
      List<Integer> with = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (!paired || startsPaired(layout, perms[i], cpuPerms[j])) {
          with.add(i);
          els.add(new int[] {j, i});
          anyCpu |= j != 0;
        }
      }
      tasksWith[j] = with.stream().mapToInt(Integer::intValue).toArray();
    }
    this.elements = els.toArray(new int[0][]);
    this.cpusRenamed = anyCpu;
    this.elementOf = new int[cpuPerms.length][n];
    for (int[] row : elementOf) {
      Arrays.fill(row, -1);
    }
    for (int e = 0; e < elements.length; e++) {
      elementOf[elements[e][0]][elements[e][1]] = e;
    }
    int[][] table = groupTable();
    this.composeTable = table == null ? null : table[0];
    this.inverseTable = table == null ? null : table[1];
    int maxId = 0;
    for (KStep s : kernel.steps()) {
      maxId = Math.max(maxId, s.id);
    }
    this.stepOps = new int[maxId + 1][];
    this.stepWordSlots = new int[maxId + 1][];
    this.stepCpuLocal = new int[maxId + 1];
    this.stepCpuDead = new int[maxId + 1];
    for (KStep s : kernel.steps()) {
      stepOps[s.id] = ops(s);
      stepWordSlots[s.id] = WORD_LOCALS.getOrDefault(s.function.name, new int[0]);
      int slot = CPU_LOCALS.getOrDefault(s.function.name, -1);
      java.util.Set<String> live = CPU_LIVE_ONLY_AT.get(s.function.name);
      boolean dead = slot >= 0 && live != null && !live.contains(s.label);
      stepCpuLocal[s.id] = dead ? -1 : slot;
      stepCpuDead[s.id] = dead ? slot : -1;
    }
    this.masked = new int[layout.size];
    this.best = new int[layout.size];
    inverses();
    slotCodes();
  }

  /** What a renaming does to a frame at step s: pairs (slot, OP_*), or null (not renamable). */
  static int[] ops(KStep s) {
    int[] locals = TASK_LOCALS.get(s.function.name);
    if (locals == null) {
      return null;
    }
    List<Integer> out = new ArrayList<>();
    Map<Integer, java.util.Set<String>> live = LIVE_ONLY_AT.getOrDefault(s.function.name, Map.of());
    for (int x : locals) {
      int slot = x >= 0 ? x : -x - 1;
      out.add(slot);
      if (live.containsKey(slot) && !live.get(slot).contains(s.label)) {
        out.add(OP_DEAD);
      } else {
        out.add(x >= 0 ? OP_TASK1 : OP_INDEX);
      }
    }
    Integer found = FOUND_RESULTS.get(s.function.name);
    if (found != null) {
      out.add(found);
      out.add(OP_FOUND);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The symmetry of {@code layout}'s scenario, or null when no two tasks are interchangeable
   * (or the scenario rules symmetry out, see the class comment).
   */
  public static Symmetry of(Layout layout, Kernel kernel) {
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
    List<int[][]> group = Automorphisms.of(layout, MAX_PERMS);
    if (group == null) {
      group = identicalTasks(layout);
    }
    if (group.size() < 2) {
      return null;
    }
    boolean paired = tasksStayOnTheirCpu(layout) && cpusInterchangeable(layout, 0)
        && pairedOrder(layout, group) <= MAX_PERMS;
    return new Symmetry(layout, kernel, group, paired || cpusInterchangeable(layout, group.size()), paired);
  }

  /** How many elements the paired group of {@code group} has (see {@link #pairedCpuPerms}). */
  private static long pairedOrder(Layout layout, List<int[][]> group) {
    long n = 0;
    for (int[][] g : group) {
      int[] q = forcedCpus(layout, g[0]);
      if (q != null) {
        int free = 0;
        for (int c : q) {
          free += c < 0 ? 1 : 0;
        }
        n += factorial(free);
      }
    }
    return n;
  }

  /**
   * The cpu renaming task renaming p forces on the cpus tasks start on ({@code q[cpu(t)] =
   * cpu(p(t))}), -1 on the others; null when there is none (two tasks on one cpu sent to
   * different cpus, or two cpus sent to one).
   */
  private static int[] forcedCpus(Layout layout, int[] p) {
    List<Scenario.Task> tasks = layout.scenario.tasks();
    int[] q = new int[layout.cpus];
    Arrays.fill(q, -1);
    boolean[] hit = new boolean[layout.cpus];
    for (int t = 0; t < layout.tasks; t++) {
      int from = tasks.get(t).cpu();
      int to = tasks.get(p[t]).cpu();
      if (q[from] < 0) {
        if (hit[to]) {
          return null;
        }
        q[from] = to;
        hit[to] = true;
      } else if (q[from] != to) {
        return null;
      }
    }
    return q;
  }

  /**
   * Every cpu renaming q with {@code q(cpu(t)) == cpu(p(t))} for every task t ({@link
   * #startsPaired}): forced on the cpus tasks start on, any permutation of the others (which
   * no task ever runs on, as no task changes cpu), the identity on them first. Built directly,
   * so that the ring at N >= 6 is reduced without enumerating cpus! renamings.
   */
  static List<int[]> pairedCpuPerms(Layout layout, int[] p) {
    int[] q = forcedCpus(layout, p);
    List<int[]> out = new ArrayList<>();
    if (q == null) {
      return out;
    }
    List<Integer> free = new ArrayList<>();
    for (int c = 0; c < layout.cpus; c++) {
      if (q[c] < 0) {
        free.add(c);
      }
    }
    if (free.isEmpty()) {
      out.add(q);
      return out;
    }
    // the free cpus are exactly those no forced cpu is sent to (the forced part is a bijection
    // of the start cpus onto themselves, p being a bijection of the tasks)
    int[] base = q.clone();
    for (int c : free) {
      base[c] = c;
    }
    permute(List.of(free), 0, base, out);
    return out;
  }

  /**
   * The symmetry with every element of tasks x cpus, never the paired group (tests compare the
   * two: the paired group must merge exactly the reachable states the full one does).
   */
  static Symmetry unpaired(Layout layout, Kernel kernel) {
    Symmetry s = of(layout, kernel);
    if (s == null || !s.paired) {
      return s;
    }
    List<int[][]> group = new ArrayList<>();
    for (int k = 0; k < s.perms.length; k++) {
      group.add(new int[][] {s.perms[k], s.wordPerms == null ? identity(layout.words) : s.wordPerms[k]});
    }
    return new Symmetry(layout, kernel, group, true, false);
  }

  /**
   * Whether no task of the scenario ever changes cpu, so that every reachable state has each
   * task on its start cpu ({@code task_cpu} and {@code wake_cpu}): no proxy execution (proxy
   * migration, select_task_rq's idle balancing), no UMCG and no FUTEX_SWAP (both wake with
   * WF_CURRENT_CPU), no system call but futex wait/wake, mutex lock/unlock and signal (whose
   * wakeups go through select_task_rq, which keeps an allowed previous cpu), and every task
   * starts on a cpu of its affinity. {@link Por} rests on the same fact; SymmetryTest checks it
   * on the reachable states of every shipped scenario it holds for.
   */
  static boolean tasksStayOnTheirCpu(Layout layout) {
    if (layout.pe || layout.umcg) {
      return false;
    }
    for (Scenario.Task task : layout.scenario.tasks()) {
      if (!task.affinity().contains(task.cpu())) {
        return false;
      }
      for (Stmt st : task.program().statements()) {
        if (st instanceof Stmt.Call && !(st instanceof Stmt.FutexWait || st instanceof Stmt.FutexWake
            || st instanceof Stmt.Lock || st instanceof Stmt.Unlock || st instanceof Stmt.LockInterruptible
            || st instanceof Stmt.Signal)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether renaming the cpus by q and the tasks by p maps every task's start cpu to the start
   * cpu of its image: {@code q(cpu(t)) == cpu(p(t))}. Where tasks stay on their cpu, an element
   * that fails this maps no reachable state to a reachable one (the image has task p(t) on
   * cpu q(cpu(t)), not its own), so leaving it out merges the same reachable states; those
   * that pass are a subgroup (the stabilizer of the start-cpu assignment), hence still one
   * least image per orbit.
   */
  static boolean startsPaired(Layout layout, int[] p, int[] q) {
    List<Scenario.Task> tasks = layout.scenario.tasks();
    for (int t = 0; t < layout.tasks; t++) {
      if (q[tasks.get(t).cpu()] != tasks.get(p[t]).cpu()) {
        return false;
      }
    }
    return true;
  }

  /** Whether the group is the paired one (see {@link #tasksStayOnTheirCpu}). */
  public boolean paired() {
    return paired;
  }

  /**
   * The group of the present code before word renaming, used when the scenario's automorphism
   * group is larger than {@link #MAX_PERMS} (or too costly to find): the product of the full
   * symmetric groups of the classes of identical tasks (same program, priority and affinity),
   * leaving out a class that would take the product over {@link #MAX_PERMS}; words fixed.
   */
  static List<int[][]> identicalTasks(Layout layout) {
    Scenario sc = layout.scenario;
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
    List<int[]> ps = new ArrayList<>();
    int[] id = identity(layout.tasks);
    permute(groups, 0, id, ps);
    int[] wid = identity(layout.words);
    List<int[][]> out = new ArrayList<>();
    for (int[] p : ps) {
      out.add(new int[][] {p, wid});
    }
    return out;
  }

  /** The identity renaming of n things. */
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

  /**
   * The bucket renaming that word renaming {@code wp} induces: bucket {@code bucketOf(w)} goes
   * to {@code bucketOf(wp[w])}; a bucket no word hashes to stays. {@link Automorphisms} only
   * keeps word renamings for which this is well defined (the renaming maps words sharing a
   * bucket to words sharing a bucket), so that renaming commutes with the hash.
   */
  static int[] bucketPerm(Layout layout, int[] wp) {
    int[] bp = identity(layout.buckets);
    for (int w = 0; w < layout.words; w++) {
      bp[layout.bucketOf(w)] = layout.bucketOf(wp[w]);
    }
    return bp;
  }

  /** Where each lock instance goes: pi_lock and blocked_lock with their task, hb locks with their bucket. */
  static int[] lockPerm(Layout layout, int[] p, int[] bp) {
    int[] lp = identity(layout.locks);
    for (int t = 0; t < layout.tasks; t++) {
      lp[layout.piLock(t)] = layout.piLock(p[t]);
      lp[layout.blockedLock(t)] = layout.blockedLock(p[t]);
    }
    if (bp != null) {
      for (int b = 0; b < layout.buckets; b++) {
        lp[layout.hbLock(b)] = layout.hbLock(bp[b]);
      }
    }
    return lp;
  }

  /** The orbits of at least two tasks under the task renamings, by least member. */
  private static List<List<Integer>> orbits(int tasks, int[][] perms) {
    List<List<Integer>> out = new ArrayList<>();
    boolean[] done = new boolean[tasks];
    for (int t = 0; t < tasks; t++) {
      if (done[t]) {
        continue;
      }
      java.util.TreeSet<Integer> orbit = new java.util.TreeSet<>();
      for (int[] p : perms) {
        orbit.add(p[t]);
      }
      for (int u : orbit) {
        done[u] = true;
      }
      if (orbit.size() > 1) {
        out.add(List.copyOf(orbit));
      }
    }
    return out;
  }

  /**
   * Whether the cpus may be renamed along with the tasks: more than one cpu, every task may
   * run on every cpu (the kernel model then treats cpus alike: select_task_rq's "first allowed
   * cpu" never applies, the idle cpus a wakeup may choose are a set), no program names an rq
   * lock, and the combined group stays within {@link #MAX_PERMS}. A task's start cpu need not
   * match: the canonical form maps each state, the initial ones included, to its orbit.
   */
  static boolean cpusInterchangeable(Layout layout, long taskPerms) {
    if (layout.cpus < 2 || taskPerms * factorial(layout.cpus) > MAX_PERMS) {
      return false;
    }
    for (Scenario.Task t : layout.scenario.tasks()) {
      if (t.affinity().size() != layout.cpus) {
        return false;
      }
      for (Stmt st : t.program().statements()) {
        if (st instanceof Stmt.SpinLock s && s.lock().kind() == LockRef.Kind.RQ_LOCK
            || st instanceof Stmt.SpinUnlock u && u.lock().kind() == LockRef.Kind.RQ_LOCK) {
          return false;
        }
      }
    }
    return true;
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

  /**
   * How many renamings are tried per state (the order of the symmetry group used: tasks x cpus,
   * or, {@link #paired}, the elements of it that keep every task on its start cpu).
   */
  public int order() {
    return elements.length;
  }

  /** The word renaming of each task renaming of {@link #perms()} (identities when words are not renamed). */
  int[][] wordPerms() {
    if (wordPerms != null) {
      return wordPerms;
    }
    int[][] out = new int[perms.length][layout.words];
    for (int[] w : out) {
      for (int i = 0; i < w.length; i++) {
        w[i] = i;
      }
    }
    return out;
  }

  /** Whether some renaming moves user words too ({@link Automorphisms}). */
  public boolean renamesWords() {
    return wordPerms != null;
  }

  /** Whether cpus are renamed too (every task may run on every cpu). */
  public boolean renamesCpus() {
    return cpusRenamed;
  }

  /**
   * The composition and inverse tables of the elements ({cpu renaming, task renaming with its
   * word renaming}): each element acts as the three permutations, so "first b, then a" is the
   * element whose permutations are a's after b's; null when some composition is not among the
   * elements (e.g. a group cut at {@link #MAX_PERMS}, or a paired subset not closed).
   */
  private int[][] groupTable() {
    int m = elements.length;
    int[][] wps = wordPerms();
    Map<String, Integer> index = new java.util.HashMap<>();
    for (int e = 0; e < m; e++) {
      index.put(key(cpuPerms[elements[e][0]], perms[elements[e][1]], wps[elements[e][1]]), e);
    }
    int[] comp = new int[m * m];
    int[] inv = new int[m];
    Arrays.fill(inv, -1);
    for (int a = 0; a < m; a++) {
      for (int b = 0; b < m; b++) {
        int[] q = after(cpuPerms[elements[a][0]], cpuPerms[elements[b][0]]);
        int[] p = after(perms[elements[a][1]], perms[elements[b][1]]);
        int[] w = after(wps[elements[a][1]], wps[elements[b][1]]);
        Integer c = index.get(key(q, p, w));
        if (c == null) {
          return null;
        }
        comp[a * m + b] = c;
        if (c == 0) {
          inv[a] = b;
        }
      }
      if (inv[a] < 0) {
        return null;
      }
    }
    return new int[][] {comp, inv};
  }

  private static String key(int[] q, int[] p, int[] w) {
    return Arrays.toString(q) + Arrays.toString(p) + Arrays.toString(w);
  }

  /** The permutation "first b, then a": x goes to a[b[x]]. */
  private static int[] after(int[] a, int[] b) {
    int[] out = new int[b.length];
    for (int x = 0; x < b.length; x++) {
      out[x] = a[b[x]];
    }
    return out;
  }

  /** Whether the elements form a group (closed under composition, with inverses): {@link #compose} and {@link #inverse} apply. */
  public boolean isGroup() {
    return composeTable != null;
  }

  /** The element "first b, then a" (only when {@link #isGroup}). */
  public int compose(int a, int b) {
    return composeTable[a * elements.length + b];
  }

  /** The inverse of element a (only when {@link #isGroup}). */
  public int inverse(int a) {
    return inverseTable[a];
  }

  /** Element i's task renaming: {@code taskPerm(i)[t]} is task t's new index. */
  public int[] taskPerm(int i) {
    return perms[elements[i][1]].clone();
  }

  /** Element i's cpu renaming: {@code cpuPerm(i)[c]} is cpu c's new index. */
  public int[] cpuPerm(int i) {
    return cpuPerms[elements[i][0]].clone();
  }

  /**
   * The element whose image the last call of {@link #canonical} returned ({@code canonical(v)}
   * is element {@code lastCanonicalizer()}'s image of {@code v} with its dead slots zeroed); 0
   * when it returned {@code v} itself (not renamable) or the identity's image was least.
   */
  public int lastCanonicalizer() {
    return lastElement;
  }

  /** {@code out} = {@code v} renamed by the i-th renaming of {@link #order()}: cpus, then tasks. */
  void rename(int[] v, int i, int[] out) {
    int j = elements[i][0];
    int k = elements[i][1];
    if (j == 0) {
      renameTasks(v, k, out);
      return;
    }
    int[] tmp = new int[v.length];
    renameCpus(v, cpuPerms[j], tmp);
    renameTasks(tmp, k, out);
  }

  /**
   * The representative of {@code v}'s orbit: the least image of {@code v} under the
   * renamings, or {@code v} itself when it cannot be renamed safely (see the class comment).
   * The array returned is {@code v}, or a buffer of this object valid until the next call.
   *
   * <p>No image is built to be compared: {@link #walk} computes each image's ints in index
   * order straight from the masked state through the per-element index maps (the task, cpu,
   * lock, word and bucket each position is read from, and how its value is renamed) and stops
   * at the first one that differs from the least image so far. Only an image that is less is
   * written out ({@link #image}), into the buffer the next ones are compared with; the identity's
   * image is the masked state itself, which is {@code v} when no dead slot is set. The result
   * and the element chosen ({@link #lastCanonicalizer}: the first of {@link #order()}'s
   * elements, in order, whose image is least) are those of {@link #canonicalByRenaming}, the
   * plain definition kept as the tests' oracle.
   */
  public int[] canonical(int[] v) {
    lastElement = 0;
    int check = frameCheck(v);
    if (check < 0) {
      return v; // not renamable
    }
    int[] m = v;
    if (check > 0) {
      m = masked;
      System.arraycopy(v, 0, m, 0, v.length);
      maskDead(m);
    }
    int[] b = m; // the identity's image
    int free = 0;
    while (free < layout.locks && m[layout.lockBase + free] == 0) {
      free++;
    }
    lockSkip = lockSkipAt[free];
    for (int e = 1; e < elements.length; e++) {
      if (walk(m, e, b) < 0) {
        image(m, e, best);
        b = best;
        lastElement = e;
      }
    }
    return b;
  }

  /**
   * The plain definition of {@link #canonical} (what it computed before H50, without its early
   * exits): the masked state's image under every element, in order, each built in full by
   * {@link #rename} and compared as a whole; the first least one wins. A fresh array; sets
   * {@link #lastCanonicalizer} as canonical does. Slow: for tests, as their oracle.
   */
  int[] canonicalByRenaming(int[] v) {
    lastElement = 0;
    if (!renamable(v)) {
      return v.clone();
    }
    int[] m = v.clone();
    maskDead(m);
    int[] least = m.clone();
    int[] img = new int[v.length];
    for (int e = 1; e < elements.length; e++) {
      rename(m, e, img);
      if (Arrays.compare(img, least) < 0) {
        least = img.clone();
        lastElement = e;
      }
    }
    return least;
  }

  /**
   * The image of the masked state {@code m} under cpu renaming j and then task renaming i (what
   * {@link #renameCpus} then {@link #renameTasks} leave), computed position by position in
   * index order straight from {@code m} and compared with {@code b}, stopping at the first
   * position that differs: negative when the image is less than {@code b}, positive when
   * greater, 0 when equal. Allocates nothing; {@link #image} writes the same image out.
   */
  int walk(int[] m, int e, int[] b) {
    Layout L = layout;
    int j = elements[e][0];
    int i = elements[e][1];
    int[] p = perms[i];
    int[] q = cpuPerms[j];
    int[] wp = wordPerms == null ? null : wordPerms[i];
    int d;
    // the global fields (preemption count, fault record): as they are when there is no fault
    int kind = m[L.gFaultKind];
    if (kind == Layout.FAULT_NONE && m[L.gFaultTask] == 0) {
      if ((d = range(m, 0, b, 0, L.cpuBase)) != 0) {
        return d;
      }
    } else {
      for (int x = 0; x < L.cpuBase; x++) {
        int y = x == L.gFaultTask ? ref(p, faultActorCpus(q, m[x]))
            : x == L.gFaultInfo ? faultInfo(i, kind, faultInfoCpus(q, kind, m[x])) : m[x];
        if ((d = cmp(b, x, y)) != 0) {
          return d;
        }
      }
    }
    // the cpus' records: cpu c's is cpu qInv[c]'s, its tasks renamed
    int[] qInv = cpuInverse[j];
    for (int c = 0; c < L.cpus; c++) {
      int from = L.cpu(qInv[c], 0);
      int to = L.cpu(c, 0);
      if ((d = cmp(b, to + Layout.CPU_CURR, ref(p, m[from + Layout.CPU_CURR]))) != 0
          || (d = cmp(b, to + Layout.CPU_DONOR, ref(p, m[from + Layout.CPU_DONOR]))) != 0
          || (d = cmp(b, to + Layout.CPU_NEED_RESCHED, m[from + Layout.CPU_NEED_RESCHED])) != 0
          || (d = cmp(b, to + Layout.CPU_RQ, taskMask(i, m[from + Layout.CPU_RQ]))) != 0) {
        return d;
      }
      if (L.pe) {
        int depth = m[from + Layout.CPU_SDEPTH];
        if ((d = cmp(b, to + Layout.CPU_SDEPTH, depth)) != 0
            || (d = frames(m, from + Layout.CPU_SFRAMES, to + Layout.CPU_SFRAMES, depth, L.maxSchedFrames,
                p, q, wp, b)) != 0) {
          return d;
        }
      }
    }
    // the locks: lock x holds what lock cf[lf[x]] held, its holder renamed
    int[] ls = lockSource[e];
    int[] hm = holderMap[e];
    for (int x = lockSkip; x < L.locks; x++) { // the locks before lockSkip are free in every image
      int y = m[L.lockBase + ls[x]];
      int h = y & Layout.HOLDER_MASK; // an actor + 1: tasks, then one per cpu; 0 free
      if (h < hm.length) {
        y = (y & ~Layout.HOLDER_MASK) | hm[h];
      }
      if ((d = cmp(b, L.lockBase + x, y)) != 0) {
        return d;
      }
    }
    // the words and futex buckets, moved with the word renaming
    int[] wf = wordSource[i];
    for (int x = 0; wordPerms != null && x < L.words; x++) { // words never renamed: as they are in every image
      if ((d = cmp(b, L.wordBase + x, m[L.wordBase + wf[x]])) != 0) {
        return d;
      }
    }
    int[] bf = bucketSource[i];
    for (int x = 0; x < L.buckets; x++) {
      int from = bf[x];
      if ((d = cmp(b, L.bucket(x, Layout.HB_WAITERS), m[L.bucket(from, Layout.HB_WAITERS)])) != 0
          || (d = cmp(b, L.bucket(x, Layout.HB_HEAD), ref(p, m[L.bucket(from, Layout.HB_HEAD)]))) != 0) {
        return d;
      }
    }
    for (int x = 0; x < L.mutexes; x++) {
      int owner = m[L.mutex(x, Layout.M_OWNER)];
      if ((d = cmp(b, L.mutex(x, Layout.M_OWNER), (owner & ~0xff) | ref(p, owner & 0xff))) != 0
          || (d = cmp(b, L.mutex(x, Layout.M_HEAD), ref(p, m[L.mutex(x, Layout.M_HEAD)]))) != 0) {
        return d;
      }
    }
    // the tasks' records: task u's is task pInv[u]'s, renamed
    int[] pInv = taskFrom[i];
    for (int u = 0; u < L.tasks; u++) {
      int from = L.task(pInv[u], 0);
      int to = L.task(u, 0);
      int fq = m[from + Layout.T_FQ_WORD]; // word + 1, 0 none
      if (wp != null && fq >= 1 && fq <= L.words) {
        fq = wp[fq - 1] + 1;
      }
      int wq = m[from + Layout.T_WAKE_Q_NEXT]; // 0 not queued, 1 WAKE_Q_TAIL, t + 2 next is t
      if (wq >= 2 && wq - 2 < L.tasks) {
        wq = p[wq - 2] + 2;
      }
      int missed = m[from + Layout.T_MISSED];
      if (wp != null) {
        missed = wordMask(i, missed);
      }
      int depth = m[from + Layout.T_DEPTH];
      if ((d = cmp(b, to + Layout.T_STATE, m[from + Layout.T_STATE])) != 0
          || (d = cmp(b, to + Layout.T_ON_RQ, m[from + Layout.T_ON_RQ])) != 0
          || (d = cmp(b, to + Layout.T_CPU, cpuRef(q, m[from + Layout.T_CPU]))) != 0
          || (d = cmp(b, to + Layout.T_WAKE_CPU, cpuRef(q, m[from + Layout.T_WAKE_CPU]))) != 0
          || (d = cmp(b, to + Layout.T_PC, m[from + Layout.T_PC])) != 0
          || (d = cmp(b, to + Layout.T_FLAGS, m[from + Layout.T_FLAGS])) != 0
          || (d = cmp(b, to + Layout.T_FQ_WORD, fq)) != 0
          || (d = cmp(b, to + Layout.T_FQ_LOCK_PTR, m[from + Layout.T_FQ_LOCK_PTR])) != 0
          || (d = cmp(b, to + Layout.T_WAIT_NEXT, ref(p, m[from + Layout.T_WAIT_NEXT]))) != 0
          || (d = cmp(b, to + Layout.T_WAKE_Q_NEXT, wq)) != 0
          || (d = cmp(b, to + Layout.T_MISSED, missed)) != 0
          || (d = cmp(b, to + Layout.T_BLOCKED_ON, m[from + Layout.T_BLOCKED_ON])) != 0
          || (d = cmp(b, to + Layout.T_BLOCKED_DONOR, ref(p, m[from + Layout.T_BLOCKED_DONOR]))) != 0
          || (d = cmp(b, to + Layout.T_DEPTH, depth)) != 0
          || (d = frames(m, from + Layout.T_FRAMES, to + Layout.T_FRAMES, depth, L.maxFrames, p, q, wp, b)) != 0
          || (d = range(m, from + L.taskRegs, b, to + L.taskRegs, L.taskSize - L.taskRegs)) != 0) {
        return d;
      }
    }
    // what follows the tasks (UMCG's idle list) stays
    int end = L.task(L.tasks, 0);
    return range(m, end, b, end, L.size - end);
  }

  /**
   * {@code out} = the image of the masked state {@code m} under cpu renaming j and then task
   * renaming i: what {@link #walk} writes, made faster by copying each record whole and then
   * renaming the fields that hold a task, cpu or word (canonical writes out every image that
   * is less than the least so far, most of a state's images on the ring).
   */
  void image(int[] m, int e, int[] out) {
    Layout L = layout;
    int j = elements[e][0];
    int i = elements[e][1];
    int[] p = perms[i];
    int[] q = cpuPerms[j];
    int[] wp = wordPerms == null ? null : wordPerms[i];
    System.arraycopy(m, 0, out, 0, L.cpuBase);
    int kind = m[L.gFaultKind];
    out[L.gFaultTask] = ref(p, faultActorCpus(q, m[L.gFaultTask]));
    out[L.gFaultInfo] = faultInfo(i, kind, faultInfoCpus(q, kind, m[L.gFaultInfo]));
    int[] qInv = cpuInverse[j];
    for (int c = 0; c < L.cpus; c++) {
      int from = L.cpu(qInv[c], 0);
      int to = L.cpu(c, 0);
      System.arraycopy(m, from, out, to, L.cpuFields);
      out[to + Layout.CPU_CURR] = ref(p, m[from + Layout.CPU_CURR]);
      out[to + Layout.CPU_DONOR] = ref(p, m[from + Layout.CPU_DONOR]);
      out[to + Layout.CPU_RQ] = taskMask(i, m[from + Layout.CPU_RQ]);
      if (L.pe) {
        renameFrames(out, to + Layout.CPU_SFRAMES, m[from + Layout.CPU_SDEPTH], p, q, wp);
      }
    }
    int[] ls = lockSource[e];
    int[] hm = holderMap[e];
    for (int x = 0; x < L.locks; x++) {
      int y = m[L.lockBase + ls[x]];
      int h = y & Layout.HOLDER_MASK;
      out[L.lockBase + x] = h < hm.length ? (y & ~Layout.HOLDER_MASK) | hm[h] : y;
    }
    int[] wf = wordSource[i];
    for (int x = 0; x < L.words; x++) {
      out[L.wordBase + x] = m[L.wordBase + wf[x]];
    }
    int[] bf = bucketSource[i];
    for (int x = 0; x < L.buckets; x++) {
      int from = bf[x];
      out[L.bucket(x, Layout.HB_WAITERS)] = m[L.bucket(from, Layout.HB_WAITERS)];
      out[L.bucket(x, Layout.HB_HEAD)] = ref(p, m[L.bucket(from, Layout.HB_HEAD)]);
    }
    for (int x = 0; x < L.mutexes; x++) {
      int owner = m[L.mutex(x, Layout.M_OWNER)];
      out[L.mutex(x, Layout.M_OWNER)] = (owner & ~0xff) | ref(p, owner & 0xff);
      out[L.mutex(x, Layout.M_HEAD)] = ref(p, m[L.mutex(x, Layout.M_HEAD)]);
    }
    int[] pInv = taskFrom[i];
    for (int u = 0; u < L.tasks; u++) {
      int from = L.task(pInv[u], 0);
      int to = L.task(u, 0);
      System.arraycopy(m, from, out, to, L.taskSize);
      out[to + Layout.T_CPU] = cpuRef(q, m[from + Layout.T_CPU]);
      out[to + Layout.T_WAKE_CPU] = cpuRef(q, m[from + Layout.T_WAKE_CPU]);
      out[to + Layout.T_WAIT_NEXT] = ref(p, m[from + Layout.T_WAIT_NEXT]);
      out[to + Layout.T_BLOCKED_DONOR] = ref(p, m[from + Layout.T_BLOCKED_DONOR]);
      int wq = m[from + Layout.T_WAKE_Q_NEXT];
      out[to + Layout.T_WAKE_Q_NEXT] = wq >= 2 && wq - 2 < L.tasks ? p[wq - 2] + 2 : wq;
      if (wp != null) {
        int fq = m[from + Layout.T_FQ_WORD];
        out[to + Layout.T_FQ_WORD] = fq >= 1 && fq <= L.words ? wp[fq - 1] + 1 : fq;
        out[to + Layout.T_MISSED] = wordMask(i, m[from + Layout.T_MISSED]);
      }
      renameFrames(out, to + Layout.T_FRAMES, m[from + Layout.T_DEPTH], p, q, wp);
    }
    int end = L.task(L.tasks, 0);
    System.arraycopy(m, end, out, end, L.size - end);
  }

  /** {@link #image}'s frames: renames, in place, the slots of the first {@code depth} frames from {@code at}. */
  private void renameFrames(int[] out, int at, int depth, int[] p, int[] q, int[] wp) {
    int fs = layout.frameSize;
    for (int f = 0; f < depth; f++) {
      int s = at + f * fs;
      int step = out[s];
      int[] codes = step >= 0 && step < stepSlotCodes.length ? stepSlotCodes[step] : null;
      if (codes == null) {
        continue;
      }
      for (int slot = 0; slot < codes.length; slot++) {
        if (codes[slot] != 0) {
          out[s + 1 + slot] = renameSlot(codes[slot], out[s + 1 + slot], p, q, wp);
        }
      }
    }
  }

  static {
    // walk compares a task's fields in this order: it must be the index order
    int[] order = {Layout.T_STATE, Layout.T_ON_RQ, Layout.T_CPU, Layout.T_WAKE_CPU, Layout.T_PC, Layout.T_FLAGS,
        Layout.T_FQ_WORD, Layout.T_FQ_LOCK_PTR, Layout.T_WAIT_NEXT, Layout.T_WAKE_Q_NEXT, Layout.T_MISSED,
        Layout.T_BLOCKED_ON, Layout.T_BLOCKED_DONOR, Layout.T_DEPTH, Layout.T_FRAMES};
    for (int k = 0; k < order.length; k++) {
      if (order[k] != k) {
        throw new AssertionError("Layout's task fields are not in walk's order");
      }
    }
    if (Layout.CPU_CURR != 0 || Layout.CPU_DONOR != 1 || Layout.CPU_NEED_RESCHED != 2 || Layout.CPU_RQ != 3
        || Layout.CPU_SDEPTH != 4 || Layout.CPU_SFRAMES != 5 || Layout.HB_WAITERS != 0 || Layout.HB_HEAD != 1
        || Layout.M_OWNER != 0 || Layout.M_HEAD != 1) {
      throw new AssertionError("Layout's cpu, bucket or mutex fields are not in walk's order");
    }
  }

  /**
   * {@link #walk}'s frames: {@code count} frames from {@code from} in {@code m} compared at
   * {@code to}, the first {@code depth} renamed as {@link #renameCpuLocal} then {@link #renameFrame} would,
   * the rest as they are.
   */
  private int frames(int[] m, int from, int to, int depth, int count, int[] p, int[] q, int[] wp, int[] b) {
    int fs = layout.frameSize;
    int d;
    for (int f = 0; f < count; f++) {
      int s = from + f * fs;
      int t = to + f * fs;
      if (f >= depth) {
        if ((d = range(m, s, b, t, (count - f) * fs)) != 0) {
          return d;
        }
        return 0;
      }
      int step = m[s];
      if ((d = cmp(b, t, step)) != 0) {
        return d;
      }
      int[] codes = step >= 0 && step < stepSlotCodes.length ? stepSlotCodes[step] : null;
      for (int slot = 1; slot < fs; slot++) {
        int y = m[s + slot];
        int code = codes == null ? 0 : codes[slot - 1];
        if (code != 0) {
          y = renameSlot(code, y, p, q, wp);
        }
        if ((d = cmp(b, t + slot, y)) != 0) {
          return d;
        }
      }
    }
    return 0;
  }

  /** A frame slot's value renamed by its code (see {@link #stepSlotCodes}): cpu, then word, then task. */
  private int renameSlot(int code, int y, int[] p, int[] q, int[] wp) {
    if ((code & CODE_CPU) != 0) {
      y = cpuRef(q, y);
    }
    if ((code & CODE_WORD) != 0 && wp != null) {
      y = y >= 0 && y < layout.words ? wp[y] : y;
    }
    switch ((code >>> 2) - 1) {
      case OP_TASK1 -> y = ref(p, y);
      case OP_INDEX -> y = y >= 0 && y < layout.tasks ? p[y] : y;
      case OP_FOUND -> y = y >= 2 && y - 2 < layout.tasks ? p[y - 2] + 2 : y;
      default -> { } // none, or dead (zeroed by the mask)
    }
    return y;
  }

  private static final int CODE_CPU = 1;
  private static final int CODE_WORD = 2;

  /**
   * Per kernel step id, per frame local: how a renaming changes that slot of a frame at that
   * step, for {@link #walk}: {@link #CODE_CPU} (a live cpu local, {@link #stepCpuLocal}), {@link
   * #CODE_WORD} (a word local, {@link #stepWordSlots}), and in the bits from 2 up the task op
   * ({@link #stepOps}) + 1; 0 leaves it. Null where {@link #stepOps} is (not renamable).
   */
  private int[][] stepSlotCodes;

  private void slotCodes() {
    stepSlotCodes = new int[stepOps.length][];
    stepDead = new boolean[stepOps.length];
    for (int s = 0; s < stepOps.length; s++) {
      if (stepOps[s] == null) {
        continue;
      }
      stepDead[s] = cpusRenamed && stepCpuDead[s] >= 0;
      for (int k = 1; k < stepOps[s].length; k += 2) {
        stepDead[s] |= stepOps[s][k] == OP_DEAD;
      }
      int[] c = new int[layout.nLocals];
      if (stepCpuLocal[s] >= 0) {
        c[stepCpuLocal[s]] |= CODE_CPU;
      }
      for (int slot : stepWordSlots[s]) {
        c[slot] |= CODE_WORD;
      }
      for (int k = 0; k < stepOps[s].length; k += 2) {
        c[stepOps[s][k]] |= (stepOps[s][k + 1] + 1) << 2;
      }
      stepSlotCodes[s] = c;
    }
  }

  /** {@link #walk}'s step: y, the image's int at x, compared with b[x] (the sign, 0 equal). */
  private static int cmp(int[] b, int x, int y) {
    int c = b[x];
    return y == c ? 0 : y < c ? -1 : 1;
  }

  /** {@link #cmp} for {@code len} ints that the image has as they are, from {@code m[from..]}, at position {@code to}. */
  private static int range(int[] m, int from, int[] b, int to, int len) {
    int k = Arrays.mismatch(m, from, from + len, b, to, to + len);
    return k < 0 ? 0 : m[from + k] < b[to + k] ? -1 : 1;
  }

  /**
   * A mask of tasks renamed by task renaming i (bits from layout.tasks up dropped, as
   * renameTasks does): one lookup per byte of the mask in {@link #taskMaskTable}.
   */
  private int taskMask(int i, int mask) {
    return maskLookup(taskMaskTable[i], taskMaskBytes, mask & taskBits);
  }

  /** A mask of words renamed by task renaming i's word renaming (bits from layout.words up dropped, as renameTasks does). */
  private int wordMask(int i, int mask) {
    return maskLookup(wordMaskTable[i], wordMaskBytes, mask & wordBits);
  }

  /** The OR over the {@code bytes} bytes of {@code mask} of {@code table[byteIndex * 256 + byteValue]}. */
  static int maskLookup(int[] table, int bytes, int mask) {
    int out = table[mask & 0xff];
    for (int k = 1; k < bytes; k++) {
      out |= table[(k << 8) | ((mask >>> (k << 3)) & 0xff)];
    }
    return out;
  }

  /**
   * Per renaming (rows of {@code perm}), a mask renaming as a table of {@code bytes} blocks of
   * 256: entry {@code k * 256 + v} is the OR of {@code 1 << perm[8k + b]} over the bits b set in
   * byte value v with {@code 8k + b < n} (the renamed bits of byte k of a mask).
   */
  static int[][] maskTables(int[][] perm, int n, int bytes) {
    int[][] out = new int[perm.length][bytes << 8];
    for (int r = 0; r < perm.length; r++) {
      for (int k = 0; k < bytes; k++) {
        for (int v = 1; v < 256; v++) {
          int b = Integer.numberOfTrailingZeros(v);
          int bit = (k << 3) + b;
          int lower = out[r][(k << 8) | (v & (v - 1))];
          out[r][(k << 8) | v] = bit < n ? lower | 1 << perm[r][bit] : lower;
        }
      }
    }
    return out;
  }

  /**
   * Per task renaming k, the task, lock, word and bucket that go to task / lock / word / bucket
   * x ({@code perms[k]}, {@code lockPerms[k]}, ... inverted; word and bucket null without word
   * renaming); per cpu renaming j, the lock whose contents go to lock x (an rq lock follows its
   * cpu). Made once per model, for {@link #walk}.
   */
  private int[][] taskFrom;
  /**
   * Per element e: the lock whose contents go to lock x ({@code cpuLockFrom[j][lockFrom[i][x]]}),
   * and the new holder of a lock held by actor + 1 h (tasks by the task renaming, a cpu's
   * scheduler context by the cpu renaming; 0, free, stays).
   */
  private int[][] lockSource;
  private int[][] holderMap;
  private int taskBits;
  /**
   * {@code lockSkipAt[f]}: the start of the class of locks that lock f is in (pi_locks,
   * blocked_locks, rq locks, buckets' hb locks; a wait_lock or a scenario's lock is a class of
   * its own), f = locks its end. A renaming maps each class onto itself, so when locks 0..f-1
   * are free in a state, the locks before lockSkipAt[f] are free in each of its images:
   * {@link #walk}, comparing images of one state, starts there ({@link #lockSkip}).
   */
  private int[] lockSkipAt;
  /** {@code lockSkipAt} of the state {@link #canonical} works on. */
  private int lockSkip;
  /** Per task renaming i: the word / bucket that goes to word / bucket x (the identity without word renaming). */
  private int[][] wordSource;
  private int[][] bucketSource;
  private int wordBits;
  /**
   * Per task renaming i, the renamed runqueue mask and the renamed missed-wake mask as lookup
   * tables, one block of 256 per byte of the mask ({@link #maskTables}; the word table null
   * without word renaming): {@link #taskMask} and {@link #wordMask} rename a mask with one
   * lookup per byte instead of one per set bit. Made once per model.
   */
  private int[][] taskMaskTable;
  private int taskMaskBytes;
  private int[][] wordMaskTable;
  private int wordMaskBytes;
  private int[][] lockFrom;
  private int[][] wordFrom;
  private int[][] bucketFrom;
  private int[][] cpuLockFrom;

  private void inverses() {
    Layout L = layout;
    int n = perms.length;
    int[][] tf = new int[n][L.tasks];
    int[][] lf = new int[n][L.locks];
    int[][] wf = wordPerms == null ? null : new int[n][L.words];
    int[][] bf = wordPerms == null ? null : new int[n][L.buckets];
    for (int k = 0; k < n; k++) {
      for (int t = 0; t < L.tasks; t++) {
        tf[k][perms[k][t]] = t;
      }
      for (int l = 0; l < L.locks; l++) {
        lf[k][lockPerms[k][l]] = l;
      }
      if (wf != null) {
        for (int w = 0; w < L.words; w++) {
          wf[k][wordPerms[k][w]] = w;
        }
        for (int x = 0; x < L.buckets; x++) {
          bf[k][bucketPerms[k][x]] = x;
        }
      }
    }
    int[][] cf = new int[cpuPerms.length][L.locks];
    for (int j = 0; j < cpuPerms.length; j++) {
      for (int l = 0; l < L.locks; l++) {
        cf[j][l] = l;
      }
      for (int c = 0; c < L.cpus; c++) {
        cf[j][L.rqLock(cpuPerms[j][c])] = L.rqLock(c);
      }
    }
    taskFrom = tf;
    lockSource = new int[elements.length][L.locks];
    holderMap = new int[elements.length][1 + L.tasks + L.cpus];
    for (int e = 0; e < elements.length; e++) {
      int j = elements[e][0];
      int i = elements[e][1];
      for (int x = 0; x < L.locks; x++) {
        lockSource[e][x] = cf[j][lf[i][x]];
      }
      for (int t = 0; t < L.tasks; t++) {
        holderMap[e][t + 1] = perms[i][t] + 1;
      }
      for (int c = 0; c < L.cpus; c++) {
        holderMap[e][L.tasks + c + 1] = L.tasks + cpuPerms[j][c] + 1;
      }
    }
    wordSource = new int[n][];
    bucketSource = new int[n][];
    for (int k = 0; k < n; k++) {
      wordSource[k] = wf != null ? wf[k] : identity(L.words);
      bucketSource[k] = bf != null ? bf[k] : identity(L.buckets);
    }
    lockSkipAt = new int[L.locks + 1];
    for (int f = 0, start = 0; f <= L.locks; f++) {
      boolean classStart = f == 0 || f == L.blockedLock(0) || f == L.rqLock(0) || f >= L.waitLock(0) && f <= L.hbLock(0)
          || f >= L.extraLock(0);
      if (classStart) {
        start = f;
      }
      lockSkipAt[f] = start;
    }
    taskBits = (int) ((1L << L.tasks) - 1);
    wordBits = (int) ((1L << L.words) - 1);
    taskMaskBytes = Math.max(1, (L.tasks + 7) >> 3);
    taskMaskTable = maskTables(perms, L.tasks, taskMaskBytes);
    wordMaskBytes = Math.max(1, (L.words + 7) >> 3);
    wordMaskTable = wordPerms == null ? null : maskTables(wordPerms, L.words, wordMaskBytes);
    wordFrom = wf;
    bucketFrom = bf;
    cpuLockFrom = cf;
    lockFrom = lf;
  }

  /**
   * For {@link #canonical}, in one pass over the frames: -1 when {@code v} is not {@link
   * #renamable}, else 1 when some slot {@link #maskDead} zeroes is set (the masked state differs
   * from {@code v}), 0 when none is.
   */
  private int frameCheck(int[] v) {
    Layout L = layout;
    int dead = 0;
    if (L.pe) {
      for (int c = 0; c < L.cpus; c++) {
        int depth = v[L.cpu(c, Layout.CPU_SDEPTH)];
        for (int f = 0; f < depth; f++) {
          int at = L.schedFrame(c, f);
          int step = v[at];
          if (step < 0 || step >= stepDead.length || stepOps[step] == null) {
            return -1;
          }
          if (stepDead[step] && dead == 0 && deadSet(v, at)) {
            dead = 1;
          }
        }
      }
    }
    for (int t = 0; t < L.tasks; t++) {
      int depth = v[L.task(t, Layout.T_DEPTH)];
      for (int f = 0; f < depth; f++) {
        int at = L.frame(t, f);
        int step = v[at];
        if (step < 0 || step >= stepDead.length || stepOps[step] == null) {
          return -1;
        }
        if (stepDead[step] && dead == 0 && deadSet(v, at)) {
          dead = 1;
        }
      }
    }
    return dead;
  }

  /** Per kernel step id: whether a frame at that step has a slot {@link #maskDead} zeroes. */
  private boolean[] stepDead;

  private boolean deadSet(int[] v, int at) {
    if (cpusRenamed && stepCpuDead[v[at]] >= 0 && v[at + 1 + stepCpuDead[v[at]]] != 0) {
      return true;
    }
    int[] ops = stepOps[v[at]];
    for (int i = 0; i < ops.length; i += 2) {
      if (ops[i + 1] == OP_DEAD && v[at + 1 + ops[i]] != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Zeroes, in place, the frame slots that are dead at their frame's step ({@link
   * #LIVE_ONLY_AT}): what {@link #canonical} compares. Only for {@link #renamable} states.
   */
  void maskDead(int[] v) {
    Layout L = layout;
    for (int t = 0; t < L.tasks; t++) {
      int depth = v[L.task(t, Layout.T_DEPTH)];
      for (int f = 0; f < depth; f++) {
        maskDeadFrame(v, L.frame(t, f));
      }
    }
    if (L.pe) {
      for (int c = 0; c < L.cpus; c++) {
        int depth = v[L.cpu(c, Layout.CPU_SDEPTH)];
        for (int f = 0; f < depth; f++) {
          maskDeadFrame(v, L.schedFrame(c, f));
        }
      }
    }
  }

  private void maskDeadFrame(int[] v, int at) {
    if (cpusRenamed && stepCpuDead[v[at]] >= 0) {
      v[at + 1 + stepCpuDead[v[at]]] = 0;
    }
    int[] ops = stepOps[v[at]];
    for (int i = 0; i < ops.length; i += 2) {
      if (ops[i + 1] == OP_DEAD) {
        v[at + 1 + ops[i]] = 0;
      }
    }
  }

  /** Whether the locals of kernel step {@code step}'s function are declared in TASK_LOCALS. */
  boolean knownStep(int step) {
    return step >= 0 && step < stepOps.length && stepOps[step] != null;
  }

  /** Every kernel frame and scheduler frame is of a function in TASK_LOCALS. */
  boolean renamable(int[] v) {
    Layout L = layout;
    if (L.pe) {
      for (int c = 0; c < L.cpus; c++) {
        int depth = v[L.cpu(c, Layout.CPU_SDEPTH)];
        for (int f = 0; f < depth; f++) {
          if (!knownStep(v[L.schedFrame(c, f)])) {
            return false;
          }
        }
      }
    }
    for (int t = 0; t < L.tasks; t++) {
      int depth = v[L.task(t, Layout.T_DEPTH)];
      for (int f = 0; f < depth; f++) {
        if (!knownStep(v[L.frame(t, f)])) {
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
   * The fault record's info under group element k: a lock instance (the lock faults) is
   * renamed as the locks are; a program counter (an assert) or a mutex stays.
   */
  private int faultInfo(int k, int kind, int info) {
    Layout L = layout;
    return switch (kind) {
      case Layout.FAULT_SLEEP_WITH_SPINLOCK, Layout.FAULT_UNLOCK_NOT_HELD, Layout.FAULT_EXIT_WITH_SPINLOCK ->
          info >= 0 && info < L.locks ? lockPerms[k][info] : info;
      default -> info;
    };
  }

  /**
   * {@code out} = {@code v} with the tasks renamed by group element {@code k}, and the words
   * (and their futex buckets) with them. The locals of frames not in {@link #TASK_LOCALS} and
   * the scheduler frames are copied as they are (only {@link #renamable} states are renamed for
   * fingerprints).
   */
  void renameTasks(int[] v, int k, int[] out) {
    Layout L = layout;
    int[] p = perms[k];
    int[] wp = wordPerms == null ? null : wordPerms[k];
    System.arraycopy(v, 0, out, 0, v.length);
    out[L.gFaultTask] = ref(p, v[L.gFaultTask]);
    out[L.gFaultInfo] = faultInfo(k, v[L.gFaultKind], v[L.gFaultInfo]);
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
    int[] lp = lockPerms[k];
    for (int l = 0; l < L.locks; l++) {
      int slot = v[L.lockBase + l];
      int holder = slot & Layout.HOLDER_MASK;
      int renamed = (slot & ~Layout.HOLDER_MASK) | ref(p, holder);
      out[L.lockBase + lp[l]] = renamed;
    }
    if (wp == null) {
      for (int b = 0; b < L.buckets; b++) {
        out[L.bucket(b, Layout.HB_HEAD)] = ref(p, v[L.bucket(b, Layout.HB_HEAD)]);
      }
    } else {
      // The words move to their new indices, and their buckets (waiters count, chain) with them.
      for (int w = 0; w < L.words; w++) {
        out[L.wordBase + wp[w]] = v[L.wordBase + w];
      }
      int[] bp = bucketPerms[k];
      for (int b = 0; b < L.buckets; b++) {
        out[L.bucket(bp[b], Layout.HB_WAITERS)] = v[L.bucket(b, Layout.HB_WAITERS)];
        out[L.bucket(bp[b], Layout.HB_HEAD)] = ref(p, v[L.bucket(b, Layout.HB_HEAD)]);
      }
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
      if (wp != null) {
        int fq = v[from + Layout.T_FQ_WORD]; // word + 1, 0 none
        out[to + Layout.T_FQ_WORD] = fq >= 1 && fq <= L.words ? wp[fq - 1] + 1 : fq;
        int missed = v[from + Layout.T_MISSED]; // a mask of words
        int m = 0;
        for (int w = 0; w < L.words; w++) {
          if ((missed & (1 << w)) != 0) {
            m |= 1 << wp[w];
          }
        }
        out[to + Layout.T_MISSED] = m;
      }
      int depth = v[from + Layout.T_DEPTH];
      for (int f = 0; f < depth; f++) {
        renameFrame(p, wp, out, to + L.frame(t, f) - L.task(t, 0));
      }
    }
    if (L.pe) {
      // The scheduler frames stay with their cpu; the tasks in their locals are renamed.
      for (int c = 0; c < L.cpus; c++) {
        int depth = v[L.cpu(c, Layout.CPU_SDEPTH)];
        for (int f = 0; f < depth; f++) {
          renameFrame(p, wp, out, L.schedFrame(c, f));
        }
      }
    }
  }

  /**
   * Renames the task-valued slots of the frame at {@code at} in {@code out} (already moved
   * there), and its word-valued slots ({@link #WORD_LOCALS}) by {@code wp} unless it is null.
   */
  private void renameFrame(int[] p, int[] wp, int[] out, int at) {
    int step = out[at];
    int[] ops = step >= 0 && step < stepOps.length ? stepOps[step] : null;
    if (ops == null) {
      return; // not renamable (never asked of rename by canonical); tests mask such frames
    }
    if (wp != null) {
      for (int slot : stepWordSlots[step]) {
        int val = out[at + 1 + slot];
        out[at + 1 + slot] = val >= 0 && val < layout.words ? wp[val] : val;
      }
    }
    for (int i = 0; i < ops.length; i += 2) {
      int slot = at + 1 + ops[i];
      int val = out[slot];
      switch (ops[i + 1]) {
        case OP_TASK1 -> out[slot] = ref(p, val);
        case OP_INDEX -> out[slot] = val >= 0 && val < layout.tasks ? p[val] : val;
        case OP_FOUND -> out[slot] = val >= 2 && val - 2 < layout.tasks ? p[val - 2] + 2 : val;
        default -> { } // dead: canonical zeroed it
      }
    }
  }

  /**
   * Kernel-frame locals that hold a cpu (the index), per function: try_to_wake_up's waker cpu,
   * the proxy helpers' target cpu. Renamed with the cpus.
   */
  static final Map<String, Integer> CPU_LOCALS = Map.of(
      "try_to_wake_up", 2, "proxy_migrate_task", 1, "proxy_force_return", 1);

  /**
   * Cpu locals live only at some steps: proxy_force_return's target is 0 (unset, not cpu 0)
   * until FR3 sets it and read only at FR4 (FR3's bail path reaches FR5 without setting it);
   * proxy_migrate_task's target is read at MG1 and MG2. Elsewhere the slot is zeroed when cpus
   * are renamed, so that the renaming is exact.
   */
  static final Map<String, java.util.Set<String>> CPU_LIVE_ONLY_AT = Map.of(
      "proxy_force_return", java.util.Set.of("FR4"), "proxy_migrate_task", java.util.Set.of("MG1", "MG2"));

  /** Per kernel step id: the slot of its function's live cpu local, or -1. */
  private int[] stepCpuLocal;
  /** Per kernel step id: the slot of its function's cpu local where it is dead, or -1. */
  private int[] stepCpuDead;

  /**
   * {@code out} = {@code v} with the cpus renamed by {@code q}: each cpu's record (curr, donor,
   * need_resched, runqueue, scheduler frames) and rq lock move to the new index; a task's cpu
   * and wake_cpu, a lock held by a cpu's scheduler context, and the cpu locals of kernel frames
   * ({@link #CPU_LOCALS}) are renamed. Tasks are not renamed here.
   */
  void renameCpus(int[] v, int[] q, int[] out) {
    Layout L = layout;
    System.arraycopy(v, 0, out, 0, v.length);
    for (int c = 0; c < L.cpus; c++) {
      System.arraycopy(v, L.cpu(c, 0), out, L.cpu(q[c], 0), L.cpuFields);
      out[L.lockBase + L.rqLock(q[c])] = v[L.lockBase + L.rqLock(c)];
    }
    for (int l = 0; l < L.locks; l++) {
      int slot = out[L.lockBase + l];
      int h = (slot & Layout.HOLDER_MASK) - 1; // an actor: tasks, then one per cpu
      if (h >= L.tasks && h < L.tasks + L.cpus) {
        out[L.lockBase + l] = (slot & ~Layout.HOLDER_MASK) | (L.tasks + q[h - L.tasks] + 1);
      }
    }
    out[L.gFaultInfo] = faultInfoCpus(q, v[L.gFaultKind], v[L.gFaultInfo]);
    out[L.gFaultTask] = faultActorCpus(q, v[L.gFaultTask]);
    for (int t = 0; t < L.tasks; t++) {
      out[L.task(t, Layout.T_CPU)] = cpuRef(q, out[L.task(t, Layout.T_CPU)]);
      out[L.task(t, Layout.T_WAKE_CPU)] = cpuRef(q, out[L.task(t, Layout.T_WAKE_CPU)]);
      for (int f = 0; f < out[L.task(t, Layout.T_DEPTH)]; f++) {
        renameCpuLocal(q, out, L.frame(t, f));
      }
    }
    if (L.pe) {
      for (int c = 0; c < L.cpus; c++) {
        for (int f = 0; f < out[L.cpu(c, Layout.CPU_SDEPTH)]; f++) {
          renameCpuLocal(q, out, L.schedFrame(c, f));
        }
      }
    }
  }

  /** The faulting actor + 1 under cpu renaming q: a cpu's scheduler context goes with its cpu. */
  private int faultActorCpus(int[] q, int a) {
    int h = a - 1;
    return h >= layout.tasks && h < layout.tasks + layout.cpus ? layout.tasks + q[h - layout.tasks] + 1 : a;
  }

  /** The fault record's info under cpu renaming j (see {@link #faultInfoCpus(int[], int, int)}). */
  private int faultInfoCpus(int j, int kind, int info) {
    return j == 0 ? info : faultInfoCpus(cpuPerms[j], kind, info);
  }

  /** The fault record's info under cpu renaming q: a cpu's rq lock (a lock fault) goes with its cpu. */
  private int faultInfoCpus(int[] q, int kind, int info) {
    boolean lock = kind == Layout.FAULT_SLEEP_WITH_SPINLOCK || kind == Layout.FAULT_UNLOCK_NOT_HELD
        || kind == Layout.FAULT_EXIT_WITH_SPINLOCK;
    for (int c = 0; lock && c < layout.cpus; c++) {
      if (info == layout.rqLock(c)) {
        return layout.rqLock(q[c]);
      }
    }
    return info;
  }

  private int cpuRef(int[] q, int c) {
    return c >= 0 && c < layout.cpus ? q[c] : c;
  }

  private void renameCpuLocal(int[] q, int[] out, int at) {
    int step = out[at];
    int slot = step >= 0 && step < stepCpuLocal.length ? stepCpuLocal[step] : -1;
    if (slot >= 0) {
      out[at + 1 + slot] = cpuRef(q, out[at + 1 + slot]);
    }
  }


}
