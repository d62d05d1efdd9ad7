package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What a user sees of every shipped example and bench scenario, pinned byte for byte: the
 * text report of {@code check FILE} (verdict, state and transition counts, the minimized
 * counterexample's timeline, final state and explanation) in {@code golden/<file>.txt}, and a
 * SHA-256 of the {@code check --json FILE} object (every state of the trace) in the same file's
 * last line. Only the elapsed times are masked.
 *
 * <p>It is the before/after test of a refactoring of the model core (issue 12): a change that
 * moves a state count, a verdict or a word of a counterexample fails here. A change that
 * alters them on purpose regenerates the files with {@code -Dgolden.update=true} and says why
 * in its commit. Scenarios of more than {@link ReductionTest#DEFAULT_SUITE_LIMIT} states run
 * only with {@code -Dgolden.all=true}.
 */
class GoldenExamplesTest {
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  static String masked(String s) {
    return s.replaceAll("\\d+(\\.\\d+)? s\\b", "#.## s")
        .replaceAll("\"([a-z_]*seconds)\":[0-9.eE-]+", "\"$1\":0");
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String report(Path p) {
    CliTest.Result text = CliTest.run("check", p.toString());
    CliTest.Result json = CliTest.run("check", "--json", p.toString());
    return "exit " + text.status() + "\n" + masked(text.out()) + masked(text.err())
        + "json exit " + json.status() + " sha256 " + sha256(masked(json.out())) + "\n";
  }

  @TestFactory
  Stream<DynamicTest> everyExampleReportsAsBefore() throws IOException {
    boolean update = Boolean.getBoolean("golden.update");
    boolean all = Boolean.getBoolean("golden.all") || update;
    return ReductionTest.files().stream().map(p -> DynamicTest.dynamicTest(ReductionTest.key(p), () -> {
      long[] pinned = ReductionTest.PINNED.get(ReductionTest.key(p));
      assertNotNull(pinned, ReductionTest.key(p) + " has no pinned state counts in ReductionTest");
      if (!all && pinned[1] > ReductionTest.DEFAULT_SUITE_LIMIT) {
        return;
      }
      Path golden = GOLDEN.resolve(ReductionTest.key(p) + ".txt");
      String now = report(p);
      if (update) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, now, StandardCharsets.UTF_8);
        return;
      }
      assertEquals(Files.readString(golden, StandardCharsets.UTF_8), now,
          ReductionTest.key(p) + ": the report changed (regenerate with -Dgolden.update=true only if on purpose)");
    }));
  }
}
