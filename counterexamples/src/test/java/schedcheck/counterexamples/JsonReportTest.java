package schedcheck.counterexamples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import schedcheck.checker.Found;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;
import schedcheck.model.kernel.KernelModel;

class JsonReportTest {
  private final KernelModel model = new KernelModel(Fixtures.f1());
  private final Fixtures.Stuck stuck = Fixtures.findStuck(model);

  private SearchResult violated() {
    return new SearchResult("bfs", Verdict.VIOLATED,
        List.of(new Found(TimelineRendererTest.LOST, stuck.path(), List.of())),
        141, 229, 15, 0.01234, Map.of());
  }

  private static List<String> fields(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  @Test
  void violationHasTheContractFields() {
    ObjectNode o = JsonReport.of(model, "f1-lost-wakeup", violated());
    assertEquals(List.of("scenario", "verdict", "property", "kind", "message", "strategy", "states", "transitions",
        "depth", "seconds", "cuts", "initial_state", "trace", "witnesses"), fields(o));
    assertEquals("f1-lost-wakeup", o.get("scenario").asText());
    assertEquals("violated", o.get("verdict").asText());
    assertEquals("lost-wakeup", o.get("property").asText());
    assertTrue(o.get("message").isTextual());
    assertTrue(o.get("states").isIntegralNumber());
    assertEquals(141, o.get("states").asLong());
    assertTrue(o.get("transitions").isIntegralNumber());
    assertTrue(o.get("depth").isInt());
    assertTrue(o.get("seconds").isNumber());
    assertEquals(0.012, o.get("seconds").asDouble(), 1e-9);
    assertTrue(o.get("cuts").isObject() && o.get("cuts").isEmpty());

    JsonNode trace = o.get("trace");
    assertTrue(trace.isArray());
    assertEquals(stuck.path().length(), trace.size());
    for (int i = 0; i < trace.size(); i++) {
      JsonNode s = trace.get(i);
      assertEquals(List.of("step", "index", "task", "cpu", "kind", "text", "note", "locks", "state"), fields(s));
      assertEquals(i + 1, s.get("step").asInt());
      assertTrue(s.get("step").isInt() && s.get("cpu").isInt() && s.get("index").isInt());
      assertTrue(s.get("task").isTextual() || s.get("task").isNull());
      assertTrue(s.get("text").isTextual() && s.get("note").isTextual());
      assertTrue(s.get("locks").isArray());
      assertEquals(List.of("cpus", "tasks", "memory", "futex", "locks", "mutexes", "blocked_on_chains", "preemptions", "fault"),
          fields(s.get("state")));
    }
    boolean w3 = false;
    for (JsonNode s : trace) {
      if (s.get("text").asText().startsWith("futex_wait W3")) {
        w3 = true;
        assertEquals("t2", s.get("task").asText());
        assertEquals(1, s.get("cpu").asInt());
        assertEquals("kernel", s.get("kind").asText());
        assertEquals("hb(w).lock", s.get("locks").get(0).asText());
      }
    }
    assertTrue(w3, "the trace has W3");

    JsonNode last = trace.get(trace.size() - 1).get("state");
    assertEquals(1, last.get("memory").get("w").asInt());
    assertTrue(last.get("memory").get("w").isInt());
    JsonNode t2 = last.get("tasks").get(1);
    assertEquals("t2", t2.get("name").asText());
    assertEquals("INTERRUPTIBLE", t2.get("state").asText());
    assertEquals(0, t2.get("on_rq").asInt());
    assertEquals("w", t2.get("futex_wait").get("word").asText());
    assertEquals(0, t2.get("futex_wait").get("val").asInt());
    assertTrue(t2.get("futex_wait").get("queued").asBoolean());
    assertEquals("futex_wait W6", t2.get("kernel").get(0).asText());
    assertTrue(last.get("cpus").get(0).get("curr").isNull());
    assertEquals("DEAD", last.get("tasks").get(0).get("state").asText());
  }

  @Test
  void outputIsDeterministicAndParses() throws Exception {
    String a = JsonReport.write(JsonReport.of(model, "f1", violated()), false);
    String b = JsonReport.write(JsonReport.of(model, "f1", violated(), Trace.replay(model, stuck.path())), false);
    assertEquals(a, b);
    assertTrue(!a.contains("\n"));
    JsonNode back = new ObjectMapper().readTree(JsonReport.write(JsonReport.of(model, "f1", violated()), true));
    assertEquals(new ObjectMapper().readTree(a), back);
  }

  @Test
  void holdsAndIncomplete() {
    ObjectNode holds = JsonReport.of(model, "x",
        new SearchResult("dfs", Verdict.HOLDS, List.of(), 10, 12, 4, 0.5, Map.of()));
    assertEquals("holds", holds.get("verdict").asText());
    assertTrue(holds.get("property").isNull());
    assertTrue(holds.get("trace").isNull());
    assertEquals("dfs", holds.get("strategy").asText());

    ObjectNode inc = JsonReport.of(model, "x",
        new SearchResult("bfs", Verdict.INCOMPLETE, List.of(), 10, 12, 4, 0.5,
            Map.of("preemptions", 3L, "depth", 7L)));
    assertEquals("incomplete", inc.get("verdict").asText());
    assertEquals(List.of("depth", "preemptions"), fields(inc.get("cuts")));
    assertTrue(inc.get("cuts").get("preemptions").isIntegralNumber());
    assertEquals(3, inc.get("cuts").get("preemptions").asLong());
  }

  @Test
  void witnessesAreReplayed() {
    var prefix = new schedcheck.checker.Path(stuck.path().initial(), java.util.Arrays.copyOf(stuck.path().steps(), 2));
    var v = new schedcheck.checker.Violation("lock-order", "cycle", "cycle",
        List.of(new schedcheck.checker.Witness("edge A -> B", 0, 0)));
    SearchResult r = new SearchResult("bfs", Verdict.VIOLATED, List.of(new Found(v, stuck.path(), List.of(prefix))),
        1, 1, 1, 0, Map.of());
    JsonNode w = JsonReport.of(model, "x", r).get("witnesses");
    assertEquals(1, w.size());
    assertEquals("edge A -> B", w.get(0).get("label").asText());
    assertEquals(2, w.get(0).get("trace").size());
  }
}
