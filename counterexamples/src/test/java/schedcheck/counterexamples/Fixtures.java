package schedcheck.counterexamples;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import schedcheck.checker.Path;
import schedcheck.checker.Successors;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.Expr;
import schedcheck.model.scenario.Program;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.SourcePos;
import schedcheck.model.scenario.Stmt;

/** Scenarios built in code (no parser) and a tiny BFS that finds a stuck state. */
final class Fixtures {
  private Fixtures() {}

  static final SourcePos P = new SourcePos("test.yaml", 1, 1);
  static final String F1 = "futex-f1-unlocked-check";

  static Expr lit(int v) {
    return Expr.literal(v);
  }

  static Expr reg(int r) {
    return new Expr(List.of(new Expr.Term(false, Expr.Kind.REGISTER, r)));
  }

  /** t1: {@code store w 1; r = futex_wake w 1}. */
  static Program waker() {
    return new Program(
        List.of(new Stmt.Store(P, "store w 1", 0, lit(1)), new Stmt.FutexWake(P, "r = futex_wake w 1", 0, 0, lit(1))),
        Map.of(), List.of("r"));
  }

  /** t2: {@code wait: r = load w; if r != 0 goto end; r = futex_wait w 0; goto wait; end:}. */
  static Program waiter() {
    return new Program(
        List.of(
            new Stmt.Load(P, "r = load w", 0, 0),
            new Stmt.If(P, "if r != 0 goto end", reg(0), Stmt.Op.NE, lit(0), 4),
            new Stmt.FutexWait(P, "r = futex_wait w 0", 0, 0, lit(0)),
            new Stmt.Goto(P, "goto wait", 0)),
        Map.of("wait", 0, "end", 4), List.of("r"));
  }

  /** {@code n} times {@code work}. */
  static Program busy(int n) {
    List<Stmt> s = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      s.add(new Stmt.Work(P, "work"));
    }
    return new Program(s, Map.of(), List.of());
  }

  /** The waker/waiter pair on 2 cpus under FUTEX_WAIT variant F1. */
  static Scenario f1() {
    return new Scenario("test.yaml", "f1-lost-wakeup", "", 2,
        new Scenario.Kernel(false, List.of(F1), Scenario.DEFAULT_LOCK_ORDER, 0),
        List.of(new Scenario.Word("w", 0)), List.of(), List.of(),
        List.of(
            new Scenario.Task("t1", 0, 120, List.of(0, 1), waker(), P),
            new Scenario.Task("t2", 1, 120, List.of(0, 1), waiter(), P)),
        Scenario.PROPERTIES, Scenario.Bounds.none(), null);
  }

  /** The same pair plus an unrelated task t3 doing {@code work} on its own cpu2. */
  static Scenario f1WithBystander(int work) {
    return new Scenario("test.yaml", "f1-bystander", "", 3,
        new Scenario.Kernel(false, List.of(F1), Scenario.DEFAULT_LOCK_ORDER, 0),
        List.of(new Scenario.Word("w", 0)), List.of(), List.of(),
        List.of(
            new Scenario.Task("t1", 0, 120, List.of(0, 1), waker(), P),
            new Scenario.Task("t2", 1, 120, List.of(0, 1), waiter(), P),
            new Scenario.Task("t3", 2, 120, List.of(2), busy(work), P)),
        Scenario.PROPERTIES, Scenario.Bounds.none(), null);
  }

  /** A state found by BFS: its path and the states along it (initial first). */
  record Stuck(Path path, List<KState> states) {
    KState last() {
      return states.get(states.size() - 1);
    }
  }

  static List<StepInfo> successorSteps(KernelModel m, KState s) {
    List<StepInfo> out = new ArrayList<>();
    m.successors(s, new Successors<>() {
      @Override
      public void next(StepInfo a, KState n) {
        out.add(a);
      }

      @Override
      public void cut(String b) {}
    });
    return out;
  }

  /** Whether no task can move and some task has not exited. */
  static boolean stuck(KernelModel m, KState s) {
    if (!successorSteps(m, s).isEmpty()) {
      return false;
    }
    for (int t = 0; t < m.layout().tasks; t++) {
      if (!s.exited(t)) {
        return true;
      }
    }
    return false;
  }

  /** BFS to the first stuck state (shortest path), or null. */
  static Stuck findStuck(KernelModel m) {
    return findFirst(m, s -> stuck(m, s));
  }

  /** BFS to the first state the predicate accepts (shortest path), or null. */
  static Stuck findFirst(KernelModel m, java.util.function.Predicate<KState> wanted) {
    record Link(KState parent, int index) {}
    Map<KState, Link> parent = new HashMap<>();
    Map<KState, Integer> initialIndex = new HashMap<>();
    ArrayDeque<KState> queue = new ArrayDeque<>();
    List<KState> inits = m.initialStates();
    for (int i = 0; i < inits.size(); i++) {
      if (!parent.containsKey(inits.get(i))) {
        parent.put(inits.get(i), null);
        initialIndex.put(inits.get(i), i);
        queue.add(inits.get(i));
      }
    }
    while (!queue.isEmpty()) {
      KState s = queue.poll();
      List<KState> next = new ArrayList<>();
      m.successors(s, new Successors<>() {
        @Override
        public void next(StepInfo a, KState n) {
          next.add(n);
        }

        @Override
        public void cut(String b) {}
      });
      if (wanted.test(s)) {
        List<KState> states = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        KState cur = s;
        while (parent.get(cur) != null) {
          states.add(cur);
          idx.add(parent.get(cur).index());
          cur = parent.get(cur).parent();
        }
        states.add(cur);
        Collections.reverse(states);
        Collections.reverse(idx);
        int[] steps = idx.stream().mapToInt(Integer::intValue).toArray();
        return new Stuck(new Path(initialIndex.get(cur), steps), states);
      }
      for (int i = 0; i < next.size(); i++) {
        KState n = next.get(i);
        if (!parent.containsKey(n)) {
          parent.put(n, new Link(s, i));
          queue.add(n);
        }
      }
    }
    return null;
  }
}
