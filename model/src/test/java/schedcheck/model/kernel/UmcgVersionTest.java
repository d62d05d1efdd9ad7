package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * umcg-v0.9.1 (docs/umcg.md "v0.9.1") chooses its steps when the UMCG functions are built: its
 * own sys_umcg_wait (UW0, UW2, UW5, UW6), C3 and IO7 (the idle-workers stack and the idle
 * server), umcg_wake_idle_server, and two state words; the default kernel is untouched.
 */
class UmcgVersionTest {
  private static final String FILE = """
      name: t
      cpus: 1
      kernel:
        proxy: false
        variants: [VARIANTS]
      tasks:
        s:
          program: |
            umcg_ctl server
            r = umcg_pop
        w:
          program: |
            umcg_ctl worker s
            block_io
      """;

  private static Kernel kernel(String variants) throws Exception {
    Scenario sc = ScenarioParser.parse(FILE.replace("VARIANTS", variants), "t.yaml");
    return new Kernel(new Layout(sc));
  }

  /** function name -> "label: text" of each step. */
  private static Map<String, List<String>> steps(Kernel k) {
    Map<String, List<String>> out = new TreeMap<>();
    for (KStep s : k.steps()) {
      out.computeIfAbsent(s.function.name, n -> new java.util.ArrayList<>()).add(s.label + ": " + s.what);
    }
    return out;
  }

  private static List<String> labels(KFunction f) {
    return f.steps().stream().map(s -> s.label).toList();
  }

  @Test
  void v091BuildsItsOwnStepsAndTheDefaultKeepsItsOwn() throws Exception {
    Kernel def = kernel("");
    Kernel v = kernel("umcg-v0.9.1");
    assertEquals(List.of("UW0", "UW1", "UW2", "UW3", "UW4", "UW5", "UW6"), labels(def.umcg.sysWait));
    assertEquals(List.of("UW0", "UW2", "UW5", "UW6"), labels(v.umcg.sysWait));
    assertNull(def.umcg.wakeIdleServer);
    assertEquals(List.of("WI1", "WI2"), labels(v.umcg.wakeIdleServer));
    Map<String, List<String>> d = steps(def);
    Map<String, List<String>> n = steps(v);
    assertTrue(n.get("sys_umcg_ctl").stream().anyMatch(s -> s.startsWith("C3: umcg_enqueue_idle_worker")), n.toString());
    assertTrue(d.get("sys_umcg_ctl").stream().anyMatch(s -> s.startsWith("C3: umcg_enqueue_runnable")), d.toString());
    assertTrue(n.get("block_io").stream().anyMatch(s -> s.startsWith("IO7: umcg_enqueue_idle_worker")), n.toString());
    // the wait loop (U1's steps) is the same in both
    assertEquals(d.get("umcg_wait"), n.get("umcg_wait"));
    // a version, not a patch: no step is marked as changed by it
    for (KStep s : v.steps()) {
      assertNotEquals(Umcg.V091, s.function.patchedBy(s.label), s.function.name + " " + s.label);
    }
  }

  @Test
  void v091AddsTwoStateWordsAtTheEndOnly() throws Exception {
    Kernel def = kernel("");
    Kernel v = kernel("umcg-v0.9.1");
    assertEquals(-1, def.layout.umcgIdleAt);
    assertEquals(def.layout.size, v.layout.umcgIdleAt);
    assertEquals(def.layout.size + 2, v.layout.size);
  }

  @Test
  void u1PatchesTheSameWaitLoopUnderV091() throws Exception {
    Kernel v = kernel("umcg-v0.9.1, umcg-u1-read-before-set-state");
    for (String l : List.of("WL1", "WL2", "WL3")) {
      assertEquals(Umcg.U1, v.umcg.wait.patchedBy(l), l);
    }
  }
}
