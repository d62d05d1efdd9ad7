package schedcheck.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The UMCG statements (docs/umcg.md): what each parses to, and each misuse's position and message. */
class UmcgParserTest {

  /** Lines 1-7; t1's statements start at line 8, column 7. A second task s follows. */
  private static String program(String... lines) {
    StringBuilder b = new StringBuilder("""
        name: t
        cpus: 2
        memory:
          req: 0
        tasks:
          t1:
            program: |
        """);
    for (String l : lines) {
      b.append("      ").append(l).append('\n');
    }
    b.append("  s:\n    program: |\n      umcg_ctl server\n");
    return b.toString();
  }

  private static List<Stmt> parse(String... lines) throws ScenarioException {
    return ScenarioParser.parse(program(lines), "ok.yaml").tasks().get(0).program().statements();
  }

  private static void assertError(String text, int line, int column, String phrase) {
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(text, "bad.yaml"));
    String msg = e.getMessage();
    assertEquals(new SourcePos("bad.yaml", line, column), e.pos(), msg);
    assertTrue(msg.contains(phrase), () -> "'" + phrase + "' not in: " + msg);
  }

  @Test
  void statementsParse() throws Exception {
    List<Stmt> p = parse("umcg_ctl server", "x = umcg_ctl worker s", "umcg_ctl unregister", "umcg_runnable",
        "r = umcg_pop", "umcg_wait", "x = umcg_wait s", "x = umcg_wait r", "y = umcg_kick s", "r = umcg_state s",
        "y = block_io", "complete_io s", "r = umcg_pop s");
    Umcg.UmcgCtl server = assertInstanceOf(Umcg.UmcgCtl.class, p.get(0));
    assertEquals(Umcg.UmcgCtlKind.SERVER, server.kind());
    assertEquals(-1, server.reg());
    Umcg.UmcgCtl worker = assertInstanceOf(Umcg.UmcgCtl.class, p.get(1));
    assertEquals(Umcg.UmcgCtlKind.WORKER, worker.kind());
    assertEquals(1, worker.server());
    assertEquals(Umcg.UmcgCtlKind.UNREGISTER, assertInstanceOf(Umcg.UmcgCtl.class, p.get(2)).kind());
    assertInstanceOf(Umcg.UmcgRunnable.class, p.get(3));
    assertInstanceOf(Umcg.UmcgPop.class, p.get(4));
    assertNull(assertInstanceOf(Umcg.UmcgWait.class, p.get(5)).next());
    // a task name is its TID, index + 1; a register is an expression
    Expr toS = assertInstanceOf(Umcg.UmcgWait.class, p.get(6)).next();
    assertEquals(List.of(new Expr.Term(false, Expr.Kind.LITERAL, 2)), toS.terms());
    assertEquals(Expr.Kind.REGISTER, assertInstanceOf(Umcg.UmcgWait.class, p.get(7)).next().terms().get(0).kind());
    assertEquals(1, assertInstanceOf(Umcg.UmcgKick.class, p.get(8)).task());
    assertEquals(List.of(new Expr.Term(false, Expr.Kind.LITERAL, 2)),
        assertInstanceOf(Umcg.UmcgState.class, p.get(9)).tid().terms());
    assertInstanceOf(Umcg.BlockIo.class, p.get(10));
    assertEquals(1, assertInstanceOf(Umcg.CompleteIo.class, p.get(11)).task());
    assertEquals(-1, assertInstanceOf(Umcg.UmcgPop.class, p.get(4)).from());
    assertEquals(1, assertInstanceOf(Umcg.UmcgPop.class, p.get(12)).from());
  }

  @Test
  void ctlNeedsAKind() {
    assertError(program("umcg_ctl"), 8, 15, "expected 'server', 'worker S' or 'unregister' after umcg_ctl");
    assertError(program("umcg_ctl boss"), 8, 16, "expected 'server', 'worker S' or 'unregister' after umcg_ctl");
  }

  @Test
  void workerNeedsItsServer() {
    assertError(program("umcg_ctl worker"), 8, 22, "'umcg_ctl worker' needs its server");
    assertError(program("umcg_ctl worker nobody"), 8, 23, "expected a task name");
  }

  @Test
  void ctlServerTakesNoOperand() {
    assertError(program("umcg_ctl server s"), 8, 23, "expected end of line");
  }

  @Test
  void waitNextMustBeATaskOrAValue() {
    assertError(program("umcg_wait nobody"), 8, 17, "undefined register or memory word 'nobody'");
  }

  @Test
  void kickAndCompleteNeedATask() {
    assertError(program("umcg_kick"), 8, 16, "expected a task name");
    assertError(program("complete_io req"), 8, 19, "expected a task name");
  }

  @Test
  void preemptParses() throws Exception {
    List<Stmt> p = parse("x = umcg_ctl worker s", "p = umcg_preempt t1", "umcg_preempt t1", "umcg_kick t1");
    Umcg.UmcgPreempt withResult = assertInstanceOf(Umcg.UmcgPreempt.class, p.get(1));
    assertEquals(0, withResult.task());
    assertEquals(1, withResult.reg()); // x is register 0, p register 1
    assertEquals(-1, assertInstanceOf(Umcg.UmcgPreempt.class, p.get(2)).reg());
    assertEquals(0, assertInstanceOf(Umcg.UmcgKick.class, p.get(3)).task());
  }

  @Test
  void preemptNeedsATask() {
    assertError(program("umcg_preempt"), 8, 19, "expected a task name");
    assertError(program("umcg_preempt req"), 8, 20, "expected a task name");
  }

  @Test
  void preemptTakesOneTask() {
    assertError(program("x = umcg_ctl worker s", "umcg_preempt t1 s"), 9, 23, "expected end of line");
  }

  @Test
  void preemptNamesAWorker() {
    // s only registers as a server: UMCG_TF_PREEMPT is for a RUNNING worker
    assertError(program("x = umcg_ctl worker s", "umcg_preempt s"), 9, 7, "s's program never registers as a worker");
  }

  @Test
  void popAndStateNeedARegister() {
    assertError(program("umcg_pop"), 8, 7, "'umcg_pop' needs a register for its result");
    assertError(program("r = umcg_pop req"), 8, 20, "expected a task name");
    assertError(program("umcg_state s"), 8, 7, "'umcg_state' needs a register for its result");
  }

  @Test
  void runnableTakesNoOperand() {
    assertError(program("umcg_runnable 1"), 8, 21, "expected end of line");
  }

  @Test
  void signalsToUmcgTasksAreNotModeled() {
    assertError(program("signal s"), 8, 7, "signals to a task that uses UMCG are not modeled");
  }

  @Test
  void syscallDetailAccepted() throws Exception {
    String text = program("umcg_runnable").replace("cpus: 2\n", "cpus: 2\nkernel:\n  detail: syscall\n");
    assertEquals(Scenario.Detail.SYSCALL, ScenarioParser.parse(text, "ok.yaml").kernel().detail());
  }

  @Test
  void umcgVariantNeedsUmcg() {
    String text = """
        name: t
        cpus: 1
        kernel:
          variants: [umcg-u1-read-before-set-state]
        tasks:
          t1:
            program: |
              work
        """;
    assertError(text, 4, 14, "changes UMCG, but no program uses UMCG");
  }

  // ---- umcg-v0.9.1 (docs/umcg.md "v0.9.1") ----

  /** The same program under {@code kernel.variants: [variants]} (two lines more: t1 starts at line 10). */
  private static String v091(String variants, String... lines) {
    return program(lines).replace("cpus: 2\n", "cpus: 2\nkernel:\n  variants: [" + variants + "]\n");
  }

  @Test
  void v091StatementsParse() throws Exception {
    Scenario sc = ScenarioParser.parse(v091("umcg-v0.9.1", "x = umcg_idle", "umcg_idle", "r = umcg_pop", "x = umcg_wait r"),
        "ok.yaml");
    List<Stmt> p = sc.tasks().get(0).program().statements();
    assertEquals(0, assertInstanceOf(Umcg.UmcgIdle.class, p.get(0)).reg());
    assertEquals(-1, assertInstanceOf(Umcg.UmcgIdle.class, p.get(1)).reg());
    assertEquals(List.of("umcg-v0.9.1"), sc.kernel().variants());
  }

  @Test
  void idleExistsInV091Only() {
    assertError(program("umcg_idle"), 8, 7, "umcg_idle exists in UMCG v0.9.1 only");
  }

  @Test
  void idleTakesNoOperand() {
    assertError(v091("umcg-v0.9.1", "umcg_idle 1"), 10, 17, "expected end of line");
  }

  @Test
  void v091HasNoRunnableStateNoKickAndOneIdleStack() {
    assertError(v091("umcg-v0.9.1", "umcg_runnable"), 10, 7, "umcg-v0.9.1 has no RUNNABLE state");
    assertError(v091("umcg-v0.9.1", "umcg_kick s"), 10, 7, "umcg-v0.9.1 has no sys_umcg_kick");
    assertError(v091("umcg-v0.9.1", "r = umcg_pop s"), 10, 7, "one process-wide idle-workers stack");
  }

  @Test
  void v091HasNoPreemptFlag() {
    assertError(v091("umcg-v0.9.1", "umcg_ctl worker s", "umcg_preempt t1"), 11, 7,
        "umcg_preempt sets the rework's UMCG_TF_PREEMPT");
  }

  @Test
  void u2ChangesNothingUnderV091() {
    assertError(v091("umcg-v0.9.1, umcg-u2-unvalidated-next-tid", "umcg_idle"), 4, 27,
        "umcg-v0.9.1 does not call");
  }

  @Test
  void v091AppliesAtSyscallDetailButBugVariantsDoNot() throws Exception {
    String ok = v091("umcg-v0.9.1", "umcg_idle").replace("kernel:\n", "kernel:\n  detail: syscall\n");
    Scenario sc = ScenarioParser.parse(ok, "ok.yaml");
    assertEquals(Scenario.Detail.SYSCALL, sc.kernel().detail());
    assertEquals(List.of("umcg-v0.9.1"), sc.kernel().variants());
    String bad = v091("umcg-v0.9.1, umcg-u1-read-before-set-state", "umcg_idle")
        .replace("kernel:\n", "kernel:\n  detail: syscall\n");
    assertThrows(ScenarioException.class, () -> ScenarioParser.parse(bad, "bad.yaml"));
  }

  @Test
  void v091NeedsUmcg() {
    String text = """
        name: t
        cpus: 1
        kernel:
          variants: [umcg-v0.9.1]
        tasks:
          t1:
            program: |
              work
        """;
    assertError(text, 4, 14, "changes UMCG, but no program uses UMCG");
  }
}
