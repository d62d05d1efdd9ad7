package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import schedcheck.app.differential.ScenarioGenerator;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.checker.Verdict;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * Symmetry reduction ({@code --no-symmetry} to switch it off) leaves every verdict as it is:
 * on every shipped example, stopping at the first violation (same verdict, property, kind and
 * counterexample length: BFS finds a shortest one either way) and exploring everything (same
 * violated properties), and on random differential scenarios. It never adds states, and on
 * the scenarios with interchangeable tasks it removes some (pinned). A counterexample found
 * with it replays in the user's own task names.
 */
class SymmetryTest {

  static CheckRun check(Scenario sc, CheckOptions o) {
    return Checking.check(sc, o, Progress.NONE);
  }

  static Set<String> violated(CheckRun r) {
    Set<String> out = new TreeSet<>();
    for (Found f : r.result().violations()) {
      out.add(f.violation().property() + "/" + f.violation().kind());
    }
    return out;
  }

  static void sameVerdicts(Scenario sc, String where) {
    KernelModel plain = new KernelModel(sc);
    if (sc.kernel().detail() == Scenario.Detail.SYSCALL || plain.withSymmetry() == plain) {
      return; // no interchangeable tasks: the searched model is the plain one, by construction
    }
    CheckRun on = check(sc, CheckOptions.defaults().withWorkers(1));
    CheckRun off = check(sc, CheckOptions.defaults().withWorkers(1).withSymmetry(false));
    assertEquals(off.verdict(), on.verdict(), where);
    assertTrue(on.result().states() <= off.result().states(), where + ": symmetry added states");
    Found a = on.result().firstViolation();
    Found b = off.result().firstViolation();
    if (b != null) {
      assertEquals(b.violation().property(), a.violation().property(), where);
      assertEquals(b.violation().kind(), a.violation().kind(), where);
      if (!b.isLasso()) {
        assertEquals(b.path().length(), a.path().length(), where + ": shortest counterexample length");
      }
    }
    CheckRun allOn = check(sc, CheckOptions.defaults().withWorkers(1).exploringEverything());
    CheckRun allOff = check(sc, CheckOptions.defaults().withWorkers(1).withSymmetry(false).exploringEverything());
    assertEquals(violated(allOff), violated(allOn), where + " exploring everything");
    assertEquals(allOff.verdict(), allOn.verdict(), where + " exploring everything");
  }

  @Test
  void symmetryIsOnlyUsedWhereTasksAreInterchangeable() throws Exception {
    Scenario sc = ExamplesTest.load(Path.of("..", "examples", "f7-swap-no-wake.yaml"));
    KernelModel m = new KernelModel(sc);
    assertEquals(m, Checking.searchedModel(m, CheckOptions.defaults()));
  }

  @TestFactory
  Stream<DynamicTest> everyExampleSameVerdictWithAndWithoutSymmetry() throws IOException {
    return ExamplesTest.examples().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
        () -> sameVerdicts(ExamplesTest.load(p), p.toString())));
  }

  @Provide
  Arbitrary<ScenarioGenerator.Spec> specs() {
    return ScenarioGenerator.specs();
  }

  @net.jqwik.api.Property(tries = 25, seed = "8", shrinking = ShrinkingMode.BOUNDED, maxDiscardRatio = 10)
  void randomDifferentialScenariosSameVerdicts(@ForAll("specs") ScenarioGenerator.Spec spec) throws Exception {
    String steps = spec.render(null, "random");
    sameVerdicts(ScenarioParser.parse(steps, "random.yaml"), steps);
  }

  /** Reduction factors of the shipped scenarios with interchangeable tasks (states without ÷ with). */
  @Test
  void reducesTheScenariosWithInterchangeableTasks() throws Exception {
    Object[][] pinned = {
        {"examples/atomic-counter.yaml", 75L, 38L},
        {"examples/racy-counter.yaml", 125L, 67L},
    };
    for (Object[] row : pinned) {
      Scenario sc = ScenarioParser.parse(Path.of("..", (String) row[0]));
      assertEquals((long) row[1], check(sc, CheckOptions.defaults().withSymmetry(false)).result().states(),
          row[0] + " without symmetry");
      assertEquals((long) row[2], check(sc, CheckOptions.defaults()).result().states(), row[0] + " with symmetry");
    }
  }

  @Test
  void aCounterexampleFoundWithSymmetryShowsTheUsersNames() throws Exception {
    Scenario sc = ScenarioParser.parse(Path.of("..", "examples", "racy-counter.yaml"));
    assertTrue(new KernelModel(sc).withSymmetry().symmetry() != null);
    CheckRun run = check(sc, CheckOptions.defaults());
    assertEquals(Verdict.VIOLATED, run.verdict());
    // the trace replays on the plain model, step for step
    assertEquals(run.result().firstViolation().path().length(), run.trace().length());
    CliTest.Result on = CliTest.run("check", "../examples/racy-counter.yaml");
    CliTest.Result off = CliTest.run("check", "--no-symmetry", "../examples/racy-counter.yaml");
    assertEquals(off.status(), on.status());
    for (String name : new String[] {"t1 r = load count", "t2 r = load count", "assert count == 2"}) {
      assertTrue(on.out().contains(name), name + " in\n" + on.out());
    }
    assertTrue(on.out().contains("67 states"), on.out());
    assertTrue(off.out().contains("125 states"), off.out());
  }

  @Test
  void lockOrderAndLivenessSearchWithoutSymmetry() throws Exception {
    Scenario sc = ScenarioParser.parse(Path.of("..", "examples", "atomic-counter.yaml"));
    KernelModel m = new KernelModel(sc);
    assertTrue(Checking.searchedModel(m, CheckOptions.defaults()).symmetry() != null);
    assertEquals(null, Checking.searchedModel(m, CheckOptions.defaults().withSymmetry(false)).symmetry());
    Scenario withLockOrder = new Scenario(sc.file(), sc.name(), sc.description(), sc.cpus(), sc.kernel(), sc.memory(),
        sc.mutexes(), sc.locks(), sc.tasks(), java.util.List.of("lock-order"), sc.bounds(), sc.expect());
    assertEquals(null, Checking.searchedModel(new KernelModel(withLockOrder), CheckOptions.defaults()).symmetry());
  }
}
