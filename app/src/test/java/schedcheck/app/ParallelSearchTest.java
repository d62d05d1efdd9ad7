package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import schedcheck.app.differential.Differential;
import schedcheck.app.differential.ScenarioGenerator;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.Limits;
import schedcheck.checker.ParallelBreadthFirst;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.counterexamples.Trace;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.properties.PropertySet;
import schedcheck.properties.reference.ReferenceProperties;

/**
 * The parallel breadth-first search returns the sequential one's result field for field (all
 * but the time): verdict, states, transitions, depth, cuts, violations with their paths (so
 * the counterexample and its length), on every shipped example and on random differential
 * scenarios at both detail levels, stopping at the first violation and exploring
 * everything. Threads are started from the first waiting state on ({@code startThreadsAt =
 * 1}), so that even the small spaces are searched by several.
 */
class ParallelSearchTest {

  static void assertSameResult(SearchResult seq, SearchResult par, String where) {
    assertEquals(seq.verdict(), par.verdict(), where);
    assertEquals(seq.states(), par.states(), where + ": states");
    assertEquals(seq.transitions(), par.transitions(), where + ": transitions");
    assertEquals(seq.maxDepth(), par.maxDepth(), where);
    assertEquals(seq.cuts(), par.cuts(), where);
    assertEquals(seq.violations(), par.violations(), where + ": violations and their paths");
  }

  /** Both searches on the scenario's model (its detail level) under the limits {@code check} uses. */
  static void compare(Scenario sc, boolean exploreAll, int workers, String where) {
    CheckOptions o = exploreAll ? CheckOptions.defaults().exploringEverything() : CheckOptions.defaults();
    if (sc.kernel().detail() == Scenario.Detail.SYSCALL) {
      ReferenceModel m = new ReferenceModel(sc);
      var props = ReferenceProperties.of(m, sc.check()).checked();
      String expected = Checking.expectedViolation(sc, props.stream().map(p -> p.name()).toList());
      Limits l = Checking.searchLimits(sc, o, null, expected);
      assertSameResult(new BreadthFirst().run(m, props, l, Progress.NONE),
          new ParallelBreadthFirst(workers, 1).run(m, props, l, Progress.NONE), where);
    } else {
      KernelModel m = new KernelModel(sc);
      PropertySet ps = PropertySet.of(m, sc.check());
      String expected = Checking.expectedViolation(sc, ps.checked().stream().map(p -> p.name()).toList());
      Limits l = Checking.searchLimits(sc, o, null, expected);
      SearchResult seq = new BreadthFirst().run(m, ps.forSearch(), l, Progress.NONE);
      SearchResult par = new ParallelBreadthFirst(workers, 1).run(m, ps.forSearch(), l, Progress.NONE);
      assertSameResult(seq, par, where);
      KernelModel sym = m.withSymmetry();
      if (sym != m) {
        // with symmetry reduction too (its model copies reduce alike)
        assertSameResult(new BreadthFirst().run(sym, ps.forSearch(), l, Progress.NONE),
            new ParallelBreadthFirst(workers, 1).run(sym, ps.forSearch(), l, Progress.NONE), where + " (symmetry)");
      }
      if (par.firstViolation() != null && !par.firstViolation().isLasso()) {
        // the path replays on the model, in the user's names, to the same length
        Trace t = Trace.replay(m, par.firstViolation().path());
        assertEquals(seq.firstViolation().path().length(), t.length(), where);
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyExampleSameResultAsTheSequentialSearch() throws IOException {
    return ExamplesTest.examples().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      Scenario sc = ExamplesTest.load(p);
      compare(sc, false, 3, p.toString());
      compare(sc, true, 2, p + " exploring everything");
    }));
  }

  @Provide
  Arbitrary<ScenarioGenerator.Spec> specs() {
    return ScenarioGenerator.specs();
  }

  @net.jqwik.api.Property(tries = 40, seed = "16", shrinking = ShrinkingMode.BOUNDED, maxDiscardRatio = 10)
  void randomDifferentialScenariosSameResultAtBothLevels(@ForAll("specs") ScenarioGenerator.Spec spec) {
    String steps = spec.render(null, "random");
    Scenario st = DifferentialScenarios.parse(steps);
    compare(st, true, 2, "steps\n" + steps);
    Scenario sy = Differential.parseSyscall(steps, "random.yaml");
    compare(sy, true, 2, "syscall\n" + steps);
  }

  @Test
  void checkUsesEveryProcessorByDefaultAndOneWorkerIsTheSequentialSearch() throws Exception {
    assertEquals(1, CheckOptions.defaults().workers()); // sequential unless asked: 2 workers were slower on 2 cores
    assertTrue(Checking.strategy("bfs", 2) instanceof ParallelBreadthFirst);
    assertTrue(Checking.strategy("bfs", 1) instanceof BreadthFirst);
    Path f = Path.of("..", "bench", "scenarios", "futex-mutex.yaml");
    CheckRun one = Checking.check(f, CheckOptions.defaults().withWorkers(1), Progress.NONE);
    CheckRun two = Checking.check(f, CheckOptions.defaults().withWorkers(2), Progress.NONE);
    assertSameResult(one.result(), two.result(), f.toString());
    assertEquals("bfs", two.result().strategy());
  }

  /** The steps file of a spec, parsed. */
  static final class DifferentialScenarios {
    static Scenario parse(String yaml) {
      try {
        return schedcheck.model.scenario.ScenarioParser.parse(yaml, "random.yaml");
      } catch (schedcheck.model.scenario.ScenarioException e) {
        throw new AssertionError(e.getMessage() + "\n" + yaml, e);
      }
    }
  }
}
