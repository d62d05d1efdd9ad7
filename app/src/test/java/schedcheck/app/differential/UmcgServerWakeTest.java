package schedcheck.app.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A UMCG server wake-up is {@code try_to_wake_up(TASK_NORMAL)} and wakes the server wherever it
 * sleeps (docs/umcg.md, "A server wake-up wakes the server wherever it sleeps"): the futex cases
 * are {@code differential/fixed/umcg-*-futex-*.yaml} (FixedScenariosTest); these are the {@code
 * block_io} case, where the wake is absorbed: the kernel's IO5 -> IO2 loop sleeps again until the
 * I/O completes, and so must the reference ({@code UmcgRef} / {@code UmcgRefV091} resume). Each
 * server asserts, after its {@code block_io}, a word its completer stores before {@code
 * complete_io}: a reference that let the woken server return from {@code block_io} reports
 * {@code assertions} at syscall only (checked by hand with the re-sleep removed, per version).
 */
class UmcgServerWakeTest {

  /** Default version: the worker's registration (C3's umcg_wake_server) wakes the RUNNABLE server in block_io. */
  @Test
  void reworkServerWokenInBlockIoSleepsAgainUntilItsCompletion() {
    assertBothLevels("""
        name: umcg-server-wake-in-block-io
        cpus: 1
        kernel:
          proxy: true
        memory:
          d: 0
        tasks:
          t1:
            prio: 120
            program: |
              store d 1
              complete_io t3
          t2:
            prio: 120
            program: |
              r = umcg_ctl worker t3
              r = umcg_ctl unregister
          t3:
            prio: 100
            program: |
              umcg_ctl server
              umcg_runnable
              r = block_io
              r = load d
              assert r == 1
              r = umcg_pop
              if r == 0 goto e
              r = umcg_wait r
              e:
        """);
  }

  /**
   * umcg-v0.9.1: the server runs its worker, announces itself idle and sleeps in block_io; the
   * worker's wake detection (IO7's umcg_wake_idle_server) wakes it there.
   */
  @Test
  void v091IdleServerWokenInBlockIoSleepsAgainUntilItsCompletion() {
    assertBothLevels("""
        name: umcg-v091-idle-server-wake-in-block-io
        cpus: 1
        kernel:
          proxy: true
          variants: [umcg-v0.9.1]
        memory:
          d: 0
          g: 0
        tasks:
          t1:
            prio: 120
            program: |
              l:
              r = load g
              if r == 0 goto l
              complete_io t2
              store d 1
              complete_io t3
          t2:
            prio: 120
            program: |
              r = umcg_ctl worker t3
              r = block_io
              r = umcg_ctl unregister
          t3:
            prio: 100
            program: |
              umcg_ctl server
              umcg_idle
              r = umcg_wait
              r = umcg_pop
              if r == 0 goto e
              r = umcg_wait r
              umcg_idle
              store g 1
              r = block_io
              r = load d
              assert r == 1
              e:
        """);
  }

  /** Both levels agree: deadlock (the worker is never run again), no failed assert. */
  private static void assertBothLevels(String text) {
    Differential.Outcome o = Differential.compare(text, Differential.syscallText(text), Differential.Hints.of(text));
    assertEquals(List.of(), o.disagreements(), o.report());
    assertTrue(o.syscall() != null && o.syscall().userLevel().equals(java.util.Set.of("deadlock")), o.report());
    assertEquals(java.util.Set.of("deadlock"), o.bfs().userLevel(), o.report());
  }
}
