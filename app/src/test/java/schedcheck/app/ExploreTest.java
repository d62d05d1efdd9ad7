package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import schedcheck.model.clients.ClientGenerator;

/**
 * {@code schedcheck explore} rediscovers known bugs from a bound alone (the quick ones here;
 * {@code bench/explore} runs them all), writes each finding's client as a scenario file that
 * {@code check} confirms, and on the fixed kernel with the same bound finds none of them.
 */
class ExploreTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode explore(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("explore", "--json"));
    all.addAll(List.of(args));
    CliTest.Result r = CliTest.run(all.toArray(String[]::new));
    CliTest.noStackTrace(r);
    JsonNode j = JSON.readTree(r.out());
    int expected = switch (j.get("verdict").asText()) {
      case "violated" -> Main.VIOLATED;
      case "incomplete" -> Main.INCOMPLETE;
      default -> Main.HOLDS;
    };
    assertEquals(expected, r.status(), r.err());
    return j;
  }

  /** The bound each bug is rediscovered from (CSV: bug id, variant, kernel, bound options). */
  @ParameterizedTest(name = "{0} from {2}")
  @CsvSource(delimiter = '|', value = {
    "A.F1 | futex-f1-unlocked-check       | --kernel none --mutexes 0 --ops 1",
    "A.F3 | futex-f3-chain-empty-fastpath | --kernel none --mutexes 0 --ops 1",
    "C.P6 | pe-p6-deactivate-before-idle  | --kernel v7.2 --cpus 3 --mutexes 1 --words 0 --ops 1",
    "C.P7 | pe-p7-migrate-curr            | --kernel v7.2 --mutexes 1 --words 0 --ops 1",
    "C.P11 | pe-p11-wake-keeps-blocked-on | --kernel v7.2 --mutexes 1 --words 0 --ops 1",
  })
  void rediscoversAKnownBugFromABoundAloneAndTheFixedKernelShowsNoneOfIt(String bug, String variant, String bound,
      @TempDir Path dir) throws Exception {
    String[] b = bound.strip().split(" ");
    String id = bug.substring(bug.indexOf('.') + 1);
    JsonNode j = explore(concat(b, "--variant", id, "--out", dir.toString()));
    assertEquals("violated", j.get("verdict").asText());
    JsonNode hit = null;
    for (JsonNode f : j.get("findings")) {
      if (f.get("knownBugs").toString().contains(bug + " (" + variant + ")")) {
        hit = hit == null ? f : hit;
        assertTrue(f.get("bugVariants").asBoolean(), f.toString());
        assertFalse(f.get("onFixedKernel").asText().contains(f.get("property").asText()), f.toString());
        assertTrue(f.get("changedSteps").toString().contains(variant + ": "), f.toString());
      } else {
        // everything else the clients do wrong on any kernel
        assertTrue(f.get("signature").asText().endsWith("(also without the bug variants)"), f.toString());
        assertTrue(f.get("onFixedKernel").asText().contains(f.get("property").asText()), f.toString());
      }
    }
    assertTrue(hit != null, bug + " not rediscovered: " + j.get("findings"));
    // its client, as a scenario file, shows it under 'check', as the file expects
    Path file = Path.of(hit.get("scenarioFile").asText());
    assertTrue(Files.readString(file).contains("variants: [") && Files.readString(file).contains(variant));
    CliTest.Result check = CliTest.run("check", file.toString());
    assertEquals(Main.VIOLATED, check.status(), check.out() + check.err());
    assertTrue(check.out().contains("violated: " + hit.get("property").asText() + "  (as expected)"), check.out());
    // the fixed kernel with the same bound: no known bug, and only what the buggy kernel's clients did on their own
    JsonNode fixed = explore(b);
    Set<String> own = new TreeSet<>();
    for (JsonNode f : j.get("findings")) {
      if (!f.get("bugVariants").asBoolean()) {
        own.add(f.get("property").asText() + "/" + f.get("kind").asText());
      }
    }
    for (JsonNode f : fixed.get("findings")) {
      assertEquals(0, f.get("knownBugs").size(), f.toString());
      assertEquals(0, f.get("changedSteps").size(), f.toString());
      assertTrue(own.contains(f.get("property").asText() + "/" + f.get("kind").asText()),
          "the fixed kernel shows " + f.get("signature") + ", which the buggy kernel's clients did not show"
              + " on their own " + own);
    }
  }

  @Test
  void p3IsTheProxyAbbaWalkAndWithoutProxyAnOrdinaryDeadlock() throws Exception {
    JsonNode j = explore("--kernel", "v7.2", "--cpus", "1", "--mutexes", "2", "--words", "0", "--ops", "2",
        "--operations", "lock");
    assertEquals(1, j.get("findings").size(), j.toString());
    JsonNode f = j.get("findings").get(0);
    assertEquals("deadlock", f.get("property").asText());
    assertTrue(f.get("knownBugs").get(0).asText().startsWith("C.P3"), f.toString());
    JsonNode off = explore("--kernel", "none", "--cpus", "1", "--mutexes", "2", "--words", "0", "--ops", "2",
        "--operations", "lock");
    assertEquals("deadlock", off.get("findings").get(0).get("property").asText());
    assertEquals(0, off.get("findings").get(0).get("knownBugs").size(), "no proxy: hung tasks, not P3's cpu hang");
  }

  @Test
  void aCleanBoundHoldsAndACutOneIsIncomplete() throws Exception {
    JsonNode clean = explore("--kernel", "v7.2", "--mutexes", "1", "--words", "0", "--ops", "1");
    assertEquals("holds", clean.get("verdict").asText());
    assertEquals(clean.get("plannedRuns").asInt(), clean.get("runs").asInt());
    JsonNode cut = explore("--kernel", "v7.2", "--mutexes", "1", "--words", "0", "--ops", "1", "--max-states", "30");
    assertEquals("incomplete", cut.get("verdict").asText());
    assertTrue(cut.get("cuts").get("states").asLong() > 0);
  }

  @Test
  void badOptionsExitTwo() {
    String[][] bad = {
      {"--kernel", "v9"},
      {"--variant", "P99"},
      {"--variant", "P1", "--kernel", "v7.2"},
      {"--tasks", "0"},
      {"--operations", "frob"},
      {"--check", "starvation"},
      {"--time", "0s"},
      {"--placements", "some"},
      {"--tasks", "6", "--ops", "6", "--mutexes", "4"},
      {"--time", "soon"},
    };
    for (String[] a : bad) {
      CliTest.Result r = CliTest.run(concat(a, "explore"));
      assertEquals(Main.BAD_INPUT, r.status(), String.join(" ", a) + ": " + r.out() + r.err());
      CliTest.noStackTrace(r);
      assertTrue(r.err().startsWith("schedcheck: "), r.err());
    }
  }

  @Test
  void postsAndKindsAreOptInSoLockordersClientsStayTheSame() {
    ClientGenerator.Bounds b = new ClientGenerator.Bounds(2, 2, 2, 1, 2);
    assertEquals(4352, new ClientGenerator(b).combinations().size(), "lockorder's pinned count");
    ClientGenerator posts = new ClientGenerator(b).withPosts(true);
    assertTrue(posts.programs(0).stream().anyMatch(p -> p.stream().anyMatch(o -> o.kind() == ClientGenerator.Kind.POST)));
    ClientGenerator locks = new ClientGenerator(b).withKinds(Set.of(ClientGenerator.Kind.LOCK));
    assertTrue(locks.programs(0).stream().flatMap(List::stream)
        .allMatch(o -> o.kind() == ClientGenerator.Kind.LOCK || o.kind() == ClientGenerator.Kind.UNLOCK));
  }

  private static String[] concat(String[] a, String... more) {
    if (more.length == 1 && "explore".equals(more[0])) {
      return Stream.concat(Stream.of("explore"), Stream.of(a)).toArray(String[]::new);
    }
    return Stream.concat(Stream.of(a), Stream.of(more)).toArray(String[]::new);
  }
}
