package schedcheck.jqwik;

import static schedcheck.junit.SchedcheckAssertions.assertHolds;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import schedcheck.api.Detail;
import schedcheck.api.Scenario;

/**
 * A property that must fail (run by {@link ScenarioArbitrariesTest}, left out of the suite by
 * its name): two tasks drawing futex protocol pieces over one word lose a wakeup somewhere
 * (a wake before the store, a wait on a word nobody wakes after storing ...).
 */
class GeneratedScenarioProperties {
  @Property(tries = 200, seed = "7")
  void noLostWakeups(@ForAll("twoTasks") Scenario s) {
    ScenarioArbitraries.collectStatistics(s);
    assertHolds(s);
  }

  @Provide
  Arbitrary<Scenario> twoTasks() {
    return ScenarioArbitraries.scenarios(List.of("x"), List.of("A")).tasks(2, 2).cpus(1, 2)
        .detail(Detail.SYSCALL).check(schedcheck.api.Property.LOST_WAKEUP);
  }
}
