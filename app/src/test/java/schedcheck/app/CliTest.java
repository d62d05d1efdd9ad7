package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import schedcheck.model.kernel.Variant;
import schedcheck.model.kernel.Variants;

/** The command line as users and outside test suites see it: output, JSON and exit codes. */
class CliTest {
  static final String EX = "../examples/";

  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = Main.run(args);
      return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  static void noStackTrace(Result r) {
    assertFalse(r.err().contains("Exception"), r.err());
    assertFalse(r.err().contains("\tat ") || r.err().contains("    at "), r.err());
  }

  @Test
  void holdsExitsZero() {
    Result r = run("check", EX + "futex-wait-wake.yaml");
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("holds"), r.out());
    assertTrue(r.out().contains("every reachable state explored"), r.out());
  }

  @Test
  void violationExitsOneWithATimeline() {
    Result r = run("check", EX + "f1-unlocked-check.yaml");
    assertEquals(1, r.status());
    assertTrue(r.out().contains("violated: lost-wakeup"), r.out());
    assertTrue(r.out().contains("cpu0") && r.out().contains("cpu1"), r.out());
    // compact (the default) folds the waiter's kernel steps; full shows each
    assertTrue(r.out().contains("futex_wait W1b..W5"), r.out());
    assertTrue(run("check", "--view", "full", EX + "f1-unlocked-check.yaml").out().contains("futex_wait W2"), r.out());
    assertTrue(r.out().contains("final state"), r.out());
    assertTrue(r.out().contains("(as expected)"), r.out());
  }

  @Test
  void checkExpectTurnsExpectedViolationsIntoSuccess() {
    assertEquals(0, run("check", "--check-expect", EX + "f1-unlocked-check.yaml", EX + "futex-wait-wake.yaml").status());
  }

  @Test
  void mismatchExitsOne(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("m.yaml");
    Files.writeString(f, Files.readString(Path.of(EX + "futex-wait-wake.yaml"))
        .replace("expect: holds", "expect:\n  violated: deadlock"));
    Result r = run("check", "--check-expect", f.toString());
    assertEquals(1, r.status());
    assertTrue(r.out().contains("MISMATCH"), r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "name: x\ncpus: 1\ntasks:\n  t1:\n    program: |\n      frobnicate\n",
      "name: x\ncpus: one\ntasks:\n  t1:\n    program: work\n",
      "name: x\ncpus: 1\nkernel:\n  variants: [no-such-variant]\ntasks:\n  t1:\n    program: work\n",
      "name: x\ncpus: 1\ntasks: [\n",
      "name: x\ncpus: 1\ntasks:\n  t1:\n    program: |\n      goto nowhere\n",
  })
  void badInputExitsTwoWithAPositionAndNoStackTrace(String text, @TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, text);
    Result r = run("check", f.toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().matches("(?s).*bad\\.yaml:\\d+:\\d+: .*"), r.err());
    noStackTrace(r);
  }

  @Test
  void tooManyTasksIsBadInputNotACrash(@TempDir Path dir) throws IOException {
    StringBuilder b = new StringBuilder("name: big\ncpus: 1\ntasks:\n");
    for (int i = 0; i < 31; i++) {
      b.append("  t").append(i).append(":\n    program: work\n");
    }
    Path f = dir.resolve("big.yaml");
    Files.writeString(f, b.toString());
    Result r = run("check", f.toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("big.yaml:4:3: at most 30 tasks"), r.err());
    noStackTrace(r);
  }

  @Test
  void missingFileAndBadUsageExitTwo() {
    Result r = run("check", "no/such/file.yaml");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("no such file"), r.err());
    noStackTrace(r);
    Result u = run("check", "--frobnicate", EX + "futex-wait-wake.yaml");
    assertEquals(2, u.status());
    noStackTrace(u);
    assertEquals(2, run("check", "--strategy", "sideways", EX + "futex-wait-wake.yaml").status());
    assertEquals(2, run("list", "colours").status());
  }

  @Test
  void aBoundThatCutsGivesIncompleteNeverHolds(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("mutex.yaml");
    Files.writeString(f, Files.readString(Path.of(EX + "futex-mutex.yaml")).replace("expect: holds", ""));
    Result r = run("check", "--max-depth", "5", f.toString());
    assertEquals(3, r.status(), r.out());
    assertTrue(r.out().contains("incomplete"), r.out());
    assertTrue(r.out().contains("bound 'depth' cut the search"), r.out());
    assertFalse(r.out().contains(": holds"), r.out());
    Result s = run("check", "--max-states", "50", EX + "swap-ping-pong.yaml");
    assertEquals(1, s.status(), "a cut search is a mismatch for a file that expects holds");
    assertTrue(s.out().contains("incomplete  MISMATCH: expected holds"), s.out());
    assertTrue(s.out().contains("bound 'states'"), s.out());
  }

  @Test
  void aMemoryLimitGivesIncompleteWithTheCutNamed(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("mutex.yaml");
    Files.writeString(f, Files.readString(Path.of(EX + "futex-mutex.yaml")).replace("expect: holds", ""));
    Result r = run("check", "--max-memory", "1k", f.toString());
    assertEquals(3, r.status(), r.out());
    assertTrue(r.out().contains("incomplete"), r.out());
    assertTrue(r.out().contains("bound 'memory' cut the search"), r.out());
    assertTrue(r.out().contains("--max-memory"), r.out());
    Result enough = run("check", "--max-memory", "64g", EX + "futex-mutex.yaml");
    assertEquals(0, enough.status(), enough.out());
    for (String bad : new String[] {"0", "lots", "-5m", "12x", ""}) {
      Result b = run("check", "--max-memory", bad, EX + "futex-mutex.yaml");
      assertEquals(2, b.status(), bad + ": " + b.out() + b.err());
      assertTrue(b.err().contains("--max-memory must be a size"), b.err());
      noStackTrace(b);
    }
    assertEquals(512L << 20, CheckOptions.parseSize("512m"));
    assertEquals(2L << 30, CheckOptions.parseSize("2G"));
    assertEquals(1000, CheckOptions.parseSize("1000"));
  }

  @Test
  void aBoundThatCutsNothingStillHolds() {
    Result r = run("check", "--max-depth", "1000", EX + "futex-wait-wake.yaml");
    assertEquals(0, r.status(), r.out());
  }

  @Test
  void preemptionBoundInTheFileCutsAndSaysSo(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, Files.readString(Path.of(EX + "racy-counter.yaml"))
        .replace("check: [assertions]", "check: [assertions]\nbounds:\n  preemptions: 0")
        .replaceAll("(?s)expect:.*", ""));
    Result r = run("check", f.toString());
    assertEquals(3, r.status(), r.out());
    assertTrue(r.out().contains("bound 'preemptions' cut"), r.out());
  }

  @Test
  void aPreemptionBoundThatCutsNothingHolds(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("b.yaml");
    Files.writeString(f, "name: b\ncpus: 1\nkernel: {proxy: false}\nmemory: {x: 0}\ntasks:\n"
        + "  t1:\n    program: store x 1\n  t2:\n    program: r = load x\nbounds:\n  preemptions: 3\n");
    Result r = run("check", f.toString());
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("the file's bounds cut nothing"), r.out());
  }

  @Test
  void starvationIsCheckedAndAHoldsRestsOnTheLivenessPass(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, Files.readString(Path.of(EX + "futex-wait-wake.yaml"))
        .replace("check: [lost-wakeup, deadlock, invariants]", "check: [starvation, deadlock]")
        .replace("expect: holds", ""));
    Result r = run("check", f.toString());
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("holds"), r.out());
    assertTrue(r.out().contains("liveness: 145 states"), r.out());
    assertFalse(r.out().contains("not supported"), r.out());
  }

  @Test
  void jsonHasTheContractFields() throws IOException {
    Result r = run("check", "--json", EX + "f1-unlocked-check.yaml", EX + "futex-wait-wake.yaml");
    String[] lines = r.out().strip().split("\n");
    assertEquals(2, lines.length, r.out());
    ObjectMapper m = new ObjectMapper();
    JsonNode v = m.readTree(lines[0]);
    assertEquals("f1-unlocked-check", v.get("scenario").asText());
    assertEquals("violated", v.get("verdict").asText());
    assertEquals("lost-wakeup", v.get("property").asText());
    for (String k : new String[] {"states", "transitions", "depth", "seconds"}) {
      assertTrue(v.get(k).isNumber(), k);
    }
    JsonNode trace = v.get("trace");
    assertTrue(trace.isArray() && trace.size() > 0);
    JsonNode step = trace.get(0);
    assertTrue(step.has("task") && step.has("cpu") && step.has("text") && step.has("state"), step.toString());
    assertEquals(v.get("depth").asInt(), v.get("depth").asInt());
    JsonNode h = m.readTree(lines[1]);
    assertEquals("holds", h.get("verdict").asText());
    assertTrue(h.get("trace") == null || h.get("trace").isNull());
    assertEquals(1, r.status());
  }

  @Test
  void yieldingWhileHoldingASpinlockIsSchedulingWhileAtomic(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("y.yaml");
    Files.writeString(f, "name: y\ncpus: 1\nkernel: {proxy: false}\nlocks: [L]\ntasks:\n"
        + "  t1:\n    program: |\n      spin_lock L\n      yield\n      spin_unlock L\n"
        + "  t2:\n    program: work\ncheck: [assertions]\n");
    Result r = run("check", f.toString());
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("t1 calls schedule() while holding spinlock L"), r.out());
  }

  @Test
  void listVariantsNamesEveryVariantAndItsBug() {
    Result r = run("list", "variants");
    assertEquals(0, r.status());
    for (Variant v : Variants.all()) {
      assertTrue(r.out().contains(v.name()), v.name());
      if (!v.reproduces().isEmpty()) {
        assertTrue(r.out().contains("known-bugs " + v.reproduces()), r.out());
      }
    }
  }

  @Test
  void statusesCombineWorstFirst() {
    assertEquals(2, CheckCommand.worse(1, 2));
    assertEquals(1, CheckCommand.worse(3, 1));
    assertEquals(3, CheckCommand.worse(0, 3));
    assertEquals(0, CheckCommand.worse(0, 0));
  }
}
