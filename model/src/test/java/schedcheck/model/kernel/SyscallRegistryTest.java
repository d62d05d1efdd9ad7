package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.model.scenario.SourcePos;
import schedcheck.model.scenario.Stmt;

/**
 * A system call is one registration ({@link Syscalls}): a statement registered here, in a
 * test's own file, parses (with the parser's own operand errors and positions), runs its
 * entry function and returns its result to its register, with neither the parser nor the
 * interpreter knowing it. And the built-in system calls are the registry's.
 */
class SyscallRegistryTest {

  /** {@code r = test_wake_all W}: FUTEX_WAKE of every waiter of W (a test-only statement). */
  record WakeAll(SourcePos pos, String text, int reg, int word) implements Stmt.Call {
    @Override
    public String keyword() {
      return "test_wake_all";
    }
  }

  @BeforeAll
  static void register() {
    if (Syscalls.of("test_wake_all") == null) {
      // with a result only: it does not join the "unknown statement" list other tests pin
      Syscalls.register(Syscall.of("test_wake_all", false, true, WakeAll.class,
          (in, at, text, reg) -> new WakeAll(at, text, reg, in.word()),
          k -> k.futex.wake, (s, eval) -> new int[] {s.word(), Integer.MAX_VALUE}));
    }
  }

  private static final String BASE = """
      name: wake-all
      cpus: 2
      kernel: {proxy: false}
      memory: {w: 0}
      tasks:
        t1:
          program: |
            r = futex_wait w 0
        t2:
          program: |
      """;

  private static Scenario parse(String t2Line) throws ScenarioException {
    return ScenarioParser.parse(BASE + "      " + t2Line + "\n", "reg.yaml");
  }

  @Test
  void builtInSystemCallsAreRegistered() {
    List<String> keywords = Syscalls.all().stream().map(Syscall::keyword).toList();
    assertTrue(keywords.containsAll(List.of("futex_wait", "futex_wake", "futex_swap", "lock", "unlock",
        "lock_interruptible", "signal")), keywords.toString());
    assertFalse(Syscalls.of("lock").withResult());
    assertFalse(Syscalls.of("lock_interruptible").bare());
    assertTrue(Syscalls.of("futex_wait").bare() && Syscalls.of("futex_wait").withResult());
  }

  @Test
  void registeredStatementParsesAndRuns() throws Exception {
    Scenario sc = parse("n = test_wake_all w");
    Stmt st = sc.tasks().get(1).program().statements().get(0);
    assertTrue(st instanceof WakeAll, st.toString());
    assertEquals(0, ((WakeAll) st).reg());
    KernelModel m = new KernelModel(sc);
    List<KState> all = SignalTest.reachable(m);
    // t2 enters FUTEX_WAKE through the registration ...
    assertTrue(SignalTest.any(all, s -> "futex_wake".equals(m.queries().syscallOf(s, 1))));
    // ... and its result reaches register n: 1 when t1 was queued, 0 when not yet.
    assertTrue(SignalTest.any(all, s -> s.depth(1) == 0 && s.pc(1) == 1 && s.reg(1, 0) == 1));
    assertTrue(SignalTest.any(all, s -> s.depth(1) == 0 && s.pc(1) == 1 && s.reg(1, 0) == 0));
    assertFalse(SignalTest.any(all, s -> s.depth(1) == 0 && s.pc(1) == 1 && s.reg(1, 0) > 1));
  }

  @Test
  void registeredStatementHasTheParsersErrors() {
    // the program's lines start at line 11, column 7
    ScenarioException e = assertThrows(ScenarioException.class, () -> parse("n = test_wake_all"));
    assertEquals(new SourcePos("reg.yaml", 11, 24), e.pos(), e.getMessage());
    assertTrue(e.getMessage().contains("expected a memory word (one of: w), found end of line"), e.getMessage());
    e = assertThrows(ScenarioException.class, () -> parse("test_wake_all w"));
    assertEquals(new SourcePos("reg.yaml", 11, 7), e.pos(), e.getMessage());
    assertTrue(e.getMessage().contains("'test_wake_all' needs a register for its result"), e.getMessage());
    assertNotNull(Syscalls.of("test_wake_all"));
  }
}
