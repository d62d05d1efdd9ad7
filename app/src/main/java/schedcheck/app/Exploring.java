package schedcheck.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.Found;
import schedcheck.checker.Limits;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.checker.StopFlag;
import schedcheck.checker.Verdict;
import schedcheck.counterexamples.CompactRenderer;
import schedcheck.counterexamples.Marks;
import schedcheck.counterexamples.Minimizer;
import schedcheck.counterexamples.Trace;
import schedcheck.model.clients.ClientGenerator;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.kernel.Variant;
import schedcheck.model.kernel.Variants;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.properties.PropertySet;

/**
 * Bug hunting from bounds alone ({@code schedcheck explore}): every most-general client of
 * {@link ClientGenerator} (with posts) is checked exhaustively (BFS, safety properties,
 * exploring everything) against a kernel, and each distinct violation is kept once: its first
 * client, its minimized trace, and the scenario file that shows it.
 *
 * <p><b>Distinct</b> means a different property, kind, or set of kernel steps changed by a bug
 * variant that the minimized counterexample runs (its {@code << changed by V} steps, e.g.
 * {@code futex_wait W1}); a violation whose counterexample runs no changed step is keyed by
 * property and kind alone. Under a bug variant each finding's client is also checked on the
 * same kernel without the bug variants: a finding the fixed kernel does not show is the
 * kernel's (the variant's); one it shows too is the client's own.
 */
final class Exploring {
  private Exploring() {}

  /** The question: a kernel, the clients, the properties and the limits. */
  record Question(String kernelSummary, String kernelLines, List<String> bugVariants, String fixedKernelLines,
      ClientGenerator gen, List<String> check, long maxStatesPerRun, Duration time, boolean stopAtFirstKernelFinding) {}

  /** One distinct violation. */
  static final class Finding {
    String signature;
    String property;
    String kind;
    String message;
    ClientGenerator.Combination client;
    String scenarioText;
    KernelModel model;
    Found found;
    Trace trace;
    Minimizer.Size before;
    Minimizer.Size after;
    double seconds;
    /** States explored (over all runs) when it was first found. */
    long statesSoFar;
    int run;
    int count;
    /** The variant-changed kernel steps the counterexample runs, as {@code V: function label}. */
    Set<String> changed = new TreeSet<>();
    /** The same client on the fixed kernel: {@code holds}, {@code violated: P, Q}, ...; null without bug variants. */
    String onFixed;
    /** The properties the fixed kernel violates with the same client. */
    Set<String> fixedViolates = Set.of();
    /** The known bugs it shows (known-bugs ids, e.g. {@code A.F1}), with a word on why. */
    List<String> knownBugs = new ArrayList<>();

    /** Whether it is the kernel's: a bug variant's step runs and the fixed kernel does not show it. */
    boolean kernels() {
      return onFixed != null && !changed.isEmpty() && !fixedViolates.contains(property);
    }
  }

  static final class Result {
    int plannedRuns;
    int runs;
    long states;
    long transitions;
    double seconds;
    final Map<String, Long> cuts = new TreeMap<>();
    final Map<String, Finding> findings = new LinkedHashMap<>();
    boolean interrupted;

    boolean incomplete() {
      return !cuts.isEmpty() || runs < plannedRuns;
    }
  }

  static Result run(Question q, StopFlag stop, Progress progress) {
    return run(q, stop, progress, null);
  }

  /** As {@link #run(Question, StopFlag, Progress)}, telling {@code log} (if not null) of each finding as it is made. */
  static Result run(Question q, StopFlag stop, Progress progress, java.io.PrintWriter log) {
    Result r = new Result();
    List<ClientGenerator.Combination> combos = new ArrayList<>(q.gen().combinations());
    // fewest statements first (a post is two, store and wake), as generated within a count
    combos.sort(java.util.Comparator.comparingInt(Exploring::statements));
    r.plannedRuns = combos.size();
    long start = System.nanoTime();
    long deadline = q.time() == null ? Long.MAX_VALUE : start + q.time().toNanos();
    for (int i = 0; i < combos.size(); i++) {
      if (stop != null && stop.isSet()) {
        r.interrupted = true;
        break;
      }
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        break;
      }
      ClientGenerator.Combination c = combos.get(i);
      String text = scenarioText(q, c, "explore-" + (i + 1), q.kernelLines(), null);
      Scenario sc = parse(text);
      KernelModel model = new KernelModel(sc);
      PropertySet props = PropertySet.of(model, sc.check());
      Limits limits = new Limits(-1, q.maxStatesPerRun(), deadline == Long.MAX_VALUE ? null
          : Duration.ofNanos(Math.max(1, deadline - now)), false);
      if (stop != null) {
        limits = limits.stoppedBy(stop);
      }
      SearchResult sr = new BreadthFirst().run(model, props.forSearch(), limits, progress);
      r.runs++;
      r.states += sr.states();
      r.transitions += sr.transitions();
      sr.cuts().forEach((k, v) -> r.cuts.merge(k, v, Long::sum));
      boolean stopNow = false;
      Fixed onFixed = null;
      for (Found f : sr.violations()) {
        Trace trace = Trace.replay(model, f.path());
        Minimizer.Result shrunk = Checking.shrink(model, props, f, trace, false);
        Finding fd = new Finding();
        fd.property = f.violation().property();
        fd.kind = f.violation().kind();
        fd.message = f.violation().message();
        fd.trace = shrunk.trace();
        fd.before = shrunk.before();
        fd.after = shrunk.after();
        fd.changed = changedSteps(model, fd.trace, f);
        String key = signature(fd.property, fd.kind, fd.changed);
        Finding old = r.findings.get(key);
        if (old != null) {
          old.count++;
          continue;
        }
        if (!q.bugVariants().isEmpty()) {
          if (onFixed == null) {
            onFixed = onFixedKernel(q, c, limits);
          }
          fd.onFixed = onFixed.verdict();
          fd.fixedViolates = onFixed.violated();
          if (!fd.kernels()) {
            // the client's own: keyed by property and kind, whatever variant steps it ran
            key = signature(fd.property, fd.kind, Set.of()) + " (also without the bug variants)";
            old = r.findings.get(key);
            if (old != null) {
              old.count++;
              continue;
            }
          }
        }
        fd.signature = key;
        fd.client = c;
        fd.model = model;
        fd.found = f;
        fd.seconds = (System.nanoTime() - start) / 1e9;
        fd.run = i + 1;
        fd.statesSoFar = r.states;
        fd.count = 1;
        fd.knownBugs = knownBugs(fd, sc);
        fd.scenarioText = scenarioText(q, c, "explore-" + (r.findings.size() + 1) + "-" + fd.property,
            q.kernelLines(), fd);
        r.findings.put(key, fd);
        if (log != null) {
          log.printf("schedcheck: explore: finding %d after %.1f s (run %d of %d): %s%n", r.findings.size(),
              fd.seconds, fd.run, r.plannedRuns, key);
          log.flush();
        }
        if (q.stopAtFirstKernelFinding() && fd.kernels()) {
          stopNow = true;
        }
      }
      if (stopNow) {
        break;
      }
    }
    r.seconds = (System.nanoTime() - start) / 1e9;
    return r;
  }

  /** The statements of a combination's programs (labels left out). */
  static int statements(ClientGenerator.Combination c) {
    int n = 0;
    for (String p : c.programs()) {
      for (String line : p.split("\n")) {
        if (!line.isBlank() && !line.strip().endsWith(":")) {
          n++;
        }
      }
    }
    return n;
  }

  static String signature(String property, String kind, Set<String> changed) {
    return property + (kind.isEmpty() ? "" : " (" + kind + ")") + (changed.isEmpty() ? "" : " at "
        + String.join(", ", changed));
  }

  /** The same client on the kernel without the bug variants: its verdict, and the properties it violates. */
  record Fixed(String verdict, Set<String> violated) {}

  /** The verdict of the same client on the kernel without bug variants, exploring everything. */
  private static Fixed onFixedKernel(Question q, ClientGenerator.Combination c, Limits limits) {
    Scenario sc = parse(scenarioText(q, c, "explore-fixed", q.fixedKernelLines(), null));
    KernelModel model = new KernelModel(sc);
    PropertySet props = PropertySet.of(model, sc.check());
    SearchResult sr = new BreadthFirst().run(model, props.forSearch(), limits, Progress.NONE);
    Set<String> ps = new java.util.LinkedHashSet<>();
    for (Found f : sr.violations()) {
      ps.add(f.violation().property());
    }
    return new Fixed(ps.isEmpty() ? sr.verdict().word() : "violated: " + String.join(", ", ps), ps);
  }

  /** The bug-variant-changed steps the trace runs, as {@code V: function label}. */
  static Set<String> changedSteps(KernelModel model, Trace trace, Found f) {
    Set<String> out = new TreeSet<>();
    for (Map.Entry<Integer, String> e : Marks.of(model, trace, f.violation()).entrySet()) {
      StepInfo s = trace.steps().get(e.getKey()).step();
      String label = CompactRenderer.label(s);
      for (String part : e.getValue().split("<< ")) {
        if (part.startsWith("changed by ")) {
          out.add(part.substring("changed by ".length()).strip() + ": " + label);
        }
      }
    }
    return out;
  }

  /** The known bugs a finding shows: a bug variant's step it runs, or the proxy ABBA walk (C.P3). */
  static List<String> knownBugs(Finding fd, Scenario sc) {
    List<String> out = new ArrayList<>();
    Set<String> vs = new TreeSet<>();
    for (String ch : fd.changed) {
      vs.add(ch.substring(0, ch.indexOf(':')));
    }
    for (String v : vs) {
      Variant var = Variants.byName(v);
      if (var != null && !var.reproduces().isEmpty() && (fd.onFixed == null || fd.kernels())) {
        out.add(var.reproduces() + " (" + v + ")");
      }
    }
    if (sc.kernel().proxy() && "deadlock".equals(fd.property) && "cycle".equals(fd.kind)
        && (fd.message.contains("blocked_on cycle") || mutexCycle(fd.message, sc))) {
      out.add("C.P3 (under proxy execution find_proxy_task walks this blocked_on cycle for ever with the rq lock"
          + " held; every merged version)");
    }
    return out;
  }

  /** Whether a wait-for cycle message names only tasks and mutexes ({@code t1 -> B -> t2 -> A -> t1}). */
  private static boolean mutexCycle(String message, Scenario sc) {
    if (!message.startsWith("wait-for cycle: ")) {
      return false;
    }
    Set<String> mutexes = Set.copyOf(sc.mutexes());
    String[] parts = message.substring("wait-for cycle: ".length()).split(" -> ");
    for (int i = 1; i < parts.length; i += 2) {
      if (!mutexes.contains(parts[i].strip())) {
        return false;
      }
    }
    return parts.length >= 5;
  }

  /** The scenario file of a client, with the finding's expectation when given. */
  static String scenarioText(Question q, ClientGenerator.Combination c, String name, String kernelLines, Finding f) {
    StringBuilder sb = new StringBuilder();
    if (f != null) {
      sb.append("# Found by schedcheck explore (").append(q.kernelSummary()).append("; ")
          .append(q.gen().bounds().tasks()).append(" tasks, ").append(q.gen().bounds().cpus()).append(" cpus, ")
          .append(q.gen().bounds().mutexes()).append(" mutexes, ").append(q.gen().bounds().words())
          .append(" words, up to ").append(q.gen().bounds().ops()).append(" operations).\n");
      sb.append("# violated: ").append(f.signature).append('\n');
      sb.append("# ").append(f.message.replace("\n", " ")).append('\n');
      for (String k : f.knownBugs) {
        sb.append("# known bug ").append(k).append('\n');
      }
      if (f.onFixed != null) {
        sb.append("# the same client on the kernel without the bug variants: ").append(f.onFixed).append('\n');
      }
    }
    sb.append(q.gen().scenario(name, c, kernelLines, null, null));
    sb.append("check: [").append(String.join(", ", q.check())).append("]\n");
    if (f != null) {
      sb.append("expect:\n  violated: ").append(f.property).append('\n');
    }
    return sb.toString();
  }

  private static Scenario parse(String text) {
    try {
      return ScenarioParser.parse(text, "explore");
    } catch (ScenarioException e) {
      throw new IllegalStateException("explore wrote a client the parser rejects: " + e.getMessage() + "\n" + text, e);
    }
  }
}
