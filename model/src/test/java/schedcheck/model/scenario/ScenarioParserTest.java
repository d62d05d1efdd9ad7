package schedcheck.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import schedcheck.model.scenario.Expr.Kind;
import schedcheck.model.scenario.Expr.Term;

class ScenarioParserTest {

  static Path resource(String name) {
    try {
      return Path.of(ScenarioParserTest.class.getResource("/scenarios/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static Expr lit(int v) {
    return Expr.literal(v);
  }

  private static Expr reg(int r) {
    return new Expr(List.of(new Term(false, Kind.REGISTER, r)));
  }

  private static Expr word(int w) {
    return new Expr(List.of(new Term(false, Kind.WORD, w)));
  }

  @Test
  void specExample() throws Exception {
    Path file = resource("swap-ping-pong.yaml");
    Scenario s = ScenarioParser.parse(file);
    String f = file.toString();

    assertEquals(f, s.file());
    assertEquals("swap-ping-pong", s.name());
    assertEquals("T1 hands a request to T2 with FUTEX_SWAP and waits for the reply.", s.description());
    assertEquals(1, s.cpus());
    assertEquals(new Scenario.Kernel(true, List.of(), Scenario.DEFAULT_LOCK_ORDER, 0), s.kernel());
    assertEquals(List.of(new Scenario.Word("req", 0), new Scenario.Word("rsp", 0)), s.memory());
    assertEquals(List.of(), s.mutexes());
    assertEquals(List.of(), s.locks());
    assertEquals(List.of("lost-wakeup", "deadlock"), s.check());
    assertEquals(new Scenario.Bounds(2, 400, 50_000_000L, Duration.ofSeconds(600)), s.bounds());
    assertEquals(Duration.ofMinutes(10), s.bounds().time());
    assertEquals(new Scenario.Expect(true, null), s.expect());

    assertEquals(2, s.tasks().size());
    Scenario.Task t1 = s.tasks().get(0);
    assertEquals("t1", t1.name());
    assertEquals(0, t1.cpu());
    assertEquals(120, t1.prio());
    assertEquals(List.of(0), t1.affinity());
    assertEquals(new SourcePos(f, 14, 3), t1.pos());
    Program p1 = t1.program();
    assertEquals(List.of("r"), p1.registers());
    assertEquals(Map.of(), p1.labels());
    assertEquals(List.of(
        new Stmt.Store(new SourcePos(f, 19, 7), "store req 1", 0, lit(1)),
        new Stmt.FutexSwap(new SourcePos(f, 20, 7), "r = futex_swap req rsp 0", 0, 0, 1, lit(0)),
        new Stmt.Load(new SourcePos(f, 21, 7), "r = load rsp", 0, 1),
        new Stmt.Assert(new SourcePos(f, 22, 7), "assert r == 1", reg(0), Stmt.Op.EQ, lit(1))),
        p1.statements());

    Scenario.Task t2 = s.tasks().get(1);
    assertEquals("t2", t2.name());
    assertEquals(0, t2.cpu(), "task index 1 mod 1 cpu");
    assertEquals(120, t2.prio());
    assertEquals(List.of(0), t2.affinity());
    Program p2 = t2.program();
    assertEquals(List.of("r"), p2.registers());
    assertEquals(Map.of("wait", 0), p2.labels());
    assertEquals(5, p2.statements().size());
    Stmt jump = p2.statements().get(2);
    assertEquals(new Stmt.If(new SourcePos(f, 28, 7), "if r == 0 goto wait", reg(0), Stmt.Op.EQ, lit(0), 0), jump);
    assertEquals(new Stmt.FutexWait(new SourcePos(f, 26, 7), "r = futex_wait req 0", 0, 0, lit(0)),
        p2.statements().get(0));
    assertEquals(new Stmt.FutexWake(new SourcePos(f, 30, 7), "r = futex_wake rsp 1", 0, 1, lit(1)),
        p2.statements().get(4));
  }

  @Test
  void defaults() throws Exception {
    Scenario s = ScenarioParser.parse(resource("defaults.yaml"));
    String f = s.file();
    assertEquals("defaults.test-1", s.name());
    assertEquals("", s.description());
    assertEquals(2, s.cpus());
    assertEquals(new Scenario.Kernel(true, List.of(), Scenario.DEFAULT_LOCK_ORDER, 0), s.kernel());
    assertEquals(List.of(new Scenario.Word("x", 5), new Scenario.Word("y", -3)), s.memory());
    assertEquals(Scenario.DEFAULT_CHECK, s.check());
    assertEquals(Scenario.Bounds.none(), s.bounds());
    assertNull(s.expect());

    List<Scenario.Task> ts = s.tasks();
    assertEquals(List.of("a", "b", "c"), ts.stream().map(Scenario.Task::name).toList());
    assertEquals(0, ts.get(0).cpu());
    assertEquals(List.of(0, 1), ts.get(0).affinity());
    assertEquals(1, ts.get(1).cpu());
    assertEquals(List.of(0, 1), ts.get(1).affinity(), "affinity stored ascending");
    assertEquals(1, ts.get(2).cpu(), "index 2 mod 2 = 0 is not in the affinity: its first cpu");
    assertEquals(List.of(1), ts.get(2).affinity());
    ts.forEach(t -> assertEquals(120, t.prio()));

    assertEquals(List.of(new Stmt.Load(new SourcePos(f, 10, 7), "r = load x", 0, 0)), ts.get(0).program().statements());
    // A plain one-line program: positions are exact within the line.
    assertEquals(List.of(new Stmt.Work(new SourcePos(f, 13, 14), "work")), ts.get(1).program().statements());
    // A quoted one: after the quote.
    assertEquals(List.of(new Stmt.Assign(new SourcePos(f, 16, 15), "r = y - 1", 0,
            new Expr(List.of(new Term(false, Kind.WORD, 1), new Term(true, Kind.LITERAL, 1))))),
        ts.get(2).program().statements());
  }

  @Test
  void everyStatement() throws Exception {
    Scenario s = ScenarioParser.parse(resource("everything.yaml"));
    String f = s.file();
    assertEquals(new Scenario.Kernel(false, List.of("futex-f1-unlocked-check", "futex-swap-f7-no-wake-on-error"), List.of("L2", "pi_lock", "hb_lock"), 1),
        s.kernel());
    assertEquals(List.of("M", "N"), s.mutexes());
    assertEquals(List.of("L1", "L2"), s.locks());
    assertEquals(List.of("deadlock", "assertions"), s.check());
    assertEquals(new Scenario.Bounds(-1, -1, -1, Duration.ofMinutes(90)), s.bounds());
    assertEquals(new Scenario.Expect(false, "assertions"), s.expect());

    Scenario.Task t = s.tasks().get(0);
    assertEquals("t-1", t.name());
    assertEquals(100, t.prio());
    assertEquals(0, t.cpu());
    Program p = t.program();
    // x (line 3), y, z, then q: first used in the assert before it is assigned.
    assertEquals(List.of("x", "y", "z", "q"), p.registers());
    assertEquals(Map.of("top", 0, "end", 25), p.labels());
    List<Stmt> st = p.statements();
    assertEquals(25, st.size());
    int x = 0;
    int y = 1;
    int z = 2;
    int q = 3;
    int a = 0;
    int b = 1;
    assertEquals(new Stmt.Assign(new SourcePos(f, 18, 12), "x = 1 + a - -2", x, new Expr(List.of(
        new Term(false, Kind.LITERAL, 1), new Term(false, Kind.WORD, a), new Term(false, Kind.LITERAL, 2)))),
        st.get(0));
    assertEquals(new Stmt.Load(new SourcePos(f, 19, 7), "y = load a", y, a), st.get(1));
    assertEquals(new Expr(List.of(new Term(false, Kind.REGISTER, x), new Term(true, Kind.REGISTER, y),
        new Term(false, Kind.LITERAL, 3))), ((Stmt.Store) st.get(2)).value());
    assertEquals(new Stmt.Cas(new SourcePos(f, 21, 7), "z = cas a 0 -1", z, a, lit(0), lit(-1)), st.get(3));
    Stmt.Cas cas2 = (Stmt.Cas) st.get(4);
    assertEquals(new Expr(List.of(new Term(false, Kind.REGISTER, x), new Term(true, Kind.LITERAL, 1))),
        cas2.expected());
    assertEquals(reg(y), cas2.desired());
    assertEquals(new Stmt.Xchg(new SourcePos(f, 23, 7), "z = xchg b 7", z, b, lit(7)), st.get(5));
    assertEquals(lit(-1), ((Stmt.FetchAdd) st.get(6)).value());
    assertEquals(z, ((Stmt.FutexWait) st.get(7)).reg());
    assertEquals(new Stmt.FutexWake(new SourcePos(f, 26, 7), "futex_wake a 1", -1, a, lit(1)), st.get(8));
    assertEquals(new Stmt.FutexSwap(new SourcePos(f, 27, 7), "futex_swap a b y", -1, a, b, reg(y)), st.get(9));
    assertEquals(0, ((Stmt.Lock) st.get(10)).mutex());
    assertEquals(1, ((Stmt.Unlock) st.get(11)).mutex());
    assertEquals(new LockRef(LockRef.Kind.EXTRA, 0), ((Stmt.SpinLock) st.get(12)).lock());
    assertEquals(new LockRef(LockRef.Kind.PI_LOCK, 0), ((Stmt.SpinUnlock) st.get(13)).lock());
    assertEquals("spin_unlock pi_lock(t-1)", st.get(13).text());
    assertEquals(new LockRef(LockRef.Kind.RQ_LOCK, 1), ((Stmt.SpinLock) st.get(14)).lock());
    assertEquals(new LockRef(LockRef.Kind.WAIT_LOCK, 1), ((Stmt.SpinLock) st.get(15)).lock());
    assertEquals(new LockRef(LockRef.Kind.BLOCKED_LOCK, 1), ((Stmt.SpinLock) st.get(16)).lock());
    assertEquals(new Stmt.If(new SourcePos(f, 35, 7), "if x != y goto end", reg(x), Stmt.Op.NE, reg(y), 25),
        st.get(17));
    assertEquals(0, ((Stmt.Goto) st.get(18)).target());
    assertInstanceOf(Stmt.Enter.class, st.get(19));
    assertInstanceOf(Stmt.Leave.class, st.get(20));
    assertEquals(new Stmt.Assert(new SourcePos(f, 39, 7), "assert q <= 3", reg(q), Stmt.Op.LE, lit(3)), st.get(21));
    assertEquals(new Expr(List.of(new Term(false, Kind.REGISTER, q), new Term(false, Kind.LITERAL, 1))),
        ((Stmt.Assign) st.get(22)).value());
    assertInstanceOf(Stmt.Yield.class, st.get(23));
    assertInstanceOf(Stmt.Work.class, st.get(24));

    Scenario.Task t2 = s.tasks().get(1);
    assertEquals(1, t2.cpu());
    // "|-" block indented by 8: column 9.
    assertEquals(new Stmt.Assign(new SourcePos(f, 48, 9), "r = 0", 0, lit(0)), t2.program().statements().get(0));
  }

  @Test
  void extensionsAndVariants() throws Exception {
    String text = """
        name: ext
        cpus: 1
        memory: {load: 0, w: 2}
        tasks:
          t:
            program: |2
                 r = load           # the word named 'load'
                 r = load load
                 r = load + 1
                 l1: r = futex_wait w 2
                 futex_wake w r - 1
                 loop:
                 if r >= w goto loop
                 end:
        expect: "violated: deadlock"
        bounds: {time: 500ms, preemptions: 0}
        """;
    Scenario s = ScenarioParser.parse(text, "ext.yaml");
    Program p = s.tasks().get(0).program();
    List<Stmt> st = p.statements();
    assertEquals(new Stmt.Assign(new SourcePos("ext.yaml", 7, 10), "r = load", 0, word(0)), st.get(0));
    assertEquals(new Stmt.Load(new SourcePos("ext.yaml", 8, 10), "r = load load", 0, 0), st.get(1));
    assertInstanceOf(Stmt.Assign.class, st.get(2));
    assertEquals(new Stmt.FutexWait(new SourcePos("ext.yaml", 10, 14), "r = futex_wait w 2", 0, 1, lit(2)), st.get(3));
    assertEquals(-1, ((Stmt.FutexWake) st.get(4)).reg());
    assertEquals(Map.of("l1", 3, "loop", 5, "end", 6), p.labels());
    assertEquals(5, ((Stmt.If) st.get(5)).target());
    assertEquals(new Scenario.Expect(false, "deadlock"), s.expect());
    assertEquals(new Scenario.Bounds(0, -1, -1, Duration.ofMillis(500)), s.bounds());
  }

  @Test
  void signalAndLockInterruptible() throws Exception {
    String text = """
        name: sig
        cpus: 2
        mutexes: [A, B]
        tasks:
          t-1:
            program: |
              e = lock_interruptible B
              if e != 0 goto out
              unlock B
              out:
          u:
            program: |
              signal t-1   # the waiter
              signal u
        """;
    Scenario s = ScenarioParser.parse(text, "sig.yaml");
    List<Stmt> t = s.tasks().get(0).program().statements();
    assertEquals(new Stmt.LockInterruptible(new SourcePos("sig.yaml", 7, 7), "e = lock_interruptible B", 0, 1), t.get(0));
    assertEquals(List.of("e"), s.tasks().get(0).program().registers());
    List<Stmt> u = s.tasks().get(1).program().statements();
    assertEquals(new Stmt.Signal(new SourcePos("sig.yaml", 13, 7), "signal t-1", 0), u.get(0));
    assertEquals(new Stmt.Signal(new SourcePos("sig.yaml", 14, 7), "signal u", 1), u.get(1));
  }

  @Test
  void everyStatementPositionPointsAtItsText() throws Exception {
    for (String name : List.of("swap-ping-pong.yaml", "defaults.yaml", "everything.yaml")) {
      Path file = resource(name);
      List<String> raw = java.nio.file.Files.readAllLines(file);
      for (Scenario.Task t : ScenarioParser.parse(file).tasks()) {
        for (Stmt st : t.program().statements()) {
          String line = raw.get(st.pos().line() - 1);
          assertTrue(line.startsWith(st.text(), st.pos().column() - 1), name + ": " + st + " vs " + line);
        }
      }
    }
  }

  @Test
  void crlfAndCommentsAndEmptyProgram() throws Exception {
    String text = "name: crlf\r\ncpus: 1\r\nmemory:\r\n  x: 0\r\ntasks:\r\n  t:\r\n    program: |\r\n"
        + "      # only a comment\r\n\r\n      store x 1   # set\r\n  u:\r\n    program: ''\r\n";
    Scenario s = ScenarioParser.parse(text, "crlf.yaml");
    Stmt st = s.tasks().get(0).program().statements().get(0);
    assertEquals(new Stmt.Store(new SourcePos("crlf.yaml", 10, 7), "store x 1", 0, lit(1)), st);
    assertTrue(s.tasks().get(1).program().statements().isEmpty());
  }
}
