package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
import schedcheck.app.differential.Differential;
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

  /**
   * Compares the checks of {@code sc} with and without symmetry; returns whether they were
   * compared (false: no interchangeable tasks, or a bound cut a search, after which the verdict
   * depends on how many states fit under it: the smaller reduced space may reach a violation
   * the unreduced search was cut before).
   */
  static boolean sameVerdicts(Scenario sc, String where) {
    KernelModel plain = new KernelModel(sc);
    if (sc.kernel().detail() == Scenario.Detail.SYSCALL || plain.withSymmetry() == plain) {
      return false; // no interchangeable tasks: the searched model is the plain one, by construction
    }
    CheckRun on = check(sc, CheckOptions.defaults().withWorkers(1));
    CheckRun off = check(sc, CheckOptions.defaults().withWorkers(1).withSymmetry(false));
    if (!on.result().cuts().isEmpty() || !off.result().cuts().isEmpty()) {
      return false;
    }
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
    if (!allOn.result().cuts().isEmpty() || !allOff.result().cuts().isEmpty()) {
      return true;
    }
    assertEquals(violated(allOff), violated(allOn), where + " exploring everything");
    assertEquals(allOff.verdict(), allOn.verdict(), where + " exploring everything");
    return true;
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

  /**
   * {@code sc} without {@code lock-order} in its check list: a generated file checks every
   * property, and with lock-order the safety search runs without symmetry (see {@link
   * Checking#searchedModel}), which would leave nothing to compare.
   */
  static Scenario withoutLockOrder(Scenario sc) {
    List<String> check = new java.util.ArrayList<>(sc.check());
    check.remove("lock-order");
    return new Scenario(sc.file(), sc.name(), sc.description(), sc.cpus(), sc.kernel(), sc.memory(), sc.mutexes(),
        sc.locks(), sc.tasks(), List.copyOf(check), sc.bounds(), sc.expect());
  }

  @Provide
  Arbitrary<ScenarioGenerator.Spec> specs() {
    return ScenarioGenerator.specs();
  }

  @net.jqwik.api.Property(tries = 25, seed = "8", shrinking = ShrinkingMode.BOUNDED, maxDiscardRatio = 10)
  void randomDifferentialScenariosSameVerdicts(@ForAll("specs") ScenarioGenerator.Spec spec) throws Exception {
    String steps = spec.render(null, "random");
    sameVerdicts(withoutLockOrder(ScenarioParser.parse(steps, "random.yaml")), steps);
  }

  /**
   * Random scenarios made symmetric: the generator's first task copied two or three times
   * (its first two chunks; all cpus allowed unless it is pinned to one), proxy execution on
   * under the spec's version. With symmetry, verdicts are as without it ({@link
   * #sameVerdicts}), and BFS and DFS store the same number of states (the reduction is a
   * function of the orbit: it does not depend on which member a search meets first).
   */
  @net.jqwik.api.Property(tries = 24, seed = "27", shrinking = ShrinkingMode.BOUNDED, maxDiscardRatio = 10)
  void randomSymmetricProxyScenariosSameVerdicts(@ForAll("specs") ScenarioGenerator.Spec spec,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 2, max = 3) int copies) throws Exception {
    ScenarioGenerator.TaskSpec t = spec.tasks().get(0);
    List<ScenarioGenerator.Chunk> chunks = new java.util.ArrayList<>(t.chunks().subList(0, Math.min(2, t.chunks().size())));
    if (chunks.stream().noneMatch(c -> c.kind().name().startsWith("LOCK"))) {
      chunks.add(0, new ScenarioGenerator.Chunk(ScenarioGenerator.Kind.LOCK_CS, t.prio(), 0, 0)); // a mutex: PE's frames
    }
    ScenarioGenerator.TaskSpec one = new ScenarioGenerator.TaskSpec(t.prio(), t.cpu(), t.cpu() >= 0 ? t.affinity() : 0,
        chunks);
    ScenarioGenerator.Spec sym = new ScenarioGenerator.Spec(spec.cpus(), true, spec.version(), spec.x0(), spec.y0(),
        java.util.Collections.nCopies(copies, one));
    String steps = sym.render(null, "random").replace("{states: " + Differential.STATE_BOUND + "}", "{states: 20000}");
    Scenario sc = withoutLockOrder(ScenarioParser.parse(steps, "random.yaml"));
    KernelModel plain = new KernelModel(sc);
    boolean symmetric = Checking.searchedModel(plain, CheckOptions.defaults()).symmetry() != null;
    boolean compared = sameVerdicts(sc, steps);
    if (symmetric) {
      CheckRun bfs = check(sc, CheckOptions.defaults().withWorkers(1).exploringEverything());
      CheckRun dfs = check(sc, CheckOptions.defaults().withWorkers(1).withStrategy("dfs").exploringEverything());
      if (bfs.result().cuts().isEmpty() && dfs.result().cuts().isEmpty()) {
        assertEquals(bfs.result().states(), dfs.result().states(), steps + ": BFS and DFS states with symmetry");
        assertEquals(bfs.result().transitions(), dfs.result().transitions(), steps + ": BFS and DFS transitions");
      }
    }
    String label = "symmetric under proxy execution, compared";
    net.jqwik.api.statistics.Statistics.label(label).collect(compared && plain.layout().pe);
    net.jqwik.api.statistics.Statistics.label(label).coverage(c -> c.check(true).count(n -> n >= 8));
  }

  /** {@code text} with the words x and y swapped (whole tokens only: xchg stays). */
  static String swapWords(String text) {
    return text.replaceAll("\\bx\\b", "\u0000").replaceAll("\\by\\b", "x").replace("\u0000", "y");
  }

  /**
   * Random scenarios symmetric only up to a renaming of words: the generator's first task
   * (its first three chunks, on any cpu) as t1, and t1's program with x and y swapped as t2, so
   * that swapping the tasks and the words maps the scenario onto itself (the futex ring's kind
   * of symmetry, {@code Automorphisms}). With symmetry, verdicts are as without it ({@link
   * #sameVerdicts}), and BFS and DFS store the same number of states.
   */
  @net.jqwik.api.Property(tries = 12, seed = "40", shrinking = ShrinkingMode.BOUNDED, maxDiscardRatio = 10)
  void randomWordSymmetricScenariosSameVerdicts(@ForAll("specs") ScenarioGenerator.Spec spec) throws Exception {
    ScenarioGenerator.TaskSpec t = spec.tasks().get(0);
    List<ScenarioGenerator.Chunk> chunks = t.chunks().subList(0, Math.min(3, t.chunks().size()));
    ScenarioGenerator.TaskSpec one = new ScenarioGenerator.TaskSpec(t.prio(), -1, 0, chunks);
    ScenarioGenerator.Spec two = new ScenarioGenerator.Spec(spec.cpus(), spec.proxy(), spec.version(), spec.x0(),
        spec.y0(), List.of(one, one));
    String text = two.render(null, "random").replace("{states: " + Differential.STATE_BOUND + "}", "{states: 20000}");
    int a = text.indexOf("  t1:\n");
    int b = text.indexOf("  t2:\n");
    int e = text.indexOf("bounds:");
    String steps = text.substring(0, b) + swapWords(text.substring(a, b)).replace("  t1:\n", "  t2:\n")
        + text.substring(e);
    Scenario sc = withoutLockOrder(ScenarioParser.parse(steps, "random.yaml"));
    KernelModel searched = Checking.searchedModel(new KernelModel(sc), CheckOptions.defaults());
    boolean words = searched.symmetry() != null && searched.symmetry().renamesWords();
    sameVerdicts(sc, steps);
    if (words) {
      CheckRun bfs = check(sc, CheckOptions.defaults().withWorkers(1).exploringEverything());
      CheckRun dfs = check(sc, CheckOptions.defaults().withWorkers(1).withStrategy("dfs").exploringEverything());
      if (bfs.result().cuts().isEmpty() && dfs.result().cuts().isEmpty()) {
        assertEquals(bfs.result().states(), dfs.result().states(), steps + ": BFS and DFS states with symmetry");
      }
    }
    String label = "words renamed";
    net.jqwik.api.statistics.Statistics.label(label).collect(words);
    net.jqwik.api.statistics.Statistics.label(label).coverage(c -> c.check(true).count(n -> n >= 4));
  }

  /** Reduction factors of the shipped scenarios with interchangeable tasks (states without ÷ with). */
  @Test
  void reducesTheScenariosWithInterchangeableTasks() throws Exception {
    Object[][] pinned = {
        {"examples/atomic-counter.yaml", 75L, 38L},
        {"examples/racy-counter.yaml", 125L, 67L},
        {"examples/proxy/many-waiters.yaml", 192126L, 90374L}, // tasks x cpus (tasks alone: 95,084)
        {"examples/futex-mutex.yaml", 20168L, 10096L}, // only with the cpus renamed too
        {"examples/futex-mutex-broken.yaml", 227L, 117L}, // stops at the violation
        {"examples/racy-critical-section.yaml", 56L, 33L},
        {"examples/liveness/handoff-donor-bypass.yaml", 734L, 367L},
        {"examples/protocol-deadlock.yaml", 81L, 45L}, // the tasks swapped with their words a and b
        {"bench/scenarios/futex-ring-n3-f1.yaml", 23213L, 18055L}, // the ring's rotations; stops at the violation
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

  /**
   * Under proxy execution too: three identical waiters under variant pe-p11 break INV-4; the
   * search with symmetry stores about half the states and reports the same counterexample, in
   * the user's names (the trace replays on the plain model), as the search without it.
   */
  @Test
  void aProxyExecutionCounterexampleFoundWithSymmetryIsTheSame() throws Exception {
    String waiter = """
            program: |
              lock A
              enter
              leave
              unlock A
        """;
    String text = "name: pe-symmetric\ncpus: 2\nkernel: {variants: [pe-p11-wake-keeps-blocked-on]}\nmutexes: [A]\n"
        + "tasks:\n  w1:\n" + waiter + "  w2:\n" + waiter + "  w3:\n" + waiter
        + "check: [deadlock, lost-wakeup, mutual-exclusion, invariants]\n";
    Path file = java.nio.file.Files.createTempFile("pe-symmetric", ".yaml");
    try {
      java.nio.file.Files.writeString(file, text);
      Scenario sc = ScenarioParser.parse(file);
      assertTrue(new KernelModel(sc).withSymmetry().symmetry() != null);
      CheckRun run = check(sc, CheckOptions.defaults());
      assertEquals(Verdict.VIOLATED, run.verdict());
      assertEquals(run.result().firstViolation().path().length(), run.trace().length());
      CliTest.Result on = CliTest.run("check", file.toString());
      CliTest.Result off = CliTest.run("check", "--no-symmetry", file.toString());
      assertEquals(off.status(), on.status());
      assertTrue(on.out().contains("1,193 states"), on.out());
      assertTrue(off.out().contains("2,271 states"), off.out());
      String states = "(?m)^  [0-9,]+ states, [0-9,]+ transitions, depth \\d+, [0-9.]+ s, bfs$";
      assertEquals(off.out().replaceAll(states, ""), on.out().replaceAll(states, ""), "the same counterexample");
      for (String name : new String[] {"w1 lock A", "w2 lock A", "w1 unlock A", "INV-4: w2 is TASK_RUNNING"}) {
        assertTrue(on.out().contains(name), name + " in\n" + on.out());
      }
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
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
