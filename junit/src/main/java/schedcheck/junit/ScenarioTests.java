package schedcheck.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import schedcheck.api.InvalidScenarioException;
import schedcheck.api.Options;
import schedcheck.api.Scenario;

/**
 * A folder of scenario files as JUnit 5 tests, one per file, named after the file, each checked
 * against its own {@code expect:} ({@link SchedcheckAssertions#assertAsExpected}; a file
 * without one must hold). A file that is not valid fails its test with the parser's
 * {@code file:line:col} message.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> scenarios() {
 *   return ScenarioTests.inFolder(Path.of("src/test/scenarios"));
 * }
 * }</pre>
 *
 * <p>The folder is listed when the factory runs (so an empty or missing folder fails then);
 * each file is read and checked when its test runs, so one slow or broken file costs only
 * its own test.
 */
public final class ScenarioTests {
  private ScenarioTests() {}

  /** The {@code .yaml} and {@code .yml} files directly in {@code folder}, in name order. */
  public static Stream<DynamicTest> inFolder(Path folder) {
    return inFolder(folder, Options.defaults());
  }

  /** As {@link #inFolder(Path)}, checking with the options. */
  public static Stream<DynamicTest> inFolder(Path folder, Options options) {
    return files(folder, options, false);
  }

  /** The scenario files in {@code folder} and its subfolders, named by their path relative to it. */
  public static Stream<DynamicTest> inTree(Path folder, Options options) {
    return files(folder, options, true);
  }

  /** As {@link #inTree(Path, Options)} with the default options. */
  public static Stream<DynamicTest> inTree(Path folder) {
    return inTree(folder, Options.defaults());
  }

  /** One test per file given, named after the file. */
  public static Stream<DynamicTest> of(List<Path> files, Options options) {
    return files.stream().map(f -> test(f.getFileName().toString(), f, options));
  }

  private static Stream<DynamicTest> files(Path folder, Options options, boolean deep) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(folder + ": no such folder");
    }
    List<Path> files;
    try (Stream<Path> s = deep ? Files.walk(folder) : Files.list(folder)) {
      files = s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(folder + ": cannot list: " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(folder + ": no scenario files (.yaml) in it");
    }
    return files.stream().map(f -> test(deep ? folder.relativize(f).toString() : f.getFileName().toString(), f,
        options));
  }

  private static DynamicTest test(String name, Path file, Options options) {
    return DynamicTest.dynamicTest(name, file.toUri(),
        () -> SchedcheckAssertions.assertAsExpected(load(file), options));
  }

  private static Scenario load(Path file) {
    try {
      return Scenario.load(file);
    } catch (InvalidScenarioException | UncheckedIOException e) {
      // bad input is the file's fault: its file:line:col message, as the command prints it
      throw new AssertionFailedError(e.getMessage());
    }
  }
}
