package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import schedcheck.model.scenario.Scenario;

/**
 * The Proxy Execution versions select and patch steps when a function is built (issue 12): each
 * version has its own steps (a step another version lacks is left out) and its own pieces of
 * the steps they share ({@link KFunction#byVersion}), and no step body, guard or helper a body
 * calls tests the version.
 */
class VersionSelectionTest {

  /** The Proxy Execution functions (try_to_wake_up is the scheduler core's, with proxy execution's T3b). */
  private static final List<String> PE_FUNCTIONS = List.of("try_to_wake_up", "mutex_lock", "mutex_unlock",
      "__schedule", "find_proxy_task", "proxy_deactivate", "proxy_migrate_task", "proxy_force_return");

  /** Per function: its steps, then after "/" those with a piece the version chose (none: "-"). */
  private static Map<String, String> table(Kernel k) {
    Map<String, List<String>> labels = new LinkedHashMap<>();
    Map<String, KFunction> fs = new LinkedHashMap<>();
    for (KStep s : k.steps()) {
      labels.computeIfAbsent(s.function.name, x -> new ArrayList<>()).add(s.label);
      fs.put(s.function.name, s.function);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : PE_FUNCTIONS) {
      if (fs.containsKey(name)) {
        var chosen = fs.get(name).versionChosen();
        out.put(name, String.join(" ", labels.get(name)) + " / " + (chosen.isEmpty() ? "-" : String.join(" ", chosen)));
      }
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "pe-v6.17; try_to_wake_up=T2 T3 T3b T4 / T3, mutex_lock=M1 M2 M3 M5 M8 M9 M9a M9z / M3 M5 M9z,"
          + " mutex_unlock=U1 U2 U3 U5 U6 / U1 U2 U3 U5, __schedule=C1 C2 C3 C5 C5r / C2 C3 C5,"
          + " find_proxy_task=F1 F2 F3 F7 F_OUT F_SPIN / F1 F2 F3 F7, proxy_deactivate=D1 D3 / D1",
      "pe-v7.1; try_to_wake_up=T2 T3 T3b T4 / T3, mutex_lock=M1 M2 M3 M4 M5 M8 M9 M9b / M3 M5 M9b,"
          + " mutex_unlock=U1 U2 U3 U5 U6 / U1 U2 U3 U5, __schedule=C1 C2 C3 C5 C5r / C2 C3 C5,"
          + " find_proxy_task=F1 F2 F2b F3 F7 F_OUT F_SPIN / F1 F2 F3 F7, proxy_deactivate=D1 D3 / D1,"
          + " proxy_migrate_task=MG1 MG2 MG3 / -, proxy_force_return=FR1 FR2 FR3 FR4 FR5 / -",
      "pe-v7.2; try_to_wake_up=T2 T3 T3b T4 / T3, mutex_lock=M1 M2 M3 M4 M5 M8 M9 M9b / M3 M5 M9b,"
          + " mutex_unlock=U1 U2 U2b U2c U3 U5 U6 / U1 U2 U2c U3 U5, __schedule=C1 C2 C3 C5 C5r / C2 C3 C5,"
          + " find_proxy_task=F1 F2 F2b F3 F7 F_OUT F_SPIN / F1 F2 F3 F7, proxy_deactivate=D1 D3 / D1,"
          + " proxy_migrate_task=MG1 MG2 MG3 / -"})
  void eachVersionSelectsItsStepsAndChoosesTheirPiecesWhenBuilt(String version, String expected) throws Exception {
    Scenario sc = SymmetryTest.load("examples/proxy/chain3-two-cpus.yaml");
    Kernel k = VariantPatchTest.kernel(VariantPatchTest.withVariants(sc, List.of(version)));
    Map<String, String> want = new LinkedHashMap<>();
    for (String entry : expected.split(",")) {
      String[] kv = entry.trim().split("=");
      want.put(kv[0], kv[1]);
    }
    Map<String, String> got = table(k);
    assertEquals(Map.copyOf(want), Map.copyOf(got), version);
    for (KStep s : k.steps()) {
      assertEquals(Variants.byName(version), s.function.version(), s.toString());
    }
  }

  @Test
  void theDefaultVersionIsV72WithOrWithoutProxyExecution() throws Exception {
    Kernel pe = VariantPatchTest.kernel(SymmetryTest.load("examples/proxy/chain3-two-cpus.yaml"));
    Kernel v72 = VariantPatchTest.kernel(VariantPatchTest.withVariants(
        SymmetryTest.load("examples/proxy/chain3-two-cpus.yaml"), List.of("pe-v7.2")));
    assertEquals(table(v72), table(pe));
    for (KStep s : VariantPatchTest.kernel(SymmetryTest.load("examples/futex-mutex.yaml")).steps()) {
      assertEquals(Variants.PE_V7_2, s.function.version(), s.toString());
    }
  }

  // ---- no step body tests the version: a scan of the sources ----

  /** What reads the version: the int, its variant, the build-time choices and flags named after versions. */
  private static final Pattern VERSION_TEST = Pattern.compile(
      "\\bversion\\b|\\bpeVersion\\b|\\bv091\\b|V091|\\bv617\\b|\\bv71\\b|\\bv72\\b|\\bv71\\(|\\bv72\\(|V6_17|V7_1|V7_2|PE_V\\d|byVersion"
      + "|currInChainTested|wakeClearsBlockedOn|\\.has\\(");
  /** A lambda over a step's context or a state view: a body, a guard or a piece of one. */
  private static final Pattern STEP_LAMBDA = Pattern.compile("(?:\\bc|\\((?:c|s)(?:\\s*,\\s*\\w+)*\\))\\s*->\\s*");
  /** A member of the class at depth 1: its header up to its body or initializer. */
  private static final Pattern MEMBER_NAME = Pattern.compile("(\\w+)\\s*\\(");

  /** Source without comments, string and char literals (each replaced by spaces or an empty literal). */
  static String strip(String src) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < src.length()) {
      char ch = src.charAt(i);
      if (src.startsWith("//", i)) {
        while (i < src.length() && src.charAt(i) != '\n') {
          i++;
        }
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? src.length() : end + 2;
        out.append(' ');
      } else if (ch == '"' || ch == '\'') {
        int j = i + 1;
        while (j < src.length() && src.charAt(j) != ch) {
          j += src.charAt(j) == '\\' ? 2 : 1;
        }
        out.append(ch).append(ch);
        i = j + 1;
      } else {
        out.append(ch);
        i++;
      }
    }
    return out.toString();
  }

  /** The lambda bodies over a Ctx or StateView in {@code src} (stripped). */
  static List<String> stepLambdas(String src) {
    List<String> out = new ArrayList<>();
    Matcher m = STEP_LAMBDA.matcher(src);
    while (m.find()) {
      int i = m.end();
      int depth = 0;
      int start = i;
      if (src.charAt(i) == '{') {
        do {
          char ch = src.charAt(i++);
          depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
        } while (depth > 0);
      } else {
        while (i < src.length()) {
          char ch = src.charAt(i);
          if (depth == 0 && (ch == ',' || ch == ')' || ch == ';' || ch == '}')) {
            break;
          }
          depth += ch == '(' || ch == '{' ? 1 : ch == ')' || ch == '}' ? -1 : 0;
          i++;
        }
      }
      out.add(src.substring(start, i));
    }
    return out;
  }

  /** The members (methods, constructors, fields, nested types) of the file's top-level class: header to end. */
  static List<String[]> members(String src) {
    List<String[]> out = new ArrayList<>();
    int depth = 0;
    int start = -1;
    for (int i = 0; i < src.length(); i++) {
      char ch = src.charAt(i);
      if (depth == 1 && start < 0 && !Character.isWhitespace(ch) && ch != '}') {
        start = i;
      }
      if (ch == '{') {
        depth++;
      } else if (ch == '}') {
        depth--;
        if (depth == 1 && start >= 0) {
          out.add(new String[] {src.substring(start, src.indexOf('{', start)), src.substring(start, i + 1)});
          start = -1;
        }
      } else if (ch == ';' && depth == 1 && start >= 0) {
        out.add(new String[] {src.substring(start, i), src.substring(start, i + 1)});
        start = -1;
      }
    }
    return out;
  }

  /**
   * Whether a member may read the version: a field, the constructor, a {@code build*} method, a
   * method that returns or takes a {@link KFunction} (chooses pieces for one), the accessor.
   */
  static boolean buildsFunctions(String header, String className) {
    Matcher m = MEMBER_NAME.matcher(header);
    if (!header.contains("(") || header.contains("=") && header.indexOf('=') < header.indexOf('(')) {
      return true; // a field
    }
    if (!m.find()) {
      return true;
    }
    String name = m.group(1);
    return name.equals(className) || name.startsWith("build") || name.equals("version") || header.contains("KFunction");
  }

  /** What in {@code src} (a subsystem's source) tests the version inside step code. */
  static List<String> versionTestsInSteps(String src, String className) {
    String s = strip(src);
    List<String> found = new ArrayList<>();
    for (String lambda : stepLambdas(s)) {
      Matcher m = VERSION_TEST.matcher(lambda);
      if (m.find()) {
        found.add("a step lambda reads " + m.group() + ": " + lambda.strip().replaceAll("\\s+", " "));
      }
    }
    for (String[] member : members(s)) {
      Matcher m = VERSION_TEST.matcher(member[1]);
      if (m.find() && !buildsFunctions(member[0], className)) {
        found.add(member[0].strip().replaceAll("\\s+", " ") + " (called from steps) reads " + m.group());
      }
    }
    return found;
  }

  @ParameterizedTest
  @ValueSource(strings = {"Mutex", "Proxy", "Kernel", "Futex", "Umcg"})
  void noStepBodyGuardOrHelperTestsTheVersion(String className) throws Exception {
    String src = Files.readString(Path.of("src/main/java/schedcheck/model/kernel/" + className + ".java"));
    assertTrue(stepLambdas(strip(src)).size() >= 8, "the scan finds " + className + "'s step lambdas");
    assertEquals(List.of(), versionTestsInSteps(src, className));
  }

  @Test
  void theScanFindsAVersionTestInABodyAGuardAndAHelper() {
    String src = """
        final class X {
          final int version;
          X(Kernel k) { boolean v72 = k.version >= Kernel.V7_2; }
          private KFunction buildF() {
            f.step("A", "text with version", c -> layout.lock(c.get(l)), c -> {
              // version in a comment is fine
              if (v72) { c.next("B"); }
            });
            f.step("B", "b", c -> k.version >= 702 ? 1 : -1, c -> helper(c));
            f.step("C", "c", c -> {
              c.next(k.has(P7) ? "A" : "B");
            });
            return f;
          }
          private void helper(Ctx c) {
            if (k.version == Kernel.V7_1) { c.ret(0); }
          }
        }
        """;
    List<String> found = versionTestsInSteps(src, "X");
    assertEquals(4, found.size(), String.join("\n", found));
    assertTrue(found.get(0).contains("reads v72"), found.get(0));
    assertTrue(found.get(1).contains("reads version"), found.get(1));
    assertTrue(found.get(2).contains("reads .has("), found.get(2));
    assertTrue(found.get(3).startsWith("private void helper(Ctx c)"), found.get(3));
  }
}
