package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.model.kernel.Reduction;
import schedcheck.model.scenario.Scenario;

/**
 * The state-space reductions keep verdicts: every shipped example and bench scenario gives the
 * same verdict and the same (first) violated property with the reductions on (the default)
 * and off ({@code --no-reduction}), and the state counts of both are pinned (see {@link
 * #PINNED}: a change to the kernel model or the reduction shows here). A violation found with
 * the reduction is told in the kernel's own steps and replays on the unreduced model.
 *
 * <p>The few scenarios of more than {@link #DEFAULT_SUITE_LIMIT} states run only with {@code
 * -Dreduction.all=true} (their figures are in the README).
 */
class ReductionTest {
  static final long DEFAULT_SUITE_LIMIT = 100_000;

  /** file -> {states with the reductions, states without}, default options (stop at the expected violation). */
  static final Map<String, long[]> PINNED = new TreeMap<>();

  static {
    // PINNED-TABLE
  }

  static List<Path> files() throws IOException {
    List<Path> out = new ArrayList<>(ExamplesTest.examples());
    try (Stream<Path> s = Files.list(Path.of("..", "bench", "scenarios"))) {
      s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(out::add);
    }
    return out;
  }

  static String key(Path p) {
    return Path.of("..").relativize(p).toString();
  }

  @TestFactory
  Stream<DynamicTest> reductionKeepsEveryVerdict() throws IOException {
    boolean all = Boolean.getBoolean("reduction.all");
    return files().stream().map(p -> DynamicTest.dynamicTest(key(p), () -> {
      long[] pinned = PINNED.get(key(p));
      assertNotNull(pinned, key(p) + " has no pinned state counts");
      if (!all && pinned[1] > DEFAULT_SUITE_LIMIT) {
        return;
      }
      Scenario sc = ExamplesTest.load(p);
      CheckRun reduced = Checking.check(sc, CheckOptions.defaults(), Progress.NONE);
      CheckRun full = Checking.check(sc, CheckOptions.defaults().withReduction(Reduction.NONE), Progress.NONE);
      assertEquals(full.verdict(), reduced.verdict(), "verdict");
      assertEquals(property(full), property(reduced), "violated property");
      assertEquals(full.asExpected(), reduced.asExpected());
      System.out.printf("reduction %-55s %9d %9d %5.2fx%n", key(p), reduced.result().states(),
          full.result().states(), full.result().states() / (double) reduced.result().states());
      assertEquals(pinned[0], reduced.result().states(), "states with the reductions");
      assertEquals(pinned[1], full.result().states(), "states without");
      if (reduced.trace() != null) {
        // told in the kernel's own steps: replays on the unreduced model
        Found f = reduced.result().firstViolation();
        assertEquals(Reduction.NONE, reduced.model().reduction());
        assertEquals(f.path().length(), schedcheck.checker.Replay.replay(full.model().withoutOwnBounds(),
            f.path()).size() - 1);
        assertTrue(reduced.trace().steps().stream().noneMatch(s -> s.step().text().contains("; then ")));
      }
    }));
  }

  static String property(CheckRun r) {
    Found f = r.result().firstViolation();
    return f == null ? null : f.violation().property() + " " + f.violation().kind();
  }
}
