package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kernel.detail: syscall} on the command line: the same output shapes and exit codes. */
class ReferenceCliTest {

  static final String LOST = """
      name: lost
      cpus: 2
      kernel:
        proxy: false
        detail: syscall
      memory: {w2: 0}
      tasks:
        t1:
          program: |
            store w2 1
        t2:
          program: |
            r = futex_wait w2 0
      expect:
        violated: lost-wakeup
      """;

  @Test
  void aViolationPrintsOneRowPerSystemCallAndTheFinalState(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("lost.yaml");
    Files.writeString(f, LOST);
    CliTest.Result r = CliTest.run("check", f.toString());
    assertEquals(1, r.status(), r.out() + r.err());
    String out = r.out();
    assertTrue(out.contains("violated: lost-wakeup  (as expected)"), out);
    assertTrue(out.contains("t2 r = futex_wait w2 0  -> sleeps"), out);
    assertTrue(out.contains("| cpu0") && out.contains("| cpu1"), out);
    assertTrue(out.contains("final state (after step"), out);
    assertTrue(out.contains("futex queue w2: [t2]"), out);
    assertTrue(out.contains("memory: w2 = 1"), out);
    assertTrue(out.contains("why: t2 sleeps in futex_wait on w2"), out);
    // EAGAIN is -1 at this level.
    Files.writeString(f, LOST.replace("store w2 1", "store w2 1\n      r = futex_wait w2 0"));
    assertTrue(CliTest.run("check", f.toString()).out().contains("returns -1 (EAGAIN)"));
  }

  @Test
  void widthLaysOutTheColumnsInsteadOfCuttingTheTable(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("lost.yaml");
    for (int cpus : new int[] {2, 3}) {
      Files.writeString(f, LOST.replace("cpus: 2", "cpus: " + cpus));
      for (int width : new int[] {80, 100}) {
        String out = CliTest.run("check", "--width", String.valueOf(width), f.toString()).out();
        for (String line : out.split("\n")) {
          assertTrue(line.length() <= width, cpus + " cpus, width " + width + ": " + line);
        }
        // the separator under the header is one unbroken line (the table was laid out for the
        // width, not cut after the fact, which leaves its tail on a line of its own)
        assertTrue(out.lines().anyMatch(l -> l.startsWith("--+") && l.chars().filter(ch -> ch == '+').count() == cpus), out);
        assertTrue(out.lines().noneMatch(l -> l.matches("\\s+-+")), out);
      }
    }
  }

  @Test
  void jsonHasTheStepsModelsFields(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("lost.yaml");
    Files.writeString(f, LOST);
    CliTest.Result r = CliTest.run("check", "--json", f.toString());
    assertEquals(1, r.status(), r.err());
    JsonNode o = new ObjectMapper().readTree(r.out());
    for (String k : new String[] {"scenario", "verdict", "property", "kind", "message", "strategy", "states",
        "transitions", "depth", "seconds", "cuts", "initial_state", "trace", "witnesses"}) {
      assertTrue(o.has(k), k + " in " + o);
    }
    assertEquals("violated", o.get("verdict").asText());
    assertEquals("lost-wakeup", o.get("property").asText());
    assertEquals("syscall", o.get("detail").asText());
    JsonNode last = o.get("trace").get(o.get("trace").size() - 1);
    assertTrue(last.has("task") && last.has("cpu") && last.has("kind") && last.has("text") && last.has("state"), last.toString());
    JsonNode t2 = last.get("state").get("tasks").get("t2");
    assertEquals("w2", t2.get("futex_wait").get("word").asText());
    assertEquals(1, last.get("state").get("memory").get("w2").asInt());
  }

  @Test
  void holdsExitsZeroAndVariantsAreBadInput(@TempDir Path dir) throws IOException {
    Path ok = dir.resolve("ok.yaml");
    Files.writeString(ok, LOST.replace("store w2 1", "store w2 1\n      r = futex_wake w2 1")
        .replace("r = futex_wait w2 0", "again:\n      r = load w2\n      if r != 0 goto done\n"
            + "      r = futex_wait w2 0\n      goto again\n      done:")
        .replace("expect:\n  violated: lost-wakeup\n", "expect: holds\n"));
    CliTest.Result r = CliTest.run("check", ok.toString());
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("every reachable state explored"), r.out());

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, LOST.replace("  detail: syscall\n", "  detail: syscall\n  variants: [futex-f1-unlocked-check]\n"));
    CliTest.Result b = CliTest.run("check", bad.toString(), ok.toString());
    assertEquals(2, b.status());
    assertTrue(b.err().contains("bad.yaml:6:"), b.err());
    assertTrue(b.err().contains("variants do not apply"), b.err());
    CliTest.noStackTrace(b);
    assertTrue(b.out().contains("ok.yaml: holds"), "the files after a bad one are still checked: " + b.out());
  }

  @Test
  void exploreAllReportsEveryViolatedPropertyInTextAndJson(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("two.yaml");
    Files.writeString(f, LOST.replace("r = futex_wait w2 0", "r = load w2\n      assert r == 0\n      r = futex_wait w2 0")
        .replace("expect:\n  violated: lost-wakeup\n", ""));
    CliTest.Result r = CliTest.run("check", "--explore-all", f.toString());
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("also violated: "), r.out());
    JsonNode o = new ObjectMapper().readTree(CliTest.run("check", "--explore-all", "--json", f.toString()).out());
    assertEquals(2, o.get("violations").size(), o.toString());
  }
}
