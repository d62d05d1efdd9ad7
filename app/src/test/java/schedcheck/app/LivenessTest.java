package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.checker.Replay;
import schedcheck.checker.Verdict;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.properties.Starvation;

/**
 * Starvation, livelock and lost wakeups in infinite executions: lassos that really repeat,
 * the fairness switches, and bounds that never turn a starvation into holds.
 */
class LivenessTest {
  static final Path LIVE = Path.of("..", "examples", "liveness");

  static Scenario load(String name) throws Exception {
    return ScenarioParser.parse(LIVE.resolve(name));
  }

  static List<Path> liveExamples() throws IOException {
    try (Stream<Path> s = Files.list(LIVE)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
    }
  }

  /** Every violated liveness example: prefix, then the loop twice, comes back to the loop's entry. */
  @TestFactory
  Stream<DynamicTest> everyLassoRepeats() throws IOException {
    return liveExamples().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      Scenario sc = ScenarioParser.parse(p);
      CheckRun run = Checking.check(sc, CheckOptions.defaults(), Progress.NONE);
      if (run.verdict() != Verdict.VIOLATED) {
        return;
      }
      Found f = run.result().firstViolation();
      assertTrue(f.isLasso(), p + ": a lasso");
      KernelModel m = run.model().withoutOwnBounds();
      int[] all = f.path().steps();
      int k = f.loopStart();
      int[] loop = Arrays.copyOfRange(all, k, all.length);
      assertTrue(loop.length > 0, "a loop has steps");
      schedcheck.checker.Path at = new schedcheck.checker.Path(f.path().initial(), Arrays.copyOf(all, k));
      KState entry = Replay.stateAt(m, at);
      for (int round = 1; round <= 2; round++) {
        for (int i : loop) {
          at = at.then(i);
        }
        KState again = Replay.stateAt(m, at);
        assertEquals(m.fingerprint(entry), m.fingerprint(again), p + ": round " + round + " returns to the entry");
        assertEquals(entry, again);
      }
      assertEquals(k, run.loopStart());
      assertEquals(all.length, run.trace().length(), "the trace is the whole lasso");
    }));
  }

  private static CheckRun check(Scenario sc, String fairness) {
    return Checking.check(sc, CheckOptions.defaults().withFairness(Starvation.Fairness.parse(fairness)),
        Progress.NONE);
  }

  @Test
  void unboundedPriorityInversionStarvesTheWaiterWithClassicMutexesOnly() throws Exception {
    CheckRun classic = check(load("pi-hog-classic.yaml"), "sched");
    assertEquals("violated: starvation", classic.verdictText());
    assertEquals("waits", classic.result().firstViolation().violation().kind());
    String msg = classic.result().firstViolation().violation().message();
    assertTrue(msg.startsWith("high waits for ever: blocked on mutex A") && msg.contains("owned by low")
        && msg.contains("hog keeps running"), msg);
    for (String v : List.of("pe-v6.17", "pe-v7.1", "pe-v7.2")) {
      Scenario proxy = ExamplesTest.withVariants(load("pi-hog-proxy.yaml"), List.of(v));
      assertEquals(Verdict.HOLDS, check(proxy, "sched").verdict(), v);
    }
  }

  @Test
  void aPollingLoopThatNeverSeesItsConditionIsALivelockNamingTheLoop() throws Exception {
    CheckRun run = check(load("poll-lower-prio.yaml"), "sched");
    assertEquals("violated: starvation", run.verdictText());
    assertEquals("livelock", run.result().firstViolation().violation().kind());
    assertTrue(run.result().firstViolation().violation().message()
        .contains("poller loops over 'r = load flag', 'if r == 0 goto again'"));
    assertEquals(Verdict.HOLDS, check(load("poll-futex.yaml"), "sched").verdict());
  }

  @Test
  void aLostWakeupWhileAHogRunsForEverIsALostWakeupLasso() throws Exception {
    CheckRun run = check(load("f1-lost-with-hog.yaml"), "sched");
    assertEquals("violated: lost-wakeup", run.verdictText());
    assertEquals("lasso", run.result().firstViolation().violation().kind());
    assertTrue(run.result().firstViolation().isLasso());
    // not a terminal state: the safety search alone finds nothing
    assertTrue(run.liveness() != null && run.liveness().verdict() == Verdict.VIOLATED);
    assertEquals(Verdict.HOLDS, check(load("f1-fixed-with-hog.yaml"), "sched").verdict());
  }

  @Test
  void fLockMakesSpinlocksFair() throws Exception {
    CheckRun unfair = check(load("spin-race.yaml"), "sched");
    assertEquals("violated: starvation", unfair.verdictText());
    assertTrue(unfair.result().firstViolation().violation().message().startsWith("once stays runnable for ever"),
        unfair.result().firstViolation().violation().message());
    assertEquals(Verdict.HOLDS, check(load("spin-race.yaml"), "sched,lock").verdict());
    assertEquals(Verdict.HOLDS, Checking.check(load("spin-race.yaml"), CheckOptions.defaults(), Progress.NONE).verdict(),
        "F-lock is the default");
    assertEquals(Verdict.VIOLATED, check(load("spin-race.yaml"), "sched,cs").verdict());
  }

  @Test
  void withoutFLockTheSchedulersRqLockRetriesStarveAProxyMigration() throws Exception {
    // p5-stale-owner on the fixed kernel: cpu0's find_proxy_task (F8) keeps re-picking while
    // the migration's MG2 on cpu1 waits for cpu0's rq lock; it wins only if spinlocks are fair
    Scenario p5 = ScenarioParser.parse(Path.of("..", "examples", "proxy", "p5-stale-owner.yaml"));
    Scenario fixed = new Scenario(p5.file(), p5.name(), p5.description(), p5.cpus(),
        new Scenario.Kernel(true, List.of("pe-v7.1"), p5.kernel().lockOrder(), p5.kernel().futexBuckets()),
        p5.memory(), p5.mutexes(), p5.locks(), p5.tasks(), List.of("starvation"), p5.bounds(), null);
    assertEquals(Verdict.HOLDS, Checking.check(fixed, CheckOptions.defaults(), Progress.NONE).verdict());
    CheckRun unfair = check(fixed, "sched");
    assertEquals("violated: starvation", unfair.verdictText());
  }

  @Test
  void fCsAssumesCriticalSectionsEnd() throws Exception {
    assertEquals("violated: starvation", check(load("cs-forever.yaml"), "sched").verdictText());
    assertEquals("violated: starvation", check(load("cs-forever.yaml"), "sched,lock").verdictText());
    assertEquals(Verdict.HOLDS, check(load("cs-forever.yaml"), "sched,lock,cs").verdict());
    assertEquals(Verdict.HOLDS, check(load("cs-forever.yaml"), "sched,cs").verdict());
  }

  @Test
  void boundsThatCutNeverTurnAStarvationIntoHolds() throws Exception {
    Scenario sc = load("pi-hog-classic.yaml");
    // the waiter blocks only after some 20 steps: a depth bound of 10 hides the loop
    CheckRun shallow = Checking.check(sc, new CheckOptions("bfs", -1, 10, null, false, true), Progress.NONE);
    assertEquals(Verdict.INCOMPLETE, shallow.verdict(), shallow.result().cuts().toString());
    assertTrue(shallow.liveness().cuts().containsKey("depth"), shallow.liveness().cuts().toString());
    CheckRun few = Checking.check(sc, new CheckOptions("bfs", 15, -1, null, false, true), Progress.NONE);
    assertEquals(Verdict.INCOMPLETE, few.verdict());
    // the same bounds on the holding proxy version: incomplete, not holds
    CheckRun proxy = Checking.check(load("pi-hog-proxy.yaml"), new CheckOptions("bfs", -1, 10, null, false, true),
        Progress.NONE);
    assertEquals(Verdict.INCOMPLETE, proxy.verdict());
  }

  @Test
  void theFilesOwnBoundsThatCutGiveIncompleteNeverHolds(@TempDir Path dir) throws Exception {
    // pi-hog-proxy holds; with a depth bound in the file that hides part of the graph (the
    // part that may close a cycle) it is incomplete, at both detail levels
    for (String detail : List.of("", "  detail: syscall\n")) {
      Path f = dir.resolve("bounded.yaml");
      Files.writeString(f, Files.readString(LIVE.resolve("pi-hog-proxy.yaml"))
          .replace("  proxy: true\n", "  proxy: true\n" + detail)
          .replace("expect: holds\n", "bounds:\n  depth: 8\n"));
      CheckRun run = Checking.check(ScenarioParser.parse(f), CheckOptions.defaults(), Progress.NONE);
      assertEquals(Verdict.INCOMPLETE, run.verdict(), detail + run.result().cuts());
      assertTrue(run.liveness().cuts().containsKey("depth"), run.liveness().cuts().toString());
      CliTest.Result r = CliTest.run("check", f.toString());
      assertEquals(3, r.status(), r.out());
    }
  }

  @Test
  void aPreemptionBoundThatCutsNothingKeepsTheExactGraph(@TempDir Path dir) throws Exception {
    // two equally important tasks on one cpu; ticks beyond the bound are suppressed, but
    // every state they lead to (but for the preemption count) is in the graph: it is exact
    Path f = dir.resolve("eq.yaml");
    Files.writeString(f, String.join("\n",
        "name: eq", "cpus: 1", "kernel:", "  proxy: false", "memory:", "  x: 0", "tasks:",
        "  t1:", "    program: store x 1", "  t2:", "    program: r = load x",
        "check: [starvation]", "bounds:", "  preemptions: 2", ""));
    CheckRun run = Checking.check(ScenarioParser.parse(f), CheckOptions.defaults(), Progress.NONE);
    assertNotNull(run.liveness());
    assertEquals(Verdict.HOLDS, run.verdict(), run.result().cuts().toString());
    // states are joined without their preemption count: 39 for the safety search, 16 here
    assertEquals(39, run.result().states());
    assertEquals(16, run.liveness().states());
    assertTrue(run.liveness().transitions() > 16, "suppressed ticks are edges");
    // a hog and a task of the same priority: with no tick allowed, the other task's turn
    // would need a preemption: the bound cuts a cycle, so the verdict is incomplete
    Files.writeString(f, String.join("\n",
        "name: eq2", "cpus: 1", "kernel:", "  proxy: false", "tasks:",
        "  hog:", "    program: |", "      again:", "      work", "      goto again",
        "  other:", "    program: |", "      work",
        "check: [starvation]", "bounds:", "  preemptions: 0", ""));
    CheckRun cut = Checking.check(ScenarioParser.parse(f), CheckOptions.defaults(), Progress.NONE);
    assertFalse(cut.verdict() == Verdict.HOLDS, cut.verdictText());
  }

  @Test
  void theJsonMarksTheLassoAndTheTextMarksTheLoop() throws Exception {
    Path file = LIVE.resolve("pi-hog-classic.yaml");
    CheckRun run = Checking.check(file, CheckOptions.defaults(), Progress.NONE);
    var o = CheckCommand.jsonOf(file, run);
    int k = run.loopStart();
    int n = run.trace().length();
    assertEquals(n, o.get("trace").size(), "the trace is the whole lasso");
    var lasso = o.get("lasso");
    assertEquals(k, lasso.get("prefix").size());
    assertEquals(n - k, lasso.get("loop").size());
    assertEquals(k + 1, lasso.get("loop").get(0).asInt());
    assertEquals(k, o.get("violations").get(0).get("loop_start").asInt());
    assertEquals(run.liveness().states(), o.get("liveness").get("states").asLong());
    CliTest.Result r = CliTest.run("check", file.toString());
    assertTrue(r.out().contains("---- loop: steps " + (k + 1) + ".." + n + " repeat for ever"), r.out());
    assertTrue(r.out().contains("---- end of loop: step " + n + " returns to the state after step " + k), r.out());
    assertTrue(r.out().contains("state at the loop's entry"), r.out());
  }

  /**
   * At syscall the reference fingerprints dead registers as 0, so a lasso may close on a state
   * whose dead register holds another value than at the loop's entry (t1's r: 0 on entry, 1
   * after the round): the report says so instead of showing the end state as the entry's. A
   * loop that returns in every register gets no such note.
   */
  @Test
  void aSyscallLassoNamesTheDeadRegistersItDoesNotReturnTo(@TempDir Path dir) throws Exception {
    String head = """
        name: dead_reg_lasso
        cpus: 2
        kernel:
          detail: syscall
        memory:
          f: 0
          x: 0
        tasks:
          t0:
            program: |
              r = futex_wait f 0
          t1:
            program: |
              loop:
              r = load x
        """;
    String deadAtHead = head + """
              r = r + 1
              if r > 0 goto loop
        check: [starvation]
        """;
    String sameEveryRound = head + """
              if r == 0 goto loop
        check: [starvation]
        """;
    Path a = dir.resolve("dead.yaml");
    Files.writeString(a, deadAtHead);
    CliTest.Result r = CliTest.run("check", a.toString());
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("the loop returns to its entry up to registers overwritten before they are read"
        + " again: t1's r (0 at the entry, 1 after step 4)"), r.out());
    assertTrue(r.out().indexOf("t1's r (0 at the entry") < r.out().indexOf("why: "), r.out());
    Path b = dir.resolve("same.yaml");
    Files.writeString(b, sameEveryRound);
    CliTest.Result s = CliTest.run("check", b.toString());
    assertEquals(1, s.status(), s.out() + s.err());
    assertTrue(s.out().contains("state at the loop's entry"), s.out());
    assertFalse(s.out().contains("up to registers"), s.out());
  }

  /** The HTML report of a lasso labels its loop and marks the loop's steps. */
  @Test
  void theHtmlReportMarksTheLoop(@TempDir Path dir) throws Exception {
    Path file = LIVE.resolve("pi-hog-classic.yaml");
    CheckRun run = Checking.check(file, CheckOptions.defaults(), Progress.NONE);
    int k = run.loopStart();
    int n = run.trace().length();
    Path html = dir.resolve("r.html");
    CliTest.Result r = CliTest.run("check", "--report", html.toString(), file.toString());
    assertEquals(1, r.status(), r.err());
    String page = Files.readString(html);
    assertTrue(page.contains("<p id=\"loop\" data-first=\"" + (k + 1) + "\" data-last=\"" + n + "\">loop: steps "
        + (k + 1) + ".." + n + " repeat for ever"), page.substring(0, Math.min(3000, page.length())));
    assertTrue(page.contains("\"loop_start\":" + k), "the page's data has loop_start");
    assertTrue(page.contains("\"n\":" + (k + 1) + ",") && page.contains("\"loop\":true"), "loop steps marked");
    // a finite counterexample has no loop label
    Path html2 = dir.resolve("f7.html");
    CliTest.run("check", "--report", html2.toString(), CliTest.EX + "f7-swap-no-wake.yaml");
    assertFalse(Files.readString(html2).contains("<p id=\"loop\""));
  }

  @Test
  void anUnknownFairnessIsBadUsage() {
    CliTest.Result r = CliTest.run("check", "--fairness", "sched,luck", LIVE.resolve("spin-race.yaml").toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("unknown fairness 'luck' (sched, lock, cs)"), r.err());
  }

  @Test
  void mutexHandoffPolicies() throws Exception {
    assertEquals(Verdict.HOLDS, check(load("handoff-steal.yaml"), "sched,lock").verdict());
    assertEquals(Verdict.HOLDS, check(load("handoff-steal-forced.yaml"), "sched,lock").verdict());
    CheckRun none = check(load("handoff-steal-no-handoff.yaml"), "sched,lock");
    assertEquals("violated: starvation", none.verdictText());
    assertTrue(none.result().firstViolation().violation().message().startsWith("waiter "),
        none.result().firstViolation().violation().message());
    CheckRun spinner = check(load("handoff-spinner.yaml"), "sched,lock");
    assertEquals("violated: starvation", spinner.verdictText());
    assertTrue(spinner.trace().stepInfos().stream().anyMatch(st -> st.note().contains("spins on owner stealer")));
    assertEquals(Verdict.HOLDS, check(ExamplesTest.withVariants(load("handoff-spinner.yaml"),
        List.of("mutex-forced-handoff")), "sched,lock").verdict());
    for (String v : List.of("pe-v6.17", "pe-v7.1", "pe-v7.2")) {
      assertEquals(Verdict.HOLDS, check(ExamplesTest.withVariants(load("handoff-donor-bypass.yaml"), List.of(v)),
          "sched,lock").verdict(), v);
    }
  }

  @Test
  void anOmittedCheckIncludesStarvation(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("no-check.yaml");
    Files.writeString(f, Files.readString(LIVE.resolve("pi-hog-classic.yaml")).replace("check: [starvation]\n", ""));
    Scenario sc = ScenarioParser.parse(f);
    assertTrue(sc.check().contains("starvation"));
    CheckRun run = Checking.check(sc, CheckOptions.defaults(), Progress.NONE);
    assertEquals("violated: starvation", run.verdictText());
    assertTrue(run.unsupported().isEmpty());
  }
}
