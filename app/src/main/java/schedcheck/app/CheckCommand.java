package schedcheck.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;
import schedcheck.counterexamples.JsonReport;
import schedcheck.counterexamples.TimelineRenderer;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.properties.Starvation;

/** {@code schedcheck check FILE...}: the verdict per file, with a counterexample for a violation. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check scenario files; print a verdict and, for a violation, a counterexample.")
final class CheckCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Scenario files (.yaml).")
  List<Path> files;

  @Option(names = "--json", description = "Print one JSON object per file instead of text.")
  boolean json;

  @Option(names = "--strategy", defaultValue = "bfs", description = "bfs (shortest counterexamples, default) or dfs.")
  String strategy;

  @Option(names = "--max-states", defaultValue = "-1", description = "Stop after this many distinct states (verdict incomplete).")
  long maxStates;

  @Option(names = "--max-depth", defaultValue = "-1", description = "Explore at most this many steps per execution.")
  int maxDepth;

  @Option(names = "--time", description = "Stop after this long, e.g. 30s or 10m.")
  String time;

  @Option(names = "--explore-all", description = "Keep exploring after a violation (reports the first violation of each property).")
  boolean exploreAll;

  @Option(names = "--fairness", defaultValue = "sched,lock", description = "Fairness the starvation check assumes: sched (always assumed), lock (spinlocks are fair, as qspinlocks are), cs (a running mutex owner eventually unlocks); default sched,lock; --fairness sched makes spinlocks unfair.")
  String fairness;

  @Option(names = "--check-expect", description = "Exit 0 when every verdict matches its file's expect (for scenario collections).")
  boolean checkExpect;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration limit;
    Starvation.Fairness fair;
    try {
      limit = time == null ? null : Durations.parse(time);
      Checking.strategy(strategy);
      fair = Starvation.Fairness.parse(fairness);
    } catch (IllegalArgumentException e) {
      err.println("schedcheck: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    CheckOptions options = new CheckOptions(strategy, maxStates, maxDepth, limit, exploreAll, true, fair);
    ObjectMapper mapper = new ObjectMapper();
    int status = Main.HOLDS;
    for (Path file : files) {
      int s;
      try {
        if (!Files.isRegularFile(file)) {
          throw new NoSuchFileException(file.toString());
        }
        Progress progress = json ? Progress.NONE : TerminalProgress.forTerminal(file.getFileName().toString());
        CheckRun run = Checking.check(file, options, progress);
        progress.done();
        if (json) {
          ObjectNode o = JsonReport.of(run.model(), run.scenario().name(), run.result(), run.trace());
          o.put("file", file.toString());
          o.put("verdict", run.verdict().word());
          if (run.expected() != null) {
            o.put("expect", run.expected());
            o.put("as-expected", run.asExpected());
          }
          if (!run.notes().isEmpty()) {
            o.putPOJO("notes", run.notes());
          }
          LivenessReport.json(o, run);
          out.println(mapper.writeValueAsString(o));
        } else {
          printText(out, file, run);
        }
        s = statusOf(run);
      } catch (ScenarioException e) {
        err.println(e.getMessage());
        s = Main.BAD_INPUT;
        if (json) {
          printError(out, mapper, file, e.getMessage());
        }
      } catch (NoSuchFileException e) {
        err.println(file + ": no such file");
        s = Main.BAD_INPUT;
        if (json) {
          printError(out, mapper, file, "no such file");
        }
      } catch (IOException e) {
        err.println(file + ": cannot read: " + e.getMessage());
        s = Main.BAD_INPUT;
        if (json) {
          printError(out, mapper, file, "cannot read: " + e.getMessage());
        }
      }
      status = worse(status, s);
      out.flush();
    }
    return status;
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

  /** The exit status for one file. */
  private int statusOf(CheckRun run) {
    if (!run.asExpected()) {
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

  /** Combines statuses: bad input over violation over incomplete over holds. */
  static int worse(int a, int b) {
    int[] rank = {0, 2, 3, 1, 4}; // holds, violated, bad input, incomplete, internal
    return rank[b] > rank[a] ? b : a;
  }

  private static void printText(PrintWriter out, Path file, CheckRun run) {
    SearchResult r = run.result();
    StringBuilder head = new StringBuilder();
    head.append(file).append(": ").append(run.verdictText());
    if (run.expected() != null) {
      head.append(run.asExpected() ? "  (as expected)" : "  MISMATCH: expected " + run.expected());
    }
    out.println(head);
    out.printf("  %,d states, %,d transitions, depth %d, %.2f s, %s%n",
        r.states(), r.transitions(), r.maxDepth(), r.seconds(), r.strategy());
    LivenessReport.text(out, run);
    if (!r.cuts().isEmpty()) {
      for (Map.Entry<String, Long> c : r.cuts().entrySet()) {
        out.println("  bound '" + c.getKey() + "' cut the search: " + cutText(c.getKey(), c.getValue(), r));
      }
    }
    for (String n : run.notes()) {
      out.println("  " + n);
    }
    if (run.verdict() == Verdict.HOLDS) {
      out.println(r.cuts().isEmpty() && hasBounds(run)
          ? "  every reachable state explored (the file's bounds cut nothing)"
          : "  every reachable state explored");
    } else if (run.verdict() == Verdict.INCOMPLETE && r.violations().isEmpty()) {
      out.println("  no violation found, but the search was not complete: this is not 'holds'");
    }
    Found f = r.firstViolation();
    if (f != null) {
      out.println();
      TimelineRenderer renderer = new TimelineRenderer();
      out.println(LivenessReport.markLoop(renderer.render(run.model(), run.trace(), f.violation()), run));
      if (!f.witnessPaths().isEmpty()) {
        out.println(renderer.renderWitnesses(run.model(), f));
      }
      for (int i = 1; i < r.violations().size(); i++) {
        Found g = r.violations().get(i);
        out.println("also violated: " + g.violation().property() + ": " + g.violation().message());
      }
    }
    out.println();
  }

  /** What a cut means, per bound, for a person. */
  static String cutText(String bound, long n, SearchResult r) {
    if (bound.startsWith(LivenessReport.CUT_PREFIX)) {
      return LivenessReport.cutText(bound.substring(LivenessReport.CUT_PREFIX.length()), n);
    }
    return switch (bound) {
      case "depth" -> String.format("%,d states lie just beyond the depth bound and were not explored", n);
      case "states" -> String.format("stopped at %,d states; more remain", r.states());
      case "time" -> String.format("stopped after %.1f s with %,d states still queued", r.seconds(), n);
      case "preemptions" -> String.format("%,d tick preemptions were not explored (the preemption bound)", n);
      case "memory" -> String.format("ran out of heap with %,d states still queued; give Java more, e.g."
          + " SCHEDCHECK_JAVA_OPTS='-Xss16m -Xmx16g' ./schedcheck ...", n);
      default -> String.format("%,d steps not explored", n);
    };
  }

  private static boolean hasBounds(CheckRun run) {
    var b = run.scenario().bounds();
    return b.preemptions() >= 0 || b.depth() >= 0 || b.states() >= 0 || b.time() != null;
  }
}
