package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import schedcheck.checker.Progress;
import schedcheck.checker.Verdict;
import schedcheck.counterexamples.CompactRenderer;

/** The views of a counterexample: compact and full, --width, values read, branches, explanation, lockdep. */
class ViewsTest {
  static final String EX = CliTest.EX;
  private static final Pattern ROW = Pattern.compile("^ *[0-9]+(-[0-9]+)? \\|");

  static long rows(String out) {
    return out.lines().filter(l -> ROW.matcher(l).find()).count();
  }

  /** Today's (before the compact view) full timeline of P5 has 87 rows; compact has at most a third. */
  @Test
  void compactP5HasAtMostAThirdOfTheFullRows() {
    CliTest.Result full = CliTest.run("check", "--view", "full", EX + "proxy/p5-stale-owner.yaml");
    CliTest.Result compact = CliTest.run("check", EX + "proxy/p5-stale-owner.yaml");
    assertEquals(1, compact.status());
    assertEquals(87, rows(full.out()), full.out());
    assertTrue(rows(compact.out()) <= 87 / 3, rows(compact.out()) + " rows:\n" + compact.out());
    assertTrue(compact.out().contains("y r = futex_wait go 0  [futex_wait W1..W5, __schedule C2..C5]"), compact.out());
    // rows are numbered by the steps they cover, the full view's numbers
    assertTrue(compact.out().contains("\n  1-9 | y r = futex_wait go 0"), compact.out());
    assertEquals(compact.out().lines().filter(l -> l.contains("==>") || l.contains("<==")).count(),
        full.out().lines().filter(l -> l.contains("==>") || l.contains("<==")).count(), "every migration arrow");
  }

  @Test
  void compactRowsSplitWhereAnotherCpuInterleaves() throws Exception {
    CheckRun run = Checking.check(Path.of(EX + "f1-unlocked-check.yaml"), CheckOptions.defaults(), Progress.NONE);
    List<CompactRenderer.Row> rows = CompactRenderer.rows(run.trace());
    int covered = 0;
    for (CompactRenderer.Row r : rows) {
      assertEquals(covered, r.from(), "rows cover the trace in order");
      covered = r.to();
      var first = run.trace().steps().get(r.from()).step();
      for (int i = r.from() + 1; i < r.to(); i++) {
        var s = run.trace().steps().get(i).step();
        assertEquals(first.cpu(), s.cpu());
        assertEquals(first.task(), s.task());
      }
    }
    assertEquals(run.trace().length(), covered);
    assertTrue(rows.size() < run.trace().length());
  }

  @Test
  void width80HasNoLongerLineForAnyViolatingExample() throws IOException {
    List<String> args = new ArrayList<>(List.of("check", "--width", "80"));
    for (Path p : ExamplesTest.examples()) {
      var sc = ExamplesTest.load(p);
      if (sc.expect() != null && !sc.expect().holds()) {
        args.add(p.toString());
      }
    }
    for (String view : List.of("compact", "full")) {
      List<String> a = new ArrayList<>(args);
      a.add(1, "--view");
      a.add(2, view);
      CliTest.Result r = CliTest.run(a.toArray(String[]::new));
      assertEquals(1, r.status(), r.err());
      for (String l : r.out().lines().toList()) {
        assertTrue(l.length() <= 80, view + ": " + l.length() + " columns: " + l);
      }
      assertTrue(r.out().contains("explanation:"), r.out());
    }
  }

  @Test
  void badViewOrWidthIsExitTwo() {
    CliTest.Result r = CliTest.run("check", "--view", "fancy", EX + "f1-unlocked-check.yaml");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("unknown view 'fancy'"), r.err());
    CliTest.noStackTrace(r);
    r = CliTest.run("check", "--width", "30", EX + "f1-unlocked-check.yaml");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--width"), r.err());
  }

  @Test
  void loadsShowTheValueReadAndBranchesWhetherTaken() {
    CliTest.Result r = CliTest.run("check", "--view", "full", EX + "f1-unlocked-check.yaml");
    assertTrue(r.out().contains("waiter r = load flag  -> read flag = 0"), r.out());
    assertTrue(r.out().contains("waiter if r != 0 goto done  -> not taken: 0 == 0"), r.out());
    CliTest.Result p5 = CliTest.run("check", EX + "proxy/p5-stale-owner.yaml");
    assertTrue(p5.out().contains("x if r == 0 goto again  -> not taken: 1 != 0"), p5.out());
    assertTrue(p5.out().contains("read go = 0 == 0: queue and sleep"), p5.out());
  }

  @Test
  void explanationSaysWhyTheWakeWokeNobody() {
    CliTest.Result r = CliTest.run("check", EX + "f1-unlocked-check.yaml");
    String out = r.out().replaceAll("\\s+", " ");
    assertTrue(out.contains("explanation: waiter sleeps in futex_wait on flag expecting 0 (queued at step 13, asleep from step 15)"), r.out());
    assertTrue(out.contains("waker's futex_wake on flag at step 5 returns 0: it woke nobody because waiter was queued only at step 13."), r.out());
  }

  @Test
  void deadlockCycleGetsALockdepScenario() {
    CliTest.Result r = CliTest.run("check", EX + "spinlock-abba.yaml");
    String want = String.join("\n",
        " Possible unsafe locking scenario:",
        "",
        "       CPU0 (t1)               CPU1 (t2)",
        "       ----                    ----",
        "  lock(L1);",
        "                               lock(L2);",
        "                               lock(L1);",
        "  lock(L2);",
        "",
        " *** DEADLOCK ***");
    assertTrue(r.out().contains(want), r.out());
    assertTrue(r.out().replaceAll("\\s+", " ").contains("t1 holds L1 (took it at step 1) and waits for L2, which t2 holds; t2 holds L2 (took it at step 2) and waits for L1, which t1 holds"), r.out());
    CliTest.Result p3 = CliTest.run("check", EX + "proxy/abba-p3.yaml");
    assertTrue(p3.out().contains("*** DEADLOCK ***"), p3.out());
    CliTest.Result lo = CliTest.run("check", EX + "lockdep-cycle.yaml");
    assertTrue(lo.out().contains("Chain exists of:\n  L1 --> L2 --> L1"), lo.out());
    assertTrue(lo.out().contains("shown as found"), lo.out());
  }

  @Test
  void holdsHasNoExplanation() throws Exception {
    CheckRun run = Checking.check(Path.of(EX + "futex-wait-wake.yaml"), CheckOptions.defaults(), Progress.NONE);
    assertEquals(Verdict.HOLDS, run.verdict());
    assertFalse(CliTest.run("check", EX + "futex-wait-wake.yaml").out().contains("explanation:"));
  }

  @Test
  void racingStepsAndTheVariantsChangedStepsAreMarked() throws Exception {
    CliTest.Result full = CliTest.run("check", "--view", "full", EX + "f1-unlocked-check.yaml");
    // the wake at step 5 came before the waiter was queued at step 13
    assertEquals(2, full.out().split("<< race", -1).length - 1, full.out());
    CheckRun run = Checking.check(Path.of(EX + "f1-unlocked-check.yaml"), CheckOptions.defaults(), Progress.NONE);
    var marks = schedcheck.counterexamples.Marks.of(run.model(), run.trace(), run.result().firstViolation().violation());
    assertEquals("<< race", marks.get(4));
    assertTrue(run.trace().steps().get(4).step().text().startsWith("r = futex_wake flag 1"));
    assertTrue(marks.get(12).contains("<< race"), marks.toString());
    assertTrue(run.trace().steps().get(12).step().text().contains("W3"), run.trace().steps().get(12).step().text());
    assertTrue(full.out().contains("futex_wait W2: futex_get_value_locked: value check")
        && full.out().contains("<< changed by futex-f1-unlocked-check"), full.out());
    CliTest.Result p5 = CliTest.run("check", "--view", "full", EX + "proxy/p5-stale-owner.yaml");
    assertTrue(p5.out().lines().anyMatch(l -> l.contains("find_proxy_task F7")
        && p5.out().contains("<< changed by pe-p5-stale-owner-cpu")), p5.out());
    CliTest.Result fixed = CliTest.run("check", "--view", "full", EX + "spinlock-abba.yaml");
    assertEquals(2, fixed.out().split("<< race", -1).length - 1, fixed.out());
    assertFalse(fixed.out().contains("<< changed by"), "no variant, no mark");
  }

  @Test
  void umcgVariantsMarkTheStepsTheyPatched() throws Exception {
    // UMCG's variants are not in Marks' hand-kept list: their marks come from the steps each
    // patched when the kernel was built (KFunction.patchedBy).
    for (String[] c : new String[][] {
        {"umcg/u1-read-before-set-state.yaml", "umcg-u1-read-before-set-state", "WL1"},
        {"umcg/u2-unvalidated-next-tid.yaml", "umcg-u2-unvalidated-next-tid", "UW2"}}) {
      CheckRun run = Checking.check(Path.of(EX + c[0]), CheckOptions.defaults(), Progress.NONE);
      var marks = schedcheck.counterexamples.Marks.of(run.model(), run.trace(), run.result().firstViolation().violation());
      var steps = run.trace().steps();
      boolean marked = false;
      for (int i = 0; i < steps.size(); i++) {
        String text = steps.get(i).step().text();
        String mark = marks.getOrDefault(i, "");
        if (text.contains(c[2])) {
          marked |= mark.contains("<< changed by " + c[1]);
        }
        if (text.contains("WL4") || text.contains("UW0") || text.contains("UW1")) {
          assertFalse(mark.contains("<< changed by"), c[0] + ": " + text + " is the same step without the variant");
        }
      }
      assertTrue(marked, c[0] + ": " + marks);
      CliTest.Result full = CliTest.run("check", "--view", "full", EX + c[0]);
      assertTrue(full.out().contains("<< changed by " + c[1]), full.out());
    }
  }
}
