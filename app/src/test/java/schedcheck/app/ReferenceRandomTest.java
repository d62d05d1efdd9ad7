package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import schedcheck.checker.Found;
import schedcheck.checker.Progress;
import schedcheck.checker.Verdict;
import schedcheck.counterexamples.JsonReport;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * Random loop-free scenarios over the whole language (futex calls, mutexes, {@code
 * lock_interruptible}, signals, spinlocks, critical sections, {@code yield}, priorities,
 * affinities, 1-3 cpus, proxy on and off) at syscall detail: BFS and DFS agree on the state
 * space and on which properties are violated, every counterexample renders (text and JSON)
 * and its last state is the violating one.
 */
class ReferenceRandomTest {

  static String scenario(Random rnd) {
    int cpus = 1 + rnd.nextInt(3);
    int ntasks = 2 + rnd.nextInt(2);
    StringBuilder b = new StringBuilder("name: r\ncpus: " + cpus + "\nkernel:\n  proxy: " + rnd.nextBoolean()
        + "\n  detail: syscall\nmemory: {x: 0, y: 0}\nmutexes: [A, B]\nlocks: [L]\ntasks:\n");
    for (int t = 0; t < ntasks; t++) {
      b.append("  t").append(t).append(":\n");
      if (cpus > 1 && rnd.nextInt(3) == 0) {
        int c = rnd.nextInt(cpus);
        b.append("    cpu: ").append(c).append("\n    affinity: [").append(c)
            .append(rnd.nextBoolean() ? "" : ", " + (c + 1) % cpus).append("]\n");
      }
      if (rnd.nextBoolean()) {
        b.append("    prio: ").append(new int[] {100, 120, 130}[rnd.nextInt(3)]).append('\n');
      }
      b.append("    program: |\n      r = 0\n");
      List<String> held = new ArrayList<>();
      int n = 1 + rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        String w = rnd.nextBoolean() ? "x" : "y";
        String s = switch (rnd.nextInt(16)) {
          case 0 -> "r = load " + w;
          case 1 -> "store " + w + " " + rnd.nextInt(2);
          case 2, 3 -> "r = futex_wait " + w + " " + rnd.nextInt(2);
          case 4, 5 -> "r = futex_wake " + w + " " + (1 + rnd.nextInt(2));
          case 6 -> "r = futex_swap " + w + " " + (rnd.nextBoolean() ? "x" : "y") + " " + rnd.nextInt(2);
          case 7, 8 -> {
            String m = rnd.nextBoolean() ? "A" : "B";
            held.add(m);
            yield "lock " + m;
          }
          case 9 -> held.isEmpty() ? "unlock A" : "unlock " + held.remove(held.size() - 1);
          case 10 -> "r = lock_interruptible " + (rnd.nextBoolean() ? "A" : "B");
          case 11 -> "signal t" + rnd.nextInt(ntasks);
          case 12 -> "spin_lock L\n      work\n      spin_unlock L";
          case 13 -> "enter\n      work\n      leave";
          case 14 -> "yield";
          default -> "assert r == " + (rnd.nextInt(3) - 1);
        };
        b.append("      ").append(s).append('\n');
      }
      for (int i = held.size() - 1; i >= 0; i--) {
        b.append("      unlock ").append(held.get(i)).append('\n');
      }
    }
    return b.toString();
  }

  static Set<String> violated(CheckRun r) {
    return r.result().violations().stream().map(f -> f.violation().property()).collect(Collectors.toSet());
  }

  @Property(tries = 100)
  void strategiesAgreeAndCounterexamplesRender(@ForAll long seed) throws Exception {
    String yaml = scenario(new Random(seed));
    Scenario sc = ScenarioParser.parse(yaml, "r.yaml");
    CheckOptions all = CheckOptions.defaults().exploringEverything();
    CheckRun bfs = Checking.check(sc, all, Progress.NONE);
    CheckRun dfs = Checking.check(sc, all.withStrategy("dfs"), Progress.NONE);
    assertEquals(bfs.result().states(), dfs.result().states(), yaml);
    assertEquals(bfs.result().transitions(), dfs.result().transitions(), yaml);
    assertEquals(violated(bfs), violated(dfs), yaml);
    assertFalse(bfs.verdict() == Verdict.INCOMPLETE, yaml);
    CheckRun first = Checking.check(sc, CheckOptions.defaults(), Progress.NONE);
    assertEquals(violated(bfs).isEmpty(), first.verdict() == Verdict.HOLDS, yaml);
    for (Found f : bfs.result().violations()) {
      String text = bfs.reference().render(f);
      assertTrue(text.contains("violated: " + f.violation().property()), text);
      assertTrue(text.contains("final state"), text);
    }
    assertTrue(JsonReport.write(bfs.reference().json(bfs.result()), false).contains("\"verdict\""));
  }
}
