package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import schedcheck.checker.ToyModels.Counter;

class ReplayTest {

  @Test
  void replaysStatesAndActions() {
    Counter m = Counter.upDown(10);
    List<Replay.Step<Integer, String>> steps = Replay.replay(m, new Path(0, new int[] {1, 1, 0}));
    assertEquals(4, steps.size());
    assertNull(steps.get(0).action());
    assertEquals(0, steps.get(0).state());
    assertEquals(new Replay.Step<>("dec", 9), steps.get(1));
    assertEquals(new Replay.Step<>("dec", 8), steps.get(2));
    assertEquals(new Replay.Step<>("inc", 9), steps.get(3));
    assertEquals(9, Replay.stateAt(m, new Path(0, new int[] {1, 1, 0})));
    assertEquals(0, Replay.stateAt(m, new Path(0, new int[0])));
    assertEquals(new Replay.Step<>("dec", 4), Replay.successor(m, 5, 1));
    assertNull(Replay.successor(m, 5, 2));
  }

  @Test
  void indexOutOfRangeDoesNotReplay() {
    Counter m = Counter.upDown(10);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> Replay.replay(m, new Path(0, new int[] {0, 2})));
    assertTrue(e.getMessage().startsWith("path does not replay: "), e.getMessage());
    assertThrows(
        IllegalStateException.class, () -> Replay.replay(m, new Path(1, new int[] {})));
    assertThrows(
        IllegalStateException.class, () -> Replay.stateAt(m, new Path(-1, new int[] {})));
    assertThrows(
        IllegalStateException.class, () -> Replay.stateAt(m, new Path(0, new int[] {-1})));
    // a terminal state has no successor 0
    assertThrows(
        IllegalStateException.class,
        () -> Replay.stateAt(Counter.chain(2), new Path(0, new int[] {0, 0})));
  }
}
