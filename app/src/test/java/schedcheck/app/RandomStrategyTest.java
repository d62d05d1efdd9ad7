package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.checker.Verdict;
import schedcheck.model.scenario.Scenario;

/**
 * {@code --strategy random} and {@code pct}: replay from the seed, trace files, the reports'
 * coverage, exit codes, and on every shipped example never a verdict the exhaustive search
 * contradicts (never holds; a violation only of a property the file violates).
 */
class RandomStrategyTest {
  static final String EX = "../examples/";
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(CliTest.Result r) throws IOException {
    return JSON.readTree(r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "pct"})
  void theViolatingRunRepeatsAloneFromItsSeedWithTheSameTrace(String strategy) throws IOException {
    for (String file : List.of("f1-unlocked-check.yaml", "f7-swap-no-wake.yaml", "proxy/p7-migrate-curr.yaml")) {
      CliTest.Result many = CliTest.run("check", "--json", "--strategy", strategy, "--seed", "11", "--runs", "3000",
          EX + file);
      assertEquals(1, many.status(), many.out() + many.err());
      JsonNode a = json(many);
      assertEquals(strategy, a.get("strategy").asText());
      JsonNode s = a.get("sampling");
      assertEquals(11, s.get("seed").asLong());
      long run = s.get("violation_run").asLong();
      assertEquals(11 + run, s.get("violation_seed").asLong());
      assertEquals(run + 1, s.get("runs").asLong(), "stops at the first violation");
      assertEquals(a.get("cuts").get("runs").asLong(), s.get("runs").asLong());
      assertFalse(s.get("liveness_checked").asBoolean());
      CliTest.Result alone = CliTest.run("check", "--json", "--strategy", strategy, "--seed",
          String.valueOf(s.get("violation_seed").asLong()), "--runs", "1", EX + file);
      JsonNode b = json(alone);
      assertEquals(1, alone.status(), alone.out());
      assertEquals(a.get("property"), b.get("property"), file);
      assertEquals(a.get("trace"), b.get("trace"), file + ": the same (minimized) trace");
      assertEquals(a.get("minimized"), b.get("minimized"), file + ": the same trace as found");
      assertEquals(0, b.get("sampling").get("violation_run").asLong());
      // and again: the whole search repeats
      assertEquals(a.get("trace"), json(CliTest.run("check", "--json", "--strategy", strategy, "--seed", "11",
          "--runs", "3000", EX + file)).get("trace"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "pct"})
  void aRandomCounterexampleIsWrittenAndReplays(String strategy, @TempDir Path dir) {
    CliTest.Result r = CliTest.run("check", "--strategy", strategy, "--runs", "3000", "--trace-out", dir.toString(),
        EX + "f7-swap-no-wake.yaml");
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("minimized:"), r.out());
    Path trace = dir.resolve("f7-swap-no-wake.lost-wakeup.trace.json");
    assertTrue(Files.exists(trace), r.err());
    CliTest.Result replay = CliTest.run("replay", trace.toString());
    assertEquals(1, replay.status(), replay.out() + replay.err());
    assertTrue(replay.out().contains("reproduced: violated: lost-wakeup"), replay.out());
  }

  @Test
  void aCorrectKernelIsIncompleteNeverHoldsAndTheTextSaysWhatWasCovered(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("wait-wake.yaml");
    Files.writeString(f, Files.readString(Path.of(EX, "futex-wait-wake.yaml")).replaceAll("(?s)\nexpect:.*", "\n"));
    CliTest.Result r = CliTest.run("check", "--strategy", "random", "--runs", "200", f.toString());
    assertEquals(Main.INCOMPLETE, r.status(), r.out() + r.err());
    assertTrue(r.out().contains(": incomplete"), r.out());
    assertTrue(r.out().contains("200 random runs: a random search never explores everything"), r.out());
    assertTrue(r.out().contains("random: 200 runs from seed 1"), r.out());
    assertTrue(r.out().contains("distinct states seen"), r.out());
    assertTrue(r.out().contains("liveness") && r.out().contains("not checked by random schedules"), r.out());
    CliTest.Result p = CliTest.run("check", "--json", "--strategy", "pct", "--runs", "50", "--pct-depth", "2",
        f.toString());
    assertEquals(Main.INCOMPLETE, p.status(), p.out() + p.err());
    JsonNode j = json(p);
    assertEquals("incomplete", j.get("verdict").asText());
    assertEquals(2, j.get("sampling").get("pct_depth").asInt());
    assertTrue(j.get("sampling").get("pct_steps").asInt() > 0);
    assertTrue(j.get("sampling").get("distinct_states").asLong() > 10);
    assertTrue(j.get("sampling").get("violation_run").isNull());
    // a file expecting holds is a mismatch under a random search (exit 1), as the contract says
    CliTest.Result holds = CliTest.run("check", "--strategy", "random", "--runs", "20", EX + "futex-wait-wake.yaml");
    assertEquals(Main.VIOLATED, holds.status(), holds.out());
    assertTrue(holds.out().contains("MISMATCH: expected holds"), holds.out());
  }

  @Test
  void theCoverageStaysWithinTheReachableStatesAndGrowsWithTheRuns() throws Exception {
    Scenario sc = ExamplesTest.load(Path.of(EX, "futex-mutex.yaml"));
    CheckRun bfs = Checking.check(sc, CheckOptions.defaults(), Progress.NONE);
    long few = Checking.check(sc, CheckOptions.defaults().withStrategy("random").withRandom(
        new Sampling.Options(5, 10, 3)), Progress.NONE).sampling().distinctStates();
    long more = Checking.check(sc, CheckOptions.defaults().withStrategy("random").withRandom(
        new Sampling.Options(5, 400, 3)), Progress.NONE).sampling().distinctStates();
    assertTrue(few < more, few + " < " + more);
    assertTrue(more <= bfs.result().states(), more + " <= " + bfs.result().states());
  }

  @Test
  void pctActorsAreTasksWhereverTheyRunAndAnIdleCpusScheduler() throws Exception {
    Scenario sc = ExamplesTest.load(Path.of(EX, "f1-unlocked-check.yaml"));
    schedcheck.model.kernel.KernelModel m = new schedcheck.model.kernel.KernelModel(sc);
    java.util.Set<Integer> actors = new TreeSet<>();
    java.util.List<schedcheck.model.kernel.StepInfo> steps = new ArrayList<>();
    schedcheck.checker.Successors<schedcheck.model.kernel.KState, schedcheck.model.kernel.StepInfo> sink =
        new schedcheck.checker.Successors<>() {
          @Override
          public void next(schedcheck.model.kernel.StepInfo a, schedcheck.model.kernel.KState s) {
            steps.add(a);
          }

          @Override
          public void cut(String bound) {}
        };
    m.successors(m.initialStates().get(0), sink);
    for (schedcheck.model.kernel.StepInfo s : steps) {
      int a = m.actor(s);
      actors.add(a);
      assertEquals(s.task() >= 0 ? s.task() : -1 - s.cpu(), a);
    }
    assertEquals(2, actors.size(), "waker and waiter act first, each an actor: " + steps);
  }

  @Test
  void badOptionsExitTwoWithAClearMessage() {
    String f = EX + "f1-unlocked-check.yaml";
    String[][] bad = {
      {"--strategy", "random", "--runs", "0"},
      {"--strategy", "pct", "--pct-depth", "0"},
      {"--runs", "5"},
      {"--strategy", "dfs", "--seed", "3"},
      {"--strategy", "random", "--pct-depth", "2"},
      {"--strategy", "rnd"},
      {"--strategy", "random", "--seed", "x"},
    };
    for (String[] b : bad) {
      String[] args = Stream.concat(Stream.of("check"), Stream.concat(Stream.of(b), Stream.of(f))).toArray(String[]::new);
      CliTest.Result r = CliTest.run(args);
      assertEquals(Main.BAD_INPUT, r.status(), String.join(" ", b) + ": " + r.err());
      CliTest.noStackTrace(r);
      assertTrue(r.err().startsWith("schedcheck: "), r.err());
    }
    assertTrue(CliTest.run("check", "--strategy", "rnd", f).err().contains("bfs, dfs, random, pct"));
    assertTrue(CliTest.run("check", "--runs", "5", f).err().contains("applies only to --strategy random or pct"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "pct"})
  void atSyscallDetailToo(String strategy, @TempDir Path dir) throws IOException {
    Path f = dir.resolve("broken.yaml");
    Files.writeString(f, Files.readString(Path.of(EX, "futex-mutex-broken.yaml"))
        .replace("kernel:\n  proxy: false", "kernel:\n  proxy: false\n  detail: syscall"));
    CliTest.Result r = CliTest.run("check", "--json", "--strategy", strategy, "--seed", "4", "--runs", "2000",
        f.toString());
    JsonNode j = json(r);
    assertNotNull(j.get("sampling"), r.out() + r.err());
    assertEquals("violated", j.get("verdict").asText(), r.out());
    assertEquals(strategy, j.get("sampling").get("strategy").asText());
  }

  /**
   * Every shipped example under a short random and PCT search: never {@code holds}; a file
   * expected to hold is never violated; any violation found is one of the properties the
   * exhaustive search finds on that file (its expected one, or one found by BFS exploring
   * everything), and its trace replays to it.
   */
  @TestFactory
  Stream<DynamicTest> onEveryShippedExampleRandomNeverContradictsTheExhaustiveVerdict() throws IOException {
    return ExamplesTest.examples().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      Scenario sc = ExamplesTest.load(p);
      Set<String> bfsViolated = null;
      for (String strategy : List.of("random", "pct")) {
        CheckOptions o = new CheckOptions(strategy, -1, 300, null, false, true)
            .withRandom(new Sampling.Options(1, 60, 3));
        CheckRun run = Checking.check(sc, o, Progress.NONE);
        assertNotEquals(Verdict.HOLDS, run.verdict(), p + " " + strategy);
        assertTrue(run.result().cuts().containsKey("runs"), p + " " + strategy);
        if (run.verdict() != Verdict.VIOLATED) {
          continue;
        }
        assertFalse(sc.expect() != null && sc.expect().holds(), p + ": " + strategy + " violates a file that holds: "
            + run.property());
        if (run.trace() != null) { // steps: the minimized trace still shows it
          assertEquals(run.property(), run.result().firstViolation().violation().property());
        }
        for (Found f : run.result().violations()) {
          String prop = f.violation().property();
          if (sc.expect() != null && prop.equals(sc.expect().property())) {
            continue;
          }
          if (bfsViolated == null) {
            bfsViolated = new TreeSet<>();
            for (Found g : Checking.check(sc, CheckOptions.defaults().exploringEverything(), Progress.NONE)
                .result().violations()) {
              bfsViolated.add(g.violation().property());
            }
          }
          assertTrue(bfsViolated.contains(prop), p + ": " + strategy + " violates " + prop + ", BFS only "
              + bfsViolated);
        }
      }
    }));
  }
}
