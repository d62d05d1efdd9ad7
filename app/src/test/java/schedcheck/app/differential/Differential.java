package schedcheck.app.differential;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import schedcheck.app.CheckOptions;
import schedcheck.app.CheckRun;
import schedcheck.app.Checking;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;
import schedcheck.model.kernel.Reduction;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.model.scenario.Stmt;
import schedcheck.properties.Starvation;

/**
 * The differential comparison of one scenario file: checked at {@code kernel.detail: steps}
 * with BFS and with DFS, and at {@code kernel.detail: syscall} (the reference semantics) with
 * BFS, every search exploring everything with every property checked.
 *
 * <ul>
 *   <li>the sets of violated user-level properties (lost-wakeup, deadlock, mutual-exclusion,
 *       assertions) at steps and at syscall detail must be equal;
 *   <li>BFS and DFS at each detail level must report the same verdict, the same violated
 *       properties and the same state and transition counts;
 *   <li>an exception in any of them is a failure;
 *   <li>on a correct kernel, without bug variants, {@code invariants} must hold (except INV-11,
 *       UMCG's protocol, which a program can break), and a program
 *       that takes no spinlock of its own cannot break {@code lock-order} (only the kernel's
 *       own locking could);
 *   <li>whether a user-level property is violated does not depend on the check list: each
 *       checked alone is violated exactly when it is with every property checked;
 *   <li>oracles from the contract alone: a futex_wait result is 0, -1 or -4; a task that starts
 *       with {@code lock M; lock M} and may run first deadlocks.
 * </ul>
 *
 * A search cut by the scenario's state bound makes the comparison "skipped" (counted), never a
 * disagreement.
 */
public final class Differential {
  private Differential() {}

  /** The state bound written into every generated scenario, a safety net. */
  public static final long STATE_BOUND = 40_000;

  public static final List<String> USER_LEVEL = List.of("lost-wakeup", "deadlock", "mutual-exclusion", "assertions");

  /** {@link #USER_LEVEL} and {@code starvation}: what a liveness comparison ({@link #compareLiveness}) compares. */
  public static final List<String> WITH_STARVATION =
      List.of("lost-wakeup", "deadlock", "starvation", "mutual-exclusion", "assertions");

  /**
   * The fairness every check of a comparison assumes ({@code --fairness}); set for one
   * comparison by {@link #compareLiveness}, else the default.
   */
  static Starvation.Fairness fairness = Starvation.Fairness.defaults();

  /** Whether the comparison also compares {@code starvation}: set by {@link #compareLiveness}. */
  static boolean liveness;

  /** Whether the spec has two or more tasks and all have one program, priority, start cpu and affinity. */
  static boolean symmetricTasks(ScenarioGenerator.Spec spec) {
    return spec.tasks().size() > 1 && spec.tasks().stream().distinct().count() == 1;
  }

  /** The properties the levels' comparison and the check-list contract cover. */
  static List<String> compared() {
    return liveness ? WITH_STARVATION : USER_LEVEL;
  }

  /**
   * Compares a scenario with infinite executions ({@link ScenarioGenerator#loopingSpecs()}):
   * as {@link #compare(ScenarioGenerator.Spec)}, every check under {@code fairness}, and {@code
   * starvation} compared too (steps against syscall, each checked alone against every property
   * checked, with reduction against without). Not thread-safe (the settings are static).
   */
  public static Outcome compareLiveness(ScenarioGenerator.Spec spec, Starvation.Fairness fairness) {
    Starvation.Fairness old = Differential.fairness;
    boolean oldLiveness = liveness;
    Differential.fairness = fairness;
    liveness = true;
    try {
      // a scenario of identical tasks checks every property but lock-order, so that the
      // symmetry reductions (and the liveness pass on the symmetry quotient) apply
      return compare(spec, Boolean.getBoolean(NO_LOCK_ORDER) || symmetricTasks(spec));
    } finally {
      Differential.fairness = old;
      liveness = oldLiveness;
    }
  }

  /** One search's result, or its exception. */
  public record Run(String label, Verdict verdict, Map<String, String> violated, long states, long transitions,
      Map<String, Long> cuts, double seconds, Throwable error) {

    boolean complete() {
      return error == null && cuts.isEmpty();
    }

    Set<String> userLevel() {
      Map<String, String> out = new TreeMap<>(violated);
      out.keySet().retainAll(USER_LEVEL);
      return out.keySet();
    }

    String describe() {
      if (error != null) {
        StringWriter w = new StringWriter();
        error.printStackTrace(new PrintWriter(w));
        return label + ": internal error " + w;
      }
      StringBuilder b = new StringBuilder();
      b.append(label).append(": ").append(verdict.word()).append(", ").append(states).append(" states, ")
          .append(transitions).append(" transitions");
      if (!cuts.isEmpty()) {
        b.append(", cut ").append(cuts);
      }
      for (var e : violated.entrySet()) {
        b.append("\n    violated ").append(e.getKey()).append(" ").append(e.getValue());
      }
      return b.toString();
    }
  }

  /**
   * @param disagreements categories, e.g. {@code steps/syscall: deadlock only at steps}; empty
   *     when everything agrees
   * @param skipped why some comparison was skipped (a bound cut a search), or null
   */
  public record Outcome(String yaml, Run bfs, Run dfs, Run syscall, List<Run> extra, List<String> disagreements,
      String skipped, Run unreduced, Run por, Run safety) {

    /** Whether partial-order reduction stored fewer states than the unreduced safety search (both complete). */
    public boolean porReduced() {
      return por != null && safety != null && por.complete() && safety.complete() && por.states() < safety.states();
    }

    /** Whether the mover reduction merged something (fewer states than without it, both complete). */
    public boolean reduced() {
      return unreduced != null && bfs.complete() && unreduced.complete() && bfs.states() < unreduced.states();
    }

    public boolean agrees() {
      return disagreements.isEmpty();
    }

    /** The scenario and every result, to turn into a regression file. */
    public String report() {
      StringBuilder b = new StringBuilder();
      b.append("---- differential: ").append(agrees() ? "agree" : "DISAGREE " + disagreements).append('\n');
      if (skipped != null) {
        b.append("skipped: ").append(skipped).append('\n');
      }
      b.append(yaml);
      b.append("# ").append(bfs.describe().replace("\n", "\n# ")).append('\n');
      b.append("# ").append(dfs.describe().replace("\n", "\n# ")).append('\n');
      if (syscall != null) {
        b.append("# ").append(syscall.describe().replace("\n", "\n# ")).append('\n');
      }
      for (Run r : extra) {
        b.append("# ").append(r.describe().replace("\n", "\n# ")).append('\n');
      }
      return b.toString();
    }
  }

  static Run run(String label, Scenario sc, String strategy) {
    return run(label, sc, strategy, Reduction.ALL);
  }

  /**
   * The safety search with partial-order reduction alone ({@link Checking#safetySearch}: the
   * reduced search's own verdict, not the unreduced search a check then runs for the trace).
   */
  static Run runSafety(String label, Scenario sc, Reduction reduction) {
    long t0 = System.nanoTime();
    try {
      CheckOptions o = CheckOptions.defaults().exploringEverything().withReduction(reduction);
      SearchResult res = Checking.safetySearch(sc, o);
      Map<String, String> violated = new TreeMap<>();
      for (Found f : res.violations()) {
        violated.putIfAbsent(f.violation().property(), "(" + f.violation().kind() + "): " + f.violation().message());
      }
      return new Run(label, res.verdict(), violated, res.states(), res.transitions(), res.cuts(),
          (System.nanoTime() - t0) / 1e9, null);
    } catch (Throwable e) {
      return new Run(label, null, Map.of(), 0, 0, Map.of(), (System.nanoTime() - t0) / 1e9, e);
    }
  }

  static Run run(String label, Scenario sc, String strategy, Reduction reduction) {
    long t0 = System.nanoTime();
    try {
      CheckOptions o = CheckOptions.defaults().withFairness(fairness).withStrategy(strategy).exploringEverything().withReduction(reduction)
          .withSymmetry(reduction != Reduction.NONE); // --no-reduction: symmetry off too, as on the command line
      CheckRun r = Checking.check(sc, o, Progress.NONE);
      SearchResult res = r.result();
      Map<String, String> violated = new TreeMap<>();
      for (Found f : res.violations()) {
        violated.putIfAbsent(f.violation().property(), "(" + f.violation().kind() + "): " + f.violation().message());
      }
      return new Run(label, res.verdict(), violated, res.states(), res.transitions(), res.cuts(),
          (System.nanoTime() - t0) / 1e9, null);
    } catch (Throwable e) { // an internal error, reported as a failure
      return new Run(label, null, Map.of(), 0, 0, Map.of(), (System.nanoTime() - t0) / 1e9, e);
    }
  }

  /**
   * The file at {@code kernel.detail: syscall}: the {@code detail} key added to its {@code
   * kernel} map (flow or block style, or a new one), its {@code variants} (kernel versions,
   * which do not apply there) left out.
   */
  public static String syscallText(String yaml) {
    // A UMCG version (umcg-v0.9.1) is an API, not a kernel variant: it stays (docs/umcg.md).
    String umcg = yaml.contains("umcg-v0.9.1") ? "umcg-v0.9.1" : null;
    String s = yaml.replaceAll("(?m)^\\s*variants:.*\n", "").replaceAll(",\\s*variants:\\s*\\[[^\\]]*\\]", "")
        .replaceAll("variants:\\s*\\[[^\\]]*\\],?\\s*", "");
    String flow = umcg == null ? "detail: syscall" : "detail: syscall, variants: [" + umcg + "]";
    String block = umcg == null ? "  detail: syscall\n" : "  detail: syscall\n  variants: [" + umcg + "]\n";
    if (s.matches("(?s).*(?m)^kernel:\\s*\\{.*")) {
      return s.replaceFirst("(?m)^kernel:\\s*\\{", "kernel: {" + flow + ", ").replace(", }", "}");
    }
    if (s.matches("(?s).*(?m)^kernel:\\s*\\n.*")) {
      return s.replaceFirst("(?m)^kernel:\\s*\\n", "kernel:\n" + block);
    }
    return s + (s.endsWith("\n") ? "" : "\n") + "kernel: {" + flow + "}\n";
  }

  /**
   * The steps file at {@code kernel.detail: syscall} ({@link #syscallText}), parsed, with the
   * steps file's Proxy Execution version put back into its kernel variants: a file cannot name
   * one at syscall (the contract: variants do not apply), but the reference follows the
   * version's task placement ({@code ReferenceModel}, "Placement"), so that both levels are
   * compared under the same kernel.
   */
  public static Scenario parseSyscall(String stepsYaml, String file) {
    return withStepsVersion(parse(syscallText(stepsYaml), file), stepsYaml, file);
  }

  /**
   * {@code ss} (a scenario at syscall detail) with the steps file's Proxy Execution version in
   * its kernel variants, unless it names one itself. Every syscall scenario the comparison
   * builds goes through here, whatever its text: a generated spec renders its syscall file
   * with the kernel keys in another order than {@link #syscallText}, and compared without the
   * version the reference ran v7.2's placement against a v7.1 or v6.17 steps file (campaign
   * seed 81, scenario 5603: mutual-exclusion only at steps).
   */
  static Scenario withStepsVersion(Scenario ss, String stepsYaml, String file) {
    List<String> version = parse(stepsYaml, file).kernel().variants().stream()
        .filter(v -> v.startsWith("pe-v")).toList();
    if (version.isEmpty() || ss.kernel().variants().stream().anyMatch(v -> v.startsWith("pe-v"))) {
      return ss;
    }
    Scenario.Kernel k = ss.kernel();
    // The UMCG version (umcg-v0.9.1) the syscall file names stays: the reference follows it.
    List<String> variants = new ArrayList<>(version);
    k.variants().stream().filter(v -> v.startsWith("umcg-v")).forEach(variants::add);
    return new Scenario(ss.file(), ss.name(), ss.description(), ss.cpus(),
        new Scenario.Kernel(k.proxy(), variants, k.lockOrder(), k.futexBuckets(), k.detail()), ss.memory(),
        ss.mutexes(), ss.locks(), ss.tasks(), ss.check(), ss.bounds(), ss.expect());
  }

  static Scenario parse(String yaml, String file) {
    try {
      return ScenarioParser.parse(yaml, file);
    } catch (ScenarioException e) {
      throw new AssertionError("the generator wrote a file the parser rejects: " + e.getMessage() + "\n" + yaml, e);
    }
  }

  /** Compares the spec's scenario at both detail levels and both strategies. */
  public static Outcome compare(ScenarioGenerator.Spec spec) {
    return compare(spec, Boolean.getBoolean(NO_LOCK_ORDER));
  }

  /** As {@link #compare(ScenarioGenerator.Spec)}; {@code noLockOrder}: every property but lock-order, so that symmetry applies. */
  static Outcome compare(ScenarioGenerator.Spec spec, boolean noLockOrder) {
    if (noLockOrder) {
      return compare(withoutLockOrder(spec.render(null, "random")), withoutLockOrder(spec.render("syscall", "random")),
          new Hints(usesSpinlocks(spec), spec.render(null, "random").matches("(?s).*spin_lock (pi|rq|wait|blocked)_lock.*"),
              spec.mustDeadlock(), Hints.locksTwice(spec.render(null, "random"))));
    }
    return compare(spec.render(null, "random"), spec.render("syscall", "random"), new Hints(
        usesSpinlocks(spec), spec.render(null, "random").matches("(?s).*spin_lock (pi|rq|wait|blocked)_lock.*"),
        spec.mustDeadlock(), Hints.locksTwice(spec.render(null, "random"))));
  }

  /**
   * System property: {@code -Ddifferential.noLockOrder=true} ({@code DIFFERENTIAL_NO_LOCK_ORDER=true
   * bench/differential}) checks every property but {@code lock-order}: a generated file checks
   * every property by default, and with lock-order both levels search without symmetry
   * reduction, so only such a campaign compares the symmetry-reduced searches.
   */
  public static final String NO_LOCK_ORDER = "differential.noLockOrder";

  /** {@code yaml} (a generated file, which has no {@code check} key) checking every property but lock-order. */
  public static String withoutLockOrder(String yaml) {
    if (yaml.matches("(?s).*(?m)^check:.*")) {
      throw new IllegalArgumentException("the file has its own check list");
    }
    List<String> check = new ArrayList<>(Scenario.DEFAULT_CHECK);
    check.remove("lock-order");
    return yaml + (yaml.endsWith("\n") ? "" : "\n") + "check: [" + String.join(", ", check) + "]\n";
  }

  static boolean usesSpinlocks(ScenarioGenerator.Spec spec) {
    return spec.render(null, "random").contains("spin_lock ");
  }

  /**
   * What the file's programs do that the oracles need to know.
   *
   * @param userSpinlocks a program takes a spinlock
   * @param kernelLocks a program takes a kernel lock instance (pi_lock, rq_lock, wait_lock,
   *     blocked_lock), which the kernel's own steps take too
   * @param mustDeadlock the contract alone says deadlock is violated (see {@link
   *     ScenarioGenerator.Spec#mustDeadlock})
   * @param lockTwice a program locks a mutex again before unlocking it (findings 1 and 2)
   */
  public record Hints(boolean userSpinlocks, boolean kernelLocks, boolean mustDeadlock, boolean lockTwice) {
    static Hints of(String yaml) {
      return new Hints(yaml.contains("spin_lock "), yaml.matches("(?s).*spin_lock (pi|rq|wait|blocked)_lock.*"), false,
          locksTwice(yaml));
    }

    /**
     * Whether some program, read top to bottom, locks a mutex it locked before without
     * unlocking it in between (findings 1 and 2 concern such recursive locks).
     */
    static boolean locksTwice(String yaml) {
      java.util.Set<String> held = new java.util.HashSet<>();
      for (String line : yaml.split("\n")) {
        String l = line.trim();
        if (l.endsWith(":") && !l.contains(" ") && !line.startsWith("      ")) {
          held.clear(); // a new task (or key) starts
          continue;
        }
        String m = l.startsWith("lock ") ? l.substring(5).trim()
            : l.matches("\\w+ = lock_interruptible \\w+") ? l.substring(l.lastIndexOf(' ') + 1) : null;
        if (m != null && !held.add(m)) {
          return true;
        }
        if (l.startsWith("unlock ")) {
          held.remove(l.substring(7).trim());
        }
      }
      return false;
    }

    /**
     * Whether some program reads the result of a futex_wait or futex_swap (finding 4: it is -11
     * at steps where the contract says -1), i.e. reads r after such a call before assigning it
     * anew. Read top to bottom, ignoring jumps.
     */
    static boolean usesFutexResult(String yaml) {
      boolean live = false;
      for (String line : yaml.split("\n")) {
        String l = line.trim();
        if (!line.startsWith("      ")) {
          live = false; // another task
          continue;
        }
        if (l.startsWith("r = futex_wait ") || l.startsWith("r = futex_swap ")) {
          live = true;
          continue;
        }
        String read = l.startsWith("r = ") ? l.substring(4) : l;
        if (live && (" " + read + " ").contains(" r ")) {
          return true;
        }
        if (l.startsWith("r = ")) {
          live = false;
        }
      }
      return false;
    }

    /**
     * Whether some program, read top to bottom, unlocks a mutex it has not locked: a misuse
     * ({@code assertions}) after which the contract does not say what the mutex is, and the two
     * levels may go on differently (the kernel's own steps release another owner's mutex).
     */
    static boolean unlocksNotOwned(String yaml) {
      java.util.Set<String> held = new java.util.HashSet<>();
      for (String line : yaml.split("\n")) {
        String l = line.trim();
        if (!line.startsWith("      ")) {
          held.clear();
          continue;
        }
        if (l.startsWith("lock ")) {
          held.add(l.substring(5).trim());
        } else if (l.matches("\\w+ = lock_interruptible \\w+")) {
          held.add(l.substring(l.lastIndexOf(' ') + 1));
        } else if (l.startsWith("unlock ") && !held.remove(l.substring(7).trim())) {
          return true;
        }
      }
      return false;
    }

    /**
     * Whether some program waits on a word it woke earlier itself (futex_wake, or the wake half
     * of futex_swap): finding 8, a wake issued by the sleeper itself is not "its" wake.
     */
    static boolean waitsAfterOwnWake(String yaml) {
      java.util.Set<String> woken = new java.util.HashSet<>();
      for (String line : yaml.split("\n")) {
        String[] w = line.trim().split("\\s+");
        if (!line.startsWith("      ")) {
          woken.clear();
          continue;
        }
        if (w.length >= 5 && w[2].equals("futex_wait") && woken.contains(w[3])
            || w.length >= 6 && w[2].equals("futex_swap") && (woken.contains(w[4]) || w[3].equals(w[4]))) {
          return true;
        }
        if (w.length >= 5 && (w[2].equals("futex_wake") || w[2].equals("futex_swap"))) {
          woken.add(w[3]);
        }
      }
      return false;
    }

    /**
     * Two mutexes taken nested in both orders (an ABBA): at steps a deadlock that needs lock
     * stealing, which the syscall level's FIFO handover cannot show (a legitimate difference).
     */
    static boolean abba(String yaml) {
      return yaml.matches("(?s).*lock A\\s*\\n\\s*lock B\\b.*") && yaml.matches("(?s).*lock B\\s*\\n\\s*lock A\\b.*");
    }

    /**
     * Whether some program locks a mutex (lock or lock_interruptible) after a label that a later
     * goto of the same program jumps back to (a loop, or a program that repeats), and another
     * task's program locks the same mutex: the mutex handoff difference
     * (examples/liveness/handoff-steal.yaml, "# steps only").
     */
    static boolean mutexRetakenInALoop(String yaml) {
      Map<String, Set<String>> locks = new HashMap<>();
      Map<String, Set<String>> looped = new HashMap<>();
      String task = null;
      List<String> prog = new ArrayList<>();
      for (String line : (yaml + "\nend:").split("\n")) {
        boolean taskLine = line.matches("  \\w+:\\s*");
        if ((taskLine || !line.startsWith(" ")) && task != null) {
          for (int i = 0; i < prog.size(); i++) {
            String l = prog.get(i);
            String m = l.startsWith("lock ") ? l.substring(5).trim()
                : l.matches("\\w+ = lock_interruptible \\w+") ? l.substring(l.lastIndexOf(' ') + 1) : null;
            if (m == null) {
              continue;
            }
            locks.computeIfAbsent(m, x -> new HashSet<>()).add(task);
            for (int j = i + 1; j < prog.size(); j++) {
              String g = prog.get(j);
              String target = g.contains("goto ") ? g.substring(g.indexOf("goto ") + 5).trim() : null;
              if (target != null && prog.subList(0, i).contains(target + ":")) {
                looped.computeIfAbsent(m, x -> new HashSet<>()).add(task);
              }
            }
          }
          task = null;
        }
        if (taskLine) {
          task = line.trim();
          prog = new ArrayList<>();
        } else if (task != null && line.startsWith("      ")) {
          prog.add(line.trim());
        }
      }
      for (var e : looped.entrySet()) {
        if (locks.get(e.getKey()).size() > 1) {
          return true;
        }
      }
      return false;
    }

    /** Whether the file's text shows a pattern of a known finding or a legitimate difference. */
    public static boolean touchesKnownFinding(String yaml) {
      return yaml.matches("(?s).*spin_lock (pi|rq|wait|blocked)_lock.*") || locksTwice(yaml) || unlocksNotOwned(yaml)
          || usesFutexResult(yaml) || selfSwap(yaml) || waitsAfterOwnWake(yaml)
          || abba(yaml);
    }

    /** A futex_swap whose two words are the same (finding 8: the sleeper's own wake). */
    /**
     * The wake_q window (legitimate/wake-finds-a-dequeued-waiter.yaml): two tasks wake a word
     * that a third waits on more than once (in a loop, or twice). At steps a FUTEX_WAKE that has dequeued its waiter but
     * not yet called wake_up_q (preemptible, after the bucket lock is dropped) makes the other
     * wake find nobody, so a waiter that counts wakes may sleep for ever; at syscall a wake
     * dequeues and wakes in one step.
     */
    static boolean wakeQWindow(String yaml) {
      Map<String, Set<String>> wakers = new HashMap<>();
      Set<String> loopWaits = new HashSet<>();
      String task = null;
      Set<String> waits = new HashSet<>();
      Set<String> twice = new HashSet<>();
      boolean loops = false;
      for (String line : (yaml + "\n  end:").split("\n")) {
        if (line.matches("  \\w+:\\s*")) {
          if (loops) {
            loopWaits.addAll(waits);
          }
          loopWaits.addAll(twice);
          task = line.trim();
          waits = new HashSet<>();
          twice = new HashSet<>();
          loops = false;
          continue;
        }
        if (task == null || !line.startsWith("      ")) {
          continue;
        }
        String[] w = line.trim().split("\\s+");
        if (w.length >= 5 && w[2].equals("futex_wake")) {
          wakers.computeIfAbsent(w[3], k -> new HashSet<>()).add(task);
        }
        if (w.length >= 5 && w[2].equals("futex_wait") && !waits.add(w[3])) {
          twice.add(w[3]);
        }
        if (line.contains("goto ")) {
          loops = true;
        }
      }
      for (String word : loopWaits) {
        if (wakers.getOrDefault(word, Set.of()).size() >= 2) {
          return true;
        }
      }
      return false;
    }

    /**
     * The wake_q window as a mutual-exclusion difference (legitimate/mutual-exclusion-in-the-wake-q-window.yaml,
     * campaign seed 4747 scenario 65): a task W wakes a word and then enters a section; a more
     * important task T waits on that word and then enters a section; the two sections share no
     * mutex (T was to keep W out by preempting it), and another task besides W wakes the word
     * too. At steps that other wake dequeues T (K3) and has not yet woken it (K5) when W's wake
     * finds nobody, so W enters, and T, woken later, preempts W inside its section and enters
     * too; at syscall a wake dequeues and wakes in one step, so T always runs before W enters.
     */
    static boolean wakeQWindowSections(String yaml) {
      Map<String, Integer> prio = new HashMap<>();
      Map<String, Set<String>> wakers = new HashMap<>();
      // word -> task -> the mutexes held at a section entered after waiting on (waking) the word
      Map<String, Map<String, List<Set<String>>>> afterWait = new HashMap<>();
      Map<String, Map<String, List<Set<String>>>> afterWake = new HashMap<>();
      String task = null;
      boolean inTasks = false;
      Set<String> held = new HashSet<>();
      Set<String> waited = new HashSet<>();
      Set<String> woken = new HashSet<>();
      for (String line : yaml.split("\n")) {
        if (!line.startsWith(" ")) {
          inTasks = line.startsWith("tasks:");
          task = null;
          continue;
        }
        if (!inTasks) {
          continue;
        }
        if (line.matches("  \\w+:\\s*")) {
          task = line.trim().replace(":", "");
          prio.put(task, 120);
          held = new HashSet<>();
          waited = new HashSet<>();
          woken = new HashSet<>();
          continue;
        }
        if (task == null) {
          continue;
        }
        String l = line.trim();
        if (l.matches("prio:\\s*\\d+.*")) {
          prio.put(task, Integer.parseInt(l.replaceAll("prio:\\s*(\\d+).*", "$1")));
        }
        if (!line.startsWith("      ")) {
          continue;
        }
        String[] w = l.split("\\s+");
        if (l.startsWith("lock ")) {
          held.add(w[1]);
        } else if (l.matches("\\w+ = lock_interruptible \\w+")) {
          held.add(w[3]);
        } else if (l.startsWith("unlock ")) {
          held.remove(w[1]);
        } else if (w.length >= 5 && w[2].equals("futex_wait")) {
          waited.add(w[3]);
        } else if (w.length >= 5 && w[2].equals("futex_wake")) {
          woken.add(w[3]);
          wakers.computeIfAbsent(w[3], k -> new HashSet<>()).add(task);
        } else if (l.equals("enter")) {
          for (String word : waited) {
            afterWait.computeIfAbsent(word, k -> new HashMap<>()).computeIfAbsent(task, k -> new ArrayList<>()).add(Set.copyOf(held));
          }
          for (String word : woken) {
            afterWake.computeIfAbsent(word, k -> new HashMap<>()).computeIfAbsent(task, k -> new ArrayList<>()).add(Set.copyOf(held));
          }
        }
      }
      for (var e : afterWait.entrySet()) {
        String word = e.getKey();
        for (var t : e.getValue().entrySet()) {
          Set<String> others = new HashSet<>(wakers.getOrDefault(word, Set.of()));
          others.remove(t.getKey());
          if (others.size() < 2) {
            continue;
          }
          for (var wk : afterWake.getOrDefault(word, Map.of()).entrySet()) {
            if (wk.getKey().equals(t.getKey()) || prio.get(t.getKey()) >= prio.get(wk.getKey())) {
              continue;
            }
            for (Set<String> a : t.getValue()) {
              for (Set<String> b : wk.getValue()) {
                if (java.util.Collections.disjoint(a, b)) {
                  return true;
                }
              }
            }
          }
        }
      }
      return false;
    }

    static boolean selfSwap(String yaml) {
      return yaml.matches("(?s).*futex_swap (\\w+) \\1 .*");
    }

    /** How many {@code signal} statements the programs hold (comment lines do not count). */
    static int signals(String yaml) {
      int n = 0;
      for (String line : yaml.split("\n")) {
        if (!line.trim().startsWith("#") && line.trim().matches("signal \\w+")) {
          n++;
        }
      }
      return n;
    }

    /**
     * The signalled mutex waiter (legitimate/v71-signal-eintr-only-at-syscall.yaml, campaign
     * seed 404 scenario 19171): under Proxy Execution (a version before v7.2: {@code pe-v6.17}
     * or {@code pe-v7.1}) some task signals a task T that calls {@code lock_interruptible M},
     * and another task locks M too. Those versions' try_to_wake_up has no Proxy Execution
     * logic: the signal makes T TASK_RUNNING but leaves {@code blocked_on} set, so T stays a
     * donor (under v7.1 proxy-migrated to a remote owner's cpu) that lends its context to the
     * owner until the unlock, and then its loop's trylock, which comes before the signal test,
     * takes M; it returns -4 only in narrower windows. The reference (the contract, like v7.2,
     * whose ttwu clears a signalled donor's blocked_on) lets the signal end the donation, so
     * T may run while M is still held and return -4.
     */
    static boolean signalledInterruptibleWaiter(Scenario sc) {
      if (!sc.kernel().proxy() || !preV72(sc)) {
        return false;
      }
      List<Scenario.Task> tasks = sc.tasks();
      for (int s = 0; s < tasks.size(); s++) {
        for (Stmt st : tasks.get(s).program().statements()) {
          if (!(st instanceof Stmt.Signal sig) || sig.task() == s) {
            continue;
          }
          for (Stmt tt : tasks.get(sig.task()).program().statements()) {
            if (tt instanceof Stmt.LockInterruptible li && lockedByAnother(sc, sig.task(), li.mutex())) {
              return true;
            }
          }
        }
      }
      return false;
    }

    /** The file's Proxy Execution version is pe-v6.17 or pe-v7.1, with no other kernel variant. */
    static boolean preV72(Scenario sc) {
      List<String> v = sc.kernel().variants();
      return v.size() == 1 && (v.get(0).equals("pe-v6.17") || v.get(0).equals("pe-v7.1"));
    }

    private static boolean lockedByAnother(Scenario sc, int t, int mutex) {
      for (int o = 0; o < sc.tasks().size(); o++) {
        if (o == t) {
          continue;
        }
        for (Stmt st : sc.tasks().get(o).program().statements()) {
          if (st instanceof Stmt.Lock l && l.mutex() == mutex
              || st instanceof Stmt.LockInterruptible li && li.mutex() == mutex) {
            return true;
          }
        }
      }
      return false;
    }

    /**
     * A steal in the mutex unlock window
     * (legitimate/v617-donor-of-a-remote-owner-leaves-its-cpu.yaml): a task U locks and unlocks
     * M, a task W waits for M, and a task S strictly less important than W, which may run on a
     * cpu W may run on, takes M and enters a section holding M that shares no mutex with some
     * other task's section. The kernel's mutex_unlock releases M (U1) before it wakes the first
     * waiter (U5, after wake_q), and W, marked waking while it is still on its way to sleep
     * (its __schedule then dequeues it), is off its runqueue in between, so S runs on W's cpu
     * and takes the released M; at syscall the unlock releases and wakes in one step and the
     * woken W preempts the less important S before it can take M.
     */
    static boolean mutexUnlockWindowSteal(Scenario sc) {
      List<Scenario.Task> tasks = sc.tasks();
      int n = tasks.size();
      for (int m = 0; m < sc.mutexes().size(); m++) {
        for (int s = 0; s < n; s++) {
          List<Set<Integer>> sSections = sections(tasks.get(s), m);
          if (sSections.isEmpty()) {
            continue;
          }
          for (int w = 0; w < n; w++) {
            if (w == s || !locks(tasks.get(w), m) || tasks.get(s).prio() <= tasks.get(w).prio()
                || java.util.Collections.disjoint(tasks.get(s).affinity(), tasks.get(w).affinity())) {
              continue;
            }
            for (int u = 0; u < n; u++) {
              if (u == s || u == w || !locks(tasks.get(u), m) || !unlocks(tasks.get(u), m)) {
                continue;
              }
              for (int x = 0; x < n; x++) {
                if (x == s) {
                  continue;
                }
                for (Set<Integer> a : sSections) {
                  for (Set<Integer> b : sections(tasks.get(x), -1)) {
                    if (java.util.Collections.disjoint(a, b)) {
                      return true;
                    }
                  }
                }
              }
            }
          }
        }
      }
      return false;
    }

    private static boolean locks(Scenario.Task t, int m) {
      return t.program().statements().stream().anyMatch(st -> st instanceof Stmt.Lock l && l.mutex() == m
          || st instanceof Stmt.LockInterruptible li && li.mutex() == m);
    }

    private static boolean unlocks(Scenario.Task t, int m) {
      return t.program().statements().stream().anyMatch(st -> st instanceof Stmt.Unlock u && u.mutex() == m);
    }

    /**
     * The mutexes held at each {@code enter} of t's program, read top to bottom (ignoring
     * jumps), of the sections that hold {@code m} (every section when m is -1).
     */
    private static List<Set<Integer>> sections(Scenario.Task t, int m) {
      List<Set<Integer>> out = new ArrayList<>();
      Set<Integer> held = new HashSet<>();
      for (Stmt st : t.program().statements()) {
        if (st instanceof Stmt.Lock l) {
          held.add(l.mutex());
        } else if (st instanceof Stmt.LockInterruptible li) {
          held.add(li.mutex());
        } else if (st instanceof Stmt.Unlock u) {
          held.remove(u.mutex());
        } else if (st instanceof Stmt.Enter && (m < 0 || held.contains(m))) {
          out.add(Set.copyOf(held));
        }
      }
      return out;
    }

  }

  /**
   * @param steps the scenario file (kernel.detail absent or steps)
   * @param syscall the same file at kernel.detail: syscall
   */
  public static Outcome compare(String steps, String syscall, Hints hints) {
    Scenario sc = parse(steps, "random.yaml");
    if (sc.kernel().detail() != Scenario.Detail.STEPS) {
      throw new AssertionError("a file without kernel.detail was not parsed as steps");
    }
    Scenario ss = null;
    if (syscallAvailable()) {
      ss = withStepsVersion(parse(syscall, "random-syscall.yaml"), steps, "random.yaml");
      if (ss.kernel().detail() != Scenario.Detail.SYSCALL) {
        throw new AssertionError("kernel.detail: syscall was not parsed as SYSCALL");
      }
    }
    return compare(steps, sc, ss, hints);
  }

  /**
   * @param yaml the file, for the report
   * @param sc the scenario at steps detail
   * @param ss the same at syscall detail, or null not to compare with it
   */
  public static Outcome compare(String yaml, Scenario sc, Scenario ss, Hints hints) {
    Run bfs = run("steps/bfs", sc, "bfs");
    Run dfs = run("steps/dfs", sc, "dfs");
    Run unreduced = run("steps/bfs --no-reduction", sc, "bfs", Reduction.NONE);
    // the safety search alone (no liveness pass), with partial-order reduction and without
    Run por = runSafety("steps/bfs --por (safety search)", sc, Reduction.POR);
    Run safety = runSafety("steps/bfs --no-reduction (safety search)", sc, Reduction.NONE);
    Run sys = ss == null ? null : run("syscall/bfs", ss, "bfs");
    Run sysDfs = ss == null ? null : run("syscall/dfs", ss, "dfs");
    List<String> dis = new ArrayList<>();
    List<String> skips = new ArrayList<>();
    List<Run> extra = new ArrayList<>();
    for (Run r : sys == null ? List.of(bfs, dfs, unreduced, por, safety) : List.of(bfs, dfs, unreduced, por, safety, sys, sysDfs)) {
      if (r.error() != null) {
        dis.add("internal error at " + r.label());
      } else if (!r.cuts().isEmpty()) {
        skips.add(r.label() + " cut " + r.cuts());
      }
    }
    if (bfs.complete() && dfs.complete()) {
      if (bfs.verdict() != dfs.verdict()) {
        dis.add("bfs/dfs: verdict");
      }
      if (!bfs.violated().keySet().equals(dfs.violated().keySet())) {
        dis.add("bfs/dfs: violated properties");
      }
      if (bfs.states() != dfs.states() || bfs.transitions() != dfs.transitions()) {
        dis.add("bfs/dfs: state or transition counts");
      }
    }
    if (bfs.complete() && unreduced.complete()) {
      // the reductions keep verdicts and violated properties; their states are some of all
      if (bfs.verdict() != unreduced.verdict() || !bfs.violated().keySet().equals(unreduced.violated().keySet())) {
        dis.add("reduction: verdict or violated properties");
        extra.add(unreduced);
      }
      if (bfs.states() > unreduced.states()) {
        dis.add("reduction: more states than without it");
        extra.add(unreduced);
      }
    }
    if (por.complete() && safety.complete()) {
      // partial-order reduction (the reduced search itself, with symmetry) keeps verdicts and violated properties
      if (por.verdict() != safety.verdict() || !por.violated().keySet().equals(safety.violated().keySet())) {
        dis.add("por: verdict or violated properties");
        extra.add(safety);
        extra.add(por);
      }
      if (por.states() > safety.states()) {
        dis.add("por: more states than without it");
        extra.add(por);
      }
    }
    if (sys != null && sys.complete() && sysDfs.complete()) {
      if (sys.verdict() != sysDfs.verdict() || !sys.violated().keySet().equals(sysDfs.violated().keySet())) {
        dis.add("syscall bfs/dfs: verdict or violated properties");
        extra.add(sysDfs);
      }
      if (sys.states() != sysDfs.states() || sys.transitions() != sysDfs.transitions()) {
        dis.add("syscall bfs/dfs: state or transition counts");
        extra.add(sysDfs);
      }
    }
    if (bfs.complete() || bfs.error() == null && bfs.violated().containsKey("invariants")) {
      // a violation found before a cut is still a violation
      // INV-11 is UMCG's protocol invariant (docs/umcg.md): a program that breaks the protocol
      // breaks it on a correct kernel (examples/umcg/server-exits-early.yaml), not the kernel.
      if (bfs.violated().containsKey("invariants") && !bfs.violated().get("invariants").startsWith("(INV-11)")) {
        dis.add("steps: invariants on a correct kernel");
      }
      if (!hints.userSpinlocks() && bfs.violated().containsKey("lock-order")) {
        dis.add("steps: lock-order without a user spinlock");
      }
    }
    // the known steps-level findings in this scenario, which also explain a steps/syscall difference
    List<String> known = new ArrayList<>();
    Set<String> stepsAlone = bfs.complete() ? alone("steps", sc, bfs, dis, extra) : null;
    if (bfs.complete()) {
      // the contract's futex results are 0, -1 (EAGAIN) and -4 (EINTR): the generator's
      // WAIT_CHECKED chunk asserts r >= -4 after excluding -1
      for (Run r : extra) {
        String as = r.violated().get("assertions");
        if (as != null && as.contains("'assert r >= -4' fails") && !known.contains("finding 4")) {
          dis.add("contract: a futex_wait result below -4");
          known.add("finding 4");
        }
      }
      if (hints.mustDeadlock() && !stepsAlone.contains("deadlock")) {
        dis.add("oracle: a task that starts with lock M; lock M, not deadlock");
        known.add("findings 1/2");
      }
      for (String d : dis) {
        if (d.startsWith("check list: deadlock violated only")) {
          known.add("finding 8");
        }
      }
    }
    if (hints.lockTwice() && !known.contains("findings 1/2")) {
      known.add("findings 1/2 (lock M; lock M in a program)");
    }
    if (Hints.usesFutexResult(yaml) && !known.contains("finding 4")) {
      known.add("finding 4 (a futex result is used)");
    }
    if (Hints.selfSwap(yaml) && !known.contains("finding 8")) {
      known.add("finding 8 (futex_swap w w)");
    } else if (Hints.waitsAfterOwnWake(yaml) && !known.contains("finding 8")) {
      known.add("finding 8 (a wait after its own wake)");
    }
    if (Hints.unlocksNotOwned(yaml)) {
      known.add("a program unlocks a mutex it does not own");
    }
    if (Hints.signals(yaml) > 1) { // program lines only: a header comment that names a signal is none
      known.add("finding D4 (two signals may coalesce at steps)");
    }
    if (Hints.abba(yaml)) {
      known.add("an ABBA, which may need lock stealing");
    }
    if (hints.kernelLocks()) {
      known.add("a program holds a kernel lock instance");
    }
    if (sys != null && bfs.complete() && sys.complete()) {
      Set<String> sysAlone = alone("syscall", ss, sys, dis, extra);
      String with = known.isEmpty() ? "" : " [with " + String.join(", ", known) + "]";
      for (String p : compared()) {
        boolean a = stepsAlone.contains(p);
        boolean b = sysAlone.contains(p);
        if (a && !b && (p.equals("deadlock") || p.equals("lost-wakeup")) && Hints.wakeQWindow(yaml)) {
          // legitimate/wake-finds-a-dequeued-waiter.yaml, wake-q-window-*.yaml
          List<String> k = new ArrayList<>(known);
          k.add("two wakes of a word waited on more than once: the wake_q window (legitimate)");
          dis.add("steps/syscall: " + p + " only at steps [with " + String.join(", ", k) + "]");
        } else if (a && !b && p.equals("mutual-exclusion") && Hints.wakeQWindowSections(yaml)) {
          // legitimate/mutual-exclusion-in-the-wake-q-window.yaml
          List<String> k = new ArrayList<>(known);
          k.add("a waker enters its section while another wake has dequeued the more important waiter: the wake_q window (legitimate)");
          dis.add("steps/syscall: " + p + " only at steps [with " + String.join(", ", k) + "]");
        } else if (a && !b && (p.equals("deadlock") || p.equals("lost-wakeup")) && yaml.contains("= futex_swap ")) {
          // legitimate/swap-window-stuck.yaml: the wakee runs, or another wake comes, before
          // the swap's wait half
          List<String> k = new ArrayList<>(known);
          k.add("a futex_swap, whose wakee may run (or another wake come) before its wait half (legitimate)");
          dis.add("steps/syscall: " + p + " only at steps [with " + String.join(", ", k) + "]");
        } else if (a && !b && p.equals("mutual-exclusion") && Hints.mutexUnlockWindowSteal(sc)) {
          // legitimate/v617-donor-of-a-remote-owner-leaves-its-cpu.yaml
          List<String> k = new ArrayList<>(known);
          k.add("a less important task takes a mutex released by an unlock that has not yet woken its more important waiter: the mutex unlock window (legitimate)");
          dis.add("steps/syscall: " + p + " only at steps [with " + String.join(", ", k) + "]");
        } else if (a && !b && p.equals("starvation") && !fairness.lock() && !starvesWithFLock(sc)) {
          // README, Liveness: without F-lock (--fairness sched) a spinlock race may be lost for ever
          List<String> k = new ArrayList<>(known);
          k.add("--fairness sched drops F-lock: at steps a task may lose a kernel spinlock race (a futex bucket lock, an rq"
              + " lock) for ever, and with F-lock it does not starve; at syscall a system call takes no kernel lock"
              + " (legitimate, README Liveness, spin-race.yaml)");
          dis.add("steps/syscall: " + p + " only at steps [with " + String.join(", ", k) + "]");
        } else if (a && !b) {
          dis.add("steps/syscall: " + p + " only at steps" + with);
        } else if (b && !a && p.equals("starvation") && Hints.mutexRetakenInALoop(yaml)) {
          // examples/liveness/handoff-steal.yaml (# steps only)
          List<String> k = new ArrayList<>(known);
          k.add("a task locks a mutex in a loop that another task locks too: the reference leaves open who gets a released"
              + " mutex, so the looper may take it for ever; the kernel's HANDOFF gives it to the waiter (legitimate,"
              + " examples/liveness/handoff-steal.yaml)");
          dis.add("steps/syscall: " + p + " only at syscall [with " + String.join(", ", k) + "]");
        } else if (b && !a && Hints.signalledInterruptibleWaiter(sc) && violatedUnderV72(sc, p)) {
          // legitimate/v71-signal-eintr-only-at-syscall.yaml
          List<String> k = new ArrayList<>(known);
          k.add("a signalled lock_interruptible waiter lends its context to the owner until the unlock under pe-v6.17 and pe-v7.1;"
              + " at steps under pe-v7.2, whose try_to_wake_up ends the donation, the property is violated too (legitimate)");
          dis.add("steps/syscall: " + p + " only at syscall [with " + String.join(", ", k) + "]");
        } else if (b && !a) {
          dis.add("steps/syscall: " + p + " only at syscall" + with);
        }
      }
    }
    return new Outcome(yaml, bfs, dfs, sys, extra, dis, skips.isEmpty() ? null : String.join("; ", skips), unreduced, por, safety);
  }

  /**
   * Whether {@code starvation}, checked alone at steps, is violated with F-lock added to the
   * comparison's fairness: when it is not, the unfair spinlocks of {@code --fairness sched}
   * make the starvation (a kernel spinlock race lost for ever), which syscall detail, with no
   * kernel locks, cannot show.
   */
  static boolean starvesWithFLock(Scenario sc) {
    Starvation.Fairness old = fairness;
    fairness = new Starvation.Fairness(true, old.cs());
    try {
      Run r = run("steps/bfs --fairness " + fairness.words() + " check: [starvation]", checking(sc, List.of("starvation")), "bfs");
      return !r.complete() || r.violated().containsKey("starvation");
    } finally {
      fairness = old;
    }
  }

  /**
   * Whether {@code p}, checked alone, is violated at steps when the file's Proxy Execution
   * version (pe-v6.17 or pe-v7.1) is replaced by pe-v7.2, whose try_to_wake_up ends a signalled
   * donor's donation as the reference's signal does: then the version's signal handling, not
   * something else, makes the difference ({@link Hints#signalledInterruptibleWaiter}).
   */
  static boolean violatedUnderV72(Scenario sc, String p) {
    Scenario.Kernel k = sc.kernel();
    Scenario v72 = new Scenario(sc.file(), sc.name(), sc.description(), sc.cpus(),
        new Scenario.Kernel(k.proxy(), List.of("pe-v7.2"), k.lockOrder(), k.futexBuckets(), k.detail()), sc.memory(),
        sc.mutexes(), sc.locks(), sc.tasks(), List.of(p), sc.bounds(), sc.expect());
    Run r = run("steps/bfs pe-v7.2 check: [" + p + "]", v72, "bfs");
    return r.complete() && r.violated().containsKey(p);
  }

  /**
   * The user-level properties violated when each is checked alone (the contract: whether a
   * property is violated never depends on which other properties check names); a difference
   * from {@code all} (every property checked) is a disagreement of its own.
   */
  static Set<String> alone(String level, Scenario sc, Run all, List<String> dis, List<Run> extra) {
    Set<String> out = new java.util.TreeSet<>();
    String prefix = level.equals("steps") ? "" : level + " ";
    for (String p : compared()) {
      Run a = run(level + "/bfs check: [" + p + "]", checking(sc, List.of(p)), "bfs");
      if (a.error() != null) {
        dis.add("internal error at " + level + "/bfs with one property");
        continue;
      }
      if (a.violated().containsKey(p)) {
        out.add(p);
      }
      if (p.equals("assertions") && a.violated().containsKey(p)) {
        extra.add(a);
      }
      if (a.complete() && a.violated().containsKey(p) != all.violated().containsKey(p)) {
        extra.add(a);
        if (a.violated().containsKey(p) && stopsAtOtherViolations(level, sc, all, p, extra)) {
          dis.add(prefix + "check list: " + p + " missed because the search stops at another property's violation");
        } else {
          dis.add(prefix + "check list: " + p + (a.violated().containsKey(p) ? " violated only" : " not violated")
              + " when checked alone");
        }
      }
    }
    return out;
  }

  static final List<String> ALL = List.of(
      "lost-wakeup", "deadlock", "mutual-exclusion", "assertions", "lock-order", "invariants");

  static Scenario checking(Scenario sc, List<String> check) {
    return new Scenario(sc.file(), sc.name(), sc.description(), sc.cpus(), sc.kernel(), sc.memory(),
        sc.mutexes(), sc.locks(), sc.tasks(), check, sc.bounds(), sc.expect());
  }

  /**
   * Whether {@code p}, violated when checked alone but not with every property, is found once
   * the properties violated with every property checked are left out: then the search (which
   * does not explore beyond a state violating any checked property) stopped before reaching it.
   */
  static boolean stopsAtOtherViolations(String level, Scenario sc, Run all, String p, List<Run> extra) {
    // leave out, round by round, the properties whose violations are seen at states or steps
    // and that the last search found (not lost-wakeup and a stuck deadlock: they classify the
    // same stuck state, which is no cut) until p is found or nothing more can be left out
    List<String> rest = new ArrayList<>(ALL);
    if (liveness) {
      rest.add("starvation");
    }
    Run last = all;
    for (int round = 0; round < ALL.size(); round++) {
      List<String> cutting = new ArrayList<>(List.of("assertions", "mutual-exclusion", "invariants", "lock-order"));
      cutting.retainAll(last.violated().keySet());
      String dl = last.violated().get("deadlock");
      if (dl != null && dl.startsWith("(cycle)") && !p.equals("deadlock")) {
        cutting.add("deadlock"); // a wait-for cycle is seen at a state too
      }
      cutting.remove(p);
      if (!rest.removeAll(cutting)) {
        return false;
      }
      last = run(level + "/bfs check: " + rest, checking(sc, List.copyOf(rest)), "bfs");
      extra.add(last);
      if (last.error() != null) {
        return false;
      }
      if (last.violated().containsKey(p)) {
        return true;
      }
    }
    return false;
  }

  private static Boolean syscallAvailable;

  /**
   * Whether {@code kernel.detail: syscall} selects a model of its own yet: a single futex_wait
   * that returns EAGAIN is one step there and several at the kernel's small steps. The system
   * property {@code differential.syscall=off} turns the comparison off.
   */
  public static synchronized boolean syscallAvailable() {
    if (syscallAvailable == null) {
      if ("off".equals(System.getProperty("differential.syscall"))) {
        syscallAvailable = false;
      } else {
        String probe = """
            name: probe
            cpus: 1
            memory: {x: 0}
            tasks:
              t1:
                program: |
                  r = futex_wait x 1
            """;
        Scenario sc = parse(probe, "probe.yaml");
        Run steps = run("steps", sc, "bfs");
        Run sys = run("syscall", sc.withDetail(Scenario.Detail.SYSCALL), "bfs");
        syscallAvailable = steps.error() == null && sys.error() == null && sys.states() < steps.states();
      }
    }
    return syscallAvailable;
  }
}
