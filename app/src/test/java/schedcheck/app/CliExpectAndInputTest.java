package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static schedcheck.app.CliTest.EX;
import static schedcheck.app.CliTest.noStackTrace;
import static schedcheck.app.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import schedcheck.app.CliTest.Result;

/**
 * Issue 6, findings 5 and 7 and item 6: expectations independent of the strategy, every
 * violation in the JSON, bad variants, bad bounds, oversized files, internal errors, and
 * what a {@code holds} rests on.
 */
class CliExpectAndInputTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static List<JsonNode> jsonLines(String out) throws IOException {
    List<JsonNode> l = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        l.add(JSON.readTree(line));
      }
    }
    return l;
  }

  // ------------------------------------------------------------------ finding 5

  @Test
  void anExpectedViolationIsFoundWhateverTheStrategyMeetsFirst() {
    // DFS meets a deadlock first; the file expects lost-wakeup, which is also reachable
    for (String strategy : List.of("dfs", "bfs")) {
      Result r = run("check", "--strategy", strategy, "--check-expect", EX + "f5-reset-after-wake.yaml");
      assertEquals(0, r.status(), strategy + ": " + r.out() + r.err());
      assertTrue(r.out().contains("violated: lost-wakeup  (as expected)"), strategy + ": " + r.out());
      assertTrue(r.out().contains("why: ") && r.out().contains("[lost-wakeup]"), r.out());
    }
    Result dfs = run("check", "--strategy", "dfs", EX + "f5-reset-after-wake.yaml");
    assertTrue(dfs.out().contains("searched on past the first violation found (deadlock)"), dfs.out());
    assertTrue(dfs.out().contains("also violated: deadlock"), dfs.out());
  }

  @Test
  void anExpectedViolationBeyondAnotherPropertysViolatingStateIsFound(@TempDir Path dir) throws IOException {
    // issue 6, D1: the only path to the mutual-exclusion break goes through the failed
    // assert's state; searching on until mutual-exclusion, that state must be expanded
    Path f = dir.resolve("beyond-assert.yaml");
    Files.writeString(f, """
        name: beyond-assert
        cpus: 2
        tasks:
          t1:
            program: |
              r = 0
              assert r == 1
              enter
              leave
          t2:
            program: |
              enter
              leave
        expect:
          violated: mutual-exclusion
        """);
    for (String strategy : List.of("bfs", "dfs")) {
      Result r = run("check", "--strategy", strategy, "--check-expect", f.toString());
      assertEquals(0, r.status(), strategy + ": " + r.out() + r.err());
      assertTrue(r.out().contains("violated: mutual-exclusion  (as expected)"), strategy + ": " + r.out());
      assertTrue(r.out().contains("also violated: assertions"), strategy + ": " + r.out());
    }
  }

  @Test
  void aCutBeforeTheExpectedViolationSaysItIsNotKnown() {
    // DFS meets the deadlock within 300 states, the expected lost-wakeup later (without the
    // reduction: with it, the lost-wakeup is within 299 states)
    Result r = run("check", "--strategy", "dfs", "--no-reduction", "--max-states", "300", EX + "f5-reset-after-wake.yaml");
    assertTrue(r.out().contains("violated: deadlock  MISMATCH: expected violated: lost-wakeup"), r.out());
    assertTrue(r.out().contains("the search was cut (states) before it found the expected lost-wakeup"), r.out());
  }

  @Test
  void expectHoldsIsMetOnlyByHolds() {
    Result r = run("check", "--check-expect", "--max-states", "10", EX + "futex-wait-wake.yaml");
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("incomplete  MISMATCH: expected holds"), r.out());
  }

  @Test
  void jsonListsEveryViolationFoundWithItsTrace() throws IOException {
    Result r = run("check", "--json", "--explore-all", EX + "f5-reset-after-wake.yaml");
    JsonNode o = jsonLines(r.out()).get(0);
    assertEquals("violated", o.get("verdict").asText());
    assertEquals("lost-wakeup", o.get("property").asText());
    JsonNode all = o.get("violations");
    assertEquals(2, all.size(), all.toString());
    assertEquals("lost-wakeup", all.get(0).get("property").asText());
    assertEquals("deadlock", all.get(1).get("property").asText());
    for (JsonNode v : all) {
      assertFalse(v.get("message").asText().isEmpty());
      assertTrue(v.get("kind").isTextual());
      assertTrue(v.get("trace").size() > 0, v.toString());
    }
    // the first is the one the top-level fields describe, with the same trace
    assertEquals(o.get("trace"), all.get(0).get("trace"));
    // and the text says the same
    Result t = run("check", "--explore-all", EX + "f5-reset-after-wake.yaml");
    assertTrue(t.out().contains("also violated: deadlock"), t.out());

    Result holds = run("check", "--json", EX + "futex-wait-wake.yaml");
    assertEquals(0, jsonLines(holds.out()).get(0).get("violations").size());
  }

  // ------------------------------------------------------------------ item 6

  @Test
  void holdsSaysWhatItRestsOn() throws IOException {
    Result t = run("check", EX + "futex-wait-wake.yaml");
    assertTrue(t.out().contains("rests on: sequentially consistent memory; kernel detail steps, proxy off;"
        + " bounds none; fingerprint collision probability <= "), t.out());
    Result p = run("check", EX + "proxy/abba-p3.yaml");
    assertFalse(p.out().contains("rests on"), p.out()); // a violation
    Result v = run("check", EX + "proxy/cross-cpu-chain.yaml");
    assertTrue(v.out().contains("kernel detail steps, proxy pe-v7.2; bounds"), v.out());
    Result j = run("check", "--json", EX + "futex-wait-wake.yaml");
    JsonNode o = jsonLines(j.out()).get(0);
    JsonNode a = o.get("assumptions");
    assertEquals("sequentially consistent", a.get("memory").asText());
    assertEquals("steps", a.get("detail").asText());
    long n = o.get("states").asLong();
    assertEquals((double) n * n / Math.pow(2, 65), a.get("fingerprint_collision_probability").asDouble(), 1e-30);
    assertTrue(t.out().contains(Assumptions.format((double) n * n / Math.pow(2, 65))), t.out());
    // a violation or an incomplete verdict rests on nothing of the kind
    assertFalse(run("check", EX + "f1-unlocked-check.yaml").out().contains("rests on"));
    assertEquals(null, jsonLines(run("check", "--json", EX + "f1-unlocked-check.yaml").out()).get(0).get("assumptions"));
  }

  @Test
  void collisionProbabilityIsTheBirthdayBound() {
    assertEquals(1e6 * 1e6 / Math.pow(2, 65), Assumptions.collisionProbability(1_000_000), 1e-25);
    assertEquals("2.7e-08", Assumptions.format(Assumptions.collisionProbability(1_000_000)));
    assertEquals(1.0, Assumptions.collisionProbability(Long.MAX_VALUE));
  }

  // ------------------------------------------------------------------ finding 7: variants

  static final String HEAD = "name: v\ncpus: 2\n";
  static final String TASKS = "mutexes: [A]\ntasks:\n  t1:\n    program: |\n      lock A\n      unlock A\n"
      + "  t2:\n    program: |\n      lock A\n      unlock A\n";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // kernel block | line:col | what the message must say
      "kernel:\\n  variants: [pe-v7.1, pe-v7.2]\\n | 4:23 | two Proxy Execution versions, 'pe-v7.1' (at line 4, column 14) and 'pe-v7.2'",
      "kernel:\\n  variants: [pe-p1-wake-without-return]\\n | 4:14 | pe-v7.1 only, but this file runs pe-v7.2 (the default)",
      "kernel:\\n  variants: [pe-v6.17, pe-p1-wake-without-return]\\n | 4:24 | write 'variants: [pe-v7.1, pe-p1-wake-without-return]' instead of pe-v6.17",
      "kernel:\\n  variants: [pe-v7.1, pe-p11-wake-keeps-blocked-on]\\n | 4:23 | pe-v7.2 only",
      "kernel:\\n  variants: [pe-v6.17, pe-x-migrate-never-enqueues]\\n | 4:24 | pe-v7.1 or pe-v7.2 only",
      "kernel:\\n  proxy: false\\n  variants: [pe-p7-migrate-curr]\\n | 5:14 | 'kernel.proxy' is false (at line 4, column 10): remove the variant, or write 'proxy: true'",
      "kernel:\\n  proxy: false\\n  variants: [futex-f1-unlocked-check, pe-v7.1]\\n | 5:39 | changes Proxy Execution",
  })
  void variantsThatCannotApplyAreBadInput(String kernel, String where, String says, @TempDir Path dir)
      throws IOException {
    Path f = dir.resolve("v.yaml");
    Files.writeString(f, HEAD + kernel.replace("\\n", "\n") + TASKS);
    Result r = run("check", f.toString(), EX + "futex-wait-wake.yaml");
    assertEquals(2, r.status(), r.out() + r.err());
    assertTrue(r.err().startsWith(f + ":" + where + ": "), r.err());
    assertTrue(r.err().contains(says), r.err());
    noStackTrace(r);
    // the next file is still checked
    assertTrue(r.out().contains("futex-wait-wake.yaml: holds"), r.out());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "kernel:\\n  variants: [pe-v7.1, pe-p1-wake-without-return]\\n",
      "kernel:\\n  variants: [pe-p11-wake-keeps-blocked-on]\\n",
      "kernel:\\n  variants: [pe-v6.17, pe-p6-deactivate-before-idle]\\n",
      "kernel:\\n  proxy: false\\n  variants: [futex-f1-unlocked-check, futex-f3-chain-empty-fastpath]\\n",
  })
  void variantsThatApplyAreAccepted(String kernel, @TempDir Path dir) throws IOException {
    Path f = dir.resolve("v.yaml");
    Files.writeString(f, HEAD + kernel.replace("\\n", "\n") + TASKS + "check: [mutual-exclusion]\n");
    Result r = run("check", f.toString());
    assertEquals(0, r.status(), r.out() + r.err());
  }

  // ------------------------------------------------------------------ finding 7: bounds

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--max-states | -5 | --max-states must be a whole number >= 1, found -5",
      "--max-states | 0 | --max-states must be a whole number >= 1, found 0",
      "--max-states | lots | --max-states",
      "--max-depth | -5 | --max-depth must be a whole number >= 1, found -5",
      "--max-depth | 0 | --max-depth must be a whole number >= 1, found 0",
      "--max-depth | 1.5 | --max-depth",
      "--time | soon | expected a duration like 30s",
      "--time | 0s | --time must be longer than zero",
      "--time | -5s | expected a duration like 30s",
  })
  void badBoundsAreBadUsage(String option, String value, String says) {
    Result r = run("check", option, value, EX + "futex-wait-wake.yaml");
    assertEquals(2, r.status(), r.out() + r.err());
    assertTrue(r.err().contains(says), r.err());
    assertEquals("", r.out());
    noStackTrace(r);
  }

  // ------------------------------------------------------------------ finding 7: size, internal errors

  @Test
  void anOversizedFileIsRejectedBeforeItIsRead(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.yaml");
    byte[] line = new byte[5_000_000];
    java.util.Arrays.fill(line, (byte) 'x');
    Files.write(big, line);
    long t0 = System.nanoTime();
    Result r = run("check", big.toString(), EX + "futex-wait-wake.yaml");
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().startsWith(big + ":1:1: the file is 5,000,000 bytes, over the limit of 1,048,576 bytes"),
        r.err());
    assertTrue(r.out().contains("futex-wait-wake.yaml: holds"), r.out());
    assertTrue(seconds < 5, "took " + seconds + " s");
    noStackTrace(r);
  }

  @Test
  void anInternalErrorNamesTheFileAndTheOtherFilesAreStillChecked() throws IOException {
    CheckCommand.crashForTests = "f1-unlocked-check.yaml";
    try {
      Result r = run("check", EX + "futex-wait-wake.yaml", EX + "f1-unlocked-check.yaml", EX + "swap-ping-pong.yaml");
      assertEquals(4, r.status(), r.out() + r.err());
      assertTrue(r.err().contains(EX + "f1-unlocked-check.yaml: internal error: java.lang.IllegalStateException"),
          r.err());
      assertTrue(r.err().contains("This is a bug in schedcheck, not a verdict"), r.err());
      assertTrue(r.err().contains("schedcheck check " + EX + "futex-wait-wake.yaml"), r.err());
      assertTrue(r.out().contains("futex-wait-wake.yaml: holds"), r.out());
      assertTrue(r.out().contains("swap-ping-pong.yaml: holds"), r.out());

      Result j = run("check", "--json", EX + "f1-unlocked-check.yaml", EX + "futex-wait-wake.yaml");
      assertEquals(4, j.status());
      List<JsonNode> lines = jsonLines(j.out());
      assertTrue(lines.get(0).get("error").asText().startsWith("internal error"), lines.toString());
      assertEquals("holds", lines.get(1).get("verdict").asText());
    } finally {
      CheckCommand.crashForTests = null;
    }
  }

  @Test
  void listVariantsSaysWhereEachApplies() {
    Result r = run("list", "variants");
    for (String l : r.out().split("\n")) {
      if (l.startsWith("pe-p1-wake-without-return")) {
        assertTrue(l.endsWith("[needs proxy: true and pe-v7.1]"), l);
      }
      if (l.startsWith("futex-f1")) {
        assertTrue(l.endsWith("[any version, proxy on or off]"), l);
      }
    }
  }
}
