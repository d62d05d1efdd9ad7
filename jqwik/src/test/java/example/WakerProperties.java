package example;

import static schedcheck.api.Property.LOST_WAKEUP;
import static schedcheck.jqwik.ScenarioArbitraries.Statement.FUTEX_WAKE;
import static schedcheck.jqwik.ScenarioArbitraries.Statement.STORE;
import static schedcheck.jqwik.ScenarioArbitraries.Statement.WORK;
import static schedcheck.junit.SchedcheckAssertions.assertHolds;

import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import schedcheck.api.Scenario;
import schedcheck.jqwik.ScenarioArbitraries;

class WakerProperties {
  @Property(tries = 100, seed = "42")
  void aWakerThatSetsTheFlagAndWakesNeverLosesTheWaiter(@ForAll("wakers") List<String> waker) {
    Assume.that(waker.contains("store flag 1") && waker.contains("r = futex_wake flag 1"));
    Statistics.collect(waker.indexOf("store flag 1") < waker.indexOf("r = futex_wake flag 1") ? "store first"
        : "wake first");
    assertHolds(Scenario.builder("flag").cpus(2).word("flag", 0)
        .task("waiter", "r = load flag", "if r != 0 goto done", "r = futex_wait flag 0", "done:")
        .task("waker", waker)
        .check(LOST_WAKEUP).build());
  }

  @Provide
  Arbitrary<List<String>> wakers() {
    return ScenarioArbitraries.statements(List.of("flag"), List.of(), EnumSet.of(STORE, FUTEX_WAKE, WORK))
        .list().ofMinSize(2).ofMaxSize(4);
  }
}
