package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --dot: the wait-for graph and the lock-class graph for Graphviz. */
class DotTest {
  @Test
  void spinlockAbbaWaitForGraphHasTheCycle(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("abba.dot");
    CliTest.Result r = CliTest.run("check", "--dot", f.toString(), CliTest.EX + "spinlock-abba.yaml");
    assertEquals(1, r.status(), r.err());
    String dot = Files.readString(f);
    assertTrue(dot.startsWith("digraph \"wait-for: spinlock-abba\" {"), dot);
    assertTrue(dot.contains("\"t1\" -> \"L2\" [label=\"spins\"];"), dot);
    assertTrue(dot.contains("\"L2\" -> \"t2\" [label=\"held by\"];"), dot);
    assertTrue(dot.contains("\"t2\" -> \"L1\" [label=\"spins\"];"), dot);
    assertTrue(dot.contains("\"L1\" -> \"t1\" [label=\"held by\"];"), dot);
    assertTrue(dot.contains("digraph \"lock classes: spinlock-abba\""), dot);
  }

  @Test
  void lockClassCycleAndMutexChainsPerScenarioInADirectory(@TempDir Path dir) throws IOException {
    CliTest.Result r = CliTest.run("check", "--dot", dir.toString(), CliTest.EX + "lockdep-cycle.yaml",
        CliTest.EX + "proxy/abba-p3.yaml");
    assertEquals(1, r.status(), r.err());
    String lockdep = Files.readString(dir.resolve("lockdep-cycle.dot"));
    assertTrue(lockdep.contains("\"L1\" -> \"L2\";") && lockdep.contains("\"L2\" -> \"L1\";"), lockdep);
    String p3 = Files.readString(dir.resolve("proxy-abba-p3.dot"));
    assertTrue(p3.contains("\"t1\" -> \"mutex B\" [label=\"blocked_on\"];"), p3);
    assertTrue(p3.contains("\"mutex B\" -> \"t2\" [label=\"owner\"];"), p3);
  }
}
