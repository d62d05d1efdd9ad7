package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeltaDebuggingTest {

  @Test
  void keepsOnlyTheStepsTheAttemptNeeds() {
    List<Integer> steps = IntStream.rangeClosed(1, 10).boxed().toList();
    var r = DeltaDebugging.minimize(steps, "all", cand -> cand.contains(3) && cand.contains(7) ? "kept " + cand : null);
    assertEquals(List.of(3, 7), r.steps());
    assertEquals("kept [3, 7]", r.best());
  }

  @Test
  void nothingRemovableLeavesTheInputAndItsResult() {
    var r = DeltaDebugging.minimize(List.of(1, 2), "input", cand -> null);
    assertEquals(List.of(1, 2), r.steps());
    assertEquals("input", r.best());
  }
}
