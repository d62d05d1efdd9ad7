package example;

import static schedcheck.api.Property.LOST_WAKEUP;
import static schedcheck.junit.SchedcheckAssertions.*;

import org.junit.jupiter.api.Test;
import schedcheck.api.Scenario;

class FlagProtocolTest {
  static Scenario flag(String... waker) {
    return Scenario.builder("flag").cpus(2).word("flag", 0)
        .task("waiter", "r = load flag", "if r != 0 goto done", "r = futex_wait flag 0", "done:")
        .task("waker", waker).check(LOST_WAKEUP).build();
  }

  @Test void storeThenWake() { assertHolds(flag("store flag 1", "r = futex_wake flag 1")); }

  @Test void wakeThenStore() { assertViolates(LOST_WAKEUP, flag("r = futex_wake flag 1", "store flag 1")); }
}
