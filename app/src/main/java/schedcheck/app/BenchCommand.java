package schedcheck.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Reduction;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioException;

/**
 * {@code schedcheck bench}: runs a fixed set of scenarios and prints states, transitions,
 * states/s and memory, and the cost of the liveness pass next to the safety search's
 * ({@code seconds} is the safety search alone, {@code live s} the fair-cycle pass after it). Not a test: it asserts nothing; {@code bench/run} compares builds
 * and the peer checkers side by side from its output.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure the checker on a fixed set of scenarios (not a test).")
final class BenchCommand implements Callable<Integer> {

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "Scenarios (default: every bench/scenarios/*.yaml).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--json", description = "One JSON object per scenario.")
  boolean json;

  @Option(names = "--strategy", defaultValue = "bfs")
  String strategy;

  @Option(names = "--workers", paramLabel = "N", description = "Threads of the bfs search (default 1; 0: every processor).")
  Integer workers;

  @Option(names = "--repeat", defaultValue = "1", description = "Run each scenario this many times; report the fastest.")
  int repeat;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (files.isEmpty()) {
      Path dir = Path.of("bench", "scenarios");
      if (!Files.isDirectory(dir)) {
        spec.commandLine().getErr().println("schedcheck: no FILE given and no bench/scenarios folder here");
        return Main.BAD_INPUT;
      }
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    ObjectMapper mapper = new ObjectMapper();
    if (!json) {
      out.printf("%-28s %-10s %12s %13s %8s %12s %10s %10s %10s %10s %9s%n",
          "scenario", "verdict", "states", "transitions", "depth", "states/s", "seconds", "1st run s",
          "peak MiB", "live s", "live/safe");
    }
    for (Path f : files) {
      CheckRun best = null;
      CheckRun warmest = null; // the fastest safety search and liveness pass together
      double first = -1;
      double firstTotal = -1;
      long allocated = -1;
      CheckOptions options = CheckOptions.defaults().withStrategy(strategy).withWorkers(workers == null ? 1 : workers);
      for (int i = 0; i < Math.max(1, repeat); i++) {
        CheckRun run;
        long before = allocatedBytes();
        try {
          run = Checking.check(f, options, Progress.NONE);
        } catch (ScenarioException e) {
          spec.commandLine().getErr().println(e.getMessage());
          return Main.BAD_INPUT;
        }
        if (first < 0) {
          first = run.result().seconds();
          firstTotal = total(run);
        }
        if (warmest == null || total(run) < total(warmest)) {
          warmest = run;
        }
        long after = allocatedBytes();
        if (before >= 0 && after >= 0 && (allocated < 0 || after - before < allocated)) {
          allocated = after - before;
        }
        if (best == null || run.result().seconds() < best.result().seconds()) {
          best = run;
        }
      }
      var r = best.result();
      SearchCost cost = cost(warmest, options, firstTotal, repeat > 1 ? total(warmest) : -1);
      double rate = r.seconds() > 0 ? r.states() / r.seconds() : 0;
      long peak = peakRssKib();
      if (json) {
        ObjectNode o = mapper.createObjectNode();
        o.put("scenario", best.scenario().name());
        o.put("file", f.toString());
        o.put("verdict", best.verdictText());
        o.put("states", r.states());
        o.put("transitions", r.transitions());
        o.put("depth", r.maxDepth());
        o.put("seconds", r.seconds());
        o.put("states_per_second", Math.round(rate));
        o.put("peak_rss_kib", peak);
        o.put("first_run_seconds", first);
        if (allocated >= 0 && r.transitions() > 0) {
          // the whole check's (search, liveness pass, report) per transition of the search
          o.put("allocated_bytes_per_transition", Math.round(allocated / (double) r.transitions()));
        }
        var l = best.liveness();
        if (l != null) {
          // the liveness pass (fair cycles) runs after the safety search: its cost next to it
          o.put("liveness_states", l.states());
          o.put("liveness_seconds", l.seconds());
          o.put("liveness_over_safety", r.seconds() > 0 ? l.seconds() / r.seconds() : 0);
        }
        // why a search took over a second (bench/truth.sh prints it): SearchCost
        o.put("detail", cost.detail());
        cost.check().forEach(o.putArray("check")::add);
        o.put("symmetry_order", cost.symmetryOrder());
        o.put("por", cost.por());
        o.put("movers", cost.movers());
        ObjectNode cuts = o.putObject("cuts");
        cost.cuts().forEach(cuts::put);
        o.put("cold_seconds", cost.coldSeconds());
        o.put("warm_seconds", cost.warmSeconds());
        o.put("cause", cost.cause());
        o.put("why", cost.why());
        out.println(mapper.writeValueAsString(o));
      } else {
        var l = best.liveness();
        out.printf("%-28s %-10s %,12d %,13d %8d %,12.0f %10.2f %10.2f %10s %10s %9s%n", best.scenario().name(),
            best.verdict().word(), r.states(), r.transitions(), r.maxDepth(), rate, r.seconds(), first,
            peak < 0 ? "-" : String.valueOf(peak / 1024),
            l == null ? "-" : String.format("%.2f", l.seconds()),
            l == null || r.seconds() <= 0 ? "-" : String.format("%.2fx", l.seconds() / r.seconds()));
        if (!cost.why().isEmpty()) {
          out.println("  over 1 s: " + cost.why());
        }
      }
      out.flush();
    }
    return Main.HOLDS;
  }

  /** The seconds of a run's safety search and liveness pass together. */
  static double total(CheckRun run) {
    return run.result().seconds() + (run.liveness() == null ? 0 : run.liveness().seconds());
  }

  /**
   * What {@code run} (the fastest of its JVM's runs) cost and with which settings; {@code cold}
   * the first run's {@link #total}, {@code warm} the fastest's or -1 after a single run.
   */
  static SearchCost cost(CheckRun run, CheckOptions options, double cold, double warm) {
    Scenario sc = run.scenario();
    SearchResult r = run.result();
    SearchResult l = run.liveness();
    int symmetry = -1;
    String por = "n/a";
    boolean movers = false;
    if (sc.kernel().detail() == Scenario.Detail.STEPS) {
      Reduction reduction = Checking.reductionFor(sc, options);
      KernelModel searched = Checking.searchedModel(new KernelModel(sc, reduction), options);
      symmetry = searched.symmetry() == null ? 1 : searched.symmetry().order();
      por = reduction.por() ? "on" : KernelModel.porApplies(sc) ? "off" : "n/a";
      movers = reduction.movers();
    } else {
      symmetry = ReferenceChecking.searchedModel(new schedcheck.model.reference.ReferenceModel(sc), options).groupSize();
    }
    java.util.Map<String, Long> cuts = new java.util.TreeMap<>(r.cuts());
    return new SearchCost(sc.kernel().detail().word(), sc.check(), r.states(), r.transitions(), r.maxDepth(),
        r.seconds(), l == null ? -1 : l.states(), l == null ? -1 : l.seconds(), cold, warm, symmetry, por, movers,
        cuts, run.verdict() == schedcheck.checker.Verdict.VIOLATED);
  }

  /** Bytes this thread allocated so far, or -1 where the JVM does not say. */
  static long allocatedBytes() {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    if (mx instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
      return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
    return -1;
  }

  /** The process's peak resident set (VmHWM) in KiB, or -1 where /proc does not say. */
  static long peakRssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

}
