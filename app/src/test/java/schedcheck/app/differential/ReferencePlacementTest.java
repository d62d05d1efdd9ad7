package schedcheck.app.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference semantics' placement rule ({@code ReferenceModel}, "Placement") is per Proxy
 * Execution version and no more permissive than the steps model. {@code
 * fixed/wake-placement-idle-cpu.yaml} and {@code fixed/donor-migration-placement.yaml}
 * (checked by {@link FixedScenariosTest}) show where the reference now moves a woken donor
 * as v7.2 and v7.1 do; here the v7.2 file holds at both levels under v7.1 and v6.17 (the
 * owner runs on the donor's cpu: no move) and without proxy (no idle-cpu choice), and the
 * v7.1 file holds at both levels under v7.2 and v6.17.
 */
class ReferencePlacementTest {

  /**
   * The comparison gives the reference the steps file's version whatever the syscall file's
   * text: a generated spec's syscall rendering, whose kernel keys differ in order from {@link
   * Differential#syscallText}, once ran v7.2's placement against a v7.1 steps file.
   */
  @org.junit.jupiter.api.Test
  void theSyscallSideRunsTheStepsFilesVersionWhateverItsText() throws Exception {
    String text = file("v71-mutual-exclusion-only-at-steps.yaml");
    String syscall = text.replace("  variants: [pe-v7.1]\n", "").replace("  proxy: true\n", "  proxy: true\n  detail: syscall\n");
    org.junit.jupiter.api.Assertions.assertNotEquals(Differential.syscallText(text), syscall, "a text other than syscallText");
    var ss = Differential.withStepsVersion(Differential.parse(syscall, "s.yaml"), text, "t.yaml");
    assertEquals(java.util.List.of("pe-v7.1"), ss.kernel().variants());
    assumeTrue(Differential.syscallAvailable(), "the reference semantics is not available");
    assertEquals(Set.of(), Differential.compare(text, syscall, Differential.Hints.of(text)).disagreements().stream()
        .collect(java.util.stream.Collectors.toSet()), "both levels agree");
  }

  private static String file(String name) throws Exception {
    return Files.readString(Path.of(ReferencePlacementTest.class.getResource("/differential/fixed/" + name).toURI()));
  }

  private static void holdsAtBothLevels(String text, String what) {
    assertEquals(Set.of(), LegitimateDifferencesTest.alone(Differential.parse(text, what)), what + " at steps");
    assumeTrue(Differential.syscallAvailable(), "the reference semantics is not available");
    assertEquals(Set.of(), LegitimateDifferencesTest.alone(Differential.parseSyscall(text, what)), what + " at syscall");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{variants: [pe-v7.1]}", "{variants: [pe-v6.17]}", "{proxy: false}"})
  void idlePlacementOnlyWhereTheVersionMovesTheDonor(String kernel) throws Exception {
    holdsAtBothLevels(file("wake-placement-idle-cpu.yaml").replaceFirst("(?m)^mutexes:", "kernel: " + kernel + "\nmutexes:"),
        kernel);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pe-v7.2", "pe-v6.17"})
  void forceReturnOnlyUnderV71(String version) throws Exception {
    holdsAtBothLevels(file("donor-migration-placement.yaml").replace("variants: [pe-v7.1]", "variants: [" + version + "]"),
        version);
  }
}
