package schedcheck.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

class ScenarioTestsTest {
  static final Path SCENARIOS = Path.of("src/test/resources/scenarios");

  @TestFactory
  Stream<DynamicTest> goodFolder() {
    return ScenarioTests.inFolder(SCENARIOS.resolve("good"));
  }

  @Test
  void oneTestPerFileNamedAfterIt() {
    List<DynamicTest> tests = ScenarioTests.inTree(SCENARIOS).toList();
    assertEquals(List.of("bad/broken.yaml", "bad/wrong-expectation.yaml", "good/flag-store-then-wake.yaml",
        "good/flag-wake-then-store.yaml", "good/no-expect.yaml"), tests.stream().map(DynamicTest::getDisplayName).toList());
    assertTrue(tests.get(0).getTestSourceUri().orElseThrow().toString().endsWith("scenarios/bad/broken.yaml"));
    List<DynamicTest> flat = ScenarioTests.inFolder(SCENARIOS.resolve("good")).toList();
    assertEquals(List.of("flag-store-then-wake.yaml", "flag-wake-then-store.yaml", "no-expect.yaml"),
        flat.stream().map(DynamicTest::getDisplayName).toList());
  }

  @Test
  void badFilesFailTheirOwnTest() {
    List<DynamicTest> tests = ScenarioTests.inFolder(SCENARIOS.resolve("bad")).toList();
    AssertionFailedError broken = assertThrows(AssertionFailedError.class, () -> tests.get(0).getExecutable().execute());
    assertTrue(broken.getMessage().matches("(?s).*scenarios/bad/broken\\.yaml:6:\\d+: .*frobnicate.*"),
        broken.getMessage());
    AssertionFailedError wrong = assertThrows(AssertionFailedError.class, () -> tests.get(1).getExecutable().execute());
    assertTrue(wrong.getMessage().contains("wrong-expectation.yaml expects holds, but it is violated: lost-wakeup"),
        wrong.getMessage());
    assertTrue(wrong.getMessage().contains("| cpu0"), wrong.getMessage());
  }

  @Test
  void aMissingOrEmptyFolderIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> ScenarioTests.inFolder(Path.of("no/such/folder")));
    assertThrows(IllegalArgumentException.class, () -> ScenarioTests.inFolder(Path.of("src/main")));
  }
}
