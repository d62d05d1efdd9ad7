package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import schedcheck.app.differential.Differential;
import schedcheck.app.differential.ScenarioGenerator;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.checker.Successors;
import schedcheck.checker.Verdict;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.properties.Starvation;
import schedcheck.properties.reference.RefStarvation;

/**
 * Symmetry reduction at {@code kernel.detail: syscall} ({@code RefSymmetry}, on by default,
 * {@code --no-symmetry} and {@code --no-reduction} to switch it off) leaves every verdict as it
 * is: on every shipped example at syscall detail and on random differential scenarios (plain,
 * with copied tasks, and with tasks that differ by a renaming of words), the same verdict,
 * violated properties and shortest counterexample lengths with and without it. The reference's
 * steps commute with every renaming on every reachable state and its images (successor sets,
 * safety properties, the liveness labels), which is what catches a renaming that forgets a
 * field. The futex ring stores exactly N times fewer states; a scenario whose tasks are not
 * interchangeable keeps its count.
 */
class ReferenceSymmetryTest {

  static final CheckOptions ON = CheckOptions.defaults().withWorkers(1);
  static final CheckOptions OFF = ON.withSymmetry(false);

  static Scenario ring(int n) throws Exception {
    return ScenarioParser.parse(Path.of("../bench/scenarios/futex-ring-n" + n + "-syscall.yaml"));
  }

  @Test
  void theRingStoresExactlyNTimesFewerStates() throws Exception {
    long[][] pinned = {{3, 3_570, 1_190}, {4, 49_560, 12_390}};
    for (long[] row : pinned) {
      Scenario sc = ring((int) row[0]);
      CheckRun off = Checking.check(sc, OFF, Progress.NONE);
      CheckRun on = Checking.check(sc, ON, Progress.NONE);
      assertEquals(Verdict.HOLDS, off.verdict());
      assertEquals(Verdict.HOLDS, on.verdict());
      assertEquals(row[1], off.result().states(), "N=" + row[0] + " without symmetry");
      assertEquals(row[2], on.result().states(), "N=" + row[0] + " with symmetry");
      assertEquals(row[1], row[0] * row[2]);
      assertEquals(row[0], new ReferenceModel(sc).withSymmetry().groupSize(), "the rotations");
      // the liveness pass explores the quotient too (FairCycles.quotient), every state without symmetry
      assertEquals(row[2], on.liveness().states());
      assertEquals(row[1], off.liveness().states());
      assertTrue(on.notes().stream().anyMatch(s -> s.startsWith(Checking.QUOTIENT_NOTE + " " + row[0] + " renamings")),
          on.notes().toString());
      assertTrue(on.notes().stream().anyMatch(s -> s.startsWith("symmetry x" + row[0] + ": ")),
          on.notes().toString());
      assertTrue(off.notes().stream().noneMatch(s -> s.startsWith("symmetry")), off.notes().toString());
    }
    // BFS, DFS and the parallel BFS store the same states: the reduction is a function of the orbit
    Scenario sc = ring(3);
    assertEquals(1_190, Checking.check(sc, ON.withStrategy("dfs"), Progress.NONE).result().states());
    assertEquals(1_190, Checking.check(sc, ON.withWorkers(2), Progress.NONE).result().states());
  }

  @Test
  void theSwitchesTurnItOff() {
    String ring = "../bench/scenarios/futex-ring-n3-syscall.yaml";
    assertTrue(CliTest.run("check", ring).out().contains("1,190 states"));
    assertTrue(CliTest.run("check", "--no-symmetry", ring).out().contains("3,570 states"));
    assertTrue(CliTest.run("check", "--no-reduction", ring).out().contains("3,570 states"));
  }

  /** Tasks that are not interchangeable: nothing is merged. */
  @Test
  void noSymmetryWhereATaskHasARoleTheOthersLack() throws Exception {
    String ring = java.nio.file.Files.readString(Path.of("../bench/scenarios/futex-ring-n3-syscall.yaml"));
    // t1 more important than the others: no rotation maps the scenario onto itself
    String prio = ring.replace("  t1:\n    program:", "  t1:\n    prio: 90\n    program:");
    // t0 signals t1 by name
    String signal = ring.replace("      store f1 1                # publish", "      signal t1\n      store f1 1  # publish");
    for (String text : List.of(prio, signal)) {
      Scenario sc = ScenarioParser.parse(text, "not-symmetric.yaml");
      ReferenceModel m = new ReferenceModel(sc);
      assertSame(m, m.withSymmetry(), text);
      assertEquals(1, m.groupSize());
      CheckRun on = Checking.check(sc, ON, Progress.NONE);
      CheckRun off = Checking.check(sc, OFF, Progress.NONE);
      assertEquals(off.result().states(), on.result().states(), text);
      assertEquals(off.verdict(), on.verdict());
    }
    // lock-order compares lock instances by task index: searched without symmetry
    Scenario lo = ScenarioParser.parse(ring.replace("check: [lost-wakeup, deadlock]",
        "check: [lost-wakeup, deadlock, lock-order]"), "lock-order.yaml");
    assertEquals(3_570, Checking.check(lo, ON, Progress.NONE).result().states());
  }

  /** Per violated property (the first violation of each): its path length. */
  static Map<String, Integer> violations(CheckRun run) {
    return ReferenceMissedWakesTest.violations(run);
  }

  /**
   * Compares the checks of {@code sc} (at syscall) with and without symmetry: stopping at the
   * first violation (verdict, property, kind, counterexample length) and exploring everything
   * (verdict, each violated property's shortest counterexample length). Returns whether
   * symmetry applied and both searches were complete.
   */
  static boolean sameVerdicts(Scenario sc, String where) {
    boolean symmetric = ReferenceChecking.searchedModel(new ReferenceModel(sc), ON).groupSize() > 1;
    CheckRun on = Checking.check(sc, ON, Progress.NONE);
    CheckRun off = Checking.check(sc, OFF, Progress.NONE);
    if (!on.result().cuts().isEmpty() || !off.result().cuts().isEmpty()) {
      return false; // a bound cut a search: the smaller space may reach what the other was cut before
    }
    assertEquals(off.verdict(), on.verdict(), where);
    assertTrue(on.result().states() <= off.result().states(), where + ": symmetry added states");
    if (!symmetric) {
      assertEquals(off.result().states(), on.result().states(), where);
    }
    Found a = on.result().firstViolation();
    Found b = off.result().firstViolation();
    if (b != null) {
      assertEquals(b.violation().property(), a.violation().property(), where);
      assertEquals(b.isLasso(), a.isLasso(), where);
      if (!b.isLasso()) {
        assertEquals(b.violation().kind(), a.violation().kind(), where);
        assertEquals(b.path().length(), a.path().length(), where + ": shortest counterexample length");
      }
    }
    CheckRun allOn = Checking.check(sc, ON.exploringEverything(), Progress.NONE);
    CheckRun allOff = Checking.check(sc, OFF.exploringEverything(), Progress.NONE);
    if (!allOn.result().cuts().isEmpty() || !allOff.result().cuts().isEmpty()) {
      return false;
    }
    assertEquals(allOff.verdict(), allOn.verdict(), where + " exploring everything");
    assertEquals(violations(allOff), violations(allOn), where + " exploring everything: properties and lengths");
    return symmetric;
  }

  @TestFactory
  Stream<DynamicTest> everyExampleAtSyscallSameVerdictsWithAndWithoutSymmetry() throws IOException {
    List<Path> files = new ArrayList<>(ExamplesTest.examples());
    files.addAll(ReductionTest.files().stream().filter(p -> p.toString().contains("bench")).toList());
    return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      Scenario sc = ReferenceExamplesTest.atSyscall(ExamplesTest.load(p));
      ReferenceModel plain = new ReferenceModel(sc);
      if (plain.shape().size > 0 && plain.withSymmetry().groupSize() > 1) {
        equivariant(plain.withSymmetry(), 20_000, p.toString());
      }
      sameVerdicts(sc, p.toString());
    }));
  }

  /** How many shipped examples (and bench scenarios) at syscall have a symmetry: keeps the test above honest. */
  @Test
  void manyExamplesHaveASymmetryAtSyscall() throws IOException {
    List<String> symmetric = new ArrayList<>();
    for (Path p : ExamplesTest.examples()) {
      Scenario sc = ReferenceExamplesTest.atSyscall(ExamplesTest.load(p));
      if (new ReferenceModel(sc).withSymmetry().groupSize() > 1) {
        symmetric.add(p.getFileName().toString());
      }
    }
    assertTrue(symmetric.size() >= 8, symmetric.toString());
    assertTrue(symmetric.containsAll(List.of("atomic-counter.yaml", "racy-counter.yaml", "futex-mutex.yaml",
        "protocol-deadlock.yaml", "many-waiters.yaml")), symmetric.toString());
  }

  // ---------------------------------------------------------------- equivariance

  /** The successors of s, as a set of states. */
  static Set<RefState> successors(ReferenceModel m, RefState s) {
    Set<RefState> out = new HashSet<>();
    m.successors(s, new Successors<>() {
      @Override
      public void next(RefStep action, RefState state) {
        out.add(state);
      }

      @Override
      public void cut(String bound) {}

      @Override
      public void cut(String bound, RefState state) {
        out.add(state);
      }
    });
    return out;
  }

  /**
   * On the reachable states of {@code m} (up to {@code limit}) and every element g of its group:
   * the successors of g(s) are the images of s's successors; the group's composition and
   * inverse are those of the renamings; the fingerprint is the plain fingerprint of the image
   * {@code canonicalizer} names, and the same for every image; the safety properties and the
   * liveness labels ({@link RefStarvation}, when equivariant) commute with the renaming.
   */
  static void equivariant(ReferenceModel m, int limit, String where) {
    ReferenceModel plain = new ReferenceModel(m.scenario());
    int n = m.groupSize();
    RefStarvation live = new RefStarvation(m, true, true, Starvation.Fairness.defaults());
    RefStarvation liveCs = new RefStarvation(m, true, true, Starvation.Fairness.parse("sched,lock,cs"));
    var props = schedcheck.properties.reference.ReferenceProperties.of(plain,
        List.of("lost-wakeup", "deadlock", "mutual-exclusion", "assertions")).checked();
    Set<RefState> seen = new LinkedHashSet<>();
    ArrayDeque<RefState> todo = new ArrayDeque<>(m.initialStates());
    seen.addAll(todo);
    int checked = 0;
    while (!todo.isEmpty() && checked++ < limit) {
      RefState s = todo.poll();
      Set<RefState> next = successors(m, s);
      long fp = m.fingerprint(s);
      assertEquals(plain.fingerprint(m.rename(s, m.canonicalizer(s))), fp, where + ": canonicalizer");
      for (int g = 0; g < n; g++) {
        RefState image = m.rename(s, g);
        assertEquals(fp, m.fingerprint(image), where + ": one fingerprint per orbit");
        Set<RefState> renamed = new HashSet<>();
        for (RefState y : next) {
          renamed.add(m.rename(y, g));
        }
        assertEquals(renamed, successors(m, image), where + ": successors of g(s) for element " + g + " at " + s);
        assertEquals(s, m.rename(image, m.inverse(g)), where + ": inverse");
        for (int h = 0; h < n; h++) {
          assertEquals(m.rename(image, h), m.rename(s, m.compose(h, g)), where + ": compose");
        }
        for (var p : props) {
          assertEquals(p.newMonitor().onState(s) == null, p.newMonitor().onState(image) == null,
              where + ": " + p.name());
        }
        for (RefStarvation l : List.of(live, liveCs)) {
          if (!l.equivariant()) {
            continue;
          }
          assertEquals(l.renameGoals(l.stateGoals(s), g), l.stateGoals(image), where + ": stateGoals");
          long served = 0;
          long servedImage = 0;
          List<RefStep> steps = new ArrayList<>();
          List<RefState> targets = new ArrayList<>();
          m.successors(s, collect(steps, targets));
          for (int i = 0; i < steps.size(); i++) {
            served |= l.serves(s, steps.get(i), targets.get(i));
          }
          List<RefStep> isteps = new ArrayList<>();
          List<RefState> itargets = new ArrayList<>();
          m.successors(image, collect(isteps, itargets));
          Set<String> edges = new HashSet<>();
          for (int i = 0; i < steps.size(); i++) {
            edges.add(m.rename(targets.get(i), g) + " " + l.renameGoals(l.edgeGoals(s, steps.get(i), targets.get(i)), g)
                + " " + l.renameClasses(l.serves(s, steps.get(i), targets.get(i)), g));
          }
          Set<String> iedges = new HashSet<>();
          for (int i = 0; i < isteps.size(); i++) {
            servedImage |= l.serves(image, isteps.get(i), itargets.get(i));
            iedges.add(itargets.get(i) + " " + l.edgeGoals(image, isteps.get(i), itargets.get(i)) + " "
                + l.serves(image, isteps.get(i), itargets.get(i)));
          }
          assertEquals(edges, iedges, where + ": edge labels");
          assertEquals(l.renameClasses(l.enabled(s, served), g), l.enabled(image, servedImage), where + ": enabled");
        }
      }
      for (RefState y : next) {
        if (seen.add(y)) {
          todo.add(y);
        }
      }
    }
  }

  private static Successors<RefState, RefStep> collect(List<RefStep> steps, List<RefState> targets) {
    return new Successors<>() {
      @Override
      public void next(RefStep action, RefState state) {
        steps.add(action);
        targets.add(state);
      }

      @Override
      public void cut(String bound) {}
    };
  }

  @Test
  void theRingsStepsAndLabelsCommuteWithItsRotations() throws Exception {
    ReferenceModel m = new ReferenceModel(ring(3)).withSymmetry();
    assertEquals(3, m.groupSize());
    equivariant(m, 4_000, "ring N=3");
    // the rotations move tasks, words and cpus together
    assertEquals(1, m.renameTask(1, 0) == 1 ? m.renameCpu(1, 0) : m.renameCpu(2, 0));
  }

  // ---------------------------------------------------------------- random scenarios

  @Provide
  Arbitrary<ScenarioGenerator.Spec> specs() {
    return ScenarioGenerator.specs();
  }

  static Scenario syscall(String steps) {
    return SymmetryTest.withoutLockOrder(Differential.parseSyscall(steps, "random.yaml"));
  }

  @net.jqwik.api.Property(tries = 60, seed = "4646", shrinking = ShrinkingMode.BOUNDED, maxDiscardRatio = 10)
  void randomDifferentialScenariosSameVerdicts(@ForAll("specs") ScenarioGenerator.Spec spec) {
    String steps = spec.render(null, "random");
    sameVerdicts(syscall(steps), steps);
  }

  /**
   * Random scenarios made symmetric: the generator's first task copied two or three times
   * (its first three chunks), with proxy execution as the spec says: with symmetry the same
   * verdicts ({@link #sameVerdicts}), the steps commute with the renamings ({@link
   * #equivariant}), and BFS and DFS store the same number of states.
   */
  @net.jqwik.api.Property(tries = 50, seed = "46", shrinking = ShrinkingMode.BOUNDED, maxDiscardRatio = 10)
  void randomSymmetricScenariosSameVerdicts(@ForAll("specs") ScenarioGenerator.Spec spec,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 2, max = 3) int copies) {
    ScenarioGenerator.TaskSpec t = spec.tasks().get(0);
    List<ScenarioGenerator.Chunk> chunks = t.chunks().subList(0, Math.min(3, t.chunks().size()));
    ScenarioGenerator.TaskSpec one = new ScenarioGenerator.TaskSpec(t.prio(), t.cpu(), t.cpu() >= 0 ? t.affinity() : 0,
        chunks);
    ScenarioGenerator.Spec sym = new ScenarioGenerator.Spec(spec.cpus(), spec.proxy(), spec.version(), spec.x0(),
        spec.y0(), java.util.Collections.nCopies(copies, one));
    String steps = sym.render(null, "random");
    Scenario sc = syscall(steps);
    boolean symmetric = sameVerdicts(sc, steps);
    ReferenceModel m = new ReferenceModel(sc).withSymmetry();
    if (m.groupSize() > 1) {
      equivariant(m, 3_000, steps);
      CheckRun bfs = Checking.check(sc, ON.exploringEverything(), Progress.NONE);
      CheckRun dfs = Checking.check(sc, ON.withStrategy("dfs").exploringEverything(), Progress.NONE);
      if (bfs.result().cuts().isEmpty() && dfs.result().cuts().isEmpty()) {
        assertEquals(bfs.result().states(), dfs.result().states(), steps + ": BFS and DFS states with symmetry");
      }
    }
    String label = "symmetric and compared";
    net.jqwik.api.statistics.Statistics.label(label).collect(symmetric);
    net.jqwik.api.statistics.Statistics.label(label).coverage(c -> c.check(true).count(k -> k >= 25));
  }

  /**
   * Random scenarios symmetric only up to a renaming of words: t2 is t1 with x and y swapped
   * (the ring's kind of symmetry).
   */
  @net.jqwik.api.Property(tries = 25, seed = "4647", shrinking = ShrinkingMode.BOUNDED, maxDiscardRatio = 10)
  void randomWordSymmetricScenariosSameVerdicts(@ForAll("specs") ScenarioGenerator.Spec spec) {
    ScenarioGenerator.TaskSpec t = spec.tasks().get(0);
    List<ScenarioGenerator.Chunk> chunks = t.chunks().subList(0, Math.min(3, t.chunks().size()));
    ScenarioGenerator.TaskSpec one = new ScenarioGenerator.TaskSpec(t.prio(), -1, 0, chunks);
    ScenarioGenerator.Spec two = new ScenarioGenerator.Spec(spec.cpus(), spec.proxy(), spec.version(), spec.x0(),
        spec.y0(), List.of(one, one));
    String text = two.render(null, "random");
    int a = text.indexOf("  t1:\n");
    int b = text.indexOf("  t2:\n");
    int e = text.indexOf("bounds:");
    String steps = text.substring(0, b) + SymmetryTest.swapWords(text.substring(a, b)).replace("  t1:\n", "  t2:\n")
        + text.substring(e);
    Scenario sc = syscall(steps);
    ReferenceModel m = new ReferenceModel(sc).withSymmetry();
    boolean words = m.groupSize() > 1 && !steps.substring(a).equals(SymmetryTest.swapWords(steps.substring(a)));
    sameVerdicts(sc, steps);
    if (m.groupSize() > 1) {
      equivariant(m, 3_000, steps);
    }
    String label = "words renamed";
    net.jqwik.api.statistics.Statistics.label(label).collect(words);
    net.jqwik.api.statistics.Statistics.label(label).coverage(c -> c.check(true).count(k -> k >= 8));
  }

  @Test
  void aNonTrivialGroupIsNotTheIdentity() throws Exception {
    ReferenceModel m = new ReferenceModel(ring(4)).withSymmetry();
    RefState s = m.initialStates().get(0);
    assertNotEquals(s, m.rename(s, 1), "a rotation moves the token");
    assertEquals(m.fingerprint(s), m.fingerprint(m.rename(s, 1)));
  }
}
