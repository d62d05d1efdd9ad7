package schedcheck.app.differential;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random scenario files over the whole scenario language, as YAML text (so that the real parser
 * reads them): 1-3 cpus, 1-3 tasks with priorities, start cpus and affinities, proxy execution on
 * and off and, under proxy, every merged version ({@code pe-v6.17}, {@code pe-v7.1}, none or an
 * explicit {@code pe-v7.2}), and for UMCG both versions (the rework, {@code umcg-v0.9.1} with its
 * {@code umcg_idle}). No bug variants: the kernel must be correct for the comparison.
 *
 * <p>Programs are short lists of {@link Chunk}s. Besides single statements (noise) a chunk may be
 * a protocol piece: a futex wait loop (backward goto guarded by a counter register, so every
 * program terminates or blocks), a store-then-wake or the racy wake-then-store, a FUTEX_SWAP
 * hand-over, a mutex critical section, a pair of mutexes in either order, an interruptible lock
 * with its error branch, a spinlock section over an extra class or a kernel lock instance, an
 * unprotected critical section, a signal. Shrinking works on the chunk lists, so a disagreement
 * shrinks to a few protocol pieces.
 *
 * <p>{@link #loopingSpecs()} adds infinite but finite-state executions, so that {@code
 * starvation} (and {@code lost-wakeup} of kind {@code lasso}) and the fair-cycle search are
 * exercised at random: loops without a counter (a spin-wait on a word, a {@code cas} retry spin
 * lock, a futex lock whose wait retries), and programs that jump from their end back to their
 * start ({@link TaskSpec#repeat}), so that they run for ever. The state stays finite by
 * construction: a repeating program's chunks are rendered through {@link #bounded}, which turns
 * every statement that could make a value grow ({@code fetch_add}, {@code store w r + k},
 * {@code r = r + 1}) into one that assigns a bounded value, and leaves out the chunks whose
 * repetition is a misuse rather than a protocol (a lock never unlocked, an unlock not owned,
 * UMCG, signals); every register a repeating program uses is assigned from a memory word, a
 * constant or a system call's result, or reset at its chunk's start ({@code c = 0}).
 */
public final class ScenarioGenerator {
  private ScenarioGenerator() {}

  static final List<String> WORDS = List.of("x", "y");
  static final List<String> MUTEXES = List.of("A", "B");
  static final Set<String> VALUE_OPS = Set.of(
      "load", "cas", "xchg", "fetch_add", "futex_wait", "futex_wake", "futex_swap", "lock_interruptible",
      "umcg_ctl", "umcg_wait", "umcg_pop", "block_io", "umcg_preempt", "umcg_kick");
  static final String[] CMP = {"==", "!=", "<", "<=", ">", ">="};

  /** What a chunk is; the {@code a, b, c} of a {@link Chunk} choose words, values, locks. */
  public enum Kind {
    // noise: one statement each
    LOAD, STORE, STORE_EXPR, CAS, XCHG, FETCH_ADD, ASSIGN, WORK, YIELD, ASSERT,
    // futex protocols
    WAIT_LOOP, WAIT, WAIT_CHECKED, WAKE, STORE_WAKE, WAKE_STORE, SWAP,
    // mutexes
    LOCK_CS, LOCK_PAIR, LOCK_ONLY, UNLOCK_ONLY, LOCK_INTR, LOCK_TWICE,
    // signals
    SIGNAL,
    // spinlocks (extra classes and kernel lock instances), critical sections
    SPIN_CS, SPIN_PAIR, CRIT,
    // UMCG (docs/umcg.md): a server's pass, a worker's life, a wait with a next task, an I/O completion
    UMCG_SERVER, UMCG_WORKER, UMCG_WAIT, UMCG_COMPLETE,
    // UMCG preemption (docs/umcg.md, Preemption): umcg_preempt T then umcg_kick T, or a kick alone
    UMCG_PREEMPT,
    // loops without a counter (loopingSpecs): a spin-wait on a word, a cas retry spin lock
    // around a critical section, a futex lock (cas, futex_wait, retry) around a critical section
    SPIN_WAIT, CAS_LOCK, FUTEX_LOCK
  }

  /**
   * What a chunk of a repeating program ({@link TaskSpec#repeat}) is rendered as: the chunk
   * itself when repeating it keeps every value bounded and is a protocol (not a misuse), else a
   * bounded statement in its place. Growing values: {@code fetch_add} becomes {@code xchg},
   * {@code store w r + k} a {@code store} of a constant, {@code r = r + 1} an assignment from a
   * word. Misuses and UMCG: a lock never unlocked, a lock taken twice, an unlock of a mutex not
   * locked become a mutex critical section; a signal and UMCG pieces become {@code work} or a
   * {@code yield}.
   */
  static Chunk bounded(Chunk ch) {
    return switch (ch.kind()) {
      case FETCH_ADD -> new Chunk(Kind.XCHG, ch.a(), ch.b(), ch.c());
      case STORE_EXPR -> new Chunk(Kind.STORE, ch.a(), ch.b(), ch.c());
      case ASSIGN -> new Chunk(Kind.ASSIGN, ch.a(), ch.b(), 0); // r = w - v, never r = r + 1
      case LOCK_ONLY, LOCK_TWICE, UNLOCK_ONLY -> new Chunk(Kind.LOCK_CS, ch.a(), ch.b(), ch.c());
      case SIGNAL, UMCG_SERVER, UMCG_WORKER, UMCG_WAIT, UMCG_COMPLETE, UMCG_PREEMPT ->
          new Chunk(ch.c() % 2 == 0 ? Kind.WORK : Kind.YIELD, ch.a(), ch.b(), ch.c());
      default -> ch;
    };
  }

  /** Whether a chunk kind uses UMCG (a task that does is never the target of a signal). */
  static boolean umcg(Kind k) {
    return k == Kind.UMCG_SERVER || k == Kind.UMCG_WORKER || k == Kind.UMCG_WAIT || k == Kind.UMCG_COMPLETE
        || k == Kind.UMCG_PREEMPT;
  }

  /** One piece of a program; {@code a, b, c} are small numbers interpreted per kind. */
  public record Chunk(Kind kind, int a, int b, int c) {}

  /**
   * @param repeat the program jumps from its end back to its start: it runs for ever (its chunks
   *     rendered through {@link #bounded}, so that its state stays finite)
   */
  public record TaskSpec(int prio, int cpu, int affinity, List<Chunk> chunks, boolean repeat) {
    /** A program that runs off its end. */
    public TaskSpec(int prio, int cpu, int affinity, List<Chunk> chunks) {
      this(prio, cpu, affinity, chunks, false);
    }
  }

  /**
   * @param version under proxy: 0 none (v7.2), 1 pe-v6.17, 2 pe-v7.1, 3 an explicit pe-v7.2
   * @param affinity per task a bit mask of cpus (0 = no {@code affinity} key)
   */
  public record Spec(int cpus, boolean proxy, int version, int x0, int y0, List<TaskSpec> tasks, int umcg) {

    public static final String[] VERSIONS = {"v7.2", "pe-v6.17", "pe-v7.1", "pe-v7.2"};

    /** A spec on UMCG's default version (PeterZ's rework). */
    public Spec(int cpus, boolean proxy, int version, int x0, int y0, List<TaskSpec> tasks) {
      this(cpus, proxy, version, x0, y0, tasks, 0);
    }

    /** Whether a program uses UMCG. */
    public boolean usesUmcg() {
      return tasks.stream().anyMatch(t -> t.chunks().stream().anyMatch(c -> ScenarioGenerator.umcg(c.kind())));
    }

    /** Whether the file runs UMCG v0.9.1 ({@code umcg} 1, and a program uses UMCG). */
    public boolean v091() {
      return umcg == 1 && usesUmcg();
    }

    public String proxyVersion() {
      return proxy ? VERSIONS[version].replace("pe-", "") : "off";
    }

    /**
     * Whether the contract alone says {@code deadlock} is violated: some task's program starts
     * with {@code lock M; lock M} and no task starting on its cpu is more important, so there is
     * an execution in which it runs both locks first and blocks on the mutex it owns.
     */
    public boolean mustDeadlock() {
      for (int i = 0; i < tasks.size(); i++) {
        TaskSpec t = tasks.get(i);
        if (t.chunks().get(0).kind() != Kind.LOCK_TWICE) {
          continue;
        }
        boolean first = true;
        for (int j = 0; j < tasks.size(); j++) {
          if (startCpu(j) == startCpu(i) && tasks.get(j).prio() < t.prio()) {
            first = false;
          }
        }
        if (first) {
          return true;
        }
      }
      return false;
    }

    int startCpu(int i) {
      TaskSpec t = tasks.get(i);
      return t.cpu() >= 0 ? t.cpu() % cpus : i % cpus;
    }

    /** The statement kinds used (for statistics). */
    public Set<String> statements() {
      Set<String> out = new TreeSet<>();
      for (String line : render(null, "random").split("\n")) {
        String l = line.trim();
        if (!line.startsWith("      ") || l.isEmpty() || l.endsWith(":")) {
          continue;
        }
        String[] w = l.split(" ");
        out.add(w.length > 2 && w[1].equals("=") ? (VALUE_OPS.contains(w[2]) ? w[2] : "assign") : w[0]);
      }
      return out;
    }

    /** Spinlock instances named in the programs (for statistics). */
    public Set<String> spinlockClasses() {
      Set<String> out = new TreeSet<>();
      for (String line : render(null, "random").split("\n")) {
        String l = line.trim();
        if (l.startsWith("spin_lock ")) {
          String name = l.substring("spin_lock ".length());
          int p = name.indexOf('(');
          out.add(p < 0 ? "extra" : name.substring(0, p));
        }
      }
      return out;
    }

    /**
     * The scenario file. {@code detail} null leaves {@code kernel.detail} out (the default,
     * steps); otherwise it is written, e.g. {@code syscall}.
     */
    public String render(String detail, String name) {
      List<String> taskNames = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        taskNames.add("t" + (i + 1));
      }
      List<List<String>> programs = new ArrayList<>();
      Set<String> mutexes = new LinkedHashSet<>();
      Set<String> locks = new LinkedHashSet<>();
      int[] label = {0};
      for (int i = 0; i < tasks.size(); i++) {
        programs.add(program(tasks.get(i), i, taskNames, label, mutexes, locks));
      }
      StringBuilder b = new StringBuilder();
      b.append("name: ").append(name).append('\n');
      b.append("cpus: ").append(cpus).append('\n');
      b.append("kernel:\n");
      b.append("  proxy: ").append(proxy).append('\n');
      List<String> variants = new ArrayList<>();
      if (proxy && version > 0 && !"syscall".equals(detail)) { // variants do not apply at syscall
        variants.add(VERSIONS[version]);
      }
      if (v091()) { // a UMCG version is an API: it applies at syscall too (docs/umcg.md "v0.9.1")
        variants.add("umcg-v0.9.1");
      }
      if (!variants.isEmpty()) {
        b.append("  variants: [").append(String.join(", ", variants)).append("]\n");
      }
      if (detail != null) {
        b.append("  detail: ").append(detail).append('\n');
      }
      b.append("memory:\n");
      b.append("  x: ").append(x0).append('\n');
      b.append("  y: ").append(y0).append('\n');
      if (!mutexes.isEmpty()) {
        List<String> ms = new ArrayList<>(MUTEXES);
        ms.retainAll(mutexes);
        b.append("mutexes: [").append(String.join(", ", ms)).append("]\n");
      }
      if (!locks.isEmpty()) {
        b.append("locks: [").append(String.join(", ", new TreeSet<>(locks))).append("]\n");
      }
      b.append("tasks:\n");
      for (int i = 0; i < tasks.size(); i++) {
        TaskSpec t = tasks.get(i);
        b.append("  ").append(taskNames.get(i)).append(":\n");
        if (t.cpu() >= 0) {
          b.append("    cpu: ").append(t.cpu() % cpus).append('\n');
        }
        b.append("    prio: ").append(t.prio()).append('\n');
        int mask = t.affinity() & ((1 << cpus) - 1);
        if (mask != 0) {
          mask |= 1 << startCpu(i); // it must start on an allowed cpu
          List<String> cs = new ArrayList<>();
          for (int c = 0; c < cpus; c++) {
            if ((mask & (1 << c)) != 0) {
              cs.add(Integer.toString(c));
            }
          }
          b.append("    affinity: [").append(String.join(", ", cs)).append("]\n");
        }
        List<String> prog = programs.get(i);
        if (prog.isEmpty()) {
          prog = List.of("work");
        }
        b.append("    program: |\n");
        for (String line : prog) {
          b.append("      ").append(line).append('\n');
        }
      }
      b.append("bounds: {states: ").append(Differential.STATE_BOUND).append("}\n");
      return b.toString();
    }

    private List<String> program(TaskSpec t, int self, List<String> taskNames, int[] label,
        Set<String> mutexes, Set<String> locks) {
      List<String> out = new ArrayList<>();
      String top = t.repeat() ? "top" + (++label[0]) : null; // no label taken otherwise: old files unchanged
      if (t.repeat()) {
        out.add(top + ":");
      }
      for (Chunk raw : t.chunks()) {
        Chunk ch = t.repeat() ? bounded(raw) : raw;
        String w = WORDS.get(ch.a() % 2);
        String w2 = WORDS.get((ch.a() + 1 + ch.b()) % 2);
        String m = MUTEXES.get(ch.a() % 2);
        String m2 = MUTEXES.get((ch.a() + 1) % 2);
        int v = ch.b() % 2;
        switch (ch.kind()) {
          case LOAD -> out.add("r = load " + w);
          case STORE -> out.add("store " + w + " " + v);
          case STORE_EXPR -> out.add("store " + w + " r + " + (1 + ch.c() % 2));
          case CAS -> out.add("r = cas " + w + " " + v + " " + (1 - v));
          case XCHG -> out.add("r = xchg " + w + " " + (1 - v));
          case FETCH_ADD -> out.add("r = fetch_add " + w + " " + (ch.c() % 2 == 0 ? "1" : "-1"));
          case ASSIGN -> out.add(ch.c() % 2 == 0 ? "r = " + w + " - " + v : "r = r + 1");
          case WORK -> out.add("work");
          case YIELD -> out.add("yield");
          case ASSERT -> out.add("assert r " + CMP[ch.c() % CMP.length] + " " + v);
          case WAIT_LOOP -> {
            // wait until w != 0, at most two futex_waits: terminates or blocks
            String l = "l" + (++label[0]);
            out.add("c = 0");
            out.add(l + ":");
            out.add("r = load " + w);
            out.add("if r != 0 goto " + l + "e");
            out.add("r = futex_wait " + w + " 0");
            out.add("c = c + 1");
            out.add("if c < 2 goto " + l);
            out.add(l + "e:");
          }
          case WAIT -> out.add("r = futex_wait " + w + " " + v);
          case WAIT_CHECKED -> {
            // the contract's results: 0 woken, -1 EAGAIN, -4 EINTR
            String l = "l" + (++label[0]);
            out.add("r = futex_wait " + w + " " + v);
            out.add("if r == -1 goto " + l);
            out.add("assert r <= 0");
            out.add("assert r >= -4");
            out.add(l + ":");
          }
          case WAKE -> out.add("r = futex_wake " + w + " " + (1 + ch.c() % 2));
          case STORE_WAKE -> {
            out.add("store " + w + " 1");
            out.add("r = futex_wake " + w + " " + (1 + ch.c() % 2));
          }
          case WAKE_STORE -> {
            out.add("r = futex_wake " + w + " 1");
            out.add("store " + w + " 1");
          }
          case SWAP -> {
            out.add("store " + w + " 1");
            out.add("r = futex_swap " + w + " " + w2 + " " + (ch.c() % 2));
          }
          case LOCK_CS -> {
            mutexes.add(m);
            out.add("lock " + m);
            out.add("enter");
            if (ch.c() % 2 == 1) {
              out.add("work");
            }
            out.add("leave");
            out.add("unlock " + m);
          }
          case LOCK_PAIR -> {
            mutexes.add(m);
            mutexes.add(m2);
            out.add("lock " + m);
            out.add("lock " + m2);
            out.add("unlock " + m2);
            out.add("unlock " + m);
          }
          case LOCK_ONLY -> {
            mutexes.add(m);
            out.add("lock " + m);
          }
          case UNLOCK_ONLY -> {
            mutexes.add(m);
            out.add("unlock " + m);
          }
          case LOCK_INTR -> {
            mutexes.add(m);
            String l = "l" + (++label[0]);
            out.add("r = lock_interruptible " + m);
            out.add("if r != 0 goto " + l);
            out.add("enter");
            out.add("leave");
            out.add("unlock " + m);
            out.add(l + ":");
            if (ch.c() % 2 == 1) {
              out.add("assert r != -4");
            }
          }
          case LOCK_TWICE -> {
            mutexes.add(m);
            out.add("lock " + m);
            out.add("lock " + m);
          }
          case SIGNAL -> {
            int target = (self + 1 + ch.a()) % taskNames.size();
            // signals to UMCG tasks are not modeled (docs/umcg.md)
            out.add(tasks.get(target).chunks().stream().anyMatch(c -> ScenarioGenerator.umcg(c.kind())) ? "work"
                : "signal " + taskNames.get(target));
          }
          case UMCG_SERVER -> {
            int l = label[0]++;
            out.add("umcg_ctl server");
            if (v091()) { // announce itself idle (or not), look at the idle-workers stack, run one
              if (ch.b() % 2 == 0) {
                out.add("umcg_idle");
              }
            } else {
              out.add("umcg_runnable");
            }
            out.add("r = umcg_pop");
            out.add("if r == 0 goto u" + l);
            out.add("r = umcg_wait r");
            out.add("u" + l + ":");
          }
          case UMCG_WORKER -> {
            out.add("r = umcg_ctl worker " + taskNames.get((self + 1 + ch.a()) % taskNames.size()));
            if (ch.b() % 2 == 0) {
              out.add("r = block_io");
            }
            if (ch.c() % 2 == 0) {
              out.add("r = umcg_ctl unregister");
            }
          }
          case UMCG_WAIT -> {
            out.add(v091() ? "umcg_idle" : "umcg_runnable");
            out.add(ch.b() % 2 == 0 ? "r = umcg_wait" : "r = umcg_wait " + taskNames.get((self + 1 + ch.a()) % taskNames.size()));
          }
          case UMCG_COMPLETE -> out.add("complete_io " + taskNames.get((self + 1 + ch.a()) % taskNames.size()));
          case UMCG_PREEMPT -> {
            if (v091()) { // no sys_umcg_kick, no UMCG_TF_PREEMPT in v0.9.1: read a state word instead
              out.add("r = umcg_state " + taskNames.get((self + 1 + ch.a()) % taskNames.size()));
              break;
            }
            // umcg_preempt names a task that registers as a worker (the parser's rule): the
            // first such task from the chosen one on, if any
            int target = (self + 1 + ch.a()) % taskNames.size();
            boolean worker = false;
            for (int k = 0; k < taskNames.size() && !worker; k++) {
              int u = (self + 1 + ch.a() + k) % taskNames.size();
              if (tasks.get(u).chunks().stream().anyMatch(c -> c.kind() == Kind.UMCG_WORKER)) {
                target = u;
                worker = true;
              }
            }
            if (!worker && ch.c() % 2 == 1) {
              // no worker to preempt: this task becomes one (of the next task) and preempts itself
              out.add("r = umcg_ctl worker " + taskNames.get((self + 1) % taskNames.size()));
              target = self;
              worker = true;
            }
            String tn = taskNames.get(target);
            if (worker && ch.b() % 3 != 0) {
              String l = "p" + (++label[0]);
              out.add("r = umcg_preempt " + tn);
              out.add("if r != 0 goto " + l);
              out.add("r = umcg_kick " + tn);
              out.add(l + ":");
            } else if (worker && ch.c() % 2 == 0) {
              out.add("r = umcg_preempt " + tn); // the flag alone: acted on at a later kick, or cleared
            } else {
              out.add("r = umcg_kick " + tn);
            }
          }
          case SPIN_CS -> {
            String l = spinlock(ch.b(), ch.c(), taskNames, mutexes, locks);
            out.add("spin_lock " + l);
            if (ch.a() % 3 == 0) {
              out.add("enter");
              out.add("leave");
            } else if (ch.a() % 3 == 1) {
              out.add("r = load " + w);
            } else {
              out.add("yield");
            }
            out.add("spin_unlock " + l);
          }
          case SPIN_PAIR -> {
            String l1 = spinlock(ch.b(), ch.c(), taskNames, mutexes, locks);
            String l2 = spinlock(ch.b() + 1 + ch.a(), ch.c() + 1, taskNames, mutexes, locks);
            if (l1.equals(l2)) {
              l2 = "K";
              locks.add("K");
            }
            out.add("spin_lock " + l1);
            out.add("spin_lock " + l2);
            out.add("spin_unlock " + l2);
            out.add("spin_unlock " + l1);
          }
          case CRIT -> {
            out.add("enter");
            if (ch.c() % 2 == 1) {
              out.add("r = load " + w);
            }
            out.add("leave");
          }
          case SPIN_WAIT -> {
            // spin while w == v, no counter: runs for ever unless someone changes w
            String l = "s" + (++label[0]);
            out.add(l + ":");
            out.add("r = load " + w);
            out.add("if r == " + v + " goto " + l);
          }
          case CAS_LOCK -> {
            // a test-and-set spin lock on w (0 free, 1 taken) around a critical section
            String l = "s" + (++label[0]);
            out.add(l + ":");
            out.add("r = cas " + w + " 0 1");
            out.add("if r != 0 goto " + l);
            out.add("enter");
            if (ch.c() % 2 == 1) {
              out.add("work");
            }
            out.add("leave");
            out.add("store " + w + " 0");
          }
          case FUTEX_LOCK -> {
            // a futex lock on w (0 free, 1 taken): cas, else sleep while it is 1, and retry;
            // the unlock stores 0 and wakes one waiter (c even) or two
            String l = "f" + (++label[0]);
            out.add(l + ":");
            out.add("r = cas " + w + " 0 1");
            out.add("if r == 0 goto " + l + "e");
            out.add("r = futex_wait " + w + " 1");
            out.add("goto " + l);
            out.add(l + "e:");
            out.add("enter");
            out.add("leave");
            out.add("store " + w + " 0");
            out.add("r = futex_wake " + w + " " + (1 + ch.c() % 2));
          }
          default -> throw new IllegalStateException(ch.kind().toString());
        }
      }
      if (t.repeat()) {
        out.add("goto " + top);
      }
      boolean assigns = out.stream().anyMatch(l -> l.startsWith("r = "));
      boolean reads = out.stream().anyMatch(l -> !l.startsWith("r = ") && (" " + l + " ").contains(" r "));
      if (reads && !assigns) {
        out.add(0, "r = 0"); // a register must be assigned somewhere; it starts at 0 anyway
      }
      return out;
    }

    /** A spinlock: extra classes L, K, or a kernel lock instance. */
    private String spinlock(int which, int arg, List<String> taskNames, Set<String> mutexes, Set<String> locks) {
      switch (which % 7) {
        case 0, 1 -> {
          locks.add("L");
          return "L";
        }
        case 2 -> {
          locks.add("K");
          return "K";
        }
        case 3 -> {
          return "pi_lock(" + taskNames.get(arg % taskNames.size()) + ")";
        }
        case 4 -> {
          return "rq_lock(" + arg % cpus + ")";
        }
        case 5 -> {
          String m = MUTEXES.get(arg % 2);
          mutexes.add(m);
          return "wait_lock(" + m + ")";
        }
        default -> {
          return "blocked_lock(" + taskNames.get(arg % taskNames.size()) + ")";
        }
      }
    }
  }

  static Arbitrary<Chunk> chunks() {
    Arbitrary<Integer> n = Arbitraries.integers().between(0, 6);
    return Arbitraries.frequencyOf(
        Tuple.of(6, noise()),
        Tuple.of(4, chunk(n, Kind.WAIT_LOOP)),
        Tuple.of(2, chunk(n, Kind.WAIT)),
        Tuple.of(1, chunk(n, Kind.WAIT_CHECKED)),
        Tuple.of(1, chunk(n, Kind.WAKE)),
        Tuple.of(4, chunk(n, Kind.STORE_WAKE)),
        Tuple.of(1, chunk(n, Kind.WAKE_STORE)),
        Tuple.of(2, chunk(n, Kind.SWAP)),
        Tuple.of(4, chunk(n, Kind.LOCK_CS)),
        Tuple.of(2, chunk(n, Kind.LOCK_PAIR)),
        Tuple.of(1, chunk(n, Kind.LOCK_ONLY)),
        Tuple.of(1, chunk(n, Kind.UNLOCK_ONLY)),
        Tuple.of(2, chunk(n, Kind.LOCK_INTR)),
        Tuple.of(1, chunk(n, Kind.LOCK_TWICE)),
        Tuple.of(2, chunk(n, Kind.SIGNAL)),
        Tuple.of(2, chunk(n, Kind.SPIN_CS)),
        Tuple.of(1, chunk(n, Kind.SPIN_PAIR)),
        Tuple.of(2, chunk(n, Kind.CRIT)),
        Tuple.of(1, chunk(n, Kind.UMCG_SERVER)),
        Tuple.of(1, chunk(n, Kind.UMCG_WORKER)),
        Tuple.of(1, chunk(n, Kind.UMCG_WAIT)),
        Tuple.of(1, chunk(n, Kind.UMCG_COMPLETE)),
        Tuple.of(1, chunk(n, Kind.UMCG_PREEMPT)));
  }

  static Arbitrary<Chunk> noise() {
    Arbitrary<Integer> n = Arbitraries.integers().between(0, 6);
    return Arbitraries.oneOf(List.of(
        chunk(n, Kind.LOAD), chunk(n, Kind.STORE), chunk(n, Kind.STORE_EXPR), chunk(n, Kind.CAS),
        chunk(n, Kind.XCHG), chunk(n, Kind.FETCH_ADD), chunk(n, Kind.ASSIGN), chunk(n, Kind.WORK),
        chunk(n, Kind.YIELD), chunk(n, Kind.ASSERT)));
  }

  static Arbitrary<Chunk> chunk(Arbitrary<Integer> n, Kind k) {
    return Combinators.combine(n, n, n).as((a, b, c) -> new Chunk(k, a, b, c));
  }

  static Arbitrary<TaskSpec> taskSpecs() {
    return Combinators.combine(
            Arbitraries.of(120, 120, 120, 110, 100),
            Arbitraries.frequency(Tuple.of(3, -1), Tuple.of(1, 0), Tuple.of(1, 1), Tuple.of(1, 2)),
            Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3), Tuple.of(1, 6)),
            chunks().list().ofMinSize(1).ofMaxSize(3))
        .as(TaskSpec::new);
  }

  /** Random scenario specs; {@link Spec#render} writes the file. */
  public static Arbitrary<Spec> specs() {
    return Combinators.combine(
            Arbitraries.frequency(Tuple.of(3, 1), Tuple.of(3, 2), Tuple.of(1, 3)),
            Arbitraries.of(true, false),
            Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(2, 1), Tuple.of(2, 2), Tuple.of(1, 3)),
            Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(0, 1),
            taskSpecs().list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.of(0, 1)) // UMCG version: PeterZ's rework, or umcg-v0.9.1
        .as(Spec::new)
        .filter(s -> s.tasks().stream().mapToInt(t -> t.chunks().size()).sum() <= 6);
  }

  /**
   * The chunks of {@link #loopingSpecs()}: the loops without a counter often, the protocols
   * around them (futex waits and wakes, mutexes, spinlocks, signals), no UMCG.
   */
  static Arbitrary<Chunk> loopingChunks() {
    Arbitrary<Integer> n = Arbitraries.integers().between(0, 6);
    return Arbitraries.frequencyOf(
        Tuple.of(4, noise()),
        Tuple.of(4, chunk(n, Kind.SPIN_WAIT)),
        Tuple.of(3, chunk(n, Kind.CAS_LOCK)),
        Tuple.of(4, chunk(n, Kind.FUTEX_LOCK)),
        Tuple.of(2, chunk(n, Kind.WAIT_LOOP)),
        Tuple.of(2, chunk(n, Kind.WAIT)),
        Tuple.of(1, chunk(n, Kind.WAKE)),
        Tuple.of(3, chunk(n, Kind.STORE_WAKE)),
        Tuple.of(1, chunk(n, Kind.WAKE_STORE)),
        Tuple.of(1, chunk(n, Kind.SWAP)),
        Tuple.of(3, chunk(n, Kind.LOCK_CS)),
        Tuple.of(1, chunk(n, Kind.LOCK_PAIR)),
        Tuple.of(1, chunk(n, Kind.LOCK_ONLY)),
        Tuple.of(1, chunk(n, Kind.LOCK_INTR)),
        Tuple.of(1, chunk(n, Kind.SIGNAL)),
        Tuple.of(1, chunk(n, Kind.SPIN_CS)),
        Tuple.of(1, chunk(n, Kind.CRIT)));
  }

  static Arbitrary<TaskSpec> loopingTaskSpecs() {
    return Combinators.combine(
            Arbitraries.of(120, 120, 120, 110, 100),
            Arbitraries.frequency(Tuple.of(3, -1), Tuple.of(1, 0), Tuple.of(1, 1), Tuple.of(1, 2)),
            Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3), Tuple.of(1, 6)),
            loopingChunks().list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.frequency(Tuple.of(3, false), Tuple.of(2, true)))
        .as(TaskSpec::new);
  }

  /**
   * Random scenarios with infinite but finite-state executions (see the class comment): loops
   * without a counter and programs that repeat for ever, 1-3 tasks on 1-3 cpus, proxy on and
   * off, no UMCG. One in three is symmetric: its first task's program (with its priority, and
   * whether it repeats) given to two or three tasks that start on any cpu, for the liveness pass
   * on the symmetry quotient.
   */
  public static Arbitrary<Spec> loopingSpecs() {
    return Combinators.combine(
            Arbitraries.frequency(Tuple.of(3, 1), Tuple.of(3, 2), Tuple.of(1, 3)),
            Arbitraries.of(true, false),
            Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(2, 1), Tuple.of(2, 2), Tuple.of(1, 3)),
            Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(0, 1),
            loopingTaskSpecs().list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.frequency(Tuple.of(2, 0), Tuple.of(1, 2), Tuple.of(1, 3))) // copies of the first task, or none
        .as((cpus, proxy, version, x0, y0, tasks, copies) -> {
          if (copies == 0) {
            return new Spec(cpus, proxy, version, x0, y0, tasks);
          }
          TaskSpec t = tasks.get(0);
          TaskSpec one = new TaskSpec(t.prio(), -1, 0, t.chunks(), t.repeat());
          return new Spec(cpus, proxy, version, x0, y0, java.util.Collections.nCopies(copies, one));
        })
        .filter(s -> s.tasks().stream().mapToInt(t -> t.chunks().size()).sum() <= 6);
  }

  /** The {@code --fairness} settings the CLI offers, drawn in turn by the looping campaign and tests. */
  public static final List<schedcheck.properties.Starvation.Fairness> FAIRNESS = List.of(
      schedcheck.properties.Starvation.Fairness.defaults(), // sched,lock
      new schedcheck.properties.Starvation.Fairness(false, false), // sched
      new schedcheck.properties.Starvation.Fairness(true, true)); // sched,lock,cs
}
