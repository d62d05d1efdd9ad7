package schedcheck.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import schedcheck.app.Main;

class ScenarioApiTest {

  static ScenarioBuilder flag(String... waker) {
    return Scenario.builder("flag")
        .cpus(2)
        .word("flag", 0)
        .task("waiter", "r = load flag", "if r != 0 goto done", "r = futex_wait flag 0", "done:")
        .task("waker", waker)
        .check(Property.LOST_WAKEUP, Property.DEADLOCK);
  }

  @Test
  void storeThenWakeHoldsAtBothDetails() {
    Scenario s = flag("store flag 1", "r = futex_wake flag 1").build();
    Result r = s.check();
    assertEquals(Verdict.HOLDS, r.verdict(), r.report());
    assertTrue(r.holds());
    assertEquals(Optional.empty(), r.property());
    assertEquals(List.of(), r.trace());
    assertTrue(r.states() > 10, "states " + r.states());
    assertTrue(r.cuts().isEmpty());
    assertEquals("<built flag>: holds", r.toString());
    assertTrue(r.report().startsWith("<built flag>: holds\n"), r.report());
    Result syscall = s.withDetail(Detail.SYSCALL).check();
    assertEquals(Verdict.HOLDS, syscall.verdict());
    assertTrue(syscall.states() < r.states(), syscall.states() + " vs " + r.states());
  }

  @Test
  void wakeThenStoreLosesTheWakeupWithATrace() {
    Result r = flag("r = futex_wake flag 1", "store flag 1").build().check();
    assertEquals(Verdict.VIOLATED, r.verdict());
    assertEquals(Optional.of(Property.LOST_WAKEUP), r.property());
    assertTrue(r.violates(Property.LOST_WAKEUP));
    assertFalse(r.violates(Property.DEADLOCK));
    assertEquals("violated: lost-wakeup", r.verdictText());
    List<Result.Step> t = r.trace();
    assertFalse(t.isEmpty());
    assertEquals(1, t.get(0).step());
    int wake = indexOf(t, "waker", "r = futex_wake flag 1");
    int store = indexOf(t, "waker", "store flag 1");
    int sleep = indexOf(t, "waiter", "r = futex_wait flag 0");
    assertTrue(wake >= 0 && store > wake && sleep >= 0, t.toString());
    assertTrue(r.message().contains("waiter"), r.message());
    assertTrue(r.report().contains("violated: lost-wakeup"), r.report());
    assertTrue(r.report().contains("| cpu0"), r.report());
    assertTrue(r.json().contains("\"property\":\"lost-wakeup\""), r.json());
    // the same at syscall: one step per statement
    Result ref = flag("r = futex_wake flag 1", "store flag 1").detail(Detail.SYSCALL).build().check();
    assertEquals(Optional.of(Property.LOST_WAKEUP), ref.property());
    assertTrue(ref.trace().size() >= 3 && ref.trace().size() < t.size(), ref.trace() + " vs " + t);
  }

  private static int indexOf(List<Result.Step> t, String task, String textStart) {
    for (int i = 0; i < t.size(); i++) {
      if (task.equals(t.get(i).task()) && t.get(i).text().startsWith(textStart)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void builderWritesTheFileItParses() {
    ScenarioBuilder b = Scenario.builder("all-keys")
        .description("every key the builder has")
        .cpus(2)
        .proxy(true)
        .variants("pe-v7.1")
        .detail(Detail.STEPS)
        .lockOrder("pi_lock", "rq_lock", "wait_lock", "blocked_lock", "L")
        .futexBuckets(1)
        .word("x", 1)
        .words("y")
        .mutexes("A")
        .locks("L")
        .task("t1", t -> t.cpu(1).prio(100).affinity(0, 1).program("lock A", "spin_lock L", "spin_unlock L",
            "unlock A"))
        .task("t2", "r = load x", "store y r")
        .check(Property.DEADLOCK, Property.LOCK_ORDER)
        .preemptionBound(1)
        .depthBound(200)
        .stateBound(100000)
        .timeBound(java.time.Duration.ofSeconds(30))
        .expectHolds();
    String yaml = b.toYaml();
    assertTrue(yaml.contains("program: |\n      lock A\n      spin_lock L\n"), yaml);
    Scenario built = b.build();
    Scenario reread = Scenario.fromYaml(yaml);
    assertEquals(yaml, built.yaml());
    assertEquals(List.of(Property.DEADLOCK, Property.LOCK_ORDER), built.properties());
    assertEquals(Optional.of("holds"), built.expected());
    Result r1 = built.check();
    Result r2 = reread.check();
    assertEquals(Verdict.HOLDS, r1.verdict(), r1.report());
    assertEquals(r1.states(), r2.states());
    assertTrue(r1.asExpected());
  }

  @Test
  void expectViolatedIsWritten() {
    Scenario s = flag("r = futex_wake flag 1", "store flag 1").expectViolated(Property.LOST_WAKEUP).build();
    assertTrue(s.yaml().contains("expect:\n  violated: lost-wakeup"), s.yaml());
    Result r = s.check();
    assertTrue(r.asExpected());
    assertEquals(Optional.of("violated: lost-wakeup"), r.expected());
  }

  @Test
  void badInputNamesLineAndColumn() {
    InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
        () -> Scenario.fromYaml("name: x\ncpus: 1\ntasks:\n  t1:\n    program: |\n      frobnicate\n"));
    assertTrue(e.getMessage().matches("(?s)<yaml>:6:\\d+: .*"), e.getMessage());
    InvalidScenarioException b = assertThrows(InvalidScenarioException.class,
        () -> flag("store nowhere 1").build());
    assertTrue(b.getMessage().startsWith("<built flag>:"), b.getMessage());
    assertTrue(b.getMessage().contains("nowhere"), b.getMessage());
    assertTrue(b.getMessage().contains("the scenario built in code, as YAML:\n   1  name: flag\n"), b.getMessage());
    InvalidScenarioException f = assertThrows(InvalidScenarioException.class,
        () -> Scenario.fromYaml("name: x\ncpus: 0\ntasks: {t1: {program: work}}\n", "some.yaml"));
    assertTrue(f.getMessage().startsWith("some.yaml:2:"), f.getMessage());
    UncheckedIOException io = assertThrows(UncheckedIOException.class, () -> Scenario.load(Path.of("no/such.yaml")));
    assertEquals("no/such.yaml: no such file", io.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Scenario.resource("scenarios/none.yaml"));
  }

  @Test
  void loadsAClasspathResource() {
    Scenario s = Scenario.resource("scenarios/flag.yaml");
    assertEquals("flag-from-classpath", s.name());
    assertEquals("classpath:scenarios/flag.yaml", s.source());
    Result r = s.check();
    assertEquals(Verdict.HOLDS, r.verdict());
    assertTrue(r.asExpected());
  }

  @Test
  void optionsLimitTheSearch() {
    Scenario s = flag("store flag 1", "r = futex_wake flag 1").build();
    Result cut = s.check(Options.defaults().maxStates(5));
    assertEquals(Verdict.INCOMPLETE, cut.verdict());
    assertTrue(cut.cuts().containsKey("states"), cut.cuts().toString());
    Result dfs = flag("r = futex_wake flag 1", "store flag 1").build().check(Options.defaults().strategy("dfs"));
    assertEquals(Optional.of(Property.LOST_WAKEUP), dfs.property());
    assertTrue(dfs.report().contains(", dfs\n") || dfs.report().contains(", dfs, reduced by "), dfs.report());
    assertThrows(IllegalArgumentException.class, () -> Options.defaults().strategy("sideways"));
    assertThrows(IllegalArgumentException.class, () -> Options.defaults().width(20));
    assertThrows(IllegalArgumentException.class, () -> Options.defaults().view("wide"));
  }

  @Test
  void expectingAViolationSearchesOnForIt() {
    // deadlock (an ABBA) is found before the lost wakeup; expecting the lost wakeup finds it too
    Scenario s = Scenario.builder("both")
        .cpus(2).word("flag", 0).mutexes("A", "B")
        .task("t1", "lock A", "lock B", "unlock B", "unlock A", "r = futex_wait flag 0")
        .task("t2", "lock B", "lock A", "unlock A", "unlock B", "r = futex_wake flag 1", "store flag 1")
        .check(Property.LOST_WAKEUP, Property.DEADLOCK)
        .build();
    Result first = s.check();
    assertEquals(Optional.of(Property.DEADLOCK), first.property(), first.report());
    Result lost = s.expectingViolation(Property.LOST_WAKEUP).check();
    assertEquals(Optional.of(Property.LOST_WAKEUP), lost.property(), lost.report());
    assertTrue(lost.violatedProperties().containsAll(List.of(Property.LOST_WAKEUP, Property.DEADLOCK)),
        lost.violatedProperties().toString());
  }

  /** The API's reports are the command's, byte for byte but for the seconds measured. */
  @Test
  void reportsAreTheCommandsOutput() {
    for (String file : List.of("../examples/f7-swap-no-wake.yaml", "../examples/futex-wait-wake.yaml",
        "../examples/proxy/p7-migrate-curr.yaml", "../examples/liveness/pi-hog-classic.yaml")) {
      Result r = Scenario.load(Path.of(file)).check(Options.defaults().width(100).view("full"));
      assertEquals(withoutTimes(cli("check", "--width", "100", "--view", "full", file)), withoutTimes(r.report()),
          file);
      assertEquals(withoutTimes(cli("check", "--json", file)).trim(), withoutTimes(r.json()), file);
    }
  }

  /** A built scenario saved as its YAML is the same scenario to the command, at syscall too. */
  @Test
  void aBuiltScenarioSavedIsTheCommandsFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    for (Detail d : Detail.values()) {
      Scenario built = flag("r = futex_wake flag 1", "store flag 1").detail(d).build();
      Path file = dir.resolve("flag-" + d + ".yaml");
      java.nio.file.Files.writeString(file, built.yaml());
      Result fromFile = Scenario.load(file).check();
      assertEquals(withoutTimes(cli("check", file.toString())), withoutTimes(fromFile.report()), d.toString());
      assertEquals(withoutTimes(cli("check", "--json", file.toString())).trim(), withoutTimes(fromFile.json()));
      Result r = built.check();
      assertEquals(fromFile.states(), r.states());
      assertEquals(fromFile.trace(), r.trace());
      assertEquals(withoutTimes(fromFile.report().replace(file.toString(), "<built flag>")), withoutTimes(r.report()));
    }
  }

  private static String withoutTimes(String s) {
    return s.replaceAll("\\d+\\.\\d+ s,", "T s,").replaceAll("\"seconds\":[0-9.E-]+", "\"seconds\":T");
  }

  private static String cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      Main.run(args);
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** Checks on several threads at once get the verdicts and counts they get one at a time. */
  @Test
  void concurrentChecksAgreeWithSequentialOnes() throws Exception {
    List<String> files = List.of("../examples/f1-unlocked-check.yaml", "../examples/futex-mutex.yaml",
        "../examples/f7-swap-no-wake.yaml", "../examples/f1-unlocked-check.yaml", "../examples/spinlock-abba.yaml",
        "../examples/futex-wait-wake.yaml");
    List<String> sequential = new java.util.ArrayList<>();
    for (String f : files) {
      Result r = Scenario.load(Path.of(f)).check();
      sequential.add(r.verdictText() + " " + r.states() + " " + r.transitions() + " " + r.trace());
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(files.size());
    try {
      List<java.util.concurrent.Future<String>> futures = new java.util.ArrayList<>();
      for (String f : files) {
        futures.add(pool.submit(() -> {
          Result r = Scenario.load(Path.of(f)).check();
          return r.verdictText() + " " + r.states() + " " + r.transitions() + " " + r.trace();
        }));
      }
      for (int i = 0; i < files.size(); i++) {
        assertEquals(sequential.get(i), futures.get(i).get(), files.get(i));
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aLassoHasItsLoop() {
    Result r = Scenario.load(Path.of("../examples/liveness/pi-hog-classic.yaml")).check();
    assertEquals(Optional.of(Property.STARVATION), r.property());
    assertTrue(r.isLasso());
    assertTrue(r.loopStart() >= 0 && r.loopStart() < r.trace().size(), r.loopStart() + " " + r.trace());
    Result plain = flag("r = futex_wake flag 1", "store flag 1").build().check();
    assertFalse(plain.isLasso());
    assertEquals(-1, plain.loopStart());
  }

  @Test
  void propertyNamesAreTheLanguages() {
    for (Property p : Property.values()) {
      assertEquals(p, Property.of(p.id()));
      assertTrue(schedcheck.model.scenario.Scenario.PROPERTIES.contains(p.id()), p.id());
    }
    assertEquals(schedcheck.model.scenario.Scenario.PROPERTIES.size(), Property.values().length);
  }
}
