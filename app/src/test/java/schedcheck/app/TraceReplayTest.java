package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import schedcheck.counterexamples.TraceFile;

/** check --trace-out and schedcheck replay: the schema, replaying, and failing clearly. */
class TraceReplayTest {
  static final ObjectMapper M = new ObjectMapper();

  static JsonSchema schema() throws IOException {
    try (InputStream in = TraceFile.class.getResourceAsStream(TraceFile.SCHEMA_RESOURCE)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }

  /** Every shipped violating example writes trace files that satisfy the schema and replay (exit 1). */
  @Test
  void everyViolatingExampleWritesAValidReplayableTrace(@TempDir Path dir) throws IOException {
    List<String> args = new ArrayList<>(List.of("check", "--trace-out", dir.toString()));
    int violating = 0;
    List<String> wanted = new ArrayList<>();
    for (Path p : ExamplesTest.examples()) {
      var sc = ExamplesTest.load(p);
      if (sc.expect() != null && !sc.expect().holds() && sc.kernel().detail() == schedcheck.model.scenario.Scenario.Detail.STEPS) {
        args.add(p.toString());
        violating++;
        wanted.add(sc.name().replaceAll("[^A-Za-z0-9._-]", "_") + "." + sc.expect().property() + ".trace.json");
      }
    }
    CliTest.Result r = CliTest.run(args.toArray(String[]::new));
    assertEquals(1, r.status(), r.err());
    JsonSchema schema = schema();
    List<Path> traces;
    try (Stream<Path> s = Files.list(dir)) {
      traces = s.sorted().toList();
    }
    for (String w : wanted) {
      assertTrue(Files.isRegularFile(dir.resolve(w)), w + " written (of " + violating + " violating examples)");
    }
    for (Path t : traces) {
      JsonNode doc = M.readTree(t.toFile());
      Set<ValidationMessage> errors = schema.validate(doc);
      assertTrue(errors.isEmpty(), t + ": " + errors);
      CliTest.Result rep = CliTest.run("replay", t.toString());
      assertEquals(1, rep.status(), t + ": " + rep.out() + rep.err());
      assertTrue(rep.out().contains("reproduced: violated: " + doc.path("violation").path("property").asText()),
          rep.out());
      if (t.toString().contains("liveness") || doc.has("loop_start")) {
        assertTrue(doc.has("loop_start"), t + ": a lasso has loop_start");
      }
      if (doc.has("loop_start")) {
        int k = doc.path("loop_start").asInt();
        int n = doc.path("execution").path("schedule").size();
        assertTrue(rep.out().contains("loop: steps " + (k + 1) + ".." + n + " return to the state after step " + k),
            rep.out());
        assertTrue(rep.out().contains("repeats for ever"), rep.out());
      }
    }
  }

  /** Every violated example of examples/liveness (a lasso) writes a trace with its loop that replays and repeats. */
  @Test
  void everyLivenessLassoWritesATraceWhoseLoopRepeats(@TempDir Path dir) throws Exception {
    JsonSchema schema = schema();
    int lassos = 0;
    for (Path p : LivenessTest.liveExamples()) {
      var run = Checking.check(p, CheckOptions.defaults(), schedcheck.checker.Progress.NONE);
      if (run.verdict() != schedcheck.checker.Verdict.VIOLATED) {
        continue;
      }
      assertTrue(run.result().firstViolation().isLasso(), p + ": a lasso");
      List<Path> written = TraceOut.write(dir, p, run);
      assertEquals(run.result().violations().size(), written.size(), p + ": every violation written");
      for (Path t : written) {
        JsonNode doc = M.readTree(t.toFile());
        assertTrue(schema.validate(doc).isEmpty(), t + ": " + schema.validate(doc));
        int k = doc.path("loop_start").asInt(-1);
        int n = doc.path("execution").path("schedule").size();
        assertTrue(k >= 0 && k < n, t + ": loop_start " + k + " of " + n + " steps");
        CliTest.Result rep = CliTest.run("replay", t.toString());
        assertEquals(1, rep.status(), t + ": " + rep.out() + rep.err());
        assertTrue(rep.out().contains("loop: steps " + (k + 1) + ".." + n + " return to the state after step " + k)
            && rep.out().contains(": repeats for ever"), rep.out());
        // the liveness check judges the replayed loop as check did
        JsonNode v = doc.path("violation");
        assertTrue(rep.out().contains("reproduced: violated: " + v.path("property").asText() + " ("
            + v.path("kind").asText() + "): " + v.path("message").asText()), rep.out());
        assertEquals("sched,lock", doc.path("fairness").asText(), "the default fairness recorded");
        lassos++;
      }
    }
    assertTrue(lassos >= 5, "lassos written: " + lassos);
  }

  /** A lasso whose loop lost a step no longer returns to its entry: exit 2, said clearly. */
  @Test
  void aLoopWithAStepRemovedFailsClearly(@TempDir Path dir) throws IOException {
    CliTest.Result c = CliTest.run("check", "--trace-out", dir.toString(), LivenessTest.LIVE.resolve("cs-forever.yaml").toString());
    assertEquals(1, c.status(), c.err());
    Path trace = dir.resolve("cs-forever.starvation.trace.json");
    assertEquals(1, CliTest.run("replay", trace.toString()).status());
    ObjectNode doc = (ObjectNode) M.readTree(trace.toFile());
    var schedule = (com.fasterxml.jackson.databind.node.ArrayNode) doc.path("execution").path("schedule");
    int k = doc.path("loop_start").asInt();
    assertTrue(schedule.size() - k >= 2, "a loop of at least two steps: " + (schedule.size() - k));
    schedule.remove(schedule.size() - 1); // the loop's last step
    Path edited = dir.resolve("edited.trace.json");
    Files.writeString(edited, M.writeValueAsString(doc));
    CliTest.Result r = CliTest.run("replay", edited.toString());
    assertEquals(2, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("the loop no longer repeats"), r.err());
    CliTest.noStackTrace(r);

    // the same loop under fairness cs: the owner never leaves its critical section, so it is not fair
    doc = (ObjectNode) M.readTree(trace.toFile());
    doc.put("fairness", "sched,lock,cs");
    Files.writeString(edited, M.writeValueAsString(doc));
    assertTrue(schema().validate(doc).isEmpty());
    r = CliTest.run("replay", edited.toString());
    assertEquals(2, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("is no starvation (waits) any more: it is not fair under fairness sched,lock,cs"), r.err());
    CliTest.noStackTrace(r);

    // a loop_start past the end leaves no loop
    doc = (ObjectNode) M.readTree(trace.toFile());
    doc.put("loop_start", 999);
    Files.writeString(edited, M.writeValueAsString(doc));
    r = CliTest.run("replay", edited.toString());
    assertEquals(2, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("leaves no loop"), r.err());
    CliTest.noStackTrace(r);
  }

  @Test
  void replayShowsOnlyWhatEachStepChanged(@TempDir Path dir) throws IOException {
    CliTest.run("check", "--trace-out", dir.toString(), CliTest.EX + "f7-swap-no-wake.yaml");
    CliTest.Result rep = CliTest.run("replay", dir.resolve("f7-swap-no-wake.lost-wakeup.trace.json").toString());
    assertEquals(1, rep.status(), rep.err());
    // t1's store changes the word and t1's pc (and what t2's futex wait sees), nothing else
    String out = rep.out();
    int store = out.indexOf(". cpu0 t1 store w2 1");
    assertTrue(store > 0, out);
    java.util.regex.Matcher next = java.util.regex.Pattern.compile("\n[0-9]+\\. ").matcher(out);
    String block = out.substring(store, next.find(store + 1) ? next.start() : out.length());
    assertTrue(block.contains("memory.w2: 0 -> 1"), block);
    assertTrue(block.contains("tasks.t1.pc: 1 -> 2"), block);
    assertTrue(!block.contains("tasks.t2.pc") && !block.contains("tasks.t2.state") && !block.contains("cpus."), block);
    assertTrue(block.lines().count() <= 5, block);
    assertTrue(out.contains("reproduced: violated: lost-wakeup"), out);
  }

  @Test
  void editedScenarioFailsClearly(@TempDir Path dir) throws IOException {
    Path sc = dir.resolve("f7.yaml");
    Files.copy(Path.of(CliTest.EX + "f7-swap-no-wake.yaml"), sc);
    CliTest.run("check", "--trace-out", dir.toString(), sc.toString());
    Path trace = dir.resolve("f7-swap-no-wake.lost-wakeup.trace.json");
    assertEquals(1, CliTest.run("replay", trace.toString()).status());
    Files.writeString(sc, Files.readString(sc) + "\n# an edit\n");
    CliTest.Result r = CliTest.run("replay", trace.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("was edited since this trace was written"), r.err());
    CliTest.noStackTrace(r);
  }

  @Test
  void aStepTheModelNoLongerTakesFailsClearly(@TempDir Path dir) throws IOException {
    CliTest.run("check", "--trace-out", dir.toString(), CliTest.EX + "f7-swap-no-wake.yaml");
    Path trace = dir.resolve("f7-swap-no-wake.lost-wakeup.trace.json");
    ObjectNode doc = (ObjectNode) M.readTree(trace.toFile());
    ((ObjectNode) doc.path("execution").path("schedule").get(4)).put("text", "futex_wait W9: a step the model lost");
    Files.writeString(trace, M.writeValueAsString(doc));
    CliTest.Result r = CliTest.run("replay", trace.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("step 5") && r.err().contains("the model no longer reproduces this trace"), r.err());
    CliTest.noStackTrace(r);

    // a trace that replays but no longer ends in its violation
    doc = (ObjectNode) M.readTree(Files.readString(trace).replace("W9: a step the model lost", "W2: futex_get_value_locked: value check"));
    var schedule = (com.fasterxml.jackson.databind.node.ArrayNode) doc.path("execution").path("schedule");
    while (schedule.size() > 8) {
      schedule.remove(schedule.size() - 1);
    }
    Files.writeString(trace, M.writeValueAsString(doc));
    r = CliTest.run("replay", trace.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("no longer reproduces it"), r.err());
  }

  @Test
  void notATraceFileIsExitTwoWithLineAndColumn(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\n  \"schema\": \"schedcheck-trace\",\n  oops\n}\n");
    CliTest.Result r = CliTest.run("replay", bad.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith(bad + ": 3:"), r.err());
    CliTest.noStackTrace(r);
    Files.writeString(bad, "{\"schema\": \"something-else\"}");
    r = CliTest.run("replay", bad.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("not a schedcheck trace file"), r.err());
    r = CliTest.run("replay", dir.resolve("missing.json").toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("no such file"), r.err());
  }

  @Test
  void jsonReportHasASchemaVersion() throws IOException {
    CliTest.Result r = CliTest.run("check", "--json", CliTest.EX + "f7-swap-no-wake.yaml");
    JsonNode o = M.readTree(r.out().lines().findFirst().orElseThrow());
    assertEquals(1, o.path("schema-version").asInt());
    assertEquals(18, o.path("minimized").path("after").path("steps").asInt());
    assertEquals(1, o.path("minimized").path("after").path("switches").asInt());
  }
}
