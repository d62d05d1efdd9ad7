package schedcheck.jqwik;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's Java examples are test sources the suite compiles and runs: each is shown in
 * the README as the file after its {@code package} line, under a comment naming the file.
 */
class ReadmeSnippetsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "junit/src/test/java/example/FlagProtocolTest.java",
      "junit/src/test/java/example/ExamplesFolderTest.java",
      "jqwik/src/test/java/example/WakerProperties.java"})
  void theReadmeShowsTheTestSource(String file) throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String source = Files.readString(Path.of("..", file));
    assertTrue(source.startsWith("package "), file);
    String body = source.substring(source.indexOf("\n\n") + 2);
    String block = "<!-- the test source " + file + " -->\n```java\n" + body + "```\n";
    assertTrue(readme.contains(block), "README.md must show " + file + " exactly as:\n" + block);
  }
}
