package schedcheck.model.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the input, parse returns a Scenario or throws a ScenarioException: nothing else. */
class ScenarioParserFuzzTest {

  private static final List<String> BASES = List.of(
      read("swap-ping-pong.yaml"), read("everything.yaml"), read("defaults.yaml"));

  /** Fragments that stress YAML and the program language. */
  private static final List<String> FRAGMENTS = List.of(
      "99999999999999999999", "-", "|", "|-", "|+", "|2", ">", "{", "}", "[", "]", ",", "&a ", "*a", "!!str ",
      "!!int ", "\t", "\u0000", "\r", "\n", "\r\n", "---\n", "...\n", "? ", "#", ": ", "''", "\"", "\"\\n",
      "<<: ", "~", "null", "true", "  ", "(", ")", "goto ", "if ", "= ", "==", "r = ", "load ", "spin_lock ",
      "pi_lock(", "rq_lock(", "wait_lock(", "\uFEFF", "\u2028", "\uD800", "😀", "%YAML 1.1\n", "0x10", "1h", "ms");

  private static String read(String name) {
    try {
      return Files.readString(ScenarioParserTest.resource(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void parsesOrFailsCleanly(String text) {
    try {
      Scenario s = ScenarioParser.parse(text, "fuzz.yaml");
      for (Scenario.Task t : s.tasks()) {
        for (Stmt st : t.program().statements()) {
          assertTrue(st.pos().line() >= 1 && st.pos().column() >= 1, st.pos().toString());
        }
      }
    } catch (ScenarioException e) {
      String msg = e.getMessage();
      assertFalse(msg.contains("internal error"), msg);
      assertTrue(e.pos().line() >= 1 && e.pos().column() >= 1, msg);
      assertTrue(msg.startsWith(e.pos() + ": "), msg);
    }
  }

  /**
   * A character outside the BMP (a surrogate pair) where snakeyaml-engine's 1,024-char read
   * buffer ends: 2.9 threw IndexOutOfBoundsException from StreamReader.update (found by
   * {@link #mutatedScenarios}, seed -2513634796453509913); 3.x reads it. A valid scenario with
   * an emoji in a comment at any offset must parse.
   */
  @org.junit.jupiter.api.Test
  void emojiAtTheYamlReadersBufferBoundaryParses() throws ScenarioException {
    String base = "name: emoji\ncpus: 1\ntasks:\n  t1:\n    program: |\n      work\n";
    for (int pad = 990; pad < 1040; pad++) {
      String text = "# " + "x".repeat(pad) + "\uD83D\uDE00\n" + base;
      Scenario s = ScenarioParser.parse(text, "emoji.yaml");
      org.junit.jupiter.api.Assertions.assertEquals("emoji", s.name(), "pad " + pad);
    }
  }

  @Property(tries = 1000)
  void randomStrings(@ForAll String text) {
    parsesOrFailsCleanly(text);
  }

  @Property(tries = 1000)
  void randomYamlishStrings(@ForAll("yamlish") String text) {
    parsesOrFailsCleanly(text);
  }

  @Property(tries = 2000)
  void mutatedScenarios(@ForAll("mutated") String text) {
    parsesOrFailsCleanly(text);
  }

  @Provide
  Arbitrary<String> yamlish() {
    return Arbitraries.strings().withChars("abcnmetaskpruogl:-[]{}|>#'\"\n \t&*!%@,?0123456789=()_").ofMaxLength(200);
  }

  private record Mutation(int kind, int at, String fragment) {
    String apply(String s) {
      if (s.isEmpty()) {
        return fragment;
      }
      int i = Math.floorMod(at, s.length());
      switch (kind) {
        case 0: // delete a character
          return s.substring(0, i) + s.substring(i + 1);
        case 1: // duplicate a character
          return s.substring(0, i + 1) + s.substring(i);
        case 2: // replace a character
          return s.substring(0, i) + fragment + s.substring(i + 1);
        case 3: // insert
          return s.substring(0, i) + fragment + s.substring(i);
        case 4: { // delete the line
          int start = s.lastIndexOf('\n', i) + 1;
          int end = s.indexOf('\n', i);
          return s.substring(0, start) + (end < 0 ? "" : s.substring(end + 1));
        }
        default: { // duplicate the line
          int start = s.lastIndexOf('\n', i) + 1;
          int end = s.indexOf('\n', i);
          end = end < 0 ? s.length() : end + 1;
          return s.substring(0, end) + s.substring(start, end) + s.substring(end);
        }
      }
    }
  }

  @Provide
  Arbitrary<String> mutated() {
    Arbitrary<String> fragment = Arbitraries.oneOf(
        Arbitraries.of(FRAGMENTS),
        Arbitraries.chars().map(String::valueOf),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(3));
    Arbitrary<Mutation> mutation = Combinators.combine(
            Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 1 << 20), fragment)
        .as(Mutation::new);
    return Combinators.combine(Arbitraries.of(BASES), mutation.list().ofMinSize(1).ofMaxSize(6))
        .as((base, ms) -> {
          String s = base;
          for (Mutation m : ms) {
            s = m.apply(s);
          }
          return s;
        });
  }
}
