package schedcheck.counterexamples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.Scenario;

/**
 * A counterexample saved for replay ({@code check --trace-out DIR}, {@code schedcheck replay}):
 * a versioned JSON document with the scenario's name, file and SHA-256, the kernel variants,
 * the violation, the schedule (each step's cpu, task, kind, text and note, which identify it
 * among a state's successors) with the successor indices, witness schedules for a cycle over
 * several executions, and the final state. Its JSON Schema is {@code
 * /schedcheck-trace.schema.json} in this module's resources.
 */
public final class TraceFile {
  /** The format's name, the document's {@code schema} field. */
  public static final String SCHEMA = "schedcheck-trace";
  /** The format's version, the document's {@code version} field. */
  public static final int VERSION = 1;
  /** The schema's resource path. */
  public static final String SCHEMA_RESOURCE = "/schedcheck-trace.schema.json";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private TraceFile() {}

  /** The trace document of a violation shown with {@code trace} (and its witnesses, possibly none). */
  public static ObjectNode of(KernelModel model, String scenarioFile, byte[] scenarioBytes, Violation v, Trace trace,
      List<Trace> witnesses) {
    return of(model, scenarioFile, scenarioBytes, v, trace, witnesses, -1);
  }

  /**
   * The trace document of a violation shown with {@code trace}; when {@code loopStart >= 0}
   * the execution is a lasso: its first {@code loopStart} steps are the prefix, the rest the
   * loop that returns to the state after the prefix (the document's {@code loop_start}; its
   * {@code final} state is the loop's entry).
   */
  public static ObjectNode of(KernelModel model, String scenarioFile, byte[] scenarioBytes, Violation v, Trace trace,
      List<Trace> witnesses, int loopStart) {
    Scenario sc = model.layout().scenario;
    ObjectNode o = F.objectNode();
    o.put("schema", SCHEMA);
    o.put("version", VERSION);
    ObjectNode s = o.putObject("scenario");
    s.put("name", sc.name());
    s.put("file", scenarioFile);
    s.put("sha256", sha256(scenarioBytes));
    ObjectNode k = o.putObject("kernel");
    k.put("detail", "steps");
    k.put("proxy", sc.kernel().proxy());
    ArrayNode vs = k.putArray("variants");
    sc.kernel().variants().forEach(vs::add);
    ObjectNode vo = o.putObject("violation");
    vo.put("property", v.property());
    vo.put("kind", v.kind());
    vo.put("message", v.message());
    o.set("execution", execution(model, trace));
    if (loopStart >= 0) {
      o.put("loop_start", loopStart);
    }
    ArrayNode ws = o.putArray("witnesses");
    for (Trace w : witnesses) {
      ws.add(execution(model, w));
    }
    o.set("final", StateJson.of(model, trace.last()));
    return o;
  }

  private static ObjectNode execution(KernelModel model, Trace trace) {
    Layout layout = model.layout();
    ObjectNode e = F.objectNode();
    e.put("initial", trace.path().initial());
    ArrayNode a = e.putArray("schedule");
    int[] idx = trace.path().steps();
    for (int i = 0; i < trace.length(); i++) {
      StepInfo info = trace.steps().get(i).step();
      ObjectNode n = a.addObject();
      n.put("cpu", info.cpu());
      if (info.task() < 0) {
        n.putNull("task");
      } else {
        n.put("task", layout.taskName(info.task()));
      }
      n.put("kind", info.kind().name().toLowerCase(Locale.ROOT));
      n.put("text", info.text());
      n.put("note", info.note());
      n.put("index", idx[i]);
    }
    return e;
  }

  /** The steps of an execution object ({@code execution} or a witness) as step identities. */
  public static List<StepInfo> schedule(KernelModel model, JsonNode execution) {
    Layout layout = model.layout();
    List<StepInfo> out = new ArrayList<>();
    for (JsonNode n : execution.path("schedule")) {
      int task = -1;
      if (!n.path("task").isNull()) {
        String name = n.path("task").asText();
        for (int t = 0; t < layout.tasks; t++) {
          if (layout.taskName(t).equals(name)) {
            task = t;
          }
        }
        if (task < 0) {
          throw new IllegalArgumentException("step " + (out.size() + 1) + " names task '" + name
              + "', which the scenario does not have");
        }
      }
      StepInfo.Kind kind;
      try {
        kind = StepInfo.Kind.valueOf(n.path("kind").asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("step " + (out.size() + 1) + " has an unknown kind '"
            + n.path("kind").asText() + "'");
      }
      out.add(new StepInfo(n.path("cpu").asInt(), task, kind, n.path("text").asText(), n.path("note").asText(),
          List.of()));
    }
    return out;
  }

  /** The SHA-256 of some bytes, in hex. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SHA-256 of a text's UTF-8 bytes. */
  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** What a step changed, as {@code field: old -> new} lines over the state's JSON form. */
  public static List<String> changes(KernelModel model, KState before, KState after) {
    Map<String, String> a = new LinkedHashMap<>();
    Map<String, String> b = new LinkedHashMap<>();
    flatten("", StateJson.of(model, before), a);
    flatten("", StateJson.of(model, after), b);
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : b.entrySet()) {
      String old = a.get(e.getKey());
      if (old == null && "null".equals(e.getValue())) {
        continue;
      }
      if (old == null && a.keySet().stream().anyMatch(x -> e.getKey().startsWith(x + ".") && "null".equals(a.get(x)))) {
        old = "null";
      }
      if (old == null || !old.equals(e.getValue())) {
        out.add(e.getKey() + ": " + (old == null ? "-" : old) + " -> " + e.getValue());
      }
    }
    for (String key : a.keySet()) {
      if (!b.containsKey(key) && b.keySet().stream().noneMatch(x -> x.startsWith(key + "."))) {
        out.add(key + ": " + a.get(key) + " -> -");
      }
    }
    return out;
  }

  /** Objects flatten to dotted keys (array elements named by their cpu, task or bucket); other values stay whole. */
  private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (n.isArray() && n.size() > 0 && n.get(0).isObject()) {
      for (int i = 0; i < n.size(); i++) {
        JsonNode el = n.get(i);
        String id = el.has("name") ? el.get("name").asText() : el.has("task") && el.get("task").isTextual()
            ? el.get("task").asText() : el.has("cpu") ? "cpu" + el.get("cpu").asText()
            : el.has("bucket") ? el.get("bucket").asText() : el.has("mutex") ? el.get("mutex").asText() : String.valueOf(i);
        flatten(prefix + "." + id, el, out);
      }
    } else {
      out.put(prefix, n.toString());
    }
  }
}
