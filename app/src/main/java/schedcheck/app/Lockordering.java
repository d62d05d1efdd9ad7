package schedcheck.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.Found;
import schedcheck.checker.Limits;
import schedcheck.checker.Path;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.checker.StopFlag;
import schedcheck.model.clients.ClientGenerator;
import schedcheck.model.kernel.KStep;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.properties.LockClassGraph;

/**
 * The search behind {@code schedcheck lockorder}: runs every client combination (and every
 * scenario file) with BFS, exploring everything, and merges what each run observed: the
 * lockdep class graph with one shortest witness per edge, unannotated same-class nestings,
 * wait-for cycles (actual deadlocks), and the kernel steps reached.
 */
final class Lockordering {
  /** The kernel functions whose every step label the coverage must show reached. */
  static final List<String> COVERED_FUNCTIONS = List.of(
      "mutex_lock", "mutex_unlock", "futex_wait", "futex_wake", "try_to_wake_up", "__schedule", "find_proxy_task");

  /** A finding with the shortest execution that shows it, in the run (model) that found it. */
  record Witness(String key, String kind, String message, String origin, KernelModel model, Path path, String site) {
    int length() {
      return path.length();
    }
  }

  /** The merged outcome. */
  static final class Result {
    /** "edge D -> C" -> the shortest witness over every site. */
    final Map<String, Witness> edges = new LinkedHashMap<>();
    /** "edge D -> C" -> site -> the shortest witness at that site. */
    final Map<String, Map<String, Witness>> sites = new LinkedHashMap<>();
    /** "nesting C" -> the shortest witness (any site). */
    final Map<String, Witness> nestings = new LinkedHashMap<>();
    /** Wait-for cycles through a spinlock or scheduler context, each with its shortest execution. */
    final Map<String, Witness> deadlocks = new LinkedHashMap<>();
    /** Wait-for cycles through mutexes only: the generated clients' own ABBA. */
    final Set<String> clientDeadlocks = new TreeSet<>();
    /** function -> labels of its steps in the kernel(s) run (ordered as declared). */
    final Map<String, Set<String>> labels = new LinkedHashMap<>();
    final Map<String, Set<String>> reached = new LinkedHashMap<>();
    final Map<String, Long> cuts = new TreeMap<>();
    final List<String> notes = new ArrayList<>();
    int runs;
    int plannedRuns;
    long states;
    long transitions;
    double seconds;
    int lostFindings;
    /** Stopped by SIGINT/SIGTERM rather than by the time limit. */
    boolean interrupted;

    void add(Map<String, Witness> into, Witness w) {
      Witness old = into.get(w.key());
      if (old == null || w.length() < old.length()) {
        into.put(w.key(), w);
      }
    }

    boolean incomplete() {
      return !cuts.isEmpty() || runs < plannedRuns || lostFindings > 0;
    }
  }

  /** One run to do: a scenario and where it came from. */
  record Run(Scenario scenario, String origin) {}

  private Lockordering() {}

  /**
   * Runs everything in {@code runs} until {@code deadline} (System.nanoTime, or
   * Long.MAX_VALUE), at most {@code maxStates} states per run (-1 for no limit).
   */
  static Result run(List<Run> runs, long maxStates, long deadlineNanos, StopFlag stop, Progress progress) {
    Result r = new Result();
    r.plannedRuns = runs.size();
    long start = System.nanoTime();
    Set<String> coveredKernels = new TreeSet<>();
    for (Run run : runs) {
      long now = System.nanoTime();
      if (stop != null && stop.isSet()) {
        r.interrupted = true;
        break;
      }
      if (now - deadlineNanos >= 0) {
        break;
      }
      KernelModel model = new KernelModel(run.scenario());
      String kernelKey = model.kernel().version() + " " + run.scenario().kernel().proxy() + " "
          + run.scenario().kernel().variants();
      if (coveredKernels.add(kernelKey)) {
        for (KStep s : model.kernel().steps()) {
          if (COVERED_FUNCTIONS.contains(s.function.name)) {
            r.labels.computeIfAbsent(s.function.name, k -> new LinkedHashSet<>()).add(s.label);
          }
        }
      }
      LockClassGraph graph = new LockClassGraph(model);
      Duration left = deadlineNanos == Long.MAX_VALUE ? null : Duration.ofNanos(Math.max(1, deadlineNanos - now));
      Limits limits = new Limits(-1, maxStates, left, false);
      if (stop != null) {
        limits = limits.stoppedBy(stop);
      }
      SearchResult sr = new BreadthFirst().run(model, graph.properties(), limits, progress);
      r.runs++;
      r.states += sr.states();
      r.transitions += sr.transitions();
      for (Map.Entry<String, Long> e : sr.cuts().entrySet()) {
        r.cuts.merge(e.getKey(), e.getValue(), Long::sum);
      }
      r.lostFindings += graph.overflow();
      r.clientDeadlocks.addAll(graph.clientDeadlocks());
      for (KStep s : graph.reached()) {
        r.reached.computeIfAbsent(s.function.name, k -> new LinkedHashSet<>()).add(s.label);
      }
      for (Found f : sr.violations()) {
        String p = f.violation().property();
        Witness w = new Witness(p, f.violation().kind(), f.violation().message(), run.origin(), model, f.path(), "");
        if (p.startsWith(LockClassGraph.EDGE) || p.startsWith(LockClassGraph.NESTING)) {
          int at = p.indexOf(LockClassGraph.AT);
          String key = p.substring(0, at);
          String site = p.substring(at + LockClassGraph.AT.length());
          Witness k = new Witness(key, w.kind(), w.message(), w.origin(), w.model(), w.path(), site);
          if (p.startsWith(LockClassGraph.EDGE)) {
            r.add(r.edges, k);
            r.add(r.sites.computeIfAbsent(key, x -> new LinkedHashMap<>()), new Witness(site, w.kind(), w.message(),
                w.origin(), w.model(), w.path(), site));
          } else {
            r.add(r.nestings, k);
          }
        } else if (p.startsWith(LockClassGraph.DEADLOCK)) {
          r.add(r.deadlocks, w);
        }
      }
    }
    r.seconds = (System.nanoTime() - start) / 1e9;
    return r;
  }

  /** The edge's classes, {@code [from, to]}, from its key {@code "edge D -> C"}. */
  static String[] endpoints(String edgeKey) {
    String s = edgeKey.substring(LockClassGraph.EDGE.length());
    int i = s.indexOf(" -> ");
    return new String[] {s.substring(0, i), s.substring(i + 4)};
  }

  /** A lockdep class without its nesting subclass ({@code rq_lock/1} is {@code rq_lock}). */
  static String base(String cls) {
    int i = cls.indexOf('/');
    return i < 0 ? cls : cls.substring(0, i);
  }

  /** Whether an edge from -> to is forbidden by {@code order}: both ordered, to before from. */
  static boolean forbids(List<String> order, String from, String to) {
    int i = order.indexOf(base(from));
    int j = order.indexOf(base(to));
    return i >= 0 && j >= 0 && j < i;
  }

  /**
   * Every elementary cycle of the graph (as class lists, each starting at its smallest
   * class), at most {@code max}.
   */
  static List<List<String>> cycles(Set<String> edgeKeys, int max) {
    Map<String, List<String>> succ = new TreeMap<>();
    for (String k : edgeKeys) {
      String[] e = endpoints(k);
      succ.computeIfAbsent(e[0], x -> new ArrayList<>()).add(e[1]);
      succ.computeIfAbsent(e[1], x -> new ArrayList<>());
    }
    List<List<String>> out = new ArrayList<>();
    for (String start : succ.keySet()) {
      List<String> path = new ArrayList<>();
      path.add(start);
      walk(start, start, succ, path, out, max);
    }
    return out;
  }

  private static void walk(String start, String at, Map<String, List<String>> succ, List<String> path,
      List<List<String>> out, int max) {
    for (String n : succ.get(at)) {
      if (out.size() >= max) {
        return;
      }
      if (n.equals(start)) {
        out.add(List.copyOf(path));
      } else if (n.compareTo(start) > 0 && !path.contains(n)) {
        path.add(n);
        walk(start, n, succ, path, out, max);
        path.remove(path.size() - 1);
      }
    }
  }
}
