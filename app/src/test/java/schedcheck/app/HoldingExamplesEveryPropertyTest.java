package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import schedcheck.checker.Progress;
import schedcheck.checker.Verdict;
import schedcheck.model.kernel.Variants;
import schedcheck.model.scenario.Scenario;

/**
 * Issue 6, "done when": every shipped example that holds (also a bug variant's example on
 * the fixed kernel) keeps holding with every property checked (its {@code check:} list
 * removed), under every merged Proxy Execution version
 * ({@code pe-v6.17}, {@code pe-v7.1}, the default v7.2) and with proxy execution off. A
 * scenario without mutexes runs the same under every version, so it is checked once, as
 * written. A file whose point is proxy execution itself says so in a comment line starting
 * {@code # proxy off:} with the reason, and is not checked with proxy off. A file whose
 * point is one property's verdict on a state another property rightly reports (a regression
 * for "the verdict does not depend on the check list") names the property it leaves out in a
 * line {@code # left out: P: why}. A known wrong verdict owned by another part of the work is listed in
 * {@link #KNOWN} with the verdict it gives today and why; a listed one that starts to hold
 * fails the test so that the list is kept honest.
 */
class HoldingExamplesEveryPropertyTest {

  /** The kernels a holding example with mutexes must hold under. */
  static final List<String> KERNELS = List.of("pe-v6.17", "pe-v7.1", "pe-v7.2", "proxy-off");

  /**
   * "file under kernel" to the verdict it gives today, for wrong verdicts that belong to
   * another part of issue 6 (see the report of branch lockdep). Empty: every holding example
   * holds with every property under every kernel.
   */
  static final Map<String, String> KNOWN = Map.of();

  /**
   * The examples that hold: those that expect it, and those that expect a violation only
   * because of a bug variant (they hold on the fixed kernel, see
   * {@link ExamplesTest#buggyVariantsHoldWhenFixed}), with their bug variants removed.
   */
  static Stream<Path> holdingExamples() throws IOException {
    return ExamplesTest.examples().stream().filter(p -> {
      Scenario sc = ExamplesTest.load(p);
      return sc.expect() != null && (sc.expect().holds() || !bugVariants(sc).isEmpty());
    });
  }

  static List<String> bugVariants(Scenario sc) {
    return sc.kernel().variants().stream().filter(v -> !v.startsWith("pe-v") && !Variants.isUmcgVersion(v)).toList();
  }

  /** The example with no {@code check} list (every property) under {@code kernel}. */
  static Scenario under(Scenario sc, String kernel) {
    Scenario.Kernel k = sc.kernel();
    List<String> variants = new ArrayList<>();
    // The bug variants are left out (the fixed kernel); the version is the one asked for.
    boolean proxy = k.proxy();
    if (kernel.equals("as-written")) {
      k.variants().stream().filter(v -> v.startsWith("pe-v")).forEach(variants::add);
    }
    k.variants().stream().filter(Variants::isUmcgVersion).forEach(variants::add); // an API version: kept
    if (kernel.equals("proxy-off")) {
      proxy = false;
    } else if (kernel.startsWith("pe-v")) {
      proxy = true;
      if (!kernel.equals("pe-v7.2")) {
        variants.add(kernel);
      }
    }
    return new Scenario(sc.file(), sc.name(), sc.description(), sc.cpus(),
        new Scenario.Kernel(proxy, variants, k.lockOrder(), k.futexBuckets(), k.detail()),
        sc.memory(), sc.mutexes(), sc.locks(), sc.tasks(), Scenario.DEFAULT_CHECK, sc.bounds(), null);
  }

  /**
   * The comment with which a file says why it does not hold under pe-v6.17 (a liveness
   * property that the first merged version does not provide: a remote owner deactivates
   * the donor); a sibling file shows the starvation.
   */
  static final String NOT_V617_EXEMPTION = "# not pe-v6.17:";

  /** The comment with which a file says why checking it with proxy off makes no sense. */
  static final String PROXY_OFF_EXEMPTION = "# proxy off:";

  /** The comment with which a file names a property it leaves out, and why. */
  static final String LEFT_OUT = "# left out:";

  /** The properties a file leaves out with a {@code # left out: P: why} line. */
  static List<String> leftOut(Path file) {
    try {
      return Files.readAllLines(file).stream().filter(l -> l.startsWith(LEFT_OUT))
          .map(l -> l.substring(LEFT_OUT.length()).trim())
          .map(l -> l.contains(":") ? l.substring(0, l.indexOf(':')).trim() : l)
          .peek(prop -> assertTrue(Scenario.PROPERTIES.contains(prop), file + ": '# left out:' names no property: " + prop))
          .toList();
    } catch (IOException e) {
      throw new AssertionError(file + ": " + e, e);
    }
  }

  static List<String> kernelsFor(Path file, Scenario sc) throws IOException {
    if (sc.mutexes().isEmpty()) {
      return List.of("as-written");
    }
    List<String> lines = Files.readAllLines(file);
    boolean exempt = lines.stream().anyMatch(l -> l.startsWith(PROXY_OFF_EXEMPTION));
    boolean notV617 = lines.stream().anyMatch(l -> l.startsWith(NOT_V617_EXEMPTION));
    return (exempt ? KERNELS.subList(0, 3) : KERNELS).stream()
        .filter(k -> !(notV617 && k.equals("pe-v6.17"))).toList();
  }

  @TestFactory
  Stream<DynamicTest> holdingExamplesHoldWithEveryProperty() throws IOException {
    return holdingExamples().flatMap(p -> {
      Scenario sc = ExamplesTest.load(p);
      String file = ExamplesTest.EXAMPLES.relativize(p).toString();
      List<String> kernels;
      try {
        kernels = kernelsFor(p, sc);
      } catch (IOException e) {
        throw new AssertionError(p + ": " + e, e);
      }
      List<String> leftOut = leftOut(p);
      return kernels.stream().map(kernel -> DynamicTest.dynamicTest(file + " under " + kernel, () -> {
        Scenario every = under(sc, kernel);
        List<String> check = every.check().stream().filter(c -> !leftOut.contains(c)).toList();
        Scenario checked = new Scenario(every.file(), every.name(), every.description(), every.cpus(), every.kernel(),
            every.memory(), every.mutexes(), every.locks(), every.tasks(), check, every.bounds(), null);
        CheckRun run = Checking.check(checked, CheckOptions.defaults(), Progress.NONE);
        String key = file + " under " + kernel;
        String known = KNOWN.get(key);
        if (known != null) {
          assertFalse(run.verdict() == Verdict.HOLDS, key + " now holds: remove it from KNOWN");
          assertEquals(known, run.verdictText(), key + ": a different wrong verdict than the one listed");
          return;
        }
        String why = run.verdict() == Verdict.VIOLATED
            ? run.result().firstViolation().violation().message() : String.join("; ", run.notes());
        assertEquals(Verdict.HOLDS, run.verdict(), key + ": " + run.verdictText() + ": " + why);
      }));
    });
  }

  @Test
  void theMatrixCoversTheProxyExamples() throws IOException {
    long withMutexes = holdingExamples().map(ExamplesTest::load).filter(sc -> !sc.mutexes().isEmpty()).count();
    assertTrue(withMutexes >= 6, "the holding proxy examples are checked under every version: " + withMutexes);
    Scenario sc = under(ExamplesTest.load(ExamplesTest.EXAMPLES.resolve("proxy/cross-cpu-chain.yaml")), "pe-v7.1");
    assertEquals(List.of("pe-v7.1"), sc.kernel().variants());
    assertEquals(Scenario.DEFAULT_CHECK, sc.check());
    assertFalse(under(sc, "proxy-off").kernel().proxy());
    assertTrue(under(sc, "proxy-off").kernel().variants().isEmpty());
    Path inversion = ExamplesTest.EXAMPLES.resolve("proxy/priority-inversion-proxy.yaml");
    assertEquals(List.of("pe-v6.17", "pe-v7.1", "pe-v7.2"), kernelsFor(inversion, ExamplesTest.load(inversion)),
        "the file says why proxy off makes no sense for it");
    assertEquals(KERNELS, kernelsFor(ExamplesTest.EXAMPLES.resolve("proxy/cross-cpu-chain.yaml"), sc));
  }
}
