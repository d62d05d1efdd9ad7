package schedcheck.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static schedcheck.junit.SchedcheckAssertions.assertAsExpected;
import static schedcheck.junit.SchedcheckAssertions.assertHolds;
import static schedcheck.junit.SchedcheckAssertions.assertViolates;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import schedcheck.api.Options;
import schedcheck.api.Property;
import schedcheck.api.Result;
import schedcheck.api.Scenario;

class SchedcheckAssertionsTest {

  /** A shipped example that violates each property (its expect says so), and one that holds it. */
  static final Map<Property, String[]> EXAMPLES = Map.of(
      Property.LOST_WAKEUP, new String[] {"f1-unlocked-check.yaml", "futex-wait-wake.yaml"},
      Property.DEADLOCK, new String[] {"protocol-deadlock.yaml", "spinlock-ordered.yaml"},
      Property.STARVATION, new String[] {"liveness/pi-hog-classic.yaml", "liveness/pi-hog-proxy.yaml"},
      Property.MUTUAL_EXCLUSION, new String[] {"racy-critical-section.yaml", "futex-mutex.yaml"},
      Property.LOCK_ORDER, new String[] {"lock-order-break.yaml", "lock-order-kernel.yaml"},
      Property.ASSERTIONS, new String[] {"racy-counter.yaml", "atomic-counter.yaml"},
      Property.INVARIANTS, new String[] {"f7-swap-orphan.yaml", "proxy/local-chain.yaml"});

  /** The README example's scenario (example.FlagProtocolTest). */
  static Scenario flag(String... waker) {
    return Scenario.builder("flag").cpus(2).word("flag", 0)
        .task("waiter", "r = load flag", "if r != 0 goto done", "r = futex_wait flag 0", "done:")
        .task("waker", waker).check(Property.LOST_WAKEUP).build();
  }

  static Scenario example(String file) {
    return Scenario.load(Path.of("../examples", file));
  }

  @ParameterizedTest
  @EnumSource(Property.class)
  void eachPropertyViolatedAndHeld(Property p) {
    Scenario bad = example(EXAMPLES.get(p)[0]);
    Result r = assertViolates(p, bad);
    assertEquals(Optional.of(p), r.property());
    assertTrue(r.trace().size() > 0 || r.violates(p));
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertHolds(bad));
    assertTrue(e.getMessage().contains("but it is violated: "), e.getMessage());

    Options dfs = Options.defaults().strategy("dfs");
    assertEquals(Optional.of(p), assertViolates(p, bad, dfs).property());

    Scenario good = example(EXAMPLES.get(p)[1]);
    Result ok = assertHolds(good);
    assertTrue(ok.holds());
    assertEquals(ok.states(), assertHolds(good, dfs).states()); // both explore every state
    assertAsExpected(good);
    if (good.properties().contains(p)) {
      AssertionFailedError f = assertThrows(AssertionFailedError.class, () -> assertViolates(p, good));
      assertTrue(f.getMessage().contains("to violate " + p.id() + ", but it is holds"), f.getMessage());
    }
  }

  @Test
  void aFailurePrintsTheCounterexampleAndTheScenario() {
    Scenario s = flag("r = futex_wake flag 1", "store flag 1");
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertHolds(s));
    String m = e.getMessage();
    assertTrue(m.startsWith("expected flag to hold, but it is violated: lost-wakeup\n\n<built flag>: violated:"
        + " lost-wakeup\n"), m);
    assertTrue(m.contains("# | cpu0"), m); // the per-cpu timeline
    assertTrue(m.contains("final state"), m);
    assertTrue(m.contains("explanation:"), m);
    assertTrue(m.contains("the scenario (<built flag>):\nname: flag\n"), m);
    assertTrue(m.contains("      r = futex_wake flag 1\n      store flag 1\n"), m);
    assertEquals("holds", e.getExpected().getStringRepresentation());
    assertEquals("violated: lost-wakeup", e.getActual().getStringRepresentation());
    // the options' view reaches the report
    AssertionFailedError full = assertThrows(AssertionFailedError.class,
        () -> assertHolds(s, Options.defaults().view("full").width(80)));
    assertTrue(full.getMessage().lines().allMatch(l -> l.length() <= 80 || l.startsWith("  ")), full.getMessage());
  }

  @Test
  void assertViolatesSearchesOnPastOtherProperties() {
    Scenario s = Scenario.builder("both")
        .cpus(2).word("flag", 0).mutexes("A", "B")
        .task("t1", "lock A", "lock B", "unlock B", "unlock A", "r = futex_wait flag 0")
        .task("t2", "lock B", "lock A", "unlock A", "unlock B", "r = futex_wake flag 1", "store flag 1")
        .check(Property.LOST_WAKEUP, Property.DEADLOCK)
        .build();
    assertEquals(Optional.of(Property.DEADLOCK), s.check().property());
    assertEquals(Optional.of(Property.LOST_WAKEUP), assertViolates(Property.LOST_WAKEUP, s).property());
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertViolates(Property.STARVATION, s));
    assertTrue(e.getMessage().contains("does not check starvation"), e.getMessage());
  }
}
