package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;
import schedcheck.app.differential.ScenarioGenerator;
import schedcheck.checker.Scratch;
import schedcheck.checker.Successors;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * {@link Symmetry#canonical} (H50: each image computed position by position from the state
 * through index maps and compared lazily, only a lesser one written out) against the plain
 * definition it replaced, kept as the oracle ({@link Symmetry#canonicalByRenaming}: every
 * image built in full by {@link Symmetry#rename}, compared as a whole, the first least one
 * kept): the same canonical image and the same canonicalizer ({@link
 * Symmetry#lastCanonicalizer}, which the liveness quotient's sigma rests on), and the state
 * itself left unchanged. On every successor of the states of random walks through every
 * shipped example and bench scenario that has a symmetry, and of random scenarios of the
 * differential generator made symmetric (copies of one random program: each task on a cpu of
 * its own, the paired group; or two cpus shared, with and without proxy execution, where
 * the cpus are renamed too). A renaming that forgot a value kind (a task reference, a word, a
 * cpu), moved a slot to the wrong place, or broke a tie differently would fail here. In the
 * app module for the differential test's scenario generator; the package is the model's, for
 * its package-private oracle.
 */
class CanonicalWalkTest {

  /** Random walks through sc; checks canonical against the oracle on every successor met. The number checked. */
  static int walk(String where, Scenario sc, long seed, int walks, int length) {
    KernelModel plain = new KernelModel(sc);
    Symmetry symmetry = plain.withSymmetry().symmetry();
    if (symmetry == null) {
      return 0;
    }
    Random random = new Random(seed);
    List<KState> initial = plain.initialStates();
    int checked = 0;
    for (int w = 0; w < walks; w++) {
      KState s = initial.get(random.nextInt(initial.size()));
      for (int step = 0; step < length; step++) {
        List<KState> next = successors(plain, s);
        next.add(s);
        for (KState t : next) {
          check(where, symmetry, t.v);
          checked++;
        }
        next.remove(next.size() - 1);
        if (next.isEmpty()) {
          break;
        }
        s = next.get(random.nextInt(next.size()));
      }
    }
    return checked;
  }

  static void check(String where, Symmetry symmetry, int[] v) {
    int[] before = v.clone();
    int[] expected = symmetry.canonicalByRenaming(v);
    int expectedElement = symmetry.lastCanonicalizer();
    int[] actual = symmetry.canonical(v).clone();
    int actualElement = symmetry.lastCanonicalizer();
    assertArrayEquals(before, v, where + ": canonical changed the state");
    assertArrayEquals(expected, actual, () -> where + ": canonical of " + Arrays.toString(v));
    assertEquals(expectedElement, actualElement, () -> where + ": canonicalizer of " + Arrays.toString(v));
  }

  static List<KState> successors(KernelModel model, KState s) {
    List<KState> out = new ArrayList<>();
    model.successors(s, new Successors<>() {
      @Override
      public void next(StepInfo action, KState t) {
        out.add(t);
      }

      @Override
      public void next(StepInfo action, long fingerprint, Scratch<KState> target) {
        out.add(target.copy());
      }

      @Override
      public void cut(String bound) {}

      @Override
      public boolean readsActions() {
        return false;
      }
    });
    return out;
  }

  static List<Path> scenarios() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> out = new ArrayList<>();
    for (Path dir : List.of(root.resolve("examples"), root.resolve("bench/scenarios"))) {
      try (Stream<Path> s = Files.walk(dir)) {
        out.addAll(s.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList()));
      }
    }
    return out;
  }

  @Example
  void canonicalIsTheOraclesOnEveryShippedScenario() throws Exception {
    int files = 0;
    int total = 0;
    List<String> symmetric = new ArrayList<>();
    for (Path p : scenarios()) {
      Scenario sc;
      try {
        sc = ScenarioParser.parse(p);
      } catch (Exception e) {
        continue; // a file that is not a scenario (none today)
      }
      int c = walk(p.toString(), sc, p.getFileName().toString().hashCode(), 40, 150);
      if (c > 0) {
        files++;
        total += c;
        symmetric.add(p.getFileName().toString());
      }
    }
    System.out.println("STAT files " + files + " total " + total + " " + symmetric);
    assertTrue(files >= 10, "symmetric scenarios: " + symmetric);
    assertTrue(symmetric.contains("futex-ring-n3.yaml") && symmetric.contains("futex-mutex.yaml"), "" + symmetric);
    assertTrue(total > 50_000, "checked " + total);
  }

  @Example
  void canonicalIsTheOraclesOnRandomSymmetricScenarios() {
    RandomGenerator<ScenarioGenerator.Spec> gen = ScenarioGenerator.specs().generator(1000);
    Random random = new Random(50);
    int scenarios = 0;
    int total = 0;
    int[] kinds = new int[3];
    for (int i = 0; i < 3000 && scenarios < 90; i++) {
      ScenarioGenerator.Spec s = gen.next(random).value();
      if (s.usesUmcg()) {
        continue; // UMCG statements name tasks: no symmetry
      }
      int kind = i % 3; // 0: a cpu per task; 1: two cpus shared; 2: two cpus shared, proxy execution
      int n = 2 + random.nextInt(2);
      int cpus = kind == 0 ? n : 2;
      ScenarioGenerator.TaskSpec first = s.tasks().get(0);
      List<ScenarioGenerator.TaskSpec> tasks = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        tasks.add(new ScenarioGenerator.TaskSpec(first.prio(), t % cpus, 0, first.chunks()));
      }
      ScenarioGenerator.Spec copies =
          new ScenarioGenerator.Spec(cpus, kind == 2 || kind == 0 && s.proxy(), s.version(), s.x0(), s.y0(), tasks);
      String yaml = copies.render(null, "canonical-walk");
      Scenario sc;
      try {
        sc = ScenarioParser.parse(yaml, "canonical-walk.yaml");
      } catch (Exception e) {
        continue;
      }
      int c = walk("random scenario\n" + yaml, sc, i, 15, 80);
      if (c > 0) {
        scenarios++;
        kinds[kind]++;
        total += c;
      }
    }
    System.out.println("STAT random " + Arrays.toString(kinds) + " total " + total);
    assertTrue(scenarios >= 60 && kinds[0] >= 15 && kinds[1] >= 15 && kinds[2] >= 15,
        "symmetric random scenarios: " + Arrays.toString(kinds));
    assertTrue(total > 30_000, "checked " + total);
  }
}
