package schedcheck.app.differential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The disagreements the differential test found, minimized by hand, in {@code
 * src/test/resources/differential/found/}: each file is a scenario whose first lines say what
 * is wrong ({@code # wrong ...}) and which user-level properties the contract says are
 * violated ({@code # correct: holds} or {@code # correct: deadlock, lost-wakeup}).
 */
final class FoundScenarios {
  private FoundScenarios() {}

  record Found(String file, String text, String wrong, Set<String> correct) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Path dir() {
    return dir("/differential/found");
  }

  /**
   * A resource directory of such files: {@code /differential/found} (still wrong, tagged
   * {@code found}) or {@code /differential/fixed} (fixed, run by default).
   */
  static Path dir(String resource) {
    try {
      return Path.of(FoundScenarios.class.getResource(resource).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Found> all() {
    return all(dir());
  }

  static List<Found> all(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(FoundScenarios::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Found read(Path p) {
    try {
      String text = Files.readString(p);
      String wrong = null;
      Set<String> correct = null;
      for (String line : text.split("\n")) {
        if (line.startsWith("# wrong")) {
          wrong = line.substring(2);
        } else if (line.startsWith("# correct:")) {
          correct = new TreeSet<>();
          for (String s : line.substring("# correct:".length()).split(",")) {
            if (!s.isBlank() && !s.trim().equals("holds")) {
              correct.add(s.trim());
            }
          }
        }
      }
      return new Found(p.getFileName().toString(), text, wrong, correct);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
