package schedcheck.app.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Example;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Reduction;
import schedcheck.model.scenario.Scenario;

/**
 * Partial-order reduction on random scenarios it applies to. The differential campaign's
 * scenarios rarely qualify (half run under proxy execution, many share a cpu or use FUTEX_SWAP
 * or UMCG: about 3 % are reduced), so this test takes the generator's programs and puts each
 * task on a cpu of its own without proxy execution, keeps the scenarios POR applies to, and
 * compares the reduced safety search with the unreduced one, exploring everything: the same
 * verdict, the same violated properties, no more states. Each scenario is compared twice: as
 * generated (every property, so kernel-step POR is off), and checking only the properties
 * kernel-step POR keeps ({@code KernelPor}), where it reduces kernel steps too.
 * {@code -Dpor.random.scenarios=N}
 * (default 150) and {@code -Dpor.random.seed=S} (default 8) for a longer run.
 */
class PorRandomTest {

  @Example
  void porKeepsVerdictsOnRandomScenariosItApplies() {
    int wanted = Integer.getInteger("por.random.scenarios", 150);
    long seed = Long.getLong("por.random.seed", 8);
    RandomGenerator<ScenarioGenerator.Spec> gen = ScenarioGenerator.specs().generator(1000);
    Random random = new Random(seed);
    int compared = 0;
    int reduced = 0;
    int comparedKernel = 0;
    int reducedKernel = 0;
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < 40 * wanted && compared < wanted; i++) {
      ScenarioGenerator.Spec s = gen.next(random).value();
      List<ScenarioGenerator.TaskSpec> tasks = new ArrayList<>();
      for (int t = 0; t < s.tasks().size(); t++) {
        ScenarioGenerator.TaskSpec ts = s.tasks().get(t);
        tasks.add(new ScenarioGenerator.TaskSpec(ts.prio(), t, 0, ts.chunks()));
      }
      ScenarioGenerator.Spec own = new ScenarioGenerator.Spec(tasks.size(), false, 0, s.x0(), s.y0(), tasks);
      String yaml = own.render(null, "por-random");
      Scenario sc = Differential.parse(yaml, "por-random.yaml");
      if (!KernelModel.porApplies(sc)) {
        continue;
      }
      // as generated (every property: kernel POR is off, invariants and lock-order read every
      // state), and checking only the properties kernel POR keeps, where it reduces kernel steps
      for (String text : List.of(yaml, yaml + "check: [lost-wakeup, deadlock, assertions, mutual-exclusion]\n")) {
        Scenario one = text == yaml ? sc : Differential.parse(text, "por-random.yaml");
        Differential.Run por = Differential.runSafety("por", one, Reduction.POR);
        Differential.Run full = Differential.runSafety("unreduced", one, Reduction.NONE);
        if (por.error() != null || full.error() != null) {
          bad.add("internal error\n" + text + "\n# " + por.describe() + "\n# " + full.describe());
          continue;
        }
        if (!por.complete() || !full.complete()) {
          continue;
        }
        boolean kernelSteps = new KernelModel(one, Reduction.POR).kernelPorApplies();
        if (text == yaml) {
          compared++;
        } else if (kernelSteps) {
          comparedKernel++;
        }
        if (por.verdict() != full.verdict() || !por.violated().keySet().equals(full.violated().keySet())
            || por.states() > full.states()) {
          bad.add(text + "\n# " + por.describe().replace("\n", "\n# ") + "\n# " + full.describe().replace("\n", "\n# "));
        }
        if (por.states() < full.states()) {
          if (text == yaml) {
            reduced++;
          } else if (kernelSteps) {
            reducedKernel++;
          }
        }
      }
    }
    System.out.printf("kernel-step POR on the same scenarios, checking the properties it keeps: %d compared, %d with"
        + " fewer states%n", comparedKernel, reducedKernel);
    System.out.printf("POR on random scenarios (seed %d): %d compared, %d with fewer states, %d disagreements%n",
        seed, compared, reduced, bad.size());
    assertTrue(bad.isEmpty(), String.join("\n----\n", bad));
    assertTrue(compared >= wanted / 2, "too few scenarios POR applies to: " + compared);
    assertTrue(reduced >= compared / 10, "POR reduced only " + reduced + " of " + compared);
    assertTrue(comparedKernel >= wanted / 8, "too few scenarios kernel-step POR applies to: " + comparedKernel);
    assertTrue(reducedKernel >= 1, "kernel-step POR reduced none of " + comparedKernel);
  }
}
