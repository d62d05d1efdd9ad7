package schedcheck.app.differential;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;
import org.junit.jupiter.api.Test;
import schedcheck.properties.Starvation;

/**
 * The looping scenarios of {@link ScenarioGenerator#loopingSpecs()} (loops without a counter,
 * programs that repeat for ever): their state is finite by construction, they parse, and a
 * small kernel-against-reference comparison of them, starvation included, runs in the default
 * suite (the long one is {@code DIFFERENTIAL_LOOPS=true bench/differential}).
 */
class LoopingScenariosTest {

  /**
   * Every chunk kind, in a program that repeats for ever, is rendered without a statement that
   * makes a value grow: no {@code fetch_add}, no {@code store w r + k}, no {@code r = r + 1};
   * the one counter ({@code c = c + 1} of a futex wait loop) is reset by its chunk's {@code c = 0}
   * first.
   */
  @Test
  void aRepeatingProgramIsFiniteStateByConstruction() {
    for (ScenarioGenerator.Kind k : ScenarioGenerator.Kind.values()) {
      for (int a = 0; a < 3; a++) {
        for (int c = 0; c < 3; c++) {
          ScenarioGenerator.Chunk ch = new ScenarioGenerator.Chunk(k, a, a + c, c);
          ScenarioGenerator.TaskSpec looper = new ScenarioGenerator.TaskSpec(120, -1, 0, List.of(ch, ch), true);
          ScenarioGenerator.TaskSpec other = new ScenarioGenerator.TaskSpec(120, -1, 0,
              List.of(new ScenarioGenerator.Chunk(ScenarioGenerator.Kind.WORK, 0, 0, 0)), false);
          ScenarioGenerator.Spec spec = new ScenarioGenerator.Spec(2, false, 0, 0, 0, List.of(looper, other));
          String yaml = spec.render(null, "finite");
          String t1 = yaml.substring(yaml.indexOf("  t1:"), yaml.indexOf("  t2:"));
          assertTrue(t1.contains("goto top"), k + ": does not repeat\n" + yaml);
          boolean reset = false;
          for (String line : t1.split("\n")) {
            String l = line.trim();
            assertFalse(l.contains("fetch_add"), k + ": fetch_add in a repeating program\n" + yaml);
            assertFalse(l.matches("store \\w+ r [+-].*"), k + ": a stored value grows\n" + yaml);
            assertFalse(l.matches("umcg_.*|\\w+ = umcg_.*|signal .*|complete_io .*"), k + ": UMCG or a signal\n" + yaml);
            if (l.equals("c = 0")) {
              reset = true;
            } else if (l.matches("(\\w+) = \\1 [+-] .*")) {
              assertTrue(l.equals("c = c + 1") && reset, k + ": a register grows: " + l + "\n" + yaml);
            }
          }
          Differential.parse(yaml, "finite.yaml");
        }
      }
    }
  }

  /** The looping generator's scenarios: new loop kinds, repeating programs, identical tasks, all parsing. */
  @Example
  void loopingSpecsHaveLoopsRepeatsAndIdenticalTasks() {
    RandomGenerator<ScenarioGenerator.Spec> gen = ScenarioGenerator.loopingSpecs().generator(1000);
    Random random = new Random(51);
    Map<String, Integer> seen = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      ScenarioGenerator.Spec s = gen.next(random).value();
      Differential.parse(s.render(null, "l"), "l.yaml");
      Differential.parse(s.render("syscall", "l"), "l.yaml");
      assertFalse(s.usesUmcg());
      s.tasks().forEach(t -> t.chunks().forEach(c -> seen.merge(c.kind().toString(), 1, Integer::sum)));
      if (s.tasks().stream().anyMatch(ScenarioGenerator.TaskSpec::repeat)) {
        seen.merge("repeat", 1, Integer::sum);
      }
      if (Differential.symmetricTasks(s)) {
        seen.merge("identical tasks", 1, Integer::sum);
      }
    }
    for (String k : List.of("SPIN_WAIT", "CAS_LOCK", "FUTEX_LOCK", "repeat", "identical tasks")) {
      assertTrue(seen.getOrDefault(k, 0) >= 30, k + " too rare: " + seen);
    }
  }

  /** The mutex handoff classifier (examples/liveness/handoff-steal.yaml) reads loops and other lockers. */
  @Test
  void mutexRetakenInALoop() {
    String looper = """
          t1:
            program: |
              top1:
              lock A
              unlock A
              goto top1
        """;
    String once = """
          t2:
            program: |
              lock A
              unlock A
        """;
    String onceB = once.replace(" A", " B");
    String forward = """
          t1:
            program: |
              lock A
              unlock A
              goto e
              e:
        """;
    assertTrue(Differential.Hints.mutexRetakenInALoop("tasks:\n" + looper + once));
    assertFalse(Differential.Hints.mutexRetakenInALoop("tasks:\n" + looper + onceB), "nobody else locks A");
    assertFalse(Differential.Hints.mutexRetakenInALoop("tasks:\n" + forward + once), "no backward jump over the lock");
  }

  /**
   * A small kernel-against-reference comparison of looping scenarios, starvation included, the
   * three fairness settings in turn: no disagreement no known finding or classifier explains,
   * and starvation both violated and not at each level.
   */
  @Example
  void loopingScenariosAgreeAtBothLevels() {
    int wanted = Integer.getInteger("looping.scenarios", 24);
    RandomGenerator<ScenarioGenerator.Spec> gen = ScenarioGenerator.loopingSpecs().generator(1000);
    Random random = new Random(Long.getLong("looping.seed", 51));
    List<String> bad = new ArrayList<>();
    int[] steps = new int[2];
    int[] syscall = new int[2];
    for (int i = 0; i < wanted; i++) {
      ScenarioGenerator.Spec spec = gen.next(random).value();
      Starvation.Fairness f = ScenarioGenerator.FAIRNESS.get(i % ScenarioGenerator.FAIRNESS.size());
      Differential.Outcome o = Differential.compareLiveness(spec, f);
      for (String d : KnownDisagreements.unexplained(o)) {
        bad.add(d + " (fairness " + f.words() + ")\n" + o.report());
      }
      if (o.bfs().complete()) {
        steps[o.bfs().violated().containsKey("starvation") ? 0 : 1]++;
      }
      if (o.syscall() != null && o.syscall().complete()) {
        syscall[o.syscall().violated().containsKey("starvation") ? 0 : 1]++;
      }
    }
    System.out.printf("looping differential: %d scenarios; starvation at steps %d, not %d; at syscall %d, not %d;"
        + " %d unexplained%n", wanted, steps[0], steps[1], syscall[0], syscall[1], bad.size());
    assertTrue(bad.isEmpty(), String.join("\n====\n", bad));
    assertTrue(steps[0] >= 2 && steps[1] >= 2 && syscall[0] >= 2 && syscall[1] >= 2,
        "starvation at steps " + steps[0] + "/" + steps[1] + ", at syscall " + syscall[0] + "/" + syscall[1]);
  }
}
