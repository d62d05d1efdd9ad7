package schedcheck.app.differential;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The disagreements the differential test found that are fixed, in {@code
 * src/test/resources/differential/fixed/}: the same files and the same check as {@link
 * FoundScenariosTest} (the {@code # wrong ...} line says what used to be wrong, {@code #
 * correct: ...} what the contract says), but in the default suite, so that the fixes stay
 * fixed. A file moves here from {@code found/} with its fix.
 */
class FixedScenariosTest {

  static List<FoundScenarios.Found> fixed() {
    return FoundScenarios.all(FoundScenarios.dir("/differential/fixed"));
  }

  @Test
  void everyFixedFileParsesAndSaysWhatWasWrongAndWhatIsCorrect() {
    List<FoundScenarios.Found> all = fixed();
    assertFalse(all.isEmpty(), "no files under differential/fixed");
    FoundScenariosTest.assertWellFormed(all);
  }

  /** Both strategies and both detail levels report the contract's verdict (see FoundScenariosTest). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fixed")
  void theContractsVerdict(FoundScenarios.Found f) {
    FoundScenariosTest.assertTheContractsVerdict(f);
  }
}
