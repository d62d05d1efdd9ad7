package schedcheck.model.clients;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Most-general clients for {@code schedcheck lockorder}: every program, up to a number of
 * operations, over the operations the kernel model offers (mutex lock, unlock and
 * lock_interruptible, futex wait, wake and swap, signal, yield), and every combination of
 * such programs over the tasks, with symmetric combinations generated once.
 *
 * <p>Programs are well formed: a mutex is unlocked only by its owner, innermost first, and
 * whatever a program still holds at its end is unlocked there (so a client never exits
 * owning a mutex, which would only make every later waiter sleep for ever). {@code
 * lock_interruptible} is one operation: {@code r = lock_interruptible M}, and {@code unlock M}
 * unless it was interrupted. Futex words start at 0; {@code futex_wait w 0} sleeps until a
 * wake or a signal, {@code futex_wake w 1} wakes one waiter, {@code futex_swap w x 0} wakes a
 * waiter of w and waits on x.
 *
 * <p>A combination also says on which cpu each task starts (every placement, or task i on
 * cpu i mod cpus); all tasks are equally important with every cpu allowed. Two combinations
 * are symmetric when one becomes the other by renaming tasks, cpus, mutexes, or words; only
 * the smallest of each class (by its text) is generated. Tasks, mutexes and words that a
 * {@code --path} names, and the cpu of the path's task, are kept fixed.
 */
public final class ClientGenerator {

  /** The bound on the clients. */
  public record Bounds(int tasks, int cpus, int mutexes, int words, int ops) {
    public Bounds {
      if (tasks < 1 || tasks > 6) {
        throw new IllegalArgumentException("--tasks must be between 1 and 6, not " + tasks);
      }
      if (cpus < 1 || cpus > 8) {
        throw new IllegalArgumentException("--cpus must be between 1 and 8, not " + cpus);
      }
      if (mutexes < 0 || mutexes > 4) {
        throw new IllegalArgumentException("--mutexes must be between 0 and 4, not " + mutexes);
      }
      if (words < 0 || words > 4) {
        throw new IllegalArgumentException("--words must be between 0 and 4, not " + words);
      }
      if (ops < 0 || ops > 6) {
        throw new IllegalArgumentException("--ops must be between 0 and 6, not " + ops);
      }
    }
  }

  /** What an operation does. */
  public enum Kind { LOCK, UNLOCK, LOCK_INTERRUPTIBLE, FUTEX_WAIT, FUTEX_WAKE, FUTEX_SWAP, SIGNAL, YIELD, POST }

  /**
   * How many waiters a {@link Kind#POST} wakes: every task (at most 6 tasks), so that a
   * generated protocol never loses a wakeup on a correct kernel by waking too few.
   */
  public static final int POST_WAKES = 6;

  /**
   * One operation. {@code a} and {@code b} index mutexes (LOCK, UNLOCK, LOCK_INTERRUPTIBLE),
   * words (the futex calls; b the word FUTEX_SWAP waits on) or tasks (SIGNAL); -1 if unused.
   */
  public record Op(Kind kind, int a, int b) {}

  /** The most combinations (before symmetry reduction) that {@link #combinations()} enumerates. */
  public static final long MAX_ENUMERATED = 2_000_000;

  private final Bounds bounds;
  private final Set<String> fixedTasks;
  private final Set<String> fixedMutexes;
  private final Set<String> fixedWords;
  /** The cpu of the extra (path) task, or -1 when there is none. */
  private final int extraCpu;
  private boolean allPlacements = true;
  private boolean posts;
  private java.util.EnumSet<Kind> kinds = java.util.EnumSet.allOf(Kind.class);

  public ClientGenerator(Bounds bounds) {
    this(bounds, Set.of(), Set.of(), Set.of(), -1);
  }

  /**
   * @param fixedTasks client task names that must not be renamed (named by a path)
   * @param extraCpu the cpu an extra task occupies (-1 for none): renamings keep it
   */
  public ClientGenerator(Bounds bounds, Set<String> fixedTasks, Set<String> fixedMutexes, Set<String> fixedWords,
      int extraCpu) {
    this.bounds = bounds;
    this.fixedTasks = Set.copyOf(fixedTasks);
    this.fixedMutexes = Set.copyOf(fixedMutexes);
    this.fixedWords = Set.copyOf(fixedWords);
    this.extraCpu = extraCpu;
  }

  public Bounds bounds() {
    return bounds;
  }

  public static String taskName(int i) {
    return "t" + (i + 1);
  }

  public static String mutexName(int i) {
    return String.valueOf((char) ('A' + i));
  }

  public static String wordName(int i) {
    return "w" + (i + 1);
  }

  public boolean allPlacements() {
    return allPlacements;
  }

  /** Whether the tasks' starting cpus are enumerated too (else task i starts on cpu i mod cpus). */
  public ClientGenerator allPlacements(boolean all) {
    this.allPlacements = all;
    return this;
  }

  /**
   * Whether programs may also post a word ({@link Kind#POST}: {@code store w 1} then {@code
   * futex_wake w} for every waiter, the waker's half of a futex protocol); off by default
   * ({@code lockorder}'s clients).
   */
  public ClientGenerator withPosts(boolean on) {
    this.posts = on;
    return this;
  }

  public boolean posts() {
    return posts;
  }

  /**
   * Only these operations (an unlock comes with a lock: {@link Kind#UNLOCK} is allowed when
   * {@link Kind#LOCK} is); every kind by default.
   */
  public ClientGenerator withKinds(Set<Kind> allowed) {
    this.kinds = allowed.isEmpty() ? java.util.EnumSet.noneOf(Kind.class) : java.util.EnumSet.copyOf(allowed);
    if (kinds.contains(Kind.LOCK)) {
      kinds.add(Kind.UNLOCK);
    }
    return this;
  }

  /** The operation kinds programs are made of. */
  public Set<Kind> kinds() {
    return java.util.Collections.unmodifiableSet(kinds);
  }

  // ------------------------------------------------------------------ programs

  /** Every well-formed program of at most {@code ops} operations for task {@code self}. */
  public List<List<Op>> programs(int self) {
    List<List<Op>> out = new ArrayList<>();
    extend(self, new ArrayList<>(), new ArrayList<>(), out);
    return out;
  }

  private void extend(int self, List<Op> prog, List<Integer> held, List<List<Op>> out) {
    out.add(List.copyOf(prog));
    if (prog.size() == bounds.ops()) {
      return;
    }
    for (Op op : ops(self, held)) {
      prog.add(op);
      List<Integer> h = new ArrayList<>(held);
      if (op.kind() == Kind.LOCK) {
        h.add(op.a());
      } else if (op.kind() == Kind.UNLOCK) {
        h.remove(h.size() - 1);
      }
      extend(self, prog, h, out);
      prog.remove(prog.size() - 1);
    }
  }

  private List<Op> ops(int self, List<Integer> held) {
    List<Op> ops = allOps(self, held);
    ops.removeIf(op -> !kinds.contains(op.kind()));
    return ops;
  }

  private List<Op> allOps(int self, List<Integer> held) {
    List<Op> ops = new ArrayList<>();
    for (int m = 0; m < bounds.mutexes(); m++) {
      if (!held.contains(m)) {
        ops.add(new Op(Kind.LOCK, m, -1));
      }
    }
    if (!held.isEmpty()) {
      ops.add(new Op(Kind.UNLOCK, held.get(held.size() - 1), -1));
    }
    for (int m = 0; m < bounds.mutexes(); m++) {
      if (!held.contains(m)) {
        ops.add(new Op(Kind.LOCK_INTERRUPTIBLE, m, -1));
      }
    }
    for (int w = 0; w < bounds.words(); w++) {
      ops.add(new Op(Kind.FUTEX_WAIT, w, -1));
      ops.add(new Op(Kind.FUTEX_WAKE, w, -1));
    }
    for (int w = 0; w < bounds.words(); w++) {
      for (int x = 0; x < bounds.words(); x++) {
        ops.add(new Op(Kind.FUTEX_SWAP, w, x));
      }
    }
    if (posts) {
      for (int w = 0; w < bounds.words(); w++) {
        ops.add(new Op(Kind.POST, w, -1));
      }
    }
    for (int t = 0; t < bounds.tasks(); t++) {
      if (t != self) {
        ops.add(new Op(Kind.SIGNAL, t, -1));
      }
    }
    ops.add(new Op(Kind.YIELD, -1, -1));
    return ops;
  }

  /** The program's text in the scenario language, with its trailing unlocks. */
  public static String text(List<Op> prog, int[] taskMap, int[] mutexMap, int[] wordMap) {
    StringBuilder sb = new StringBuilder();
    List<Integer> held = new ArrayList<>();
    int label = 0;
    for (Op op : prog) {
      switch (op.kind()) {
        case LOCK -> {
          sb.append("lock ").append(mutexName(mutexMap[op.a()])).append('\n');
          held.add(op.a());
        }
        case UNLOCK -> {
          sb.append("unlock ").append(mutexName(mutexMap[op.a()])).append('\n');
          held.remove(held.size() - 1);
        }
        case LOCK_INTERRUPTIBLE -> {
          String m = mutexName(mutexMap[op.a()]);
          String l = "i" + (++label);
          sb.append("r = lock_interruptible ").append(m).append('\n')
              .append("if r != 0 goto ").append(l).append('\n')
              .append("unlock ").append(m).append('\n')
              .append(l).append(":\n");
        }
        case FUTEX_WAIT -> sb.append("futex_wait ").append(wordName(wordMap[op.a()])).append(" 0\n");
        case FUTEX_WAKE -> sb.append("futex_wake ").append(wordName(wordMap[op.a()])).append(" 1\n");
        case FUTEX_SWAP -> sb.append("futex_swap ").append(wordName(wordMap[op.a()])).append(' ')
            .append(wordName(wordMap[op.b()])).append(" 0\n");
        case SIGNAL -> sb.append("signal ").append(taskName(taskMap[op.a()])).append('\n');
        case YIELD -> sb.append("yield\n");
        case POST -> sb.append("store ").append(wordName(wordMap[op.a()])).append(" 1\n")
            .append("futex_wake ").append(wordName(wordMap[op.a()])).append(' ').append(POST_WAKES).append('\n');
        default -> throw new IllegalStateException();
      }
    }
    for (int i = held.size() - 1; i >= 0; i--) {
      sb.append("unlock ").append(mutexName(mutexMap[held.get(i)])).append('\n');
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ combinations

  /** One combination: a program per client task, as scenario-language text. */
  public record Combination(List<String> programs, List<Integer> cpus) {
    /** One line, e.g. {@code t1@cpu0: lock A; unlock A | t2@cpu1: futex_wake w1 1}. */
    public String summary() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < programs.size(); i++) {
        if (i > 0) {
          sb.append(" | ");
        }
        String p = programs.get(i).strip().replace("\n", "; ");
        sb.append(taskName(i)).append("@cpu").append(cpus.get(i)).append(": ").append(p.isEmpty() ? "(exits)" : p);
      }
      return sb.toString();
    }
  }

  /**
   * Every combination up to symmetry, smallest programs first (so that the cheapest
   * combinations run first when a time limit cuts the rest).
   */
  public List<Combination> combinations() {
    int n = bounds.tasks();
    // Before enumerating programs: an upper bound on their number (every operation at every
    // step), so that bounds far too large fail at once instead of filling the heap.
    double branch = 2.0 * bounds.mutexes() + 1 + 2.0 * bounds.words() + (double) bounds.words() * bounds.words()
        + (posts ? bounds.words() : 0) + bounds.tasks();
    double perProgram = 0;
    for (int k = 0; k <= bounds.ops(); k++) {
      perProgram += Math.pow(branch, k);
    }
    if (perProgram > MAX_ENUMERATED) {
      throw new IllegalArgumentException(String.format("the bounds make up to %,.0f programs per task to enumerate"
          + " (at most %,d); lower --ops, --tasks, --mutexes or --words", perProgram, MAX_ENUMERATED));
    }
    List<List<List<Op>>> perTask = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      perTask.add(programs(t));
    }
    double total = 1;
    for (List<List<Op>> ps : perTask) {
      total *= ps.size();
    }
    List<int[]> placements = placements();
    total *= placements.size();
    if (total > MAX_ENUMERATED) {
      throw new IllegalArgumentException(String.format("the bounds make %,.0f combinations to enumerate (at most %,d);"
          + " lower --ops, --tasks, --mutexes or --words, or use --placements spread", total, MAX_ENUMERATED));
    }
    List<int[]> taskPerms = taskPermutations();
    List<int[]> cpuPerms = cpuPermutations();
    List<int[]> mutexPerms = permutations(bounds.mutexes(), fixedIndices(bounds.mutexes(), fixedMutexes, false));
    List<int[]> wordPerms = permutations(bounds.words(), fixedIndices(bounds.words(), fixedWords, true));
    Set<String> seen = new HashSet<>();
    List<Combination> out = new ArrayList<>();
    // The text of program p of task t under renaming r (tp, mp, wp), computed once each.
    int renamings = taskPerms.size() * mutexPerms.size() * wordPerms.size();
    String[][][] texts = new String[n][][];
    for (int t = 0; t < n; t++) {
      texts[t] = new String[perTask.get(t).size()][renamings];
    }
    int[] idx = new int[n];
    while (true) {
      for (int[] place : placements) {
        String best = null;
        Combination bestCombo = null;
        int ri = 0;
        for (int[] tp : taskPerms) {
          for (int[] mp : mutexPerms) {
            for (int[] wp : wordPerms) {
              int r = ri++;
              for (int[] cp : cpuPerms) {
                String[] progs = new String[n];
                Integer[] cpus = new Integer[n];
                for (int t = 0; t < n; t++) {
                  String[] cached = texts[t][idx[t]];
                  if (cached[r] == null) {
                    cached[r] = text(perTask.get(t).get(idx[t]), tp, mp, wp);
                  }
                  progs[tp[t]] = cached[r];
                  cpus[tp[t]] = cp[place[t]];
                }
                StringBuilder key = new StringBuilder();
                for (int t = 0; t < n; t++) {
                  key.append(cpus[t]).append(':').append(progs[t]).append('\u0000');
                }
                String k = key.toString();
                if (best == null || k.compareTo(best) < 0) {
                  best = k;
                  bestCombo = new Combination(List.of(progs), List.of(cpus));
                }
              }
            }
          }
        }
        if (seen.add(best)) {
          out.add(bestCombo);
        }
      }
      int t = n - 1;
      while (t >= 0 && ++idx[t] == perTask.get(t).size()) {
        idx[t] = 0;
        t--;
      }
      if (t < 0) {
        break;
      }
    }
    out.sort((a, b) -> Integer.compare(size(a), size(b)));
    return out;
  }

  /**
   * Where the tasks start: every placement ({@code all}), or task i on cpu i mod cpus only
   * ({@code spread}).
   */
  private List<int[]> placements() {
    int n = bounds.tasks();
    List<int[]> out = new ArrayList<>();
    if (!allPlacements) {
      int[] p = new int[n];
      for (int t = 0; t < n; t++) {
        p[t] = t % bounds.cpus();
      }
      out.add(p);
      return out;
    }
    int[] p = new int[n];
    while (true) {
      out.add(p.clone());
      int t = n - 1;
      while (t >= 0 && ++p[t] == bounds.cpus()) {
        p[t] = 0;
        t--;
      }
      if (t < 0) {
        return out;
      }
    }
  }

  /** Cpu renamings (keeping the extra task's cpu); only the identity beyond 4 cpus. */
  private List<int[]> cpuPermutations() {
    boolean[] fixed = new boolean[bounds.cpus()];
    if (bounds.cpus() > 4) {
      java.util.Arrays.fill(fixed, true);
    } else if (extraCpu >= 0) {
      fixed[extraCpu] = true;
    }
    return permutations(bounds.cpus(), fixed);
  }

  private static int size(Combination c) {
    int s = 0;
    for (String p : c.programs()) {
      s += p.length();
    }
    return s;
  }

  private boolean[] fixedIndices(int count, Set<String> names, boolean words) {
    boolean[] fixed = new boolean[count];
    for (int i = 0; i < count; i++) {
      fixed[i] = names.contains(words ? wordName(i) : mutexName(i));
    }
    return fixed;
  }

  /** Task renamings that keep the tasks a path names. */
  private List<int[]> taskPermutations() {
    int n = bounds.tasks();
    boolean[] fixed = new boolean[n];
    for (int t = 0; t < n; t++) {
      fixed[t] = fixedTasks.contains(taskName(t));
    }
    return permutations(n, fixed);
  }

  /** Every permutation of 0..n-1 that keeps the fixed indices in place. */
  static List<int[]> permutations(int n, boolean[] fixed) {
    List<int[]> out = new ArrayList<>();
    permute(new int[n], new boolean[n], 0, fixed, out);
    return out;
  }

  private static void permute(int[] p, boolean[] used, int i, boolean[] fixed, List<int[]> out) {
    if (i == p.length) {
      out.add(p.clone());
      return;
    }
    for (int v = 0; v < p.length; v++) {
      if (used[v] || (fixed[i] && v != i) || (fixed[v] && v != i)) {
        continue;
      }
      used[v] = true;
      p[i] = v;
      permute(p, used, i + 1, fixed, out);
      used[v] = false;
    }
  }

  // ------------------------------------------------------------------ scenarios

  /**
   * The scenario text of one combination, with {@code extra} (a program, or null) as an
   * extra task named {@code extraName} on cpu {@link #extraCpu}.
   *
   * @param kernelLines the {@code kernel:} mapping's entries, indented by two spaces
   */
  public String scenario(String name, Combination c, String kernelLines, String extraName, String extra) {
    StringBuilder sb = new StringBuilder();
    sb.append("name: ").append(name).append('\n');
    sb.append("cpus: ").append(bounds.cpus()).append('\n');
    sb.append("kernel:\n").append(kernelLines);
    if (bounds.words() > 0) {
      sb.append("memory:\n");
      for (int w = 0; w < bounds.words(); w++) {
        sb.append("  ").append(wordName(w)).append(": 0\n");
      }
    }
    if (bounds.mutexes() > 0) {
      sb.append("mutexes: [");
      for (int m = 0; m < bounds.mutexes(); m++) {
        sb.append(m > 0 ? ", " : "").append(mutexName(m));
      }
      sb.append("]\n");
    }
    sb.append("tasks:\n");
    for (int t = 0; t < c.programs().size(); t++) {
      appendTask(sb, taskName(t), c.cpus().get(t), c.programs().get(t));
    }
    if (extra != null) {
      appendTask(sb, extraName, extraCpu, extra);
    }
    return sb.toString();
  }

  /** The line (1-based) of the scenario text at which the extra task's first program line stands. */
  public static int firstProgramLine(String scenarioText, String taskName) {
    String[] lines = scenarioText.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].equals("  " + taskName + ":")) {
        return i + 4; // cpu, program: |, then the first line
      }
    }
    return -1;
  }

  private static void appendTask(StringBuilder sb, String name, int cpu, String program) {
    sb.append("  ").append(name).append(":\n");
    sb.append("    cpu: ").append(cpu).append('\n');
    if (program.isBlank()) {
      sb.append("    program: \"\"\n");
      return;
    }
    sb.append("    program: |\n");
    for (String line : program.split("\n")) {
      sb.append("      ").append(line).append('\n');
    }
  }
}
