package schedcheck.counterexamples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import schedcheck.checker.Found;
import schedcheck.checker.Path;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StepInfo;

/**
 * The {@code --json} result of checking one scenario (the contract's "Results" section).
 * Fields, always present and in this order: {@code scenario}, {@code verdict}
 * ({@code holds|violated|incomplete}), {@code property}, {@code kind}, {@code message}
 * (null unless violated), {@code strategy}, {@code states}, {@code transitions},
 * {@code depth}, {@code seconds}, {@code cuts} (bound to count, sorted; empty when complete),
 * {@code initial_state}, {@code trace} (null unless violated; see {@link #traceJson}) and
 * {@code witnesses} (label and trace of each witness execution).
 */
public final class JsonReport {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonReport() {}

  /**
   * The report for one scenario. Replays the first violation's path (and its witnesses)
   * itself.
   */
  public static ObjectNode of(KernelModel model, String scenarioName, SearchResult result) {
    Found found = result.firstViolation();
    Trace trace = found == null ? null : Trace.replay(model, found.path());
    return of(model, scenarioName, result, trace);
  }

  /**
   * The report for one scenario, with {@code traceOrNull} as the violation's trace (for
   * example a minimized one). Witness executions are replayed from the result.
   */
  public static ObjectNode of(KernelModel model, String scenarioName, SearchResult result, Trace traceOrNull) {
    ObjectNode o = F.objectNode();
    o.put("scenario", scenarioName);
    o.put("verdict", result.verdict().word());
    Found found = result.firstViolation();
    Violation v = found == null ? null : found.violation();
    putOrNull(o, "property", v == null ? null : v.property());
    putOrNull(o, "kind", v == null ? null : v.kind());
    putOrNull(o, "message", v == null ? null : v.message());
    o.put("strategy", result.strategy());
    o.put("states", result.states());
    o.put("transitions", result.transitions());
    o.put("depth", result.maxDepth());
    o.put("seconds", Math.round(result.seconds() * 1000.0) / 1000.0);
    ObjectNode cuts = o.putObject("cuts");
    for (Map.Entry<String, Long> e : new TreeMap<>(result.cuts()).entrySet()) {
      cuts.put(e.getKey(), e.getValue().longValue());
    }
    if (traceOrNull == null) {
      o.putNull("initial_state");
      o.putNull("trace");
    } else {
      o.set("initial_state", StateJson.of(model, traceOrNull.initial()));
      o.set("trace", traceJson(model, traceOrNull));
    }
    ArrayNode witnesses = o.putArray("witnesses");
    if (found != null) {
      List<Path> paths = found.witnessPaths();
      List<String> labels = witnessLabels(v, paths.size());
      for (int i = 0; i < paths.size(); i++) {
        ObjectNode w = witnesses.addObject();
        w.put("label", labels.get(i));
        w.set("trace", traceJson(model, Trace.replay(model, paths.get(i))));
      }
    }
    return o;
  }

  /**
   * A trace as an array of steps in order, each with: {@code step} (1-based), {@code index}
   * (its position among the successors, as in the path), {@code task} (name, null for an
   * idle cpu), {@code cpu}, {@code kind} ({@code user|kernel|sched|exit}), {@code text},
   * {@code note}, {@code locks} (held by the task after the step) and {@code state} (the state
   * it leads to, see {@link StateJson}).
   */
  public static ArrayNode traceJson(KernelModel model, Trace trace) {
    Layout layout = model.layout();
    ArrayNode a = F.arrayNode();
    int[] idx = trace.path().steps();
    for (int i = 0; i < trace.length(); i++) {
      Trace.Step s = trace.steps().get(i);
      StepInfo info = s.step();
      ObjectNode n = a.addObject();
      n.put("step", i + 1);
      n.put("index", idx[i]);
      putOrNull(n, "task", info.task() < 0 ? null : layout.taskName(info.task()));
      n.put("cpu", info.cpu());
      n.put("kind", info.kind().name().toLowerCase(Locale.ROOT));
      n.put("text", info.text());
      n.put("note", info.note());
      n.set("locks", StateJson.lockNames(layout, s.after(), info.task()));
      n.set("state", StateJson.of(model, s.after()));
    }
    return a;
  }

  /** The JSON text: one line, or indented when {@code pretty}. */
  public static String write(ObjectNode report, boolean pretty) {
    try {
      return pretty
          ? MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report)
          : MAPPER.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree: " + e.getMessage(), e);
    }
  }

  private static void putOrNull(ObjectNode o, String field, String value) {
    if (value == null) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }

  /** The labels of a violation's witnesses, padded to {@code n} entries. */
  static List<String> witnessLabels(Violation v, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(v != null && i < v.witnesses().size() ? v.witnesses().get(i).label() : "witness " + (i + 1));
    }
    return out;
  }
}
