package schedcheck.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;
import schedcheck.app.differential.ScenarioGenerator;
import schedcheck.checker.Successors;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * {@link Stuck#waitFor}'s fast path: in a state where no spinlock is held it runs no guard,
 * taking every task's {@link KernelModel#spinningOn} and every cpu's {@link
 * Stuck#schedSpinningOn} to be -1. Checked here on the reachable states of random
 * differential scenarios (the whole language: proxy execution, FUTEX_SWAP, UMCG, signals,
 * spinlocks): in each state with no lock held, both answers are -1 for every task and cpu; in
 * the others, the links waitFor returns are those the guards give. A model change that let a
 * task spin on a free lock (or wait on something that is not a lock) fails here.
 */
class StuckFastPathTest {

  @Example
  void noLockHeldMeansNobodySpins() {
    RandomGenerator<ScenarioGenerator.Spec> gen = ScenarioGenerator.specs().generator(1000);
    Random random = new Random(4747);
    int free = 0;
    int heldStates = 0;
    for (int i = 0; i < 80; i++) {
      String yaml = gen.next(random).value().render(null, "stuck-fast-path");
      Scenario sc;
      try {
        sc = ScenarioParser.parse(yaml, "stuck-fast-path.yaml");
      } catch (Exception e) {
        continue;
      }
      KernelModel model = new KernelModel(sc);
      Stuck stuck = new Stuck(model);
      var layout = model.layout();
      Set<KState> seen = new HashSet<>(model.initialStates());
      ArrayDeque<KState> queue = new ArrayDeque<>(model.initialStates());
      for (int n = 0; n < 400 && !queue.isEmpty(); n++) {
        KState s = queue.poll();
        boolean held = false;
        for (int l = 0; l < layout.locks; l++) {
          held |= s.holder(l) >= 0;
        }
        int[] links = stuck.waitFor(s);
        int actors = layout.tasks + layout.cpus;
        for (int t = 0; t < layout.tasks; t++) {
          int l = s.exited(t) ? -1 : model.spinningOn(s, t);
          if (!held) {
            assertEquals(-1, l, "task " + t + " spins with no lock held\n" + yaml);
          } else if (l >= 0) {
            assertTrue(links != null && links[t] == s.holder(l) && links[actors + t] == l,
                "waitFor misses task " + t + " spinning on " + l + "\n" + yaml);
          }
        }
        for (int c = 0; c < layout.cpus; c++) {
          int l = stuck.schedSpinningOn(s, c);
          if (!held) {
            assertEquals(-1, l, "cpu " + c + " spins with no lock held\n" + yaml);
          } else if (l >= 0) {
            int a = layout.cpuActor(c);
            assertTrue(links != null && links[a] == s.holder(l) && links[actors + a] == l,
                "waitFor misses cpu " + c + " spinning on " + l + "\n" + yaml);
          }
        }
        if (held) {
          heldStates++;
        } else {
          free++;
        }
        model.successors(s, new Successors<>() {
          @Override
          public void next(StepInfo action, KState t) {
            if (seen.add(t)) {
              queue.add(t);
            }
          }

          @Override
          public void cut(String bound) {}

          @Override
          public boolean readsActions() {
            return false;
          }
        });
      }
    }
    assertTrue(free > 2_000 && heldStates > 2_000, "states without a lock held " + free + ", with " + heldStates);
  }
}
