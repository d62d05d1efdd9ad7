package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./schedcheck} launcher says how to get Java 17+ and Maven when they are missing (exit 2). */
class LauncherTest {
  static final Path LAUNCHER = Path.of("..", "schedcheck").toAbsolutePath().normalize();

  record Run(int status, String err) {}

  static Path onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(d.isEmpty() ? "." : d, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  static Run launch(Path launcher, String path) throws IOException, InterruptedException {
    Path bash = onPath("bash");
    assumeTrue(bash != null, "no bash");
    ProcessBuilder pb = new ProcessBuilder(bash.toString(), launcher.toString(), "list", "variants");
    pb.environment().put("PATH", path);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void withoutJavaItSaysHowToGetIt(@TempDir Path empty) throws Exception {
    Run r = launch(LAUNCHER, empty.toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("needs Java 17 or newer, but there is no 'java' on PATH"), r.err());
    assertTrue(r.err().contains("apt-get install openjdk-17-jdk-headless maven"), r.err());
    assertFalse(r.err().contains("build failed"), r.err());
  }

  @Test
  void withAnOldJavaItSaysSo(@TempDir Path dir) throws Exception {
    Path java = dir.resolve("java");
    Files.writeString(java, "#!" + onPath("bash") + "\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
    assertTrue(java.toFile().setExecutable(true));
    Run r = launch(LAUNCHER, dir.toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("needs Java 17 or newer, but 'java' on PATH says: openjdk version \"11.0.2\""),
        r.err());
  }

  @Test
  void withoutMavenWhenItMustBuildItSaysHowToGetIt(@TempDir Path dir) throws Exception {
    // a copy of the launcher has no jar next to it, so it must build: Maven is needed
    Path copy = dir.resolve("schedcheck");
    Files.copy(LAUNCHER, copy);
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Files.createSymbolicLink(bin.resolve("java"), java);
    Run r = launch(copy, bin.toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("needs Maven to build itself"), r.err());
    assertTrue(r.err().contains("apt-get install openjdk-17-jdk-headless maven"), r.err());
    assertFalse(Files.exists(dir.resolve(".build.log")), "it should not have tried to build");
  }
}
