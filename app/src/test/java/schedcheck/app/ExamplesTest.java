package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.checker.Verdict;
import schedcheck.model.kernel.Variants;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * Every shipped example gives the verdict its {@code expect} states; BFS and DFS agree on it
 * and, exploring everything, on the state space; every buggy kernel variant's scenario
 * holds on the fixed kernel; every property has a violating and a holding example.
 */
class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");

  static List<Path> examples() throws IOException {
    try (Stream<Path> s = Files.walk(EXAMPLES)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
    }
  }

  static Scenario load(Path p) {
    try {
      return ScenarioParser.parse(p);
    } catch (Exception e) {
      throw new AssertionError(p + ": " + e.getMessage(), e);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyExampleGivesItsExpectedVerdict() throws IOException {
    return examples().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      Scenario sc = load(p);
      assertNotNull(sc.expect(), p + " has no expect");
      CheckRun run = Checking.check(sc, CheckOptions.defaults(), Progress.NONE);
      assertTrue(run.asExpected(), p + ": expected " + run.expected() + ", got " + run.verdictText());
      if (run.verdict() == Verdict.VIOLATED) {
        Found f = run.result().firstViolation();
        if (Checking.reductionFor(sc, CheckOptions.defaults()).any() && !f.isLasso()) {
          // with merged transitions BFS is shortest in transitions; the minimizer then drops steps
          assertTrue(run.trace().length() <= f.path().length(), "the minimizer only shortens");
        } else {
          assertEquals(f.path().length(), run.trace().length(), "BFS counterexamples keep their (shortest) length");
        }
        shrinkingKeepsTheViolation(run, f);
      }
    }));
  }

  /**
   * The shown (minimized) trace still violates the same property with the same kind, replays
   * from its own path, and is no bigger than the trace the search found.
   */
  static void shrinkingKeepsTheViolation(CheckRun run, Found f) {
    var shown = run.trace();
    if (f.isLasso()) {
      assertEquals(f.path().length(), shown.length(), "a lasso is shown as found");
      return;
    }
    var props = schedcheck.properties.PropertySet.of(run.model(), run.scenario().check());
    var prop = props.checked().stream().filter(p -> p.name().equals(f.violation().property())).findFirst().orElseThrow();
    if (!f.violation().witnesses().isEmpty()) {
      // a lock-order cycle over several executions: its trace is shown as found
      assertEquals(f.path(), shown.path(), "a violation with witnesses is not reordered");
      return;
    }
    assertTrue(Checking.sameViolation(run.model(), prop, f.violation()).test(shown),
        "the minimized trace still shows " + f.violation().property() + " (" + f.violation().kind() + ")");
    assertEquals(shown.last(), schedcheck.counterexamples.Trace.replay(run.model(), shown.path()).last(),
        "the minimized trace replays from its own path");
    var found = schedcheck.counterexamples.Trace.replay(run.model(), f.path());
    var before = schedcheck.counterexamples.Minimizer.size(found);
    var after = schedcheck.counterexamples.Minimizer.size(shown);
    assertTrue(after.compareTo(before) <= 0, "not bigger: " + after.text() + " vs " + before.text());
    assertTrue(after.switches() <= before.switches() && after.tasks() <= before.tasks() && after.cpus() <= before.cpus());
    // and a DFS counterexample of the same file, minimized, shows the same property too
    CheckRun dfs = Checking.check(run.scenario(), CheckOptions.defaults().withStrategy("dfs"), Progress.NONE);
    assertEquals(run.verdictText(), dfs.verdictText(), "DFS verdict after minimization");
    Found g = dfs.result().firstViolation();
    if (g.isLasso()) {
      return;
    }
    assertTrue(g.violation().witnesses().isEmpty() || dfs.trace().length() == g.path().length());
    var dprop = props.checked().stream().filter(p -> p.name().equals(g.violation().property())).findFirst().orElseThrow();
    assertTrue(Checking.sameViolation(dfs.model(), dprop, g.violation()).test(dfs.trace()),
        "the minimized DFS trace still shows " + g.violation().property());
    assertTrue(dfs.trace().length() <= g.path().length(), "minimized DFS trace not longer");
  }

  @TestFactory
  Stream<DynamicTest> bfsAndDfsAgree() throws IOException {
    return examples().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      Scenario sc = load(p);
      CheckRun bfs = Checking.check(sc, CheckOptions.defaults().exploringEverything(), Progress.NONE);
      CheckRun dfs = Checking.check(sc, CheckOptions.defaults().withStrategy("dfs").exploringEverything(), Progress.NONE);
      assertEquals(bfs.verdict(), dfs.verdict(), "verdict");
      assertEquals(bfs.result().states(), dfs.result().states(), "distinct states");
      assertEquals(bfs.result().transitions(), dfs.result().transitions(), "transitions");
      assertEquals(violated(bfs), violated(dfs), "violated properties");
      CheckRun dfsFirst = Checking.check(sc, CheckOptions.defaults().withStrategy("dfs"), Progress.NONE);
      assertEquals(bfs.verdict(), dfsFirst.verdict(), "verdict when stopping at the first violation");
    }));
  }

  private static Set<String> violated(CheckRun r) {
    return r.result().violations().stream().map(f -> f.violation().property()).collect(Collectors.toCollection(TreeSet::new));
  }

  /** A buggy variant's scenario is caught under the variant and passes on the correct kernel. */
  @TestFactory
  Stream<DynamicTest> buggyVariantsHoldWhenFixed() throws IOException {
    return examples().stream()
        .map(ExamplesTest::load)
        .filter(sc -> sc.kernel().variants().stream().anyMatch(v -> !Variants.isUmcgVersion(v))
            && sc.expect() != null && !sc.expect().holds())
        .map(sc -> DynamicTest.dynamicTest(sc.name(), () -> {
          // A UMCG version (umcg-v0.9.1) is no bug: the file keeps it and drops its bug variants.
          Scenario fixed = withVariants(sc, sc.kernel().variants().stream().filter(Variants::isUmcgVersion).toList());
          CheckRun run = Checking.check(fixed, CheckOptions.defaults(), Progress.NONE);
          assertEquals(Verdict.HOLDS, run.verdict(), sc.name() + " without " + sc.kernel().variants()
              + ": " + run.verdictText());
        }));
  }

  static Scenario withVariants(Scenario sc, List<String> variants) {
    Scenario.Kernel k = sc.kernel();
    return new Scenario(sc.file(), sc.name(), sc.description(), sc.cpus(),
        new Scenario.Kernel(k.proxy(), variants, k.lockOrder(), k.futexBuckets()),
        sc.memory(), sc.mutexes(), sc.locks(), sc.tasks(), sc.check(), sc.bounds(), null);
  }

  /** The proxy examples that hold on the default (newest) kernel hold on every merged version. */
  @TestFactory
  Stream<DynamicTest> holdingProxyExamplesHoldOnEveryMergedVersion() throws IOException {
    return examples().stream()
        .map(ExamplesTest::load)
        .filter(sc -> sc.kernel().proxy() && !sc.mutexes().isEmpty() && sc.kernel().variants().isEmpty()
            && sc.expect() != null && sc.expect().holds())
        .flatMap(sc -> Stream.of("pe-v6.17", "pe-v7.1").filter(v -> !(v.equals("pe-v6.17") && notOnV617(sc)))
            .map(v -> DynamicTest.dynamicTest(sc.name() + " on " + v, () -> {
          CheckRun run = Checking.check(withVariants(sc, List.of(v)), CheckOptions.defaults(), Progress.NONE);
          assertEquals(Verdict.HOLDS, run.verdict(), sc.name() + " on " + v + ": " + run.verdictText());
        })));
  }

  /** Whether the file says it does not hold under pe-v6.17 ({@code # not pe-v6.17: why}). */
  static boolean notOnV617(Scenario sc) {
    try {
      return Files.readAllLines(Path.of(sc.file())).stream()
          .anyMatch(l -> l.startsWith(HoldingExamplesEveryPropertyTest.NOT_V617_EXEMPTION));
    } catch (IOException e) {
      throw new AssertionError(sc.file() + ": " + e, e);
    }
  }

  @Test
  void everyVariantHasAnExampleThatCatchesIt() throws IOException {
    Set<String> caught = new TreeSet<>();
    for (Path p : examples()) {
      Scenario sc = load(p);
      if (sc.expect() != null && !sc.expect().holds()) {
        caught.addAll(sc.kernel().variants());
      }
    }
    for (var v : schedcheck.model.kernel.Variants.all()) {
      if (!v.reproduces().isEmpty()) {
        assertTrue(caught.contains(v.name()), "no example catches variant " + v.name());
      }
    }
  }

  @Test
  void everyPropertyHasAViolatingAndAHoldingExample() throws IOException {
    Set<String> violatedProps = new TreeSet<>();
    Set<String> heldProps = new TreeSet<>();
    for (Path p : examples()) {
      Scenario sc = load(p);
      if (sc.expect() == null) {
        continue;
      }
      if (sc.expect().holds()) {
        heldProps.addAll(sc.check());
      } else {
        violatedProps.add(sc.expect().property());
      }
    }
    for (String prop : Scenario.DEFAULT_CHECK) {
      assertTrue(violatedProps.contains(prop), "no example violates " + prop);
      assertTrue(heldProps.contains(prop), "no example holds for " + prop);
    }
    assertFalse(examples().size() < 12, "at least 12 examples");
  }
}
