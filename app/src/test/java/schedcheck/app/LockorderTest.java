package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code schedcheck lockorder}: the questions of issue 10, end to end through the command line. */
class LockorderTest {
  static final String DOCUMENTED = "pi_lock < rq_lock < wait_lock < blocked_lock";
  static final List<String> FUNCTIONS = List.of(
      "mutex_lock", "mutex_unlock", "futex_wait", "futex_wake", "try_to_wake_up", "__schedule", "find_proxy_task");

  static JsonNode json(CliTest.Result r) throws Exception {
    CliTest.noStackTrace(r);
    return new ObjectMapper().readTree(r.out());
  }

  static List<String> forbidden(JsonNode j) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : j.get("edges")) {
      if (e.get("order").asText().equals("FORBIDDEN")) {
        out.add(e.get("from").asText() + " -> " + e.get("to").asText());
      }
    }
    return out;
  }

  static JsonNode edge(JsonNode j, String from, String to) {
    for (JsonNode e : j.get("edges")) {
      if (e.get("from").asText().equals(from) && e.get("to").asText().equals(to)) {
        return e;
      }
    }
    return null;
  }

  static List<String> sites(JsonNode edge) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : edge.get("sites")) {
      out.add(s.get("site").asText());
    }
    return out;
  }

  static String traceText(JsonNode trace) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode s : trace) {
      sb.append(s.get("text").asText()).append('\n');
    }
    return sb.toString();
  }

  /**
   * The done-when: with the kernel's documented order, every merged Proxy Execution version
   * holds with the default clients, and every step label of the seven functions is reached.
   */
  @ParameterizedTest
  @ValueSource(strings = {"v6.17", "v7.1", "v7.2"})
  void documentedOrderHoldsAndCoversEveryLabel(String version) throws Exception {
    CliTest.Result r = CliTest.run("lockorder", "--order", DOCUMENTED, "--version", version, "--time", "30m", "--json");
    JsonNode j = json(r);
    assertEquals(0, r.status(), r.out() + r.err());
    assertEquals("holds", j.get("verdict").asText());
    assertEquals(List.of(), forbidden(j));
    assertEquals(0, j.get("cycles").size());
    assertEquals(0, j.get("deadlocks").size());
    assertEquals(0, j.get("nestings").size());
    assertEquals(j.get("plannedRuns").asInt(), j.get("runs").asInt());
    assertTrue(edge(j, "pi_lock", "rq_lock") != null, "ttwu's pi_lock -> rq_lock observed");
    for (String f : FUNCTIONS) {
      JsonNode cov = j.get("coverage").get(f);
      assertTrue(cov != null, "no coverage of " + f + " under " + version);
      assertTrue(cov.get("reached").size() > 0, f);
      assertEquals(0, cov.get("missing").size(), version + ": " + f + " never reached " + cov.get("missing"));
    }
  }

  /** Coverage is real: without a second mutex no blocked_on cycle forms, and F_SPIN is named as never reached. */
  @Test
  void coverageNamesALabelNeverReached() throws Exception {
    CliTest.Result r = CliTest.run("lockorder", "--mutexes", "1", "--ops", "1", "--placements", "spread", "--json");
    JsonNode j = json(r);
    assertEquals(0, r.status(), r.out() + r.err());
    assertEquals("[\"F_SPIN\"]", j.get("coverage").get("find_proxy_task").get("missing").toString());
    CliTest.Result t = CliTest.run("lockorder", "--mutexes", "1", "--ops", "1", "--placements", "spread");
    assertTrue(t.out().contains("find_proxy_task   6/7   never reached: F_SPIN"), t.out());
  }

  /** Swapping wait_lock and rq_lock: find_proxy_task takes each link's wait_lock under the rq lock. */
  @Test
  void swappedWaitLockAndRqLockIsBrokenByFindProxyTask() throws Exception {
    String swapped = "pi_lock < wait_lock < rq_lock < blocked_lock";
    CliTest.Result r = CliTest.run("lockorder", "--order", swapped, "--mutexes", "1", "--ops", "1", "--placements", "spread",
        "--time", "30m", "--json");
    JsonNode j = json(r);
    assertEquals(1, r.status(), r.out() + r.err());
    assertEquals("violated", j.get("verdict").asText());
    assertEquals(List.of("rq_lock -> wait_lock"), forbidden(j));
    JsonNode e = edge(j, "rq_lock", "wait_lock");
    assertEquals(List.of("find_proxy_task F2"), sites(e));
    String trace = traceText(e.get("witness").get("trace"));
    assertTrue(trace.contains("find_proxy_task F2: raw_spin_lock(&m->wait_lock)"), trace);
    assertTrue(trace.contains("__schedule C5"), trace);
    // The last step takes the lock against the order; the witness is the shortest one.
    assertEquals(e.get("witness").get("steps").asInt(), e.get("witness").get("trace").size());

    CliTest.Result t = CliTest.run("lockorder", "--order", swapped, "--mutexes", "1", "--ops", "1", "--placements", "spread",
        "--time", "30m");
    assertEquals(1, t.status());
    assertTrue(t.out().contains("edge rq_lock -> wait_lock contradicts the order (wait_lock before rq_lock), taken at 1 site:"
        + " find_proxy_task F2"), t.out());
    assertTrue(t.out().contains("| cpu0"), "a timeline: " + t.out());
  }

  /** Putting rq_lock before pi_lock: try_to_wake_up takes the rq lock under p->pi_lock. */
  @Test
  void rqLockBeforePiLockIsBrokenByTtwu() throws Exception {
    CliTest.Result r = CliTest.run("lockorder", "--order", "rq_lock < pi_lock < wait_lock < blocked_lock",
        "--mutexes", "1", "--ops", "1", "--placements", "spread", "--time", "30m", "--json", "--compare", DOCUMENTED);
    JsonNode j = json(r);
    assertEquals(1, r.status(), r.out() + r.err());
    assertEquals(List.of("pi_lock -> rq_lock"), forbidden(j));
    JsonNode e = edge(j, "pi_lock", "rq_lock");
    assertTrue(sites(e).stream().allMatch(s -> s.startsWith("try_to_wake_up ")), sites(e).toString());
    assertEquals("allowed", e.get("compare").asText());
    assertTrue(traceText(e.get("witness").get("trace")).contains("try_to_wake_up T2"));

    CliTest.Result t = CliTest.run("lockorder", "--order", "rq_lock < pi_lock < wait_lock < blocked_lock",
        "--mutexes", "1", "--ops", "1", "--placements", "spread", "--compare", DOCUMENTED);
    assertTrue(t.out().matches("(?s).*\n  pi_lock -> rq_lock +FORBIDDEN +allowed +<- differs\n.*"), t.out());
    assertTrue(t.out().contains("A forbids 1 observed edges that B allows; B forbids 0 that A allows"), t.out());
  }

  /**
   * The new path wait_lock(A) then pi_lock(t1): against the order, in a cycle with ttwu's
   * pi_lock -> rq_lock and find_proxy_task's rq_lock -> wait_lock, and (on three cpus) an
   * actual deadlock: mutex_unlock's wake_up_q -> ttwu holds pi_lock(t1) and spins on the rq
   * lock that __schedule holds while find_proxy_task spins on wait_lock(A).
   */
  @Test
  void newPathConflictsWithTtwuAndDeadlocks() throws Exception {
    CliTest.Result r = CliTest.run("lockorder", "--path", "spin_lock wait_lock(A); spin_lock pi_lock(t1)",
        "--cpus", "3", "--mutexes", "1", "--ops", "1", "--placements", "spread", "--time", "30m", "--json");
    JsonNode j = json(r);
    assertEquals(1, r.status(), r.out() + r.err());
    assertEquals(List.of("wait_lock -> pi_lock"), forbidden(j));
    assertEquals(List.of("spin_lock pi_lock(t1)"), sites(edge(j, "wait_lock", "pi_lock")));
    List<String> ttwu = sites(edge(j, "pi_lock", "rq_lock"));
    assertTrue(ttwu.contains("try_to_wake_up T3"), ttwu.toString());
    assertEquals(1, j.get("cycles").size());
    assertEquals("[\"pi_lock\",\"rq_lock\",\"wait_lock\"]", j.get("cycles").get(0).get("classes").toString());
    assertTrue(j.get("cycles").get(0).get("scenario").asText().contains("*** DEADLOCK ***"));
    assertEquals(1, j.get("deadlocks").size(), j.get("deadlocks").toString());
    JsonNode d = j.get("deadlocks").get(0);
    assertTrue(d.get("message").asText().contains("spins on pi_lock(t1)"), d.get("message").asText());
    assertTrue(d.get("message").asText().contains("spins on wait_lock(A)"), d.get("message").asText());
    String trace = traceText(d.get("trace"));
    assertTrue(trace.contains("try_to_wake_up T2"), trace);
    assertTrue(trace.contains("find_proxy_task F1"), trace);
    assertTrue(trace.contains("spin_lock wait_lock(A)"), trace);
  }

  /** Scenario files run as written; lockdep's nesting annotations are honoured, not the deadlock check. */
  @Test
  void scenarioFilesAndNestingAnnotations(@TempDir Path dir) throws Exception {
    JsonNode j = json(CliTest.run("lockorder", "--no-clients", "--json", CliTest.EX + "double-rq-lock.yaml"));
    assertEquals("holds", j.get("verdict").asText());
    JsonNode e = edge(j, "rq_lock", "rq_lock/1");
    assertEquals("nested", e.get("order").asText());
    assertEquals(0, j.get("nestings").size());

    // An annotated ABBA: lockdep (and so the class graph) accepts it, the deadlock check does not.
    CliTest.Result r = CliTest.run("lockorder", "--no-clients", "--json", CliTest.EX + "nested-annotation-abba.yaml");
    j = json(r);
    assertEquals(1, r.status());
    assertEquals(0, j.get("cycles").size());
    assertEquals(1, j.get("deadlocks").size());

    // A cycle in the class graph although no execution deadlocks.
    r = CliTest.run("lockorder", "--no-clients", "--json", CliTest.EX + "lockdep-cycle.yaml");
    j = json(r);
    assertEquals(1, r.status());
    assertEquals(1, j.get("cycles").size());
    assertEquals(0, j.get("deadlocks").size());

    // Two rq locks nested in descending order without an annotation.
    Path f = dir.resolve("descending.yaml");
    Files.writeString(f, "name: descending\ncpus: 2\nkernel:\n  proxy: false\ntasks:\n  t1:\n    program: |\n"
        + "      spin_lock rq_lock(1)\n      spin_lock rq_lock(0)\n      spin_unlock rq_lock(0)\n"
        + "      spin_unlock rq_lock(1)\n");
    r = CliTest.run("lockorder", "--no-clients", "--json", f.toString());
    j = json(r);
    assertEquals(1, r.status(), r.out());
    assertEquals("rq_lock", j.get("nestings").get(0).get("class").asText());
    assertEquals("spin_lock rq_lock(0)", j.get("nestings").get(0).get("site").asText());
  }

  /** An order may come from a file, over several lines, with comments; errors name the file's line. */
  @Test
  void orderFromAFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("order.txt");
    Files.writeString(f, "# the proposed order\npi_lock <\n  wait_lock < rq_lock\n< blocked_lock\n");
    JsonNode j = json(CliTest.run("lockorder", "--order", f.toString(), "--mutexes", "1", "--ops", "1",
        "--placements", "spread", "--json"));
    assertEquals("[\"pi_lock\",\"wait_lock\",\"rq_lock\",\"blocked_lock\"]", j.get("order").toString());
    assertEquals(List.of("rq_lock -> wait_lock"), forbidden(j));

    Files.writeString(f, "pi_lock < rq_lock\nrq_lock < wait_lock\n");
    CliTest.Result r = CliTest.run("lockorder", "--order", f.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains(f + ":2:1: 'rq_lock' appears twice in the order"), r.err());
  }

  @Test
  void dotDrawsTheGraphWithForbiddenEdgesRed() {
    CliTest.Result r = CliTest.run("lockorder", "--order", "pi_lock < wait_lock < rq_lock < blocked_lock",
        "--mutexes", "1", "--ops", "1", "--placements", "spread", "--dot");
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.out().startsWith("digraph lockorder {"), r.out());
    assertTrue(r.out().contains("\"rq_lock\" -> \"wait_lock\" [label=\"") && r.out().contains("color=red"), r.out());
    assertTrue(r.out().contains("\"pi_lock\" -> \"rq_lock\""), r.out());
  }

  @Test
  void timeCutSaysIncompleteAndWhatWasCut() throws Exception {
    CliTest.Result r = CliTest.run("lockorder", "--max-states", "5", "--mutexes", "1", "--ops", "1", "--json");
    JsonNode j = json(r);
    assertEquals(3, r.status(), r.out() + r.err());
    assertEquals("incomplete", j.get("verdict").asText());
    assertTrue(j.get("cuts").get("states").asLong() > 0, j.get("cuts").toString());
  }

  @Test
  void badInputSaysWhereAndExitsTwo(@TempDir Path dir) throws Exception {
    CliTest.Result r = CliTest.run("lockorder", "--order", "pi_lock < frob_lock");
    assertEquals(2, r.status());
    CliTest.noStackTrace(r);
    assertTrue(r.err().contains("--order:1:11: unknown lock class 'frob_lock'"), r.err());

    r = CliTest.run("lockorder", "--order", "pi_lock <  < rq_lock");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--order:1:"), r.err());

    r = CliTest.run("lockorder", "--path", "spin_lock wait_lock(A); frobnicate");
    assertEquals(2, r.status());
    CliTest.noStackTrace(r);
    assertTrue(r.err().startsWith("--path:1:"), r.err());
    assertTrue(r.err().contains("frobnicate"), r.err());

    r = CliTest.run("lockorder", "--path", "spin_lock wait_lock(Q)");
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("--path:1:"), r.err());

    r = CliTest.run("lockorder", "--version", "v9");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--version must be"), r.err());

    r = CliTest.run("lockorder", "--variants", "pe-p1-wake-without-return");
    assertEquals(2, r.status());
    CliTest.noStackTrace(r);
    assertTrue(r.err().contains("--version/--variants"), r.err());

    r = CliTest.run("lockorder", "--tasks", "0");
    assertEquals(2, r.status());
    CliTest.noStackTrace(r);

    Path sys = dir.resolve("sys.yaml");
    Files.writeString(sys, "name: sys\ncpus: 1\nkernel:\n  detail: syscall\ntasks:\n  t1:\n    program: yield\n");
    r = CliTest.run("lockorder", "--no-clients", sys.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains(sys + ":4:3: lockorder follows the kernel's own locks"), r.err());

    r = CliTest.run("lockorder", "--no-clients", "--path", "spin_lock wait_lock(A)", CliTest.EX + "double-rq-lock.yaml");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--path runs against the generated clients"), r.err());

    // Bounds whose combinations could not even be listed are refused before anything runs.
    r = CliTest.run("lockorder", "--tasks", "3", "--ops", "4");
    assertEquals(2, r.status());
    CliTest.noStackTrace(r);
    assertTrue(r.err().contains("combinations to enumerate"), r.err());
  }
}
