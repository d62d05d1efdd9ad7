package schedcheck.app.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The bounded differential run of the default suite: random scenario files over the whole
 * language (see {@link ScenarioGenerator}), each checked at both detail levels and with both
 * strategies, exploring everything (see {@link Differential} for what must agree). The seed is
 * fixed so CI is reproducible; {@code bench/differential} runs the long campaign with any seed.
 * The statistics show the generator's reach: statements, cpus, proxy versions, verdicts.
 *
 * <p>Disagreements of a known category ({@link KnownDisagreements}: findings the other engineers
 * are fixing) are tolerated and counted in the statistics; any other fails the test, printing
 * the scenario and every result. {@code -Ddifferential.strict=true} tolerates nothing.
 */
class DifferentialTest {

  @Provide
  Arbitrary<ScenarioGenerator.Spec> specs() {
    return ScenarioGenerator.specs();
  }

  @Property(tries = 150, seed = "20261130", shrinking = ShrinkingMode.BOUNDED,
      edgeCases = EdgeCasesMode.NONE)
  void bothDetailLevelsAndBothStrategiesAgree(@ForAll("specs") ScenarioGenerator.Spec spec) {
    Differential.Outcome o = Differential.compare(spec);
    collect(spec, o);
    assertTrue(KnownDisagreements.unexplained(o).isEmpty(),
        () -> "new disagreements " + KnownDisagreements.unexplained(o) + "\n" + o.report());
  }

  static void collect(ScenarioGenerator.Spec spec, Differential.Outcome o) {
    for (String s : spec.statements()) {
      Statistics.label("statements").collect(s);
    }
    for (String s : spec.spinlockClasses()) {
      Statistics.label("spinlocks").collect(s);
    }
    Statistics.label("cpus").collect(spec.cpus());
    Statistics.label("tasks").collect(spec.tasks().size());
    Statistics.label("proxy").collect(spec.proxyVersion());
    Statistics.label("steps verdict").collect(verdict(o.bfs()));
    for (String p : o.bfs().violated().keySet()) {
      Statistics.label("steps violated").collect(p);
    }
    if (o.syscall() != null) {
      Statistics.label("syscall verdict").collect(verdict(o.syscall()));
      for (String p : o.syscall().violated().keySet()) {
        Statistics.label("syscall violated").collect(p);
      }
    }
    for (String d : o.disagreements()) {
      Statistics.label("known disagreements").collect(d);
    }
    // the generator's reach: every verdict and every user-level property occurs, at each level
    Statistics.label("steps verdict").coverage(c -> {
      c.check("holds").count(n -> n > 0);
      c.check("violated").count(n -> n > 0);
    });
    Statistics.label("steps violated").coverage(c -> {
      for (String p : Differential.USER_LEVEL) {
        c.check(p).count(n -> n > 0);
      }
    });
    if (o.syscall() != null) {
      Statistics.label("syscall violated").coverage(c -> {
        for (String p : Differential.USER_LEVEL) {
          c.check(p).count(n -> n > 0);
        }
      });
    }
    Statistics.label("mover reduction").collect(o.reduced() ? "fewer states" : "same states");
    Statistics.label("partial-order reduction").collect(o.porReduced() ? "fewer states" : "same states");
    Statistics.label("comparison").collect(o.skipped() != null ? "skipped (bound)" : o.agrees() ? "agree" : "disagree");
  }

  static String verdict(Differential.Run r) {
    return r.error() != null ? "internal error" : r.verdict().word();
  }

  /**
   * A program that breaks UMCG's protocol breaks INV-11 on a correct kernel: campaign seed
   * 211, scenario 1521 (a server that exits while its worker is in block_io), which the
   * classifier called "invariants on a correct kernel". INV-11 is not a kernel invariant, so
   * it is no disagreement; the two levels agree on the rest (deadlock).
   */
  @org.junit.jupiter.api.Test
  void umcgProtocolBreakIsNoKernelInvariantDisagreement() {
    String text = """
        name: campaign-211-1521
        cpus: 2
        kernel:
          proxy: true
        memory:
          x: 0
          y: 1
        tasks:
          t1:
            cpu: 0
            prio: 120
            affinity: [0]
            program: |
              store x 1
              r = futex_wake x 1
              r = futex_wait y 0
              umcg_ctl server
              umcg_runnable
              r = umcg_pop
              if r == 0 goto u0
              r = umcg_wait r
              u0:
          t2:
            cpu: 0
            prio: 120
            affinity: [0, 1]
            program: |
              r = umcg_ctl worker t1
              r = block_io
              r = umcg_ctl unregister
        bounds: {states: 40000}
        """;
    Differential.Outcome o = Differential.compare(text, Differential.syscallText(text), Differential.Hints.of(text));
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), o.disagreements());
    String inv = o.bfs().violated().get("invariants");
    assertTrue(inv != null && inv.startsWith("(INV-11)"), String.valueOf(inv));
  }
}
