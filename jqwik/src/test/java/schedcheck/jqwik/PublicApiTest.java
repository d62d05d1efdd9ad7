package schedcheck.jqwik;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java API is kept stable: its public signatures are listed in
 * {@code src/test/resources/public-api.txt}. A change that removes or alters one fails here;
 * update the list (and docs/java-api.md) deliberately, adding rather than changing.
 */
class PublicApiTest {
  static final List<Class<?>> API = List.of(
      schedcheck.api.Scenario.class, schedcheck.api.ScenarioBuilder.class,
      schedcheck.api.ScenarioBuilder.TaskBuilder.class, schedcheck.api.Result.class,
      schedcheck.api.Result.Step.class, schedcheck.api.Options.class, schedcheck.api.Verdict.class,
      schedcheck.api.Property.class, schedcheck.api.Detail.class, schedcheck.api.InvalidScenarioException.class,
      schedcheck.junit.SchedcheckAssertions.class, schedcheck.junit.ScenarioTests.class,
      ScenarioArbitraries.class, ScenarioArbitraries.Statement.class, ScenarioArbitrary.class, Program.class,
      Piece.class);

  static List<String> signatures() {
    List<String> out = new ArrayList<>();
    for (Class<?> c : API) {
      out.add(Modifier.toString(c.getModifiers()) + " " + c.getName());
      List<String> ms = new ArrayList<>();
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (Modifier.isPublic(k.getModifiers())) {
          ms.add("  " + k.toGenericString());
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
          ms.add("  " + m.toGenericString());
        }
      }
      ms.sort(null);
      out.addAll(ms);
    }
    return out;
  }

  @Test
  void thePublicApiIsTheListedOne() throws IOException {
    Path listed = Path.of("src/test/resources/public-api.txt");
    String actual = String.join("\n", signatures()) + "\n";
    if (Boolean.getBoolean("schedcheck.api.update")) {
      Files.writeString(listed, actual);
    }
    assertEquals(Files.readString(listed), actual,
        "the public API changed; if on purpose, rerun with -Dschedcheck.api.update=true and say so in docs/java-api.md");
  }
}
