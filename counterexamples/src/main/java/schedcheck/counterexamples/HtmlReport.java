package schedcheck.counterexamples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StepInfo;

/**
 * {@code check --report FILE.html}: one self-contained page (no network, no external
 * scripts; the template is {@code report.mustache}): swim lanes per cpu as SVG (steps
 * coloured by task, kernel steps marked, racing and variant-changed steps outlined), a step
 * slider with keyboard stepping (left/right, home/end) that shows the full state after each
 * step, the wait-for graph at the last state, the compact timeline and the explanation.
 * {@code #last} or {@code #step=N} in the address opens that step.
 */
public final class HtmlReport {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Mustache TEMPLATE =
      new DefaultMustacheFactory("schedcheck/counterexamples").compile("report.mustache");

  private HtmlReport() {}

  /** The page for a violation shown with {@code trace}. */
  public static String of(KernelModel model, Trace trace, Violation v) {
    return of(model, trace, v, -1);
  }

  /**
   * The page for a violation shown with {@code trace}; when {@code loopStart >= 0} the trace
   * is a lasso whose steps after the first {@code loopStart} repeat for ever: the page says so
   * ({@code <p id="loop">}) and highlights the loop's steps in the lanes.
   */
  public static String of(KernelModel model, Trace trace, Violation v, int loopStart) {
    Layout layout = model.layout();
    ObjectNode data = F.objectNode();
    data.put("scenario", layout.scenario.name());
    data.put("cpus", layout.cpus);
    ArrayNode tasks = data.putArray("tasks");
    for (int t = 0; t < layout.tasks; t++) {
      tasks.add(layout.taskName(t));
    }
    data.put("property", v.property());
    data.put("kind", v.kind());
    data.put("message", v.message());
    data.set("initial", StateJson.of(model, trace.initial()));
    data.put("loop_start", loopStart >= 0 && loopStart < trace.length() ? loopStart : -1);
    Map<Integer, String> marks = Marks.of(model, trace, v);
    ArrayNode steps = data.putArray("steps");
    for (int i = 0; i < trace.length(); i++) {
      StepInfo s = trace.steps().get(i).step();
      ObjectNode n = steps.addObject();
      n.put("n", i + 1);
      n.put("cpu", s.cpu());
      n.put("task", s.task() < layout.tasks ? s.task() : -1);
      n.put("who", Names.task(layout, s.task()));
      n.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
      n.put("text", s.text());
      n.put("note", s.note());
      n.put("detail", StepDetails.of(model, trace, i));
      n.put("mark", marks.getOrDefault(i, ""));
      n.put("loop", loopStart >= 0 && i >= loopStart);
      n.set("state", StateJson.of(model, trace.steps().get(i).after()));
    }
    ArrayNode words = data.putArray("explanation");
    Explanation.of(model, trace, v).forEach(words::add);
    String json;
    try {
      json = new ObjectMapper().writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", layout.scenario.name() + ": violated: " + v.property());
    scope.put("message", v.message());
    if (loopStart >= 0 && loopStart < trace.length()) {
      scope.put("loop", Map.of("first", loopStart + 1, "last", trace.length(), "label", loopLabel(loopStart, trace.length())));
    }
    scope.put("timeline", new CompactRenderer(120).table(model, trace, marks));
    scope.put("waitfor", Dot.waitFor(model, trace.last(), layout.scenario.name()));
    scope.put("explanation", List.copyOf(Explanation.of(model, trace, v)));
    // inside <script>: no "</" may end the element early
    scope.put("data", json.replace("</", "<\\/"));
    StringWriter w = new StringWriter();
    TEMPLATE.execute(w, scope);
    return w.toString();
  }

  /** The label of a lasso's loop, e.g. {@code loop: steps 5..9 repeat for ever (...)}. */
  public static String loopLabel(int loopStart, int length) {
    return "loop: steps " + (loopStart + 1) + ".." + length + " repeat for ever ("
        + (loopStart == 0 ? "no prefix" : "the prefix is steps 1.." + loopStart) + "; step " + length
        + " returns to " + (loopStart == 0 ? "the initial state" : "the state after step " + loopStart) + ")";
  }
}
