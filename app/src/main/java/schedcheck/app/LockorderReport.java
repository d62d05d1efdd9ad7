package schedcheck.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import schedcheck.counterexamples.JsonReport;
import schedcheck.counterexamples.TimelineRenderer;
import schedcheck.counterexamples.Trace;
import schedcheck.model.clients.ClientGenerator;
import schedcheck.properties.LockClassGraph;

/** The answer of {@code schedcheck lockorder}: text, JSON, DOT and the exit status. */
final class LockorderReport {
  private static final int MAX_CYCLES = 50;

  private final LockorderCommand.Question q;
  private final Lockordering.Result r;
  private final List<Lockordering.Witness> forbidden = new ArrayList<>();
  private final List<List<String>> cycles;
  private final List<Lockordering.Witness> kernelDeadlocks = new ArrayList<>();

  LockorderReport(LockorderCommand.Question q, Lockordering.Result r) {
    this.q = q;
    this.r = r;
    for (Lockordering.Witness w : r.edges.values()) {
      String[] e = Lockordering.endpoints(w.key());
      if (Lockordering.forbids(q.order(), e[0], e[1])) {
        forbidden.add(w);
      }
    }
    this.cycles = Lockordering.cycles(r.edges.keySet(), MAX_CYCLES);
    kernelDeadlocks.addAll(r.deadlocks.values());
  }

  boolean violated() {
    return !forbidden.isEmpty() || !r.nestings.isEmpty() || !cycles.isEmpty() || !kernelDeadlocks.isEmpty();
  }

  int status() {
    if (violated()) {
      return Main.VIOLATED;
    }
    return r.incomplete() ? Main.INCOMPLETE : Main.HOLDS;
  }

  String verdict() {
    return violated() ? "violated" : r.incomplete() ? "incomplete" : "holds";
  }

  /** What was cut, for a person; empty when nothing was. */
  List<String> cutLines() {
    List<String> out = new ArrayList<>();
    if (r.runs < r.plannedRuns) {
      out.add((r.plannedRuns - r.runs) + " of " + r.plannedRuns + " runs not started ("
          + (r.interrupted ? "interrupted" : "time") + ")");
    }
    for (Map.Entry<String, Long> e : r.cuts.entrySet()) {
      out.add(e.getKey() + ": " + String.format("%,d", e.getValue()) + " states or steps cut");
    }
    if (r.lostFindings > 0) {
      out.add(r.lostFindings + " findings lost (a single step with more than one can report)");
    }
    return out;
  }

  private String allowed(String from, String to) {
    return allowed(q.order(), from, to);
  }

  static String allowed(List<String> order, String from, String to) {
    if (Lockordering.base(from).equals(Lockordering.base(to))) {
      return "nested";
    }
    if (Lockordering.forbids(order, from, to)) {
      return "FORBIDDEN";
    }
    boolean both = order.contains(Lockordering.base(from)) && order.contains(Lockordering.base(to));
    return both ? "allowed" : "not ordered";
  }

  private String clients() {
    ClientGenerator.Bounds b = q.generator().bounds();
    return n(b.tasks(), "task") + " on " + n(b.cpus(), "cpu") + ", " + n(b.mutexes(), "mutex") + ", "
        + n(b.words(), "futex word") + ", programs of up to " + n(b.ops(), "operation") + ", "
        + (q.generator().allPlacements() ? "every placement on the cpus" : "task i on cpu i mod cpus");
  }

  private static String n(int count, String what) {
    return count + " " + what + (count == 1 ? "" : what.endsWith("x") ? "es" : "s");
  }

  // ------------------------------------------------------------------ text

  String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("lockorder: ").append(q.orderText()).append('\n');
    sb.append("kernel: ").append(q.kernel()).append('\n');
    sb.append("clients: ").append(clients()).append(" (symmetric combinations once)\n");
    if (q.pathText() != null) {
      sb.append("new path: task '").append(LockorderCommand.PATH_TASK).append("' on cpu")
          .append(q.generator().bounds().tasks() % q.generator().bounds().cpus()).append(": ")
          .append(q.pathProgram().strip().replace("\n", "; ")).append('\n');
    }
    sb.append(String.format("explored: %d of %d runs, %,d states, %,d transitions, %.1f s%n", r.runs, r.plannedRuns,
        r.states, r.transitions, r.seconds));
    sb.append('\n');
    sb.append("lock-class graph: ").append(r.edges.size()).append(" edges, each with its first witness (the shortest")
        .append(" execution that takes it)\n");
    int w1 = 10;
    for (String k : r.edges.keySet()) {
      w1 = Math.max(w1, k.length() - LockClassGraph.EDGE.length());
    }
    for (Lockordering.Witness w : r.edges.values()) {
      String[] e = Lockordering.endpoints(w.key());
      String edge = e[0] + " -> " + e[1];
      sb.append(String.format("  %-" + w1 + "s  %-11s  %s  [%d steps; %s]%n", edge, allowed(e[0], e[1]), w.message(),
          w.length(), w.origin()));
      sb.append(String.format("  %-" + w1 + "s  %-11s  taken at: %s%n", "", "",
          String.join(", ", r.sites.getOrDefault(w.key(), Map.of()).keySet())));
    }
    if (q.compare() != null) {
      sb.append('\n').append(compareTable());
    }
    sb.append('\n');
    if (forbidden.isEmpty()) {
      sb.append("edges against the order: none\n");
    } else {
      sb.append("edges against the order: ").append(forbidden.size()).append('\n');
      for (Lockordering.Witness w : forbidden) {
        String[] e = Lockordering.endpoints(w.key());
        Map<String, Lockordering.Witness> at = r.sites.getOrDefault(w.key(), Map.of());
        sb.append('\n').append("edge ").append(e[0]).append(" -> ").append(e[1]).append(" contradicts the order (")
            .append(Lockordering.base(e[1])).append(" before ").append(Lockordering.base(e[0])).append("), taken at ")
            .append(at.size()).append(at.size() == 1 ? " site: " : " sites: ").append(String.join(", ", at.keySet()))
            .append('\n');
        for (Lockordering.Witness s : at.values()) {
          sb.append("\n  at ").append(s.site()).append(": ").append(s.message()).append('\n');
          sb.append(witness(s));
        }
      }
    }
    for (Lockordering.Witness w : r.nestings.values()) {
      sb.append('\n').append("two ").append(w.key().substring(LockClassGraph.NESTING.length()))
          .append(" locks nested out of ascending order, without a nesting annotation, at ").append(w.site()).append(": ")
          .append(w.message()).append('\n');
      sb.append(witness(w));
    }
    sb.append('\n');
    if (cycles.isEmpty()) {
      sb.append("cycles (possible deadlocks): none\n");
    } else {
      sb.append("cycles (possible deadlocks, whether or not an execution deadlocked): ").append(cycles.size())
          .append(cycles.size() >= MAX_CYCLES ? " (the first " + MAX_CYCLES + ")" : "").append('\n');
      for (List<String> c : cycles) {
        sb.append('\n').append(cycleScenario(c));
      }
    }
    sb.append('\n');
    if (kernelDeadlocks.isEmpty()) {
      sb.append("deadlocks found: none\n");
    } else {
      sb.append("deadlocks found: ").append(kernelDeadlocks.size()).append('\n');
      for (Lockordering.Witness w : kernelDeadlocks) {
        sb.append('\n').append("deadlock: ").append(w.message()).append('\n').append(witness(w));
      }
    }
    if (!r.clientDeadlocks.isEmpty()) {
      sb.append("client deadlocks (generated programs locking mutexes in opposite orders; no kernel lock): ")
          .append(r.clientDeadlocks.size()).append(", e.g. ").append(r.clientDeadlocks.iterator().next()).append('\n');
    }
    sb.append('\n').append(coverageText());
    sb.append('\n').append("verdict: ").append(verdict());
    List<String> cut = cutLines();
    if (!cut.isEmpty()) {
      sb.append("  (cut: ").append(String.join("; ", cut)).append(")");
    }
    sb.append('\n');
    return sb.toString();
  }

  private String witness(Lockordering.Witness w) {
    Trace t = Trace.replay(w.model(), w.path());
    StringBuilder sb = new StringBuilder();
    sb.append("  shortest witness (").append(w.length()).append(" steps), clients: ").append(w.origin()).append('\n');
    sb.append(new TimelineRenderer().table(w.model(), t));
    if (sb.charAt(sb.length() - 1) != '\n') {
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Lockdep's "possible unsafe locking scenario" for a cycle c0 -> c1 -> ... -> c0, one cpu per edge. */
  String cycleScenario(List<String> c) {
    StringBuilder sb = new StringBuilder();
    sb.append("cycle: ").append(String.join(" -> ", c)).append(" -> ").append(c.get(0)).append('\n');
    for (int i = 0; i < c.size(); i++) {
      String from = c.get(i);
      String to = c.get((i + 1) % c.size());
      Lockordering.Witness w = r.edges.get(LockClassGraph.EDGE + from + " -> " + to);
      sb.append("  ").append(from).append(" -> ").append(to).append(" (at ")
          .append(String.join(", ", r.sites.getOrDefault(LockClassGraph.EDGE + from + " -> " + to, Map.of()).keySet()))
          .append("): ").append(w == null ? "?" : w.message() + "  [" + w.length() + " steps; " + w.origin() + "]")
          .append('\n');
    }
    int n = c.size();
    int col = 26;
    sb.append("\n  Possible unsafe locking scenario:\n\n");
    StringBuilder head = new StringBuilder("  ");
    StringBuilder dash = new StringBuilder("  ");
    for (int i = 0; i < n; i++) {
      head.append(String.format("%-" + col + "s", "      CPU" + i));
      dash.append(String.format("%-" + col + "s", "      ----"));
    }
    sb.append(head.toString().stripTrailing()).append('\n').append(dash.toString().stripTrailing()).append('\n');
    // First every cpu takes its first lock, then every cpu asks for the next one.
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < n; i++) {
        String lock = round == 0 ? c.get(i) : c.get((i + 1) % n);
        sb.append("  ").append(" ".repeat(col * i)).append("  lock(").append(lock).append(");\n");
      }
    }
    sb.append("\n   *** DEADLOCK ***\n");
    return sb.toString();
  }

  private String compareTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("compare: A = ").append(q.orderText()).append('\n');
    sb.append("         B = ").append(q.compareText()).append('\n');
    int w1 = 10;
    for (String k : r.edges.keySet()) {
      w1 = Math.max(w1, k.length() - LockClassGraph.EDGE.length());
    }
    sb.append(String.format("  %-" + w1 + "s  %-11s  %s%n", "edge", "A", "B"));
    int onlyA = 0;
    int onlyB = 0;
    for (String k : r.edges.keySet()) {
      String[] e = Lockordering.endpoints(k);
      String a = allowed(q.order(), e[0], e[1]);
      String b = allowed(q.compare(), e[0], e[1]);
      onlyA += a.equals("FORBIDDEN") && !b.equals("FORBIDDEN") ? 1 : 0;
      onlyB += b.equals("FORBIDDEN") && !a.equals("FORBIDDEN") ? 1 : 0;
      sb.append(String.format("  %-" + w1 + "s  %-11s  %-11s%s", e[0] + " -> " + e[1], a, b,
          a.equals(b) ? "" : "  <- differs").stripTrailing()).append('\n');
    }
    sb.append("  A forbids ").append(onlyA).append(" observed edges that B allows; B forbids ").append(onlyB)
        .append(" that A allows\n");
    return sb.toString();
  }

  private String coverageText() {
    StringBuilder sb = new StringBuilder("coverage: kernel step labels reached\n");
    for (Map.Entry<String, Set<String>> e : r.labels.entrySet()) {
      Set<String> got = r.reached.getOrDefault(e.getKey(), Set.of());
      List<String> missing = missing(e.getKey());
      sb.append(String.format("  %-16s %2d/%-2d %s", e.getKey(), e.getValue().size() - missing.size(),
          e.getValue().size(), missing.isEmpty() ? "" : " never reached: " + String.join(", ", missing))
          .stripTrailing()).append('\n');
    }
    if (r.labels.isEmpty()) {
      sb.append("  (nothing ran)\n");
    }
    return sb.toString();
  }

  /** The labels of {@code function} never reached. */
  List<String> missing(String function) {
    Set<String> got = r.reached.getOrDefault(function, Set.of());
    List<String> out = new ArrayList<>();
    for (String l : r.labels.getOrDefault(function, Set.of())) {
      if (!got.contains(l)) {
        out.add(l);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ dot

  String dot() {
    StringBuilder sb = new StringBuilder("digraph lockorder {\n  rankdir=LR;\n");
    for (Lockordering.Witness w : r.edges.values()) {
      String[] e = Lockordering.endpoints(w.key());
      boolean bad = Lockordering.forbids(q.order(), e[0], e[1]);
      sb.append("  \"").append(e[0]).append("\" -> \"").append(e[1]).append("\" [label=\"")
          .append(w.message().replace("\"", "'")).append("\"").append(bad ? ", color=red, fontcolor=red" : "")
          .append("];\n");
    }
    sb.append("}\n");
    return sb.toString();
  }

  // ------------------------------------------------------------------ json

  String json() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("verdict", verdict());
    ArrayNode order = o.putArray("order");
    q.order().forEach(order::add);
    if (q.compare() != null) {
      ArrayNode c = o.putArray("compare");
      q.compare().forEach(c::add);
    }
    o.put("kernel", q.kernel());
    ClientGenerator.Bounds b = q.generator().bounds();
    ObjectNode cl = o.putObject("clients");
    cl.put("tasks", b.tasks());
    cl.put("cpus", b.cpus());
    cl.put("mutexes", b.mutexes());
    cl.put("words", b.words());
    cl.put("ops", b.ops());
    cl.put("placements", q.generator().allPlacements() ? "all" : "spread");
    if (q.pathProgram() != null) {
      o.put("path", q.pathProgram().strip().replace("\n", "; "));
    }
    o.put("runs", r.runs);
    o.put("plannedRuns", r.plannedRuns);
    o.put("states", r.states);
    o.put("transitions", r.transitions);
    o.put("seconds", r.seconds);
    ObjectNode cuts = o.putObject("cuts");
    r.cuts.forEach(cuts::put);
    if (r.runs < r.plannedRuns) {
      cuts.put("runs", r.plannedRuns - r.runs);
    }
    ArrayNode edges = o.putArray("edges");
    for (Lockordering.Witness w : r.edges.values()) {
      String[] e = Lockordering.endpoints(w.key());
      ObjectNode n = edges.addObject();
      n.put("from", e[0]);
      n.put("to", e[1]);
      n.put("order", allowed(e[0], e[1]));
      if (q.compare() != null) {
        n.put("compare", allowed(q.compare(), e[0], e[1]));
      }
      boolean bad = Lockordering.forbids(q.order(), e[0], e[1]);
      n.set("witness", witnessJson(w, bad));
      ArrayNode sites = n.putArray("sites");
      for (Lockordering.Witness s : r.sites.getOrDefault(w.key(), Map.of()).values()) {
        ObjectNode sn = witnessJson(s, bad);
        sn.put("site", s.site());
        sites.add(sn);
      }
    }
    ArrayNode nest = o.putArray("nestings");
    for (Lockordering.Witness w : r.nestings.values()) {
      ObjectNode n = nest.addObject();
      n.put("class", w.key().substring(LockClassGraph.NESTING.length()));
      n.put("site", w.site());
      n.set("witness", witnessJson(w, true));
    }
    ArrayNode cyc = o.putArray("cycles");
    for (List<String> c : cycles) {
      ObjectNode n = cyc.addObject();
      ArrayNode cls = n.putArray("classes");
      c.forEach(cls::add);
      n.put("scenario", cycleScenario(c));
    }
    ArrayNode dl = o.putArray("deadlocks");
    for (Lockordering.Witness w : kernelDeadlocks) {
      dl.add(witnessJson(w, true));
    }
    ArrayNode cd = o.putArray("clientDeadlocks");
    r.clientDeadlocks.forEach(cd::add);
    ObjectNode cov = o.putObject("coverage");
    for (Map.Entry<String, Set<String>> e : r.labels.entrySet()) {
      ObjectNode f = cov.putObject(e.getKey());
      ArrayNode got = f.putArray("reached");
      List<String> miss = missing(e.getKey());
      for (String l : e.getValue()) {
        if (!miss.contains(l)) {
          got.add(l);
        }
      }
      ArrayNode mi = f.putArray("missing");
      miss.forEach(mi::add);
    }
    return JsonReport.write(o, false);
  }

  private ObjectNode witnessJson(Lockordering.Witness w, boolean withTrace) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("message", w.message());
    n.put("clients", w.origin());
    n.put("steps", w.length());
    if (withTrace) {
      n.set("trace", JsonReport.traceJson(w.model(), Trace.replay(w.model(), w.path())));
    }
    return n;
  }

  /** Counts per verdict part, for tests. */
  Map<String, Integer> counts() {
    Map<String, Integer> c = new LinkedHashMap<>();
    c.put("edges", r.edges.size());
    c.put("forbidden", forbidden.size());
    c.put("cycles", cycles.size());
    c.put("deadlocks", kernelDeadlocks.size());
    return c;
  }

  List<Lockordering.Witness> forbidden() {
    return forbidden;
  }

  List<List<String>> cycles() {
    return cycles;
  }

  List<Lockordering.Witness> kernelDeadlocks() {
    return kernelDeadlocks;
  }
}
