package schedcheck.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.checker.StopFlag;
import schedcheck.checker.Verdict;
import java.io.StringWriter;
import schedcheck.counterexamples.JsonReport;
import schedcheck.counterexamples.Report;
import schedcheck.counterexamples.TimelineRenderer;
import schedcheck.counterexamples.Trace;
import schedcheck.model.kernel.Reduction;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.properties.Starvation;

/** {@code schedcheck check FILE...}: the verdict per file, with a counterexample for a violation. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check scenario files; print a verdict and, for a violation, a counterexample.")
final class CheckCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Scenario files (.yaml).")
  List<Path> files;

  @Option(names = "--json", description = "Print one JSON object per file instead of text.")
  boolean json;

  @Option(names = "--strategy", defaultValue = "bfs", description = "bfs (shortest counterexamples, default), dfs,"
      + " random (random walks) or pct (probabilistic concurrency testing); random and pct never say holds.")
  String strategy;

  @Option(names = "--seed", paramLabel = "S", description = "--strategy random or pct: run i uses seed S + i (default 1).")
  Long seed;

  @Option(names = "--runs", paramLabel = "N", description = "--strategy random or pct: how many runs (default 1000); N >= 1.")
  Long runs;

  @Option(names = "--pct-depth", paramLabel = "D", description = "--strategy pct: the bug depth d, with d - 1 priority"
      + " change points (default 3); D >= 1.")
  Integer pctDepth;

  @Option(names = "--workers", paramLabel = "N",
      description = "Threads of the bfs search (default 1, the sequential search; 0: every processor). The verdict,"
          + " states, transitions and counterexample are the same whatever N.")
  Integer workers;

  @Option(names = "--no-symmetry",
      description = "No symmetry reduction: store every state, not one per renaming of interchangeable tasks"
          + " (same program, priority and affinity). Verdicts are the same either way.")
  boolean noSymmetry;

  @Option(names = "--max-states", paramLabel = "N", description = "Stop after this many distinct states (verdict incomplete); N >= 1.")
  Long maxStates;

  @Option(names = "--max-depth", paramLabel = "N", description = "Explore at most this many steps per execution; N >= 1.")
  Integer maxDepth;

  @Option(names = "--time", description = "Stop after this long, e.g. 30s or 10m.")
  String time;

  @Option(names = "--max-memory", paramLabel = "SIZE",
      description = "Stop when the search keeps more than this much heap in use, e.g. 512m or 2g (verdict incomplete, cut memory).")
  String maxMemory;

  @Option(names = "--explore-all", description = "Keep exploring after a violation (reports the first violation of each property).")
  boolean exploreAll;

  @Option(names = "--view", defaultValue = "compact", paramLabel = "VIEW",
      description = "How a counterexample's timeline is drawn: compact (default: a system call's kernel steps folded"
          + " into one row unless another cpu's steps interleave) or full (one row per step).")
  String view;

  @Option(names = "--width", paramLabel = "N",
      description = "The longest line of the text report (default 156; LKML mail is 80); N >= 60.")
  Integer width;

  @Option(names = "--trace-out", paramLabel = "DIR",
      description = "Write each counterexample as a replayable trace file DIR/<scenario>.<property>.trace.json"
          + " (see 'schedcheck replay').")
  Path traceOut;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Write the counterexample as a self-contained HTML page: to FILE when one file is checked; to"
          + " FILE/<scenario>.html (FILE a directory) when several are.")
  Path report;

  @Option(names = "--dot", paramLabel = "FILE",
      description = "Write the counterexample's wait-for graph and lock-class graph for Graphviz: to FILE when one"
          + " file is checked; to FILE/<scenario>.dot (FILE a directory) when several are.")
  Path dot;

  @Option(names = "--ci", description = "For CI logs: progress lines on stderr even when it is no terminal (also when"
      + " the environment has CI set), and distinct exit statuses: 5 for a file whose expected violation was not"
      + " found, 6 for an incomplete verdict where holds is expected (a violation stays 1).")
  boolean ci;

  @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML: one test case per scenario file.")
  Path junit;

  @Option(names = "--fairness", defaultValue = "sched,lock", description = "Fairness the starvation check assumes: sched (always assumed), lock (spinlocks are fair, as qspinlocks are), cs (a running mutex owner eventually unlocks); default sched,lock; --fairness sched makes spinlocks unfair.")
  String fairness;

  @Option(names = "--no-reduction", description = "Explore every small step of the kernel as a transition of its own,"
      + " every state stored: all state-space reductions off (as --no-symmetry, and no --movers or --por).")
  boolean noReduction;

  @Option(names = "--movers", description = "Merge the steps a task or cpu takes under its own spinlocks into one"
      + " transition (Lipton's movers over the kernel's lock discipline). Off by default: it saves few states here"
      + " (1.0-1.3x on most examples) and no time, and a BFS counterexample is then shortest in transitions, not in steps.")
  boolean movers;

  @Option(names = "--por", description = "Partial-order reduction: a task's private user steps (on words no other"
      + " task touches, on a cpu no other task can take) are taken alone, with the cycle proviso. Sequential"
      + " bfs/dfs only; off with --movers, a depth or preemption bound, proxy execution, FUTEX_SWAP, UMCG or"
      + " lock-order. Decides the verdict; a counterexample comes from the unreduced search (same trace as without).")
  boolean por;

  @Option(names = "--check-expect", description = "Exit 0 when every verdict matches its file's expect (for scenario collections).")
  boolean checkExpect;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** For tests only: checking a file whose name ends in this throws, as a bug in the checker would. */
  static volatile String crashForTests;

  /** How long a SIGINT/SIGTERM waits for the report of the file in progress. */
  private static final long REPORT_WAIT_SECONDS = 30;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration limit;
    Starvation.Fairness fair;
    Sampling.Options sampling;
    long memory;
    try {
      limit = time == null ? null : Durations.parse(time);
      if (limit != null && limit.isZero()) {
        throw new IllegalArgumentException("--time must be longer than zero, found '" + time + "'");
      }
      if (maxStates != null && maxStates < 1) {
        throw new IllegalArgumentException("--max-states must be a whole number >= 1, found " + maxStates
            + " (leave it out for no limit)");
      }
      if (maxDepth != null && maxDepth < 1) {
        throw new IllegalArgumentException("--max-depth must be a whole number >= 1, found " + maxDepth
            + " (leave it out for no limit)");
      }
      memory = maxMemory == null ? -1 : CheckOptions.parseSize(maxMemory);
      Checking.strategy(strategy);
      sampling = samplingOptions();
      if (workers != null && workers < 0) {
        throw new IllegalArgumentException("--workers must be a whole number >= 0, found " + workers
            + " (0: every processor; leave it out for the sequential search)");
      }
      Report.View.parse(view);
      if (width != null && width < 60) {
        throw new IllegalArgumentException("--width must be a whole number >= 60, found " + width);
      }
      fair = Starvation.Fairness.parse(fairness);
    } catch (IllegalArgumentException e) {
      err.println("schedcheck: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    CheckOptions options = new CheckOptions(strategy, maxStates == null ? -1 : maxStates,
        maxDepth == null ? -1 : maxDepth, limit, exploreAll, true, fair, sampling, memory,
        workers == null ? 1 : workers, !noSymmetry && !noReduction,
        new Reduction(movers && !noReduction, por && !noReduction));
    StopFlag stop = new StopFlag();
    CountDownLatch reported = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      // SIGINT or SIGTERM: stop the search, let the main thread report what it has, then exit
      stop.set();
      try {
        reported.await(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "schedcheck-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return checkAll(out, err, options, stop);
    } finally {
      out.flush();
      err.flush();
      reported.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it returns now that the report is out
      }
    }
  }

  /** --seed, --runs and --pct-depth, which only random strategies take. */
  private Sampling.Options samplingOptions() {
    if (!Sampling.isRandom(strategy) && (seed != null || runs != null || pctDepth != null)) {
      throw new IllegalArgumentException((seed != null ? "--seed" : runs != null ? "--runs" : "--pct-depth")
          + " applies only to --strategy random or pct, not " + strategy);
    }
    if (pctDepth != null && !"pct".equals(strategy)) {
      throw new IllegalArgumentException("--pct-depth applies only to --strategy pct, not " + strategy);
    }
    Sampling.Options d = Sampling.Options.defaults();
    return new Sampling.Options(seed == null ? d.seed() : seed, runs == null ? d.runs() : runs,
        pctDepth == null ? d.pctDepth() : pctDepth);
  }

  private int checkAll(PrintWriter out, PrintWriter err, CheckOptions options, StopFlag stop) {
    ObjectMapper mapper = new ObjectMapper();
    int status = Main.HOLDS;
    List<Path> notChecked = new ArrayList<>();
    RunLog log = new RunLog();
    for (Path file : files) {
      if (stop.isSet()) {
        notChecked.add(file);
        log.add(new RunLog.Entry(file.toString(), "not checked", null, false, 0, "interrupted"));
        continue;
      }
      int s;
      try {
        if (!Files.isRegularFile(file)) {
          throw new NoSuchFileException(file.toString());
        }
        if (crashForTests != null && file.toString().endsWith(crashForTests)) {
          throw new IllegalStateException("a crash injected by a test");
        }
        Progress progress = progress(file, err);
        CheckRun run = Checking.check(file, options, progress, stop);
        progress.done();
        if (report != null && run.model() != null && run.trace() != null) {
          Path target = files.size() > 1 || Files.isDirectory(report)
              ? report.resolve(run.scenario().name().replaceAll("[^A-Za-z0-9._-]", "_") + ".html") : report;
          Path parent = target.toAbsolutePath().getParent();
          if (parent != null) {
            Files.createDirectories(parent);
          }
          Files.writeString(target, schedcheck.counterexamples.HtmlReport.of(run.model(), run.trace(),
              run.result().firstViolation().violation(), run.loopStart()));
          err.println(file + ": report written to " + target);
        }
        if (dot != null && run.model() != null && run.trace() != null) {
          Path target = files.size() > 1 || Files.isDirectory(dot)
              ? dot.resolve(run.scenario().name().replaceAll("[^A-Za-z0-9._-]", "_") + ".dot") : dot;
          Path parent = target.toAbsolutePath().getParent();
          if (parent != null) {
            Files.createDirectories(parent);
          }
          List<Trace> ws = new ArrayList<>();
          for (var p : run.result().firstViolation().witnessPaths()) {
            ws.add(Trace.replay(run.model(), p));
          }
          Files.writeString(target, schedcheck.counterexamples.Dot.of(run.model(), run.trace(), ws));
          err.println(file + ": graphs written to " + target);
        }
        if (traceOut != null) {
          for (Path w : TraceOut.write(traceOut, file, run, options.fairness())) {
            err.println(file + ": trace written to " + w);
          }
        }
        if (json) {
          ObjectNode json = jsonOf(file, run);
          // which state-space reductions the search applied (empty: every small step)
          json.putPOJO("reductions", Checking.reductionShown(run, options).names());
          out.println(mapper.writeValueAsString(json));
        } else {
          StringWriter text = new StringWriter();
          printText(new PrintWriter(text), file, run, options);
          out.print(Report.fit(text.toString(), width()));
        }
        s = statusOf(run);
        log.add(new RunLog.Entry(file.toString(), run.verdictText(), run.expected(), !run.asExpected(),
            run.result().seconds(), run.result().firstViolation() == null ? run.verdictText()
                : run.result().firstViolation().violation().message()));
      } catch (ScenarioException e) {
        log.add(new RunLog.Entry(file.toString(), "error", null, false, 0, e.getMessage()));
        err.println(e.getMessage());
        s = Main.BAD_INPUT;
        if (json) {
          printError(out, mapper, file, e.getMessage());
        }
      } catch (NoSuchFileException e) {
        log.add(new RunLog.Entry(file.toString(), "error", null, false, 0, file + ": no such file"));
        err.println(file + ": no such file");
        s = Main.BAD_INPUT;
        if (json) {
          printError(out, mapper, file, "no such file");
        }
      } catch (IOException e) {
        log.add(new RunLog.Entry(file.toString(), "error", null, false, 0, file + ": cannot read: " + e.getMessage()));
        err.println(file + ": cannot read: " + e.getMessage());
        s = Main.BAD_INPUT;
        if (json) {
          printError(out, mapper, file, "cannot read: " + e.getMessage());
        }
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError | LinkageError e) {
        // A bug in schedcheck: say so, for this file only, and go on with the others.
        internalError(err, file, e);
        log.add(new RunLog.Entry(file.toString(), "internal error", null, false, 0,
            "internal error (a bug in schedcheck, not a verdict): " + e));
        s = Main.INTERNAL_ERROR;
        if (json) {
          printError(out, mapper, file, "internal error (a bug in schedcheck, not a verdict): " + e);
        }
      }
      status = worse(status, s);
      out.flush();
      err.flush();
    }
    if (stop.isSet()) {
      status = worse(status, Main.INCOMPLETE);
      if (!notChecked.isEmpty()) {
        if (json) {
          for (Path f : notChecked) {
            ObjectNode o = mapper.createObjectNode();
            o.put("file", f.toString());
            o.put("verdict", "not checked");
            o.put("reason", "interrupted");
            try {
              out.println(mapper.writeValueAsString(o));
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          }
        } else {
          out.println("interrupted: not checked: " + String.join(", ", notChecked.stream().map(Path::toString).toList()));
        }
      }
    }
    if (!json && files.size() > 1) {
      out.println(Report.fit(log.summary(), width()));
    }
    if (junit != null) {
      try {
        log.writeJUnit(junit);
      } catch (IOException e) {
        err.println("schedcheck: cannot write " + junit + ": " + e.getMessage());
        status = worse(status, Main.BAD_INPUT);
      }
    }
    return status;
  }

  /** The report of an exception inside schedcheck while checking {@code file}. */
  private void internalError(PrintWriter err, Path file, Throwable e) {
    err.println(file + ": internal error: " + e);
    StackTraceElement[] st = e.getStackTrace();
    for (int i = 0; i < st.length && i < 15; i++) {
      err.println("    at " + st[i]);
    }
    err.println("This is a bug in schedcheck, not a verdict about " + file + ". Please report it, with the command line");
    List<String> args = spec.commandLine().getParseResult() == null ? List.of()
        : spec.commandLine().getParseResult().originalArgs();
    err.println("    schedcheck " + String.join(" ", args));
    err.println("and the scenario file " + file + " (the other files are checked as usual).");
  }

  /**
   * The version of the {@code --json} report's layout, its {@code schema-version} field: 1 is
   * the layout the README describes (raised when a field changes meaning or goes).
   */
  static final int JSON_SCHEMA_VERSION = 1;

  /** The JSON report of one file. */
  static ObjectNode jsonOf(Path file, CheckRun run) {
    ObjectNode o = run.reference() != null ? run.reference().json(run.result())
        : JsonReport.of(run.model(), run.scenario().name(), run.result(), run.trace());
    o.put("schema-version", JSON_SCHEMA_VERSION);
    o.put("file", file.toString());
    o.put("verdict", run.verdict().word());
    if (run.expected() != null) {
      o.put("expect", run.expected());
      o.put("as-expected", run.asExpected());
    }
    if (!run.notes().isEmpty()) {
      o.putPOJO("notes", run.notes());
    }
    // every violation found (more than one with --explore-all, or when the search went on
    // past other properties for the expected one), each with its own trace
    List<Found> found = run.reference() != null ? List.of() : run.result().violations();
    ArrayNode all = run.reference() != null ? null : o.putArray("violations"); // the reference's report has its own
    for (int i = 0; i < found.size(); i++) {
      Found f = found.get(i);
      ObjectNode v = all.addObject();
      v.put("property", f.violation().property());
      v.put("kind", f.violation().kind());
      v.put("message", f.violation().message());
      Trace t = i == 0 && run.trace() != null ? run.trace()
          : Trace.replay(f.isLasso() ? run.model().withoutOwnBounds() : run.model(), f.path());
      v.set("trace", JsonReport.traceJson(run.model(), t));
      if (f.isLasso()) {
        v.put("loop_start", f.loopStart());
      }
    }
    LivenessReport.json(o, run);
    if (run.verdict() == Verdict.HOLDS) {
      o.set("assumptions", Assumptions.json(run));
    }
    MinimizedText.json(run, o);
    Sampling.json(o, run);
    return o;
  }

  private static void printError(PrintWriter out, ObjectMapper mapper, Path file, String msg) {
    ObjectNode o = mapper.createObjectNode();
    o.put("file", file.toString());
    o.put("error", msg);
    try {
      out.println(mapper.writeValueAsString(o));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Progress for one file: a bar on a terminal; plain lines on stderr for CI logs ({@code --ci} or CI set). */
  private Progress progress(Path file, PrintWriter err) {
    String name = file.getFileName().toString();
    if (System.console() == null && (ci || System.getenv("CI") != null)) {
      return new LogProgress(name, err);
    }
    return json ? Progress.NONE : TerminalProgress.forTerminal(name);
  }

  /** The exit status for one file. */
  private int statusOf(CheckRun run) {
    if (!run.asExpected()) {
      if (ci && run.verdict() != Verdict.VIOLATED) {
        return "holds".equals(run.expected()) ? Main.INCOMPLETE_NOT_HOLDS : Main.MISMATCH;
      }
      if (ci && run.expected() != null && !"holds".equals(run.expected())) {
        return Main.MISMATCH; // another property violated than the one expected
      }
      return Main.VIOLATED;
    }
    if (checkExpect && run.expected() != null) {
      return Main.HOLDS;
    }
    return switch (run.verdict()) {
      case HOLDS -> Main.HOLDS;
      case VIOLATED -> Main.VIOLATED;
      case INCOMPLETE -> Main.INCOMPLETE;
    };
  }

  /**
   * Combines statuses: internal error over bad input over violation over mismatch (5) over
   * incomplete where holds is expected (6) over incomplete over holds.
   */
  static int worse(int a, int b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(int status) {
    return switch (status) {
      case Main.HOLDS -> 0;
      case Main.INCOMPLETE -> 1;
      case Main.INCOMPLETE_NOT_HOLDS -> 2;
      case Main.MISMATCH -> 3;
      case Main.VIOLATED -> 4;
      case Main.BAD_INPUT -> 5;
      default -> 6; // internal error
    };
  }

  private int width() {
    return width == null ? TimelineRenderer.DEFAULT_WIDTH : width;
  }

  void printText(PrintWriter out, Path file, CheckRun run, CheckOptions options) {
    SearchResult r = run.result();
    StringBuilder head = new StringBuilder();
    head.append(file).append(": ").append(run.verdictText());
    if (run.expected() != null) {
      head.append(run.asExpected() ? "  (as expected)" : "  MISMATCH: expected " + run.expected());
    }
    out.println(head);
    Reduction red = Checking.reductionShown(run, options);
    out.printf("  %,d states, %,d transitions, depth %d, %.2f s, %s%s%n",
        r.states(), r.transitions(), r.maxDepth(), r.seconds(), r.strategy(),
        red.any() ? ", reduced by " + String.join(", ", red.names()) : "");
    LivenessReport.text(out, run);
    if (!r.cuts().isEmpty()) {
      for (Map.Entry<String, Long> c : r.cuts().entrySet()) {
        out.println("  bound '" + c.getKey() + "' cut the search: " + cutText(c.getKey(), c.getValue(), r));
      }
    }
    for (String n : run.notes()) {
      out.println("  " + n);
    }
    String shrunk = MinimizedText.line(run);
    if (shrunk != null) {
      out.println("  " + shrunk);
    }
    if (run.verdict() == Verdict.HOLDS) {
      out.println(r.cuts().isEmpty() && hasBounds(run)
          ? "  every reachable state explored (the file's bounds cut nothing)"
          : "  every reachable state explored");
      out.println("  " + Assumptions.text(run));
    } else if (run.verdict() == Verdict.INCOMPLETE && r.violations().isEmpty()) {
      out.println("  no violation found, but the search was not complete: this is not 'holds'");
    }
    Found f = r.firstViolation();
    if (f != null) {
      out.println();
      if (run.reference() != null) {
        out.println(LivenessReport.markLoop(run.reference().render(f, width == null ? -1 : width), run));
        for (int i = 1; i < r.violations().size(); i++) {
          Found g = r.violations().get(i);
          out.println("also violated: " + g.violation().property() + ": " + g.violation().message());
        }
        out.println();
        return;
      }
      // a lasso's loop is marked between full-view rows (one row per step)
      Report.View v = run.loopStart() >= 0 ? Report.View.FULL : Report.View.parse(view);
      out.println(LivenessReport.markLoop(new Report(v, width()).render(run.model(), run.trace(), f), run));
      for (int i = 1; i < r.violations().size(); i++) {
        Found g = r.violations().get(i);
        out.println("also violated: " + g.violation().property() + ": " + g.violation().message());
      }
    }
    out.println();
    out.flush();
  }

  /** What a cut means, per bound, for a person. */
  static String cutText(String bound, long n, SearchResult r) {
    if (bound.startsWith(LivenessReport.CUT_PREFIX)) {
      return LivenessReport.cutText(bound.substring(LivenessReport.CUT_PREFIX.length()), n);
    }
    if (Sampling.sampled(r)) {
      switch (bound) {
        case "runs" -> {
          return Sampling.cutText(n);
        }
        case "depth" -> {
          return String.format("%,d runs ended at the depth cap before a state without successors", n);
        }
        case "states", "time", "interrupted", "memory" -> {
          return "the random search stopped early" + ("states".equals(bound)
              ? String.format(" at %,d distinct states", r.states()) : " (" + bound + ")");
        }
        default -> {
          return String.format("%,d states had steps the model's own bounds left out", n);
        }
      }
    }
    return switch (bound) {
      case "depth" -> String.format("%,d states lie just beyond the depth bound and were not explored", n);
      case "states" -> String.format("stopped at %,d states; more remain", r.states());
      case "time" -> String.format("stopped after %.1f s with %,d states still queued", r.seconds(), n);
      case "preemptions" -> String.format("%,d tick preemptions were not explored (the preemption bound)", n);
      case "interrupted" -> String.format("interrupted (SIGINT or SIGTERM) with %,d states still queued", n);
      case "memory" -> String.format("ran out of memory (the Java heap, or --max-memory) with %,d states still queued;"
          + " give it more, e.g. --max-memory 8g with SCHEDCHECK_HEAP=10g ./schedcheck ...", n);
      default -> String.format("%,d steps not explored", n);
    };
  }

  private static boolean hasBounds(CheckRun run) {
    var b = run.scenario().bounds();
    return b.preemptions() >= 0 || b.depth() >= 0 || b.states() >= 0 || b.time() != null;
  }
}
