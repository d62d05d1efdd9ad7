package example;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import schedcheck.junit.ScenarioTests;

class ExamplesFolderTest {
  @TestFactory // one test per scenario file, named after it, checked against the file's expect:
  Stream<DynamicTest> examples() {
    return ScenarioTests.inFolder(Path.of("../examples"));
  }
}
