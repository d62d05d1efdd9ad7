package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;
import schedcheck.app.differential.ScenarioGenerator;
import schedcheck.checker.Scratch;
import schedcheck.checker.Successors;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * {@link Symmetry#canonical}'s early exits (H47's {@code prefixGreater}, which skipped building
 * an image that its first fields already showed to be greater than the best so far; since H50
 * {@code Symmetry.walk}, which builds no image to compare and stops at the first position that
 * differs; {@link CanonicalWalkTest} also checks the canonicalizer) against the plain
 * definition: the least of the masked
 * state's images under every renaming, each built in full ({@link Symmetry#rename}) and
 * compared as a whole. On every successor of up to a few thousand reachable states of the
 * bench's symmetric scenarios and of random scenarios whose tasks are copies of one random
 * program (identical tasks, each on a cpu of its own: the paired group, cpus renamed, with and
 * without proxy execution). An early exit that skipped an image which was in fact the least
 * would make {@code canonical} return a greater one and fail here. In the app module for the
 * differential test's scenario generator; the package is the model's, for its package-private
 * renamings.
 */
class CanonicalFastPathTest {

  /** Compares canonical with the plain least image on the successors of up to {@code cap} states; the number compared. */
  static int compare(String file, Scenario sc, int cap) {
    KernelModel plain = new KernelModel(sc);
    KernelModel sym = plain.withSymmetry();
    Symmetry symmetry = sym.symmetry();
    if (symmetry == null) {
      return 0;
    }
    int size = plain.layout().size;
    int[] image = new int[size];
    int[] compared = {0};
    Set<KState> seen = new HashSet<>(plain.initialStates());
    ArrayDeque<KState> queue = new ArrayDeque<>(plain.initialStates());
    int expanded = 0;
    while (!queue.isEmpty() && expanded++ < cap) {
      KState s = queue.poll();
      List<int[]> next = new ArrayList<>();
      next.add(s.v.clone());
      plain.successors(s, new Successors<>() {
        @Override
        public void next(StepInfo action, KState t) {
          next.add(t.v.clone());
          if (seen.add(t)) {
            queue.add(t);
          }
        }

        @Override
        public void next(StepInfo action, long fingerprint, Scratch<KState> target) {
          next(action, target.copy());
        }

        @Override
        public void cut(String bound) {}

        @Override
        public boolean readsActions() {
          return false;
        }
      });
      for (int[] v : next) {
        if (!symmetry.renamable(v)) {
          continue;
        }
        int[] masked = v.clone();
        symmetry.maskDead(masked);
        int[] least = null;
        for (int p = 0; p < symmetry.order(); p++) {
          symmetry.rename(masked, p, image);
          if (least == null || Arrays.compare(image, least) < 0) {
            least = image.clone();
          }
        }
        assertArrayEquals(least, symmetry.canonical(v).clone(), file + ": canonical is the least image of " + Arrays.toString(v));
        compared[0]++;
      }
    }
    return compared[0];
  }

  @Example
  void canonicalIsTheLeastImageOnTheBenchsSymmetricScenarios() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    int total = 0;
    for (String f : List.of("futex-ring-n3.yaml", "futex-ring-n4-bounded.yaml", "futex-ring-n3-f1.yaml",
        "futex-mutex-3.yaml", "futex-mutex.yaml", "swap-ping-pong.yaml")) {
      Path p = root.resolve("bench/scenarios").resolve(f);
      total += compare(f, ScenarioParser.parse(Files.readString(p), f), 2500);
    }
    assertTrue(total > 20_000, "compared " + total);
  }

  @Example
  void canonicalIsTheLeastImageOnRandomScenariosOfIdenticalTasks() {
    RandomGenerator<ScenarioGenerator.Spec> gen = ScenarioGenerator.specs().generator(1000);
    Random random = new Random(47);
    int scenarios = 0;
    int total = 0;
    for (int i = 0; i < 2000 && scenarios < 60; i++) {
      ScenarioGenerator.Spec s = gen.next(random).value();
      if (s.usesUmcg()) {
        continue; // UMCG statements name tasks: no symmetry
      }
      int n = 2 + random.nextInt(2);
      ScenarioGenerator.TaskSpec first = s.tasks().get(0);
      List<ScenarioGenerator.TaskSpec> tasks = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        tasks.add(new ScenarioGenerator.TaskSpec(first.prio(), t, 0, first.chunks()));
      }
      ScenarioGenerator.Spec copies = new ScenarioGenerator.Spec(n, s.proxy(), s.version(), s.x0(), s.y0(), tasks);
      String yaml = copies.render(null, "canonical-random");
      Scenario sc;
      try {
        sc = ScenarioParser.parse(yaml, "canonical-random.yaml");
      } catch (Exception e) {
        continue;
      }
      int c = compare("random scenario\n" + yaml, sc, 300);
      if (c > 0) {
        scenarios++;
        total += c;
      }
    }
    assertTrue(scenarios >= 30, "symmetric random scenarios: " + scenarios);
    assertTrue(total > 10_000, "compared " + total);
  }
}
