package schedcheck.app.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import schedcheck.app.CheckOptions;
import schedcheck.app.Checking;
import schedcheck.checker.Progress;
import schedcheck.model.scenario.Scenario;

/**
 * The differences between the two detail levels that are legitimate (something only the small
 * steps can show), each a file in {@code src/test/resources/differential/legitimate/} that says
 * why ({@code # legitimate: ...}) and which user-level properties each level reports, each
 * checked alone ({@code # steps: ...}, {@code # syscall: ...}); the README lists them. This
 * pins them: if one level changes, the file must be revisited.
 */
class LegitimateDifferencesTest {

  static List<Path> files() throws IOException, URISyntaxException {
    Path dir = Path.of(LegitimateDifferencesTest.class.getResource("/differential/legitimate").toURI());
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  static Set<String> line(String text, String key) {
    for (String l : text.split("\n")) {
      if (l.startsWith("# " + key + ":")) {
        Set<String> out = new TreeSet<>();
        for (String p : l.substring(key.length() + 3).split(",")) {
          if (!p.isBlank() && !p.trim().equals("holds")) {
            out.add(p.trim());
          }
        }
        return out;
      }
    }
    return null;
  }

  static Set<String> alone(Scenario sc) {
    Set<String> out = new TreeSet<>();
    for (String p : Differential.USER_LEVEL) {
      var r = Checking.check(Differential.checking(sc, List.of(p)), CheckOptions.defaults().exploringEverything(),
          Progress.NONE).result();
      assertEquals(List.of(), new ArrayList<>(r.cuts().keySet()), "nothing may be cut");
      r.violations().forEach(f -> out.add(f.violation().property()));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void theDocumentedDifference(Path file) throws IOException {
    String text = Files.readString(file);
    assertFalse(text.lines().noneMatch(l -> l.startsWith("# legitimate:")), "no '# legitimate:' line");
    Set<String> steps = line(text, "steps");
    Set<String> syscall = line(text, "syscall");
    assertNotNull(steps, "no '# steps:' line");
    assertNotNull(syscall, "no '# syscall:' line");
    assertEquals(steps, alone(Differential.parse(text, file.toString())), "at steps");
    assumeTrue(Differential.syscallAvailable(), "the reference semantics is not available");
    assertEquals(syscall, alone(Differential.parseSyscall(text, file.toString())), "at syscall");
  }

  /**
   * The campaign's classifier names the wake_q window from the file's text (two tasks wake a
   * word a third waits on in a loop): it does on every wake_q file here, and on none of the
   * others (a campaign found one it missed: wake-q-window-counting-waiter.yaml).
   */
  @org.junit.jupiter.api.Test
  void theClassifierNamesTheWakeQWindowWhereItIs() throws IOException, URISyntaxException {
    int wakeQ = 0;
    for (Path p : files()) {
      String name = p.getFileName().toString();
      boolean window = name.startsWith("wake-q-window") || name.startsWith("wake-finds-a-dequeued");
      assertEquals(window, Differential.Hints.wakeQWindow(Files.readString(p)), name);
      wakeQ += window ? 1 : 0;
    }
    assertEquals(3, wakeQ, "the wake_q files");
  }

  /**
   * The classifier names the wake_q window as a mutual-exclusion difference on the file that
   * shows it (campaign seed 4747, scenario 65) and on no other legitimate, fixed or found file
   * (a mutual-exclusion difference there must not be excused by it).
   */
  @org.junit.jupiter.api.Test
  void theClassifierNamesTheWakeQWindowSectionsOnlyWhereItIs() throws IOException, URISyntaxException {
    List<Path> all = new ArrayList<>(files());
    for (String d : List.of("/differential/fixed", "/differential/found")) {
      try (Stream<Path> s = Files.list(Path.of(LegitimateDifferencesTest.class.getResource(d).toURI()))) {
        all.addAll(s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
      }
    }
    int named = 0;
    for (Path p : all) {
      String name = p.getFileName().toString();
      boolean it = name.equals("mutual-exclusion-in-the-wake-q-window.yaml");
      assertEquals(it, Differential.Hints.wakeQWindowSections(Files.readString(p)), name);
      named += it ? 1 : 0;
    }
    assertEquals(1, named);
    // narrow: the same file with t3 less important than t1, or with both sections under one
    // mutex, is not the window
    String text = Files.readString(files().stream()
        .filter(p -> p.getFileName().toString().equals("mutual-exclusion-in-the-wake-q-window.yaml")).findFirst().orElseThrow());
    assertEquals(true, Differential.Hints.wakeQWindowSections(text));
    assertFalse(Differential.Hints.wakeQWindowSections(text.replace("prio: 100", "prio: 130")));
    assertFalse(Differential.Hints.wakeQWindowSections(text.replace("lock A", "lock B")));
    assertFalse(Differential.Hints.wakeQWindowSections(text.replace("r = futex_wake x 1", "r = futex_wake y 1")));
  }

  /** Every legitimate, fixed and found file, with its text. */
  static Map<String, String> allFiles() throws IOException, URISyntaxException {
    Map<String, String> out = new TreeMap<>();
    for (String d : List.of("/differential/legitimate", "/differential/fixed", "/differential/found")) {
      try (Stream<Path> s = Files.list(Path.of(LegitimateDifferencesTest.class.getResource(d).toURI()))) {
        for (Path p : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          out.put(p.getFileName().toString(), Files.readString(p));
        }
      }
    }
    return out;
  }

  static String text(String name) throws IOException, URISyntaxException {
    return Files.readString(files().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow());
  }

  static Scenario scenario(String text) {
    return Differential.parse(text, "neighbour.yaml");
  }

  /**
   * The signalled-waiter classifier (pe-v6.17 or pe-v7.1, a signal to a task that calls
   * lock_interruptible M, which another task locks) names the two files that show it and no
   * other pinned file; the file with the signal left out, under pe-v7.2, or with A locked by
   * t3 alone, is not it.
   */
  @org.junit.jupiter.api.Test
  void theClassifierNamesTheSignalledWaiterWhereItIs() throws IOException, URISyntaxException {
    Set<String> named = new TreeSet<>();
    allFiles().forEach((name, text) -> {
      if (Differential.Hints.signalledInterruptibleWaiter(scenario(text))) {
        named.add(name);
      }
    });
    assertEquals(Set.of("signalled-donor-lends-until-the-unlock-one-cpu.yaml", "v71-signal-eintr-only-at-syscall.yaml"),
        named);
    String text = text("v71-signal-eintr-only-at-syscall.yaml");
    assertFalse(Differential.Hints.signalledInterruptibleWaiter(scenario(text.replace("      signal t3", "      work"))));
    assertFalse(Differential.Hints.signalledInterruptibleWaiter(scenario(text.replace("pe-v7.1", "pe-v7.2"))));
    assertFalse(Differential.Hints.signalledInterruptibleWaiter(scenario(text.replace("  proxy: true\n  variants: [pe-v7.1]\n", "  proxy: false\n"))));
    assertFalse(Differential.Hints.signalledInterruptibleWaiter(
        scenario(text.replace("      lock A\n      enter\n      work", "      lock B\n      enter\n      work"))));
    // the semantic half: the property is violated under pe-v7.2 at steps (there ttwu ends the
    // donation), and deadlock, which the file never shows, is not
    assertTrue(Differential.violatedUnderV72(scenario(text), "assertions"));
    assertFalse(Differential.violatedUnderV72(scenario(text), "deadlock"));
  }

  /**
   * The mutex unlock window classifier names the v6.17 file (and no other pinned file); with the
   * stealer t3 more important than the waiter t1, on a cpu t1 may not use, or with no third
   * task that unlocks B, it is not it.
   */
  @org.junit.jupiter.api.Test
  void theClassifierNamesTheMutexUnlockWindowWhereItIs() throws IOException, URISyntaxException {
    Set<String> named = new TreeSet<>();
    allFiles().forEach((name, text) -> {
      if (Differential.Hints.mutexUnlockWindowSteal(scenario(text))) {
        named.add(name);
      }
    });
    assertEquals(Set.of("v617-donor-of-a-remote-owner-leaves-its-cpu.yaml"), named);
    String text = text("v617-donor-of-a-remote-owner-leaves-its-cpu.yaml");
    assertTrue(Differential.Hints.mutexUnlockWindowSteal(scenario(text)));
    assertFalse(Differential.Hints.mutexUnlockWindowSteal(scenario(text.replace("prio: 120", "prio: 105"))));
    assertFalse(Differential.Hints.mutexUnlockWindowSteal(scenario(text.replace("affinity: [0, 1]", "affinity: [1]")
        .replace("  t1:\n    prio: 110\n", "  t1:\n    prio: 110\n    affinity: [0]\n"))));
    assertFalse(Differential.Hints.mutexUnlockWindowSteal(scenario(text.replace("      lock B\n      unlock B\n", "      work\n      work\n"))));
  }

  /**
   * The whole comparison of each file: its difference is the classifier's (named in the
   * category's brackets), so a campaign no longer counts it as unexplained.
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"v71-signal-eintr-only-at-syscall.yaml",
      "signalled-donor-lends-until-the-unlock-one-cpu.yaml", "v617-donor-of-a-remote-owner-leaves-its-cpu.yaml"})
  void theCampaignExplainsIt(String name) throws IOException, URISyntaxException {
    assumeTrue(Differential.syscallAvailable(), "the reference semantics is not available");
    String text = text(name);
    Differential.Outcome o = Differential.compare(text, Differential.syscallText(text), Differential.Hints.of(text));
    String legitimate = name.startsWith("v617") ? "the mutex unlock window (legitimate)"
        : "the property is violated too (legitimate)";
    assertEquals(1, o.disagreements().stream().filter(d -> d.contains(legitimate)).count(), o.disagreements().toString());
    assertEquals(List.of(), KnownDisagreements.unexplained(o), o.report());
  }
}
