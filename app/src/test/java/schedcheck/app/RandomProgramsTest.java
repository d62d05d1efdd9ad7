package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import schedcheck.checker.Found;
import schedcheck.checker.Monitor;
import schedcheck.checker.Path;
import schedcheck.checker.Progress;
import schedcheck.checker.Replay;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Successors;
import schedcheck.checker.Verdict;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.properties.KernelProperty;
import schedcheck.properties.PropertySet;

/**
 * Random small, loop-free scenario files (1-2 cpus, 2-3 tasks, 1-2 futex words, an optional
 * spinlock class and kernel variant), checked end to end through {@link Checking}: the two
 * strategies agree, reported traces replay to the violation they claim, BFS counterexamples
 * are no longer than DFS ones, and checking is deterministic.
 */
class RandomProgramsTest {

  static final List<String> CHECK =
      List.of("lost-wakeup", "deadlock", "mutual-exclusion", "lock-order", "assertions", "invariants");

  static final List<String> VARIANTS = List.of(
      "futex-f1-unlocked-check", "futex-f3-chain-empty-fastpath", "futex-swap-f7-no-wake-on-error");

  // ------------------------------------------------------------------ the generator

  /** One statement; {@code w}/{@code w2} are word indices taken modulo the number of words. */
  enum Kind { LOAD, STORE, STORE_R, CAS, XCHG, FETCH_ADD, WAIT, WAKE, SWAP, YIELD, WORK, ASSERT }

  record Op(Kind kind, int w, int w2, int a, int b) {
    static final String[] CMP = {"==", "!=", "<", "<=", ">", ">="};

    String render(List<String> words) {
      String x = words.get(w % words.size());
      String y = words.get(w2 % words.size());
      return switch (kind) {
        case LOAD -> "r = load " + x;
        case STORE -> "store " + x + " " + a;
        case STORE_R -> "store " + x + " r";
        case CAS -> "r = cas " + x + " " + a + " " + b;
        case XCHG -> "r = xchg " + x + " " + a;
        case FETCH_ADD -> "r = fetch_add " + x + " 1";
        case WAIT -> "r = futex_wait " + x + " " + a;
        case WAKE -> "r = futex_wake " + x + " 1";
        case SWAP -> "r = futex_swap " + x + " " + y + " " + a;
        case YIELD -> "yield";
        case WORK -> "work";
        case ASSERT -> "assert r " + CMP[a % CMP.length] + " " + b;
      };
    }

    boolean readsR() {
      return kind == Kind.STORE_R || kind == Kind.ASSERT;
    }

    boolean writesR() {
      return render(List.of("x")).startsWith("r =");
    }
  }

  /** A top-level piece of a program. */
  sealed interface Chunk permits Single, Spin, Crit, Jump {
    int size();
  }

  record Single(Op op) implements Chunk {
    public int size() {
      return 1;
    }
  }

  /** {@code spin_lock L}, the inner statements, {@code spin_unlock L}. */
  record Spin(List<Op> inner) implements Chunk {
    public int size() {
      return 2 + inner.size();
    }
  }

  /** {@code enter}, the inner statements, {@code leave}. */
  record Crit(List<Op> inner) implements Chunk {
    public int size() {
      return 2 + inner.size();
    }
  }

  /** {@code if r == 0 goto end}, {@code end:} being the end of the program. */
  record Jump() implements Chunk {
    public int size() {
      return 1;
    }
  }

  record TaskSpec(int prio, List<Chunk> chunks) {}

  record Spec(int cpus, List<Integer> memory, boolean declareLock, int variant, List<TaskSpec> tasks) {

    String render() {
      List<String> words = memory.size() == 1 ? List.of("x") : List.of("x", "y");
      boolean usesLock = declareLock;
      for (TaskSpec t : tasks) {
        for (Chunk c : t.chunks()) {
          usesLock |= c instanceof Spin;
        }
      }
      StringBuilder b = new StringBuilder();
      b.append("name: random\n");
      b.append("cpus: ").append(cpus).append('\n');
      b.append("kernel:\n  proxy: false\n");
      if (variant >= 0) {
        b.append("  variants: [").append(VARIANTS.get(variant)).append("]\n");
      }
      b.append("memory:\n");
      for (int i = 0; i < words.size(); i++) {
        b.append("  ").append(words.get(i)).append(": ").append(memory.get(i)).append('\n');
      }
      if (usesLock) {
        b.append("locks: [L]\n");
      }
      b.append("tasks:\n");
      for (int i = 0; i < tasks.size(); i++) {
        TaskSpec t = tasks.get(i);
        b.append("  t").append(i + 1).append(":\n");
        b.append("    prio: ").append(t.prio()).append('\n');
        b.append("    program: |\n");
        for (String line : program(t, words)) {
          b.append("      ").append(line).append('\n');
        }
      }
      b.append("check: [").append(String.join(", ", CHECK)).append("]\n");
      return b.toString();
    }

    static List<String> program(TaskSpec t, List<String> words) {
      List<String> lines = new ArrayList<>();
      boolean reads = false;
      boolean writes = false;
      boolean jumps = false;
      for (Chunk c : t.chunks()) {
        List<Op> ops = c instanceof Single s ? List.of(s.op())
            : c instanceof Spin s ? s.inner()
            : c instanceof Crit s ? s.inner()
            : List.of();
        for (Op op : ops) {
          reads |= op.readsR();
          writes |= op.writesR();
        }
        if (c instanceof Single s) {
          lines.add(s.op().render(words));
        } else if (c instanceof Spin s) {
          lines.add("spin_lock L");
          s.inner().forEach(op -> lines.add(op.render(words)));
          lines.add("spin_unlock L");
        } else if (c instanceof Crit s) {
          lines.add("enter");
          s.inner().forEach(op -> lines.add(op.render(words)));
          lines.add("leave");
        } else {
          lines.add("if r == 0 goto end");
          jumps = true;
          reads = true;
        }
      }
      if (reads && !writes) {
        // a register must be assigned somewhere; registers start at 0, so this changes nothing
        lines.add(0, "r = 0");
      }
      if (jumps) {
        lines.add("end:");
      }
      return lines;
    }
  }

  static Arbitrary<Op> ops() {
    Arbitrary<Integer> word = Arbitraries.integers().between(0, 1);
    Arbitrary<Integer> bit = Arbitraries.integers().between(0, 1);
    Arbitrary<Integer> cmp = Arbitraries.integers().between(0, Op.CMP.length - 1);
    return Arbitraries.frequencyOf(
        Tuple.of(3, word.map(w -> new Op(Kind.LOAD, w, 0, 0, 0))),
        Tuple.of(3, Combinators.combine(word, bit).as((w, v) -> new Op(Kind.STORE, w, 0, v, 0))),
        Tuple.of(1, word.map(w -> new Op(Kind.STORE_R, w, 0, 0, 0))),
        Tuple.of(2, Combinators.combine(word, bit, bit).as((w, a, b) -> new Op(Kind.CAS, w, 0, a, b))),
        Tuple.of(1, Combinators.combine(word, bit).as((w, v) -> new Op(Kind.XCHG, w, 0, v, 0))),
        Tuple.of(1, word.map(w -> new Op(Kind.FETCH_ADD, w, 0, 0, 0))),
        Tuple.of(4, Combinators.combine(word, bit).as((w, v) -> new Op(Kind.WAIT, w, 0, v, 0))),
        Tuple.of(4, word.map(w -> new Op(Kind.WAKE, w, 0, 0, 0))),
        Tuple.of(2, Combinators.combine(word, word, bit).as((w, w2, v) -> new Op(Kind.SWAP, w, w2, v, 0))),
        Tuple.of(1, Arbitraries.just(new Op(Kind.YIELD, 0, 0, 0, 0))),
        Tuple.of(1, Arbitraries.just(new Op(Kind.WORK, 0, 0, 0, 0))),
        Tuple.of(2, Combinators.combine(cmp, bit).as((c, v) -> new Op(Kind.ASSERT, 0, 0, c, v))));
  }

  static Arbitrary<Chunk> chunks() {
    Arbitrary<List<Op>> inner = ops().list().ofMinSize(0).ofMaxSize(2);
    return Arbitraries.frequencyOf(
        Tuple.of(10, ops().map(Single::new)),
        Tuple.of(2, inner.map(Spin::new)),
        Tuple.of(2, inner.map(Crit::new)),
        Tuple.of(1, Arbitraries.just(new Jump())));
  }

  static Arbitrary<TaskSpec> taskSpecs() {
    Arbitrary<List<Chunk>> program = chunks().list().ofMinSize(1).ofMaxSize(5)
        .filter(cs -> cs.stream().mapToInt(Chunk::size).sum() <= 6);
    return Combinators.combine(Arbitraries.of(120, 100), program).as(TaskSpec::new);
  }

  static Arbitrary<Spec> specs() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 2),
            Arbitraries.integers().between(0, 1).list().ofMinSize(1).ofMaxSize(2),
            Arbitraries.of(false, true),
            Arbitraries.frequency(Tuple.of(4, -1), Tuple.of(1, 0), Tuple.of(1, 1), Tuple.of(1, 2)),
            taskSpecs().list().ofMinSize(2).ofMaxSize(3))
        .as(Spec::new);
  }

  @Provide
  Arbitrary<String> scenarios() {
    return specs().map(Spec::render);
  }

  // ------------------------------------------------------------------ helpers

  static Scenario parse(String text) {
    try {
      return ScenarioParser.parse(text, "random.yaml");
    } catch (ScenarioException e) {
      return fail("the generator produced a scenario that does not parse: " + e.getMessage() + "\n" + text);
    }
  }

  static CheckRun run(Scenario sc, String strategy, boolean all) {
    CheckOptions o = CheckOptions.defaults().withStrategy(strategy);
    return Checking.check(sc, all ? o.exploringEverything() : o, Progress.NONE);
  }

  static CheckRun unreduced(Scenario sc, String strategy, boolean all) {
    CheckOptions o = CheckOptions.defaults().withStrategy(strategy)
        .withReduction(schedcheck.model.kernel.Reduction.NONE);
    return Checking.check(sc, all ? o.exploringEverything() : o, Progress.NONE);
  }

  static Set<String> violated(SearchResult r) {
    Set<String> out = new TreeSet<>();
    for (Found f : r.violations()) {
      out.add(f.violation().property());
    }
    return out;
  }

  static Map<String, Found> byProperty(SearchResult r) {
    Map<String, Found> out = new TreeMap<>();
    for (Found f : r.violations()) {
      out.putIfAbsent(f.violation().property(), f);
    }
    return out;
  }

  static boolean hasSuccessors(KernelModel model, KState s) {
    boolean[] any = {false};
    model.successors(s, new Successors<KState, StepInfo>() {
      @Override
      public void next(StepInfo action, KState state) {
        any[0] = true;
      }

      @Override
      public void cut(String bound) {
        any[0] = true;
      }
    });
    return any[0];
  }

  static KernelProperty property(KernelModel model, Scenario sc, String name) {
    for (KernelProperty p : PropertySet.of(model, sc.check()).checked()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return fail("no property " + name);
  }

  /**
   * Replays {@code f} (its witnesses' steps first, so that a lock dependency cycle can close)
   * through a fresh monitor of its property, and returns where that property first reports a
   * violation: {@code -1} for the witnesses, {@code k} for step or state k of the path (the
   * initial state is 0), {@code n + 1} for the terminal check, or {@code -2} for never; {@code
   * out[0]} receives the violation.
   */
  static int replayViolation(KernelModel model, KernelProperty prop, Found f, Violation[] out) {
    Monitor<KState, StepInfo> m = prop.newMonitor();
    for (Path wp : f.witnessPaths()) {
      List<Replay.Step<KState, StepInfo>> ws = Replay.replay(model, wp);
      for (int k = 1; k < ws.size(); k++) {
        Violation v = m.onTransition(ws.get(k - 1).state(), k - 1, ws.get(k).action(), wp.steps()[k - 1],
            ws.get(k).state());
        if (v != null) {
          out[0] = v;
          return -1;
        }
      }
    }
    List<Replay.Step<KState, StepInfo>> steps = Replay.replay(model, f.path());
    assertEquals(f.path().length() + 1, steps.size(), "Replay returns one element per step plus the initial state");
    Violation v = m.onState(steps.get(0).state());
    if (v != null) {
      out[0] = v;
      return 0;
    }
    for (int k = 1; k < steps.size(); k++) {
      KState from = steps.get(k - 1).state();
      KState to = steps.get(k).state();
      v = m.onTransition(from, 1_000_000 + k - 1, steps.get(k).action(), f.path().steps()[k - 1], to);
      if (v == null) {
        v = m.onState(to);
      }
      if (v != null) {
        out[0] = v;
        return k;
      }
    }
    KState last = steps.get(steps.size() - 1).state();
    if (!hasSuccessors(model, last)) {
      v = m.onTerminal(last);
      if (v != null) {
        out[0] = v;
        return steps.size();
      }
    }
    return -2;
  }

  // ------------------------------------------------------------------ properties

  /**
   * Shrunk from a failure of the properties below: on one cpu t1 holds L and yields to t2,
   * t2 finishes its program (but has not taken its do_exit step yet) and is tick-preempted
   * for t3, which spins on L for ever. In that terminal state the deadlock report describes
   * every unfinished task, t2 included, whose next statement is past the end of its program.
   */
  @Example
  void aFinishedButNotExitedTaskInADeadlock() {
    String text = """
        name: finished-not-exited
        cpus: 1
        kernel:
          proxy: false
        locks: [L]
        tasks:
          t1:
            program: |
              spin_lock L
              yield
              spin_unlock L
          t2:
            program: |
              work
          t3:
            program: |
              spin_lock L
        check: [deadlock]
        """;
    Scenario sc = parse(text);
    for (String strategy : List.of("bfs", "dfs")) {
      SearchResult r = run(sc, strategy, true).result();
      assertEquals(Verdict.VIOLATED, r.verdict(), strategy);
      assertEquals(Set.of("deadlock"), violated(r), strategy);
    }
  }

  /** Exploring everything, BFS and DFS store the same states and report the same properties. */
  @Property(tries = 250)
  void bfsAndDfsAgree(@ForAll("scenarios") String text) {
    Scenario sc = parse(text);
    SearchResult bfs = run(sc, "bfs", true).result();
    SearchResult dfs = run(sc, "dfs", true).result();
    assertEquals(bfs.verdict(), dfs.verdict(), "verdict");
    assertEquals(bfs.states(), dfs.states(), "states");
    assertEquals(bfs.transitions(), dfs.transitions(), "transitions");
    assertEquals(violated(bfs), violated(dfs), "violated properties");
    assertEquals(bfs.cuts(), dfs.cuts(), "cuts");
    assertTrue(bfs.cuts().isEmpty(), "no bounds: nothing may be cut, got " + bfs.cuts());
    assertTrue(bfs.verdict() != Verdict.INCOMPLETE, "no bounds: a verdict, not incomplete");
  }

  /**
   * Every violation BFS reports (exploring everything: the first of each property) replays,
   * and its property's monitor, fed along the replayed execution as the search would, reports
   * the same property and kind, exactly at the end of the execution. The counterexample a
   * normal BFS check builds has one step per step of the path.
   */
  @Property(tries = 250)
  void everyReportedTraceReplaysToItsViolation(@ForAll("scenarios") String text) {
    Scenario sc = parse(text);
    CheckRun all = run(sc, "bfs", true);
    KernelModel model = all.model();
    for (Found f : all.result().violations()) {
      String name = f.violation().property();
      KernelProperty prop = property(model, sc, name);
      Violation[] got = new Violation[1];
      int at = replayViolation(model, prop, f, got);
      int n = f.path().length();
      assertTrue(at != -2, name + " reported at " + f.path() + " (" + f.violation().message()
          + ") but its monitor sees no violation along the replayed execution");
      assertTrue(at == n || at == n + 1, name + " reported at " + f.path() + " (" + f.violation().message()
          + "), but the replay reports it at position " + at + " of " + n + ": " + got[0].message());
      assertEquals(name, got[0].property());
      assertEquals(f.violation().kind(), got[0].kind(), "kind of " + name);
      if (f.violation().witnesses().isEmpty()) {
        assertEquals(f.violation().message(), got[0].message(), "message of " + name);
      }
      assertEquals(f.violation().witnesses().size(), f.witnessPaths().size(), "one path per witness");
    }

    CheckRun normal = run(sc, "bfs", false);
    Found first = normal.result().firstViolation();
    if (first == null) {
      assertEquals(null, normal.trace());
      return;
    }
    assertNotNull(normal.trace(), "a violation has a counterexample");
    if (Checking.reductionFor(sc, CheckOptions.defaults()).any() && !first.isLasso()) {
      // with merged transitions BFS is shortest in transitions; the minimizer may drop steps
      assertTrue(normal.trace().steps().size() <= first.path().length(), "trace length vs path length");
    } else {
      assertEquals(first.path().length(), normal.trace().steps().size(), "trace length vs path length");
    }
    // The shown trace may be a reordering of the path found (fewer context switches): it
    // replays from its own path and shows the same property with the same kind.
    KState end = normal.trace().steps().isEmpty()
        ? normal.trace().initial()
        : normal.trace().steps().get(normal.trace().steps().size() - 1).after();
    assertEquals(model.fingerprint(Replay.stateAt(normal.model(), normal.trace().path())), model.fingerprint(end),
        "the trace ends where its path does");
    if (first.violation().witnesses().isEmpty()) {
      KernelProperty prop = property(normal.model(), sc, first.violation().property());
      assertTrue(Checking.sameViolation(normal.model(), prop, first.violation()).test(normal.trace()),
          "the shown trace still shows " + first.violation().property() + " (" + first.violation().kind() + ")");
      assertTrue(schedcheck.counterexamples.Minimizer.size(normal.trace())
          .compareTo(schedcheck.counterexamples.Minimizer.size(
              schedcheck.counterexamples.Trace.replay(normal.model(), first.path()))) <= 0, "not bigger than found");
    } else {
      assertEquals(first.path(), normal.trace().path(), "a violation with witnesses is shown as found");
    }
  }

  /**
   * A DFS check shortens its counterexample for reading: the shortened trace is no longer
   * than the path found, replays, and still ends in (and only at its end, being 1-minimal) a
   * violation of the same property.
   */
  @Property(tries = 200)
  void minimizedDfsTracesStillViolate(@ForAll("scenarios") String text) {
    Scenario sc = parse(text);
    CheckRun dfs = run(sc, "dfs", false);
    Found first = dfs.result().firstViolation();
    if (first == null) {
      assertEquals(null, dfs.trace());
      return;
    }
    assertNotNull(dfs.trace(), "a violation has a counterexample");
    Path p = dfs.trace().path();
    assertEquals(p.length(), dfs.trace().steps().size(), "trace length vs its path");
    assertTrue(p.length() <= first.path().length(), "minimizing made the trace longer: " + p + " vs " + first.path());
    if (!first.violation().witnesses().isEmpty()) {
      assertEquals(first.path(), p, "a violation with witnesses is not minimized");
      return;
    }
    String name = first.violation().property();
    Violation[] got = new Violation[1];
    int at = replayViolation(dfs.model(), property(dfs.model(), sc, name),
        new Found(first.violation(), p, List.of()), got);
    assertTrue(at == p.length() || at == p.length() + 1, "the minimized trace " + p + " of " + name + " (from "
        + first.path() + ") shows it at position " + at + (got[0] == null ? "" : ": " + got[0].message()));
    assertEquals(name, got[0].property());
  }

  /**
   * BFS counterexamples are shortest. Soundly: BFS stores every state at its distance in the
   * graph that stops at states violating an onState check (the same graph DFS explores), and
   * DFS reaches a state by a path at least that long. onState violations of a state at
   * distance d are reported while expanding depth d-1, onTransition ones out of depth d and
   * onTerminal ones at depth d while expanding depth d; so for a property whose violations
   * are all of one sort, DFS (normal mode, stopping at its first violation) never reports a
   * shorter path for the same property. Exceptions: {@code deadlock} mixes a state check
   * (cycle) and a terminal check (blocked/stuck), so when BFS reports a cycle found while
   * expanding depth d-1 (path d), a terminal deadlock at depth d-1 could still be waiting: DFS
   * may then be one step shorter, never more; and lock-order's lockdep {@code cycle} depends on
   * the edges seen by earlier executions, so its path length depends on the visit order and is
   * not compared. The same holds for the first violation of every property when both explore
   * everything.
   */
  @Property(tries = 200)
  void bfsCounterexamplesAreShortest(@ForAll("scenarios") String text) {
    // shortest in the kernel's steps: without the reduction (with it, BFS is shortest in
    // transitions, some of which merge several steps)
    Scenario sc = parse(text);
    Found b = unreduced(sc, "bfs", false).result().firstViolation();
    Found d = unreduced(sc, "dfs", false).result().firstViolation();
    if (b != null && d != null) {
      assertNoShorter(b, d, "normal mode");
    }
    Map<String, Found> ball = byProperty(unreduced(sc, "bfs", true).result());
    Map<String, Found> dall = byProperty(unreduced(sc, "dfs", true).result());
    for (String p : ball.keySet()) {
      if (dall.containsKey(p)) {
        assertNoShorter(ball.get(p), dall.get(p), "exploring everything");
      }
    }
  }

  static void assertNoShorter(Found b, Found d, String mode) {
    String p = b.violation().property();
    if (!p.equals(d.violation().property())) {
      return;
    }
    String bk = b.violation().kind();
    String dk = d.violation().kind();
    if (p.equals("lock-order") && (bk.equals("cycle") || dk.equals("cycle"))) {
      return;
    }
    int slack = p.equals("deadlock") && bk.equals("cycle") && !dk.equals("cycle") ? 1 : 0;
    assertTrue(d.path().length() >= b.path().length() - slack,
        mode + ": DFS reports " + p + " (" + dk + ") after " + d.path().length() + " steps " + d.path()
            + ", BFS after " + b.path().length() + " " + b.path() + " (" + bk + ")");
  }

  /**
   * Checking the same scenario twice gives the same figures and the same counterexamples, for
   * both strategies; and a normal check stops exactly at the first violation the same search
   * exploring everything finds.
   */
  @Property(tries = 120)
  void checkingIsDeterministic(@ForAll("scenarios") String text) {
    Scenario sc = parse(text);
    for (String strategy : List.of("bfs", "dfs")) {
      for (boolean all : new boolean[] {false, true}) {
        SearchResult r1 = run(sc, strategy, all).result();
        SearchResult r2 = run(parse(text), strategy, all).result();
        String what = strategy + (all ? " exploring everything" : "");
        assertEquals(r1.verdict(), r2.verdict(), what + ": verdict");
        assertEquals(r1.states(), r2.states(), what + ": states");
        assertEquals(r1.transitions(), r2.transitions(), what + ": transitions");
        assertEquals(r1.maxDepth(), r2.maxDepth(), what + ": max depth");
        assertEquals(r1.violations().size(), r2.violations().size(), what + ": violations");
        for (int i = 0; i < r1.violations().size(); i++) {
          Found f1 = r1.violations().get(i);
          Found f2 = r2.violations().get(i);
          assertEquals(f1.violation(), f2.violation(), what + ": violation " + i);
          assertEquals(f1.path(), f2.path(), what + ": path of violation " + i);
          assertEquals(f1.witnessPaths(), f2.witnessPaths(), what + ": witness paths of violation " + i);
        }
      }
      Found first = run(sc, strategy, false).result().firstViolation();
      Found firstOfAll = run(sc, strategy, true).result().firstViolation();
      if (first == null) {
        assertEquals(null, firstOfAll, strategy + ": exploring everything finds a violation a normal check misses");
      } else {
        assertNotNull(firstOfAll, strategy + ": a normal check finds a violation exploring everything misses");
        assertEquals(first.violation(), firstOfAll.violation(), strategy + ": first violation");
        assertEquals(first.path(), firstOfAll.path(), strategy + ": path of the first violation");
      }
    }
  }
}
