package schedcheck.app.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import schedcheck.app.CheckOptions;
import schedcheck.app.CheckRun;
import schedcheck.app.Checking;
import schedcheck.app.Sampling;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.checker.Replay;
import schedcheck.checker.Verdict;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.scenario.Scenario;

/**
 * Random schedules against the exhaustive search on random scenario files over the whole
 * language (the differential test's generator), at both detail levels: a random or PCT search
 * never says {@code holds}, and every property it reports violated is one BFS (exploring
 * everything) reports violated too, its path replaying on the model. The statistics show how
 * often the random search found everything BFS found.
 */
class RandomStrategyDifferentialTest {

  @Provide
  Arbitrary<ScenarioGenerator.Spec> specs() {
    return ScenarioGenerator.specs();
  }

  @Property(tries = 60, seed = "20261201", shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
  void randomSchedulesReportOnlyWhatTheExhaustiveSearchFinds(@ForAll("specs") ScenarioGenerator.Spec spec) {
    String steps = spec.render(null, "random");
    for (String level : new String[] {"steps", "syscall"}) {
      Scenario sc = "steps".equals(level) ? Differential.parse(steps, "random.yaml")
          : Differential.parseSyscall(steps, "random.yaml");
      CheckRun bfs = Checking.check(sc, CheckOptions.defaults().exploringEverything(), Progress.NONE);
      if (!bfs.result().cuts().isEmpty()) {
        Statistics.label("comparison").collect("skipped (bound)");
        continue;
      }
      Set<String> exhaustive = properties(bfs);
      for (String strategy : new String[] {"random", "pct"}) {
        CheckOptions o = CheckOptions.defaults().withStrategy(strategy).withRandom(new Sampling.Options(3, 150, 3))
            .exploringEverything();
        CheckRun r = Checking.check(sc, o, Progress.NONE);
        assertNotEquals(Verdict.HOLDS, r.verdict());
        Set<String> found = properties(r);
        Set<String> extra = new TreeSet<>(found);
        extra.removeAll(exhaustive);
        assertTrue(extra.isEmpty(), () -> level + "/" + strategy + " reports " + extra + " that BFS does not ("
            + exhaustive + ")\n" + steps);
        if (r.model() != null) {
          KernelModel m = r.model();
          for (Found f : r.result().violations()) {
            if (!f.isLasso()) {
              Replay.replay(m, f.path()); // throws when it no longer replays
            }
          }
        }
        assertNull(r.liveness(), "no liveness pass under a random search");
        Statistics.label(level + "/" + strategy).collect(
            exhaustive.isEmpty() ? "nothing to find" : found.containsAll(exhaustive) ? "found all" : "found some");
      }
      Statistics.label("comparison").collect("compared");
    }
    assertEquals(spec, spec);
  }

  /** The safety properties a run reports violated (liveness lassos left out: a random search does not look). */
  private static Set<String> properties(CheckRun run) {
    Set<String> out = new TreeSet<>();
    for (Found f : run.result().violations()) {
      if (!f.isLasso()) {
        out.add(f.violation().property());
      }
    }
    return out;
  }
}
