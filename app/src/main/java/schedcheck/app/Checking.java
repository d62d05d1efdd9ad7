package schedcheck.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.DepthFirst;
import schedcheck.checker.FairCycles;
import schedcheck.checker.Found;
import schedcheck.checker.Limits;
import schedcheck.checker.Progress;
import schedcheck.checker.Search;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;
import schedcheck.counterexamples.Minimizer;
import schedcheck.counterexamples.Trace;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.properties.KernelProperty;
import schedcheck.properties.PropertySet;
import schedcheck.properties.Starvation;

/** Checks scenario files: parse, build the model and properties, search, explain. */
public final class Checking {
  private Checking() {}

  public static Search strategy(String name) {
    return switch (name) {
      case "bfs" -> new BreadthFirst();
      case "dfs" -> new DepthFirst();
      default -> throw new IllegalArgumentException("unknown strategy '" + name + "' (bfs, dfs)");
    };
  }

  public static Scenario load(Path file) throws ScenarioException, IOException {
    return ScenarioParser.parse(file);
  }

  public static CheckRun check(Path file, CheckOptions options, Progress progress)
      throws ScenarioException, IOException {
    return check(load(file), options, progress);
  }

  public static CheckRun check(Scenario scenario, CheckOptions options, Progress progress) {
    KernelModel model = new KernelModel(scenario);
    PropertySet props = PropertySet.of(model, scenario.check());
    Limits limits = limits(scenario, options);
    SearchResult result = strategy(options.strategy()).run(model, props.forSearch(), limits, progress);
    List<String> notes = new ArrayList<>();
    SearchResult liveness = null;
    Starvation live = PropertySet.liveness(model, scenario.check(), options.fairness());
    if (live != null && (result.violations().isEmpty() || options.exploreAll())) {
      liveness = FairCycles.run(model, live, limits, progress);
      result = Liveness.merge(result, liveness);
      if (!options.fairness().equals(Starvation.Fairness.defaults())) {
        notes.add("liveness assumes fairness " + options.fairness().words());
      }
    }

    Verdict verdict = result.verdict();
    if (verdict == Verdict.HOLDS && !props.unsupported().isEmpty()) {
      verdict = Verdict.INCOMPLETE;
      notes.add("not checked: " + String.join(", ", props.unsupported()) + " (not supported yet)");
    } else if (!props.unsupported().isEmpty()) {
      notes.add("not checked: " + String.join(", ", props.unsupported()) + " (not supported yet)");
    }
    Trace trace = null;
    Found first = result.firstViolation();
    if (first != null && first.isLasso()) {
      trace = Trace.replay(model.withoutOwnBounds(), first.path());
    } else if (first != null) {
      trace = Trace.replay(model, first.path());
      if (options.minimize() && !"bfs".equals(options.strategy())) {
        trace = minimize(model, props, first, trace);
      }
    }
    return new CheckRun(scenario, model, result, verdict, trace, props.unsupported(), notes, liveness);
  }

  static Limits limits(Scenario sc, CheckOptions o) {
    Scenario.Bounds b = sc.bounds();
    int depth = min(b.depth(), o.maxDepth());
    long states = minL(b.states(), o.maxStates());
    Duration time = b.time();
    if (o.maxTime() != null && (time == null || o.maxTime().compareTo(time) < 0)) {
      time = o.maxTime();
    }
    Limits l = new Limits(depth, states, time, true);
    return o.exploreAll() ? l.exploringEverything() : l;
  }

  private static int min(int a, int b) {
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  private static long minL(long a, long b) {
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  /** Shortens a (DFS) counterexample while it still ends in the same property's violation. */
  private static Trace minimize(KernelModel model, PropertySet props, Found first, Trace trace) {
    String property = first.violation().property();
    KernelProperty prop = null;
    for (KernelProperty p : props.checked()) {
      if (p.name().equals(property)) {
        prop = p;
      }
    }
    if (prop == null || !first.violation().witnesses().isEmpty()) {
      return trace;
    }
    KernelProperty chosen = prop;
    Predicate<Trace> stillBad = t -> Replays.violates(model, chosen, t);
    return Minimizer.minimize(model, trace, stillBad);
  }

  /** Evaluates a property along a replayed trace, as the search would have. */
  static final class Replays {
    private Replays() {}

    static boolean violates(KernelModel model, KernelProperty p, Trace t) {
      var monitor = p.newMonitor();
      KState s = t.initial();
      if (monitor.onState(s) != null) {
        return true;
      }
      long id = 0;
      for (Trace.Step step : t.steps()) {
        KState next = step.after();
        if (monitor.onTransition(s, id++, step.step(), 0, next) != null) {
          return true;
        }
        if (monitor.onState(next) != null) {
          return true;
        }
        s = next;
      }
      boolean[] any = {false};
      model.successors(s, new schedcheck.checker.Successors<KState, StepInfo>() {
        @Override
        public void next(StepInfo action, KState state) {
          any[0] = true;
        }

        @Override
        public void cut(String bound) {
          any[0] = true;
        }
      });
      return !any[0] && monitor.onTerminal(s) != null;
    }
  }
}
