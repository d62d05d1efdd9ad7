package schedcheck.app.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Campaign disagreements that were the reference semantics' fault and are fixed there, each a
 * file in {@code src/test/resources/differential/fixed/} that says what was wrong (a line starting
 * {@code # fixed}) and which user-level properties both levels now report, each checked alone
 * ({@code # steps: ...}, {@code # syscall: ...}, equal). It fails if the reference goes back.
 */
class FixedDisagreementsTest {

  static List<Path> files() throws IOException, URISyntaxException {
    Path dir = Path.of(FixedDisagreementsTest.class.getResource("/differential/fixed").toURI());
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void bothLevelsAgree(Path file) throws IOException {
    String text = Files.readString(file);
    assertFalse(text.lines().noneMatch(l -> l.startsWith("# fixed")), "no '# fixed ...' line");
    Set<String> steps = LegitimateDifferencesTest.line(text, "steps");
    Set<String> syscall = LegitimateDifferencesTest.line(text, "syscall");
    assertNotNull(steps, "no '# steps:' line");
    assertEquals(steps, syscall, "the file must say both levels agree");
    assertEquals(steps, LegitimateDifferencesTest.alone(Differential.parse(text, file.toString())), "at steps");
    assumeTrue(Differential.syscallAvailable(), "the reference semantics is not available");
    assertEquals(syscall, LegitimateDifferencesTest.alone(Differential.parseSyscall(text, file.toString())),
        "at syscall");
  }

  /**
   * The placement rule is per version and no more permissive than the steps model: the file
   * where v7.2 puts an unlock-woken donor on an idle cpu holds at both levels under v7.1 and
   * v6.17 (the owner runs on the donor's cpu: no move) and without proxy (no idle-cpu choice).
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"{variants: [pe-v7.1]}", "{variants: [pe-v6.17]}",
      "{proxy: false}"})
  void idlePlacementOnlyWhereTheVersionMovesTheDonor(String kernel) throws Exception {
    String text = Files.readString(Path.of(FixedDisagreementsTest.class
        .getResource("/differential/fixed/wake-placement-idle-cpu.yaml").toURI()))
        .replaceFirst("(?m)^mutexes:", "kernel: " + kernel + "\nmutexes:");
    assertEquals(Set.of(), LegitimateDifferencesTest.alone(Differential.parse(text, kernel)), "at steps");
    assumeTrue(Differential.syscallAvailable(), "the reference semantics is not available");
    assertEquals(Set.of(), LegitimateDifferencesTest.alone(Differential.parseSyscall(text, kernel)), "at syscall");
  }
}
