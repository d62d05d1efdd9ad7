package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.checker.Successors;
import schedcheck.model.reference.RefShape;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.app.differential.Differential;
import schedcheck.app.differential.ScenarioGenerator;

/**
 * The reference records a futex wake that woke fewer than asked (the contract's lost-wakeup
 * clause, {@code RefShape.MISSED}) only for the tasks whose programs can sleep on its word
 * ({@code ReferenceModel.waitWords}), where it used to record it for every other task. A bit
 * that is never read changes no successor and no property, so the two rules must give the same
 * verdicts, the same violated properties and counterexamples of the same length, the new one
 * with at most as many states: on every shipped example at syscall detail, on the bench's
 * syscall-level ring, and on random differential scenarios.
 */
class ReferenceMissedWakesTest {

  /** Per violated property (the first violation of each, exploring everything): its path length. */
  static Map<String, Integer> violations(CheckRun run) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Found f : run.result().violations()) {
      m.put(f.violation().property() + (f.isLasso() ? " (lasso)" : ""), f.path().steps().length);
    }
    return m;
  }

  static void sameVerdicts(Scenario sc, String what) {
    CheckOptions o = CheckOptions.defaults().exploringEverything().withSymmetry(false); // the rules alone (symmetry: ReferenceSymmetryTest)
    CheckRun now = ReferenceChecking.check(sc, o, Progress.NONE, null, false, false);
    CheckRun old = ReferenceChecking.check(sc, o, Progress.NONE, null, true, true);
    assertEquals(old.verdict(), now.verdict(), what);
    assertEquals(violations(old), violations(now), what + ": violated properties and their shortest paths");
    assertTrue(now.result().states() <= old.result().states(),
        what + ": " + now.result().states() + " states, before " + old.result().states());
  }

  @TestFactory
  Stream<DynamicTest> everyExampleAtSyscallHasTheSameVerdicts() throws IOException {
    return ExamplesTest.examples().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
        () -> sameVerdicts(ReferenceExamplesTest.atSyscall(ExamplesTest.load(p)), p.toString())));
  }

  @Test
  void theRingAtSyscallHasTheSameVerdictWithFewerStates() throws Exception {
    Scenario sc = ScenarioParser.parse(Path.of("../bench/scenarios/futex-ring-n3-syscall.yaml"));
    CheckOptions o = CheckOptions.defaults().exploringEverything().withSymmetry(false); // the rules alone (symmetry: ReferenceSymmetryTest)
    CheckRun now = ReferenceChecking.check(sc, o, Progress.NONE, null, false, false);
    CheckRun missedOnly = ReferenceChecking.check(sc, o, Progress.NONE, null, false, true);
    CheckRun old = ReferenceChecking.check(sc, o, Progress.NONE, null, true, true);
    assertEquals(schedcheck.checker.Verdict.HOLDS, now.verdict());
    assertEquals(schedcheck.checker.Verdict.HOLDS, missedOnly.verdict());
    assertEquals(schedcheck.checker.Verdict.HOLDS, old.verdict());
    assertEquals(3570, now.result().states());
    assertEquals(7016, missedOnly.result().states());
    assertEquals(25712, old.result().states());
  }

  /** Registers dead at each pc: read again only by the if (r) and the assert (r and s). */
  @Test
  void deadRegistersAreTheOnesNoStatementReadsAgain() throws Exception {
    Scenario sc = ScenarioParser.parse("""
        name: dead
        cpus: 1
        kernel: {detail: syscall}
        memory: {x: 0}
        tasks:
          t:
            program: |
              loop:
              r = load x
              if r != 0 goto out
              s = r + 1
              r = futex_wait x 0
              goto loop
              out:
              assert s == 1
        """, "dead.yaml");
    var p = sc.tasks().get(0).program();
    int r = 1 << p.registers().indexOf("r");
    int s = 1 << p.registers().indexOf("s");
    int[] dead = ReferenceModel.deadRegisters(p.statements().toArray(new schedcheck.model.scenario.Stmt[0]),
        p.registers().size());
    // pc 0 load (writes r; s is read at the assert), 1 if (reads r), 2 s = r + 1 (reads r),
    // 3 futex_wait (writes r), 4 goto, 5 assert (reads s), 6 the end
    assertEquals(r, dead[0]);
    assertEquals(0, dead[1]);
    assertEquals(s, dead[2]);
    assertEquals(r, dead[3]);
    assertEquals(r, dead[4]);
    assertEquals(r, dead[5]);
    assertEquals(r | s, dead[6]);
    // a statement the analysis does not know: nothing is dead
    assertEquals(null, ReferenceModel.deadRegisters(new schedcheck.model.scenario.Stmt[] {
        new schedcheck.model.scenario.Stmt.Call() {
          public schedcheck.model.scenario.SourcePos pos() { return null; }
          public String text() { return "x"; }
          public String keyword() { return "x"; }
          public int reg() { return -1; }
        }}, 1));
  }

  /** A lost wake through the missed-wake clause alone (the word still holds the value slept on). */
  static final String MISSED = """
      name: missed
      cpus: 2
      kernel: {detail: syscall}
      memory: {x: 0, y: 0}
      tasks:
        waker:
          program: |
            r = futex_wake x 1
            r = futex_wake y 1
        sleeper:
          program: |
            r = futex_wait x 0
        bystander:
          program: |
            store y 0
      check: [lost-wakeup, deadlock]
      """;

  @Test
  void onlyATaskThatCanWaitOnTheWordGetsItsBit() throws Exception {
    Scenario sc = ScenarioParser.parse(MISSED, "missed.yaml");
    // sleeper (task 1) can wait on x only; waker and bystander wait on nothing
    assertEquals(Set.of(1 << 0), bitsSeen(new ReferenceModel(sc), 1));
    assertEquals(Set.of(0), bitsSeen(new ReferenceModel(sc), 2));
    assertEquals(Set.of(0), bitsSeen(new ReferenceModel(sc), 0));
    // the old rule: every other task got a bit per word a wake found empty
    assertTrue(bitsSeen(new ReferenceModel(sc, true), 2).contains(3), "bystander's x and y bits under the old rule");
    assertTrue(bitsSeen(new ReferenceModel(sc, true), 1).contains(3), "sleeper's y bit under the old rule");
    // and the lost wakeup it describes is still found, with the same trace length
    CheckRun run = ReferenceChecking.check(sc, CheckOptions.defaults().exploringEverything(), Progress.NONE);
    assertEquals(schedcheck.checker.Verdict.VIOLATED, run.verdict());
    assertTrue(violations(run).containsKey("lost-wakeup"), violations(run).toString());
    sameVerdicts(sc, "missed.yaml");
  }

  /** Every value of task t's MISSED bits over the reachable states (the bits set, ignoring 0 unless only 0). */
  static Set<Integer> bitsSeen(ReferenceModel m, int t) {
    RefShape sh = m.shape();
    Set<Integer> bits = new HashSet<>();
    Set<RefState> seen = new HashSet<>();
    ArrayDeque<RefState> todo = new ArrayDeque<>();
    RefState s0 = m.initialStates().get(0);
    seen.add(s0);
    todo.add(s0);
    while (!todo.isEmpty()) {
      RefState s = todo.poll();
      bits.add(sh.missed(s, t));
      m.successors(s, new Successors<>() {
        @Override
        public void next(RefStep action, RefState state) {
          if (seen.add(state)) {
            todo.add(state);
          }
        }

        @Override
        public void cut(String bound) {}
      });
    }
    if (bits.size() > 1) {
      bits.remove(0);
    }
    return bits;
  }

  @Provide
  Arbitrary<ScenarioGenerator.Spec> specs() {
    return ScenarioGenerator.specs();
  }

  /** Random scenarios over the whole language (the differential test's generator), at syscall detail. */
  @net.jqwik.api.Property(tries = 120, seed = "20261201", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void randomScenariosHaveTheSameVerdicts(@ForAll("specs") ScenarioGenerator.Spec spec) {
    String steps = spec.render(null, "random");
    sameVerdicts(Differential.parseSyscall(steps, "random.yaml"), steps);
  }
}
