package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search that needs more memory than it has ends {@code incomplete} with the cut {@code
 * memory} and exit status 3, in a real {@code java} process with a small heap: never {@code
 * holds}, never an {@link OutOfMemoryError} or its stack trace (issue 8). The unbounded futex
 * ring at N = 4 (tens of millions of states) with a liveness property, so that both the
 * safety search and the liveness pass meet the limit.
 */
class MemoryLimitCliTest {

  record Result(int status, String out, String err) {}

  static Result child(String heap, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xss16m");
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+UseParallelGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("memory-limit", ".out");
    Path err = Files.createTempFile("memory-limit", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("still running after 300 s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static void noErrorOrStackTrace(Result r) {
    for (String s : List.of(r.out(), r.err())) {
      assertFalse(s.contains("OutOfMemoryError"), s);
      assertFalse(s.contains("Exception"), s);
      assertFalse(s.contains("\tat "), s);
    }
  }

  @Test
  void aHeapTooSmallForTheSearchEndsIncompleteWithTheCutMemory(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("ring4.yaml");
    Files.writeString(f, InterruptTest.ring("", "[lost-wakeup, deadlock]"));
    Result json = child("32m", "check", "--json", f.toString());
    assertEquals(3, json.status(), json.out() + json.err());
    noErrorOrStackTrace(json);
    JsonNode d = new ObjectMapper().readTree(json.out().strip());
    assertEquals("incomplete", d.get("verdict").asText(), json.out());
    assertTrue(d.get("cuts").get("memory").asLong() > 0, json.out());
    assertTrue(d.get("states").asLong() > 10_000, json.out());
    assertTrue(d.get("liveness").get("states").asLong() > 0, json.out());

    // the text report of the same cut (its wording): CliTest.aMemoryLimitGivesIncompleteWithTheCutNamed
  }

  /**
   * {@code --time} is one wall-clock budget for the whole check (the contract: "wall clock";
   * the help: "stop after this long"), not one per pass: a safety search cut by it leaves the
   * liveness pass nothing, so that pass stops at its first clock reading (1,024 expansions).
   * Before, the liveness pass got a fresh budget of its own and a {@code --time 10s} check of
   * this ring took 23.6 s. Counts, not timings, are asserted: with a budget of its own the
   * liveness pass explores more states than the safety search did.
   */
  @Test
  void theTimeLimitIsOneBudgetForTheSafetySearchAndTheLivenessPass(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("ring4.yaml");
    Files.writeString(f, InterruptTest.ring("", "[lost-wakeup, deadlock]"));
    Result json = child("512m", "check", "--json", "--time", "3s", f.toString());
    assertEquals(3, json.status(), json.out() + json.err());
    noErrorOrStackTrace(json);
    JsonNode d = new ObjectMapper().readTree(json.out().strip());
    assertEquals("incomplete", d.get("verdict").asText(), json.out());
    assertTrue(d.get("cuts").get("time").asLong() > 0, json.out());
    long safety = d.get("states").asLong();
    long liveness = d.get("liveness").get("states").asLong();
    assertTrue(safety > 5_000, json.out());
    assertTrue(liveness * 4 < safety, "liveness pass had a budget of its own: " + json.out());
  }
}
