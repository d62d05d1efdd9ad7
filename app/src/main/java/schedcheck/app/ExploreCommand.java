package schedcheck.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import schedcheck.checker.Progress;
import schedcheck.checker.StopFlag;
import schedcheck.counterexamples.JsonReport;
import schedcheck.counterexamples.Report;
import schedcheck.counterexamples.TimelineRenderer;
import schedcheck.model.clients.ClientGenerator;
import schedcheck.model.kernel.Variant;
import schedcheck.model.kernel.Variants;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.model.scenario.ScenarioParser;

/**
 * {@code schedcheck explore}: bug hunting from bounds alone. Runs the most-general clients
 * (every program over the given tasks, cpus, words and mutexes up to K operations, symmetric
 * combinations once) against a kernel and reports each distinct violation once, minimized,
 * with the client that shows it, written as a scenario file. See {@link Exploring}.
 */
@Command(name = "explore", mixinStandardHelpOptions = true,
    description = "Hunt for bugs from bounds alone: check every generated client program against a kernel and"
        + " report each distinct violation once, with the client as a scenario file.")
final class ExploreCommand implements Callable<Integer> {

  @Option(names = "--kernel", paramLabel = "V", defaultValue = "v7.2",
      description = "The Proxy Execution version: v6.17, v7.1, v7.2 (default), or none (proxy off).")
  String kernel;

  @Option(names = "--variant", paramLabel = "V", split = ",",
      description = "Bug variants: names from 'schedcheck list variants' or known-bug ids (F1, F3, F7, P5, ...).")
  List<String> variants = new ArrayList<>();

  @Option(names = "--tasks", defaultValue = "2", description = "Client tasks (default 2).")
  int tasks;

  @Option(names = "--cpus", defaultValue = "2", description = "Cpus (default 2).")
  int cpus;

  @Option(names = "--mutexes", defaultValue = "1", description = "Mutexes (default 1).")
  int mutexes;

  @Option(names = "--words", defaultValue = "1", description = "Futex words (default 1).")
  int words;

  @Option(names = "--ops", defaultValue = "2", description = "Operations per client program, at most (default 2).")
  int ops;

  @Option(names = "--operations", paramLabel = "KIND", split = ",",
      description = "Only these operations: lock (with unlock), lock_interruptible, futex_wait, futex_wake, futex_swap,"
          + " signal, yield, post (store then wake every waiter); default all.")
  List<String> operations = new ArrayList<>();

  @Option(names = "--placements", defaultValue = "all",
      description = "all (every starting cpu of every task, default) or spread (task i on cpu i mod cpus).")
  String placements;

  @Option(names = "--check", paramLabel = "P", split = ",", defaultValue = "lost-wakeup,deadlock,invariants",
      description = "Properties (safety only; default lost-wakeup,deadlock,invariants).")
  List<String> check;

  @Option(names = "--time", defaultValue = "60s", description = "Stop after this long (default 60s); the verdict is then incomplete.")
  String time;

  @Option(names = "--max-states", paramLabel = "N", defaultValue = "200000",
      description = "Distinct states per client run, at most (default 200000).")
  long maxStates;

  @Option(names = "--out", paramLabel = "DIR", description = "Write each finding's client as a scenario file DIR/explore-<n>-<property>.yaml.")
  Path out;

  @Option(names = "--first", description = "Stop at the first finding of a bug variant (one the fixed kernel does not show).")
  boolean first;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--width", paramLabel = "N", description = "The longest line of a counterexample (default 156); N >= 60.")
  Integer width;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Exploring.Question q;
    try {
      q = question();
    } catch (IllegalArgumentException e) {
      err.println("schedcheck: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    StopFlag stop = new StopFlag();
    java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
    Thread hook = new Thread(() -> {
      // SIGINT or SIGTERM: stop the search, let the main thread report what it found, then exit
      stop.set();
      try {
        reported.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "schedcheck-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Exploring.Result r;
      try {
        r = Exploring.run(q, stop, Progress.NONE, err);
      } catch (IllegalArgumentException tooMany) {
        if (!String.valueOf(tooMany.getMessage()).startsWith("the bounds make")) { // ClientGenerator's limits
          throw tooMany;
        }
        err.println("schedcheck: " + tooMany.getMessage());
        return Main.BAD_INPUT;
      }
      return report(o, err, q, r);
    } finally {
      o.flush();
      reported.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it returns now that the report is out
      }
    }
  }

  private int report(PrintWriter o, PrintWriter err, Exploring.Question q, Exploring.Result r) {
    List<Path> written = new ArrayList<>();
    if (out != null) {
      try {
        Files.createDirectories(out);
        int n = 0;
        for (Exploring.Finding f : r.findings.values()) {
          Path p = out.resolve("explore-" + (++n) + "-" + f.property + ".yaml");
          Files.writeString(p, f.scenarioText);
          written.add(p);
        }
      } catch (IOException e) {
        err.println("schedcheck: cannot write to " + out + ": " + e.getMessage());
        return Main.BAD_INPUT;
      }
    }
    if (json) {
      try {
        o.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json(q, r, written)));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    } else {
      text(o, q, r, written);
    }
    o.flush();
    if (!r.findings.isEmpty()) {
      return Main.VIOLATED;
    }
    if (r.interrupted) {
      return 130;
    }
    return r.incomplete() ? Main.INCOMPLETE : Main.HOLDS;
  }

  Exploring.Question question() {
    if (!placements.equals("all") && !placements.equals("spread")) {
      throw new IllegalArgumentException("--placements must be all or spread, found '" + placements + "'");
    }
    if (maxStates < 1) {
      throw new IllegalArgumentException("--max-states must be a whole number >= 1, found " + maxStates);
    }
    if (width != null && width < 60) {
      throw new IllegalArgumentException("--width must be a whole number >= 60, found " + width);
    }
    Duration limit = Durations.parse(time);
    if (limit.isZero()) {
      throw new IllegalArgumentException("--time must be longer than zero, found '" + time + "'");
    }
    ClientGenerator gen = new ClientGenerator(new ClientGenerator.Bounds(tasks, cpus, mutexes, words, ops))
        .allPlacements(placements.equals("all")).withPosts(true);
    if (!operations.isEmpty()) {
      java.util.Set<ClientGenerator.Kind> kinds = java.util.EnumSet.noneOf(ClientGenerator.Kind.class);
      for (String k : operations) {
        kinds.add(kind(k.strip()));
      }
      gen.withKinds(kinds);
    }
    List<String> bugs = new ArrayList<>();
    for (String v : variants) {
      bugs.add(variantName(v.strip()));
    }
    String version = switch (kernel) {
      case "none", "off" -> null;
      case "v6.17", "6.17", "pe-v6.17" -> "pe-v6.17";
      case "v7.1", "7.1", "pe-v7.1" -> "pe-v7.1";
      case "v7.2", "7.2", "pe-v7.2" -> "pe-v7.2";
      default -> throw new IllegalArgumentException("--kernel must be v6.17, v7.1, v7.2 or none, found '" + kernel + "'");
    };
    for (String p : check) {
      schedcheck.properties.PropertyRegistry.Entry e = schedcheck.properties.PropertyRegistry.of(p.strip());
      if (e == null || !e.safety()) {
        throw new IllegalArgumentException("--check: '" + p + "' is not a safety property explore checks"
            + " (lost-wakeup, deadlock, invariants, mutual-exclusion, assertions, lock-order; starvation needs"
            + " 'schedcheck check')");
      }
    }
    String lines = kernelLines(version, bugs);
    String fixed = kernelLines(version, List.of());
    validate(lines);
    String summary = (version == null ? "proxy off" : version) + (bugs.isEmpty() ? "" : ", variants " + String.join(", ", bugs));
    return new Exploring.Question(summary, lines, bugs, fixed, gen, check.stream().map(String::strip).toList(),
        maxStates, limit, first);
  }

  static ClientGenerator.Kind kind(String k) {
    for (ClientGenerator.Kind kind : ClientGenerator.Kind.values()) {
      if (kind != ClientGenerator.Kind.UNLOCK && kind.name().toLowerCase(Locale.ROOT).equals(k)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("--operations: unknown operation '" + k + "'; known: lock, lock_interruptible,"
        + " futex_wait, futex_wake, futex_swap, signal, yield, post");
  }

  /** A variant's name from its name or its known-bugs id ({@code P5}, {@code C.P5}, {@code f1}). */
  static String variantName(String v) {
    if (Variants.byName(v) != null) {
      return v;
    }
    String id = v.toUpperCase(Locale.ROOT);
    for (Variant var : Variants.all()) {
      String rep = var.reproduces();
      if (!rep.isEmpty() && (rep.equals(id) || rep.endsWith("." + id))) {
        return var.name();
      }
    }
    throw new IllegalArgumentException("--variant: unknown variant '" + v + "'; known: " + String.join(", ",
        Variants.names()) + " (or a known-bug id such as F1, F3, F7, P1, P5, P6, P7, P11)");
  }

  private static String kernelLines(String version, List<String> bugs) {
    StringBuilder sb = new StringBuilder();
    List<String> vs = new ArrayList<>();
    if (version == null) {
      sb.append("  proxy: false\n");
    } else {
      vs.add(version);
    }
    vs.addAll(bugs);
    if (!vs.isEmpty()) {
      sb.append("  variants: [").append(String.join(", ", vs)).append("]\n");
    }
    return sb.toString();
  }

  /** The kernel as the scenario language checks it; its complaint as the options' error. */
  private static void validate(String lines) {
    String probe = "name: probe\ncpus: 1\nkernel:\n" + lines + "tasks:\n  t1:\n    program: yield\n";
    try {
      ScenarioParser.parse(probe, "probe");
    } catch (ScenarioException e) {
      String msg = e.getMessage();
      int i = msg.indexOf(": ", msg.indexOf("probe:") + 6);
      throw new IllegalArgumentException("--kernel/--variant: " + (i >= 0 ? msg.substring(i + 2) : msg));
    }
  }

  private void text(PrintWriter o, Exploring.Question q, Exploring.Result r, List<Path> written) {
    ClientGenerator.Bounds b = q.gen().bounds();
    o.println("explore: kernel " + q.kernelSummary());
    o.printf("clients: %d task%s on %d cpu%s, %d mutex%s, %d futex word%s, programs of up to %d operation%s"
            + " (%s), %s (symmetric combinations once)%n",
        b.tasks(), s(b.tasks()), b.cpus(), s(b.cpus()), b.mutexes(), b.mutexes() == 1 ? "" : "es", b.words(),
        s(b.words()), b.ops(), s(b.ops()), operations(q), q.gen().allPlacements() ? "every placement on the cpus"
            : "task i on cpu i mod cpus");
    o.println("checks: " + String.join(", ", q.check()) + " (safety; no liveness pass)");
    o.printf("explored: %d of %d runs, %,d states, %,d transitions, %.1f s%s%n", r.runs, r.plannedRuns, r.states,
        r.transitions, r.seconds, cutText(r));
    o.println();
    int n = 0;
    for (Exploring.Finding f : r.findings.values()) {
      n++;
      o.printf("finding %d: violated: %s%n", n, f.signature);
      o.println("  " + f.message);
      o.println("  client: " + f.client.summary());
      o.printf("  first found after %.2f s (run %d of %d, %,d states explored); %d run%s showed it%n", f.seconds, f.run,
          r.plannedRuns, f.statesSoFar, f.count, s(f.count));
      for (String k : f.knownBugs) {
        o.println("  known bug " + k);
      }
      if (f.onFixed != null) {
        o.println("  the same client without the bug variants: " + f.onFixed
            + (f.kernels() ? "  -> the bug variant's" : "  -> the client's own"));
      }
      if (n <= written.size()) {
        o.println("  scenario: " + written.get(n - 1) + "  (schedcheck check " + written.get(n - 1) + ")");
      }
      o.println("  minimized: " + f.after.text() + " (as found: " + f.before.text() + ")");
      o.println();
      if (f.onFixed != null && !f.kernels()) {
        continue; // the client's own: the scenario file shows it
      }
      String shown = new Report(Report.View.COMPACT, width == null ? TimelineRenderer.DEFAULT_WIDTH : width)
          .render(f.model, f.trace, f.found);
      for (String line : shown.split("\n")) {
        o.println("    " + line);
      }
      o.println();
    }
    String verdict = !r.findings.isEmpty() ? "violated" : r.incomplete() ? "incomplete" : "holds";
    long kernels = r.findings.values().stream().filter(Exploring.Finding::kernels).count();
    o.printf("findings: %d distinct%s%n", r.findings.size(), q.bugVariants().isEmpty() ? ""
        : String.format(" (%d of them the bug variant's: the fixed kernel does not show them)", kernels));
    o.println("verdict: " + verdict);
  }

  static String operations(Exploring.Question q) {
    List<String> out = new ArrayList<>();
    for (ClientGenerator.Kind k : q.gen().kinds()) {
      out.add(k.name().toLowerCase(Locale.ROOT));
    }
    return String.join(", ", out);
  }

  private static String cutText(Exploring.Result r) {
    List<String> parts = new ArrayList<>();
    if (r.runs < r.plannedRuns) {
      parts.add((r.plannedRuns - r.runs) + " runs not started" + (r.interrupted ? " (interrupted)" : ""));
    }
    for (Map.Entry<String, Long> e : r.cuts.entrySet()) {
      parts.add(e.getKey() + " " + e.getValue());
    }
    return parts.isEmpty() ? "" : " (cut: " + String.join(", ", parts) + ")";
  }

  private static String s(long n) {
    return n == 1 ? "" : "s";
  }

  private ObjectNode json(Exploring.Question q, Exploring.Result r, List<Path> written) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("verdict", !r.findings.isEmpty() ? "violated" : r.incomplete() ? "incomplete" : "holds");
    o.put("kernel", q.kernelSummary());
    ClientGenerator.Bounds b = q.gen().bounds();
    ObjectNode c = o.putObject("clients");
    c.put("tasks", b.tasks());
    c.put("cpus", b.cpus());
    c.put("mutexes", b.mutexes());
    c.put("words", b.words());
    c.put("ops", b.ops());
    c.put("placements", q.gen().allPlacements() ? "all" : "spread");
    c.put("operations", operations(q));
    o.putPOJO("check", q.check());
    o.put("runs", r.runs);
    o.put("plannedRuns", r.plannedRuns);
    o.put("states", r.states);
    o.put("transitions", r.transitions);
    o.put("seconds", Math.round(r.seconds * 1000.0) / 1000.0);
    ObjectNode cuts = o.putObject("cuts");
    r.cuts.forEach(cuts::put);
    if (r.runs < r.plannedRuns) {
      cuts.put("runs", r.plannedRuns - r.runs);
    }
    ArrayNode fs = o.putArray("findings");
    int n = 0;
    for (Exploring.Finding f : r.findings.values()) {
      ObjectNode j = fs.addObject();
      j.put("signature", f.signature);
      j.put("property", f.property);
      j.put("kind", f.kind);
      j.put("message", f.message);
      j.putPOJO("changedSteps", new ArrayList<>(f.changed));
      j.putPOJO("knownBugs", f.knownBugs);
      j.put("client", f.client.summary());
      j.put("seconds", Math.round(f.seconds * 1000.0) / 1000.0);
      j.put("run", f.run);
      j.put("statesSoFar", f.statesSoFar);
      j.put("runsShowingIt", f.count);
      if (f.onFixed != null) {
        j.put("onFixedKernel", f.onFixed);
        j.put("bugVariants", f.kernels());
      }
      if (n < written.size()) {
        j.put("scenarioFile", written.get(n).toString());
      }
      j.put("scenario", f.scenarioText);
      j.set("trace", JsonReport.traceJson(f.model, f.trace));
      n++;
    }
    return o;
  }
}
