package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import schedcheck.checker.Progress;
import schedcheck.checker.Verdict;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * UMCG preemption (docs/umcg.md, "Preemption"): umcg_preempt sets UMCG_TF_PREEMPT, umcg_kick
 * sends the target through umcg_notify_resume. Each case at both levels (kernel steps and the
 * reference semantics), which must agree.
 */
class UmcgPreemptionTest {

  private static CheckRun check(String yaml, Scenario.Detail detail) throws Exception {
    Scenario sc = ScenarioParser.parse(yaml, "preempt.yaml");
    if (detail == Scenario.Detail.SYSCALL) {
      sc = ReferenceExamplesTest.atSyscall(sc);
    }
    return Checking.check(sc, CheckOptions.defaults(), Progress.NONE);
  }

  /**
   * preempt-round-robin.yaml without its two preemption statements: the server never takes
   * the slot back from the hog, and the timer worker waits on the list for ever (the
   * worker-never-yields starvation), at both levels. With them the example holds
   * (GoldenExamplesTest, ReferenceExamplesTest).
   */
  @Test
  void roundRobinStarvesWithoutThePreemption() throws Exception {
    String rr = Files.readString(Path.of("..", "examples", "umcg", "preempt-round-robin.yaml"));
    String without = rr.replaceAll("(?m)^ *p = umcg_preempt w1.*\n", "")
        .replaceAll("(?m)^ *if p != 0 goto sleep.*\n", "")
        .replaceAll("(?m)^ *umcg_kick w1.*\n", "")
        .replaceAll("(?m)^expect: holds", "expect:\n  violated: starvation");
    assertTrue(!without.contains("p = umcg_preempt") && !without.contains("      umcg_kick"), without);
    for (Scenario.Detail d : List.of(Scenario.Detail.STEPS, Scenario.Detail.SYSCALL)) {
      CheckRun run = check(without, d);
      assertEquals(Verdict.VIOLATED, run.verdict(), d + ": " + run.verdictText());
      var v = run.result().violations().get(0).violation();
      assertEquals("starvation", v.property(), d + ": " + run.verdictText());
      assertTrue(v.message().contains("tick"), d + ": " + v.message());
    }
  }

  /**
   * The worker blocks while its flag is set: umcg_wq_worker_sleeping's RUNNING -> BLOCKED
   * clears UMCG_TF_PREEMPT, so after the I/O the worker's word is exactly RUNNING again and a
   * second umcg_preempt succeeds (q == 0; it would fail with the flag left set). Then a kick
   * preempts it before its next statement; the server runs it again and it leaves. The device
   * (irq) completes the I/O only once the server saw the worker BLOCKED, so the block really
   * happens. Holds at both levels, deadlock and lost wakeups included.
   */
  @Test
  void aBlockClearsThePreemptFlagAndAKickPreempts() throws Exception {
    String yaml = """
        name: block-clears-preempt
        cpus: 1
        kernel:
          proxy: false
        memory:
          armed: 0
          done: 0
        tasks:
          w:
            cpu: 0
            program: |
              reg:
              x = umcg_ctl worker s
              if x != 0 goto reg
              p = umcg_preempt w
              assert p == 0
              block_io
              q = umcg_preempt w
              assert q == 0
              umcg_kick w
              store done 1
              umcg_ctl unregister
          irq:
            cpu: 0
            program: |
              wait:
              a = load armed
              if a == 0 goto wait
              complete_io w
          s:
            cpu: 0
            prio: 100
            program: |
              umcg_ctl server
              loop:
              umcg_runnable
              r = umcg_pop
              if r != 0 goto run
              st = umcg_state w
              if done == 0 goto busy
              if st == 0 goto out
              goto idle
              busy:
              if st != 3 goto idle
              store armed 1
              idle:
              x = umcg_wait
              goto loop
              run:
              x = umcg_wait r
              if x == 0 goto loop
              umcg_runnable
              goto run
              out:
        check: [assertions, invariants, deadlock, lost-wakeup]
        expect: holds
        """;
    for (Scenario.Detail d : List.of(Scenario.Detail.STEPS, Scenario.Detail.SYSCALL)) {
      CheckRun run = check(yaml, d);
      assertEquals(Verdict.HOLDS, run.verdict(), d + ": " + run.verdictText());
    }
    // the same worker without the second flag and kick never passes umcg_notify_resume: fewer states
    String noKick = yaml.replace("      q = umcg_preempt w\n      assert q == 0\n      umcg_kick w\n", "");
    assertTrue(check(noKick, Scenario.Detail.STEPS).result().states() < check(yaml, Scenario.Detail.STEPS).result().states());
  }
}
