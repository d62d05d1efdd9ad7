package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Limits#remainingSince}: a check's later passes share its one wall-clock budget. */
class LimitsTest {

  @Test
  void aLaterPassGetsWhatIsLeftOfTheTimeAndNothingWhenItIsSpent() {
    Limits ten = new Limits(-1, -1, Duration.ofSeconds(10), true);
    Limits spent = ten.remainingSince(System.nanoTime() - Duration.ofSeconds(11).toNanos());
    assertEquals(Duration.ZERO, spent.maxTime());
    assertEquals(0, spent.timeBudgetNanos());
    Limits left = ten.remainingSince(System.nanoTime() - Duration.ofSeconds(4).toNanos());
    assertTrue(left.maxTime().compareTo(Duration.ofSeconds(6)) <= 0, left.toString());
    assertTrue(left.maxTime().compareTo(Duration.ofSeconds(5)) > 0, left.toString());
    assertEquals(ten.maxStates(), left.maxStates());
    assertEquals(ten.stopAtFirstViolation(), left.stopAtFirstViolation());
  }

  @Test
  void withoutATimeLimitNothingChanges() {
    Limits none = new Limits(-1, 1000, null, true);
    assertSame(none, none.remainingSince(System.nanoTime() - Duration.ofHours(1).toNanos()));
    assertNull(none.maxTime());
  }
}
