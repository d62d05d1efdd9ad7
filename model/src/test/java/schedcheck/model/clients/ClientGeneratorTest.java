package schedcheck.model.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import schedcheck.model.scenario.ScenarioParser;

class ClientGeneratorTest {

  @Test
  void programsAreWellFormedAndReleaseWhatTheyHold() {
    ClientGenerator g = new ClientGenerator(new ClientGenerator.Bounds(2, 2, 2, 1, 2));
    for (List<ClientGenerator.Op> p : g.programs(0)) {
      String text = ClientGenerator.text(p, new int[] {0, 1}, new int[] {0, 1}, new int[] {0});
      int locks = text.split("(^|\n)lock ", -1).length - 1;
      int unlocks = text.split("(^|\n)unlock ", -1).length - 1;
      int interruptible = text.split("lock_interruptible", -1).length - 1;
      assertEquals(locks + interruptible, unlocks, text);
    }
  }

  @Test
  void symmetricCombinationsOnce() throws Exception {
    // One operation each, one word, no mutexes: ops are exit, wait, wake, swap, signal, yield.
    ClientGenerator g = new ClientGenerator(new ClientGenerator.Bounds(2, 2, 0, 1, 1)).allPlacements(false);
    List<ClientGenerator.Combination> cs = g.combinations();
    Set<String> seen = new HashSet<>();
    for (ClientGenerator.Combination c : cs) {
      assertTrue(seen.add(c.summary()), c.summary());
    }
    // 6 programs per task; unordered pairs with repetition: 6 * 7 / 2 = 21.
    assertEquals(21, cs.size(), seen.toString());
    long wakeWait = cs.stream().filter(c -> c.summary().contains("futex_wait w1 0")
        && c.summary().contains("futex_wake w1 1") && !c.summary().contains("swap")).count();
    assertEquals(1, wakeWait, seen.toString());
    // Every placement: two tasks share a cpu or not; both are kept, mirror images are not.
    ClientGenerator all = new ClientGenerator(new ClientGenerator.Bounds(2, 2, 0, 1, 0));
    assertEquals(2, all.combinations().size());
  }

  @Test
  void mutexRenamingsAreExploredOnce() {
    ClientGenerator g = new ClientGenerator(new ClientGenerator.Bounds(1, 1, 2, 0, 1));
    // lock A and lock B are the same program up to renaming; so are their interruptible forms.
    List<ClientGenerator.Combination> cs = g.combinations();
    assertEquals(4, cs.size(), cs.toString()); // exit, lock, lock_interruptible, yield
  }

  @Test
  void everyCombinationIsAScenario() throws Exception {
    ClientGenerator g = new ClientGenerator(new ClientGenerator.Bounds(2, 2, 1, 1, 2));
    int n = 0;
    for (ClientGenerator.Combination c : g.combinations()) {
      ScenarioParser.parse(g.scenario("c" + (++n), c, "  proxy: true\n", null, null), "c");
    }
    assertTrue(n > 100, "" + n);
  }
}
