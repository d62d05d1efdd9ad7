package schedcheck.jqwik;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import schedcheck.api.Detail;
import schedcheck.api.Result;
import schedcheck.api.Scenario;
import schedcheck.api.Verdict;

class ScenarioArbitrariesTest {

  /** Every statement drawn parses, and every kind comes up. */
  @Test
  void everyStatementParses() {
    Set<String> kinds = new HashSet<>();
    ScenarioArbitraries.statements(List.of("x", "y"), List.of("A", "B")).sampleStream().limit(300).forEach(line -> {
      Scenario s = Scenario.builder("one").word("x", 0).word("y", 0).mutexes("A", "B").task("t1", line).build();
      kinds.addAll(s.statementKinds("t1"));
    });
    assertEquals(Set.of("load", "store", "cas", "xchg", "fetch_add", "futex_wait", "futex_wake", "futex_swap", "lock",
        "unlock", "work", "yield"), kinds);
    // kinds needing a word or mutex are left out when there is none
    assertTrue(ScenarioArbitraries.statements(List.of(), List.of("A")).sampleStream().limit(50)
        .allMatch(l -> l.startsWith("lock ") || l.startsWith("unlock ") || l.equals("work") || l.equals("yield")));
    assertTrue(ScenarioArbitraries.statements(List.of("x"), List.of(),
            EnumSet.of(ScenarioArbitraries.Statement.FUTEX_SWAP, ScenarioArbitraries.Statement.LOAD))
        .sampleStream().limit(50).allMatch(l -> l.equals("r = load x")));
  }

  /** Pieces with labels get labels of their own, so any list of pieces is a valid program. */
  @Test
  void programsWithRepeatedPiecesParse() {
    Piece loop = ScenarioArbitraries.protocols(List.of("x"), List.of()).sampleStream()
        .filter(p -> p.kind().equals("wait-loop")).findFirst().orElseThrow();
    Program p = new Program(List.of(loop, loop, Piece.statement("store x 1")));
    Scenario s = Scenario.builder("loops").word("x", 0).task("t1", p.lines()).build();
    assertEquals(2 * 6 + 1, s.statements("t1").size());
    assertTrue(p.lines().contains("l1:") && p.lines().contains("l2e:"), p.lines().toString());
    assertEquals(List.of("work"), new Program(List.of()).lines());
  }

  @Test
  void variantsPrioritiesAndCpus() {
    assertTrue(ScenarioArbitraries.variants("pe-v7.1", "pe-p5-stale-owner").sampleStream().limit(100)
        .allMatch(v -> List.of(List.of(), List.of("pe-v7.1"), List.of("pe-p5-stale-owner"),
            List.of("pe-v7.1", "pe-p5-stale-owner")).contains(v)));
    assertTrue(ScenarioArbitraries.priorities().sampleStream().limit(100).allMatch(p -> Set.of(100, 110, 120).contains(p)));
    assertTrue(ScenarioArbitraries.cpus(3).sampleStream().limit(100).allMatch(c -> c >= 1 && c <= 3));
  }

  /** Generated scenarios over the whole configuration are valid files and get a verdict. */
  @Property(tries = 40, seed = "3")
  void generatedScenariosCheck(@ForAll("wide") Scenario s) {
    ScenarioArbitraries.collectStatistics(s);
    Statistics.label("detail").collect(s.detail());
    assertTrue(s.tasks().size() >= 1 && s.tasks().size() <= 3, s.yaml());
    assertTrue(s.cpus() >= 1 && s.cpus() <= 2, s.yaml());
    assertEquals(s.yaml(), Scenario.fromYaml(s.yaml()).yaml());
    Result r = s.check();
    assertTrue(r.verdict() != null, r.report());
    if (!s.proxy()) {
      assertTrue(s.variants().isEmpty(), s.yaml());
    }
  }

  @Provide
  Arbitrary<Scenario> wide() {
    return ScenarioArbitraries.scenarios(List.of("x", "y"), List.of("A", "B")).proxyOnAndOff()
        .variants(ScenarioArbitraries.proxyVersions()).priorities(ScenarioArbitraries.priorities())
        .detail(Detail.SYSCALL).stateBound(20_000);
  }

  /** At the kernel's small steps, with Proxy Execution versions and priorities: valid files that get a verdict. */
  @Property(tries = 12, seed = "5")
  void generatedScenariosCheckAtSteps(@ForAll("atSteps") Scenario s) {
    ScenarioArbitraries.collectStatistics(s);
    assertEquals(Detail.STEPS, s.detail());
    Result r = s.check();
    assertTrue(r.verdict() == Verdict.VIOLATED || r.trace().isEmpty(), r.report());
    if (r.verdict() == Verdict.VIOLATED) {
      assertTrue(r.trace().size() > 0 || r.isLasso(), r.report());
    }
  }

  @Provide
  Arbitrary<Scenario> atSteps() {
    return ScenarioArbitraries.scenarios(List.of("x", "y"), List.of("A")).tasks(1, 2).piecesPerTask(2)
        .variants(ScenarioArbitraries.proxyVersions()).priorities(ScenarioArbitraries.priorities())
        .stateBound(20_000);
  }

  /** A failing property over generated scenarios shrinks to two tasks of one piece each, on one cpu. */
  @Test
  void aFailingScenarioShrinksToAMinimalOne() throws java.io.IOException {
    ReadmeJqwikExampleTest.Outcome o = ReadmeJqwikExampleTest.run(GeneratedScenarioProperties.class.getName());
    assertEquals(1, o.failures().size(), o.toString());
    String m = o.failures().get(0).getThrowable().orElseThrow().getMessage();
    assertTrue(m.startsWith("expected generated to hold, but it is violated: lost-wakeup"), m);
    String yaml = m.substring(m.indexOf("the scenario (<built generated>):\n") + "the scenario (<built generated>):\n".length());
    Scenario shrunk = Scenario.fromYaml(yaml);
    assertEquals(Verdict.VIOLATED, shrunk.check().verdict());
    assertEquals(List.of("t1", "t2"), shrunk.tasks());
    assertEquals(1, shrunk.cpus(), yaml);
    // one piece each: the wait loop (wait until x != 0) and a store that wakes nobody
    assertEquals(List.of("c = 0", "r = load x", "if r != 0 goto l1e", "r = futex_wait x 0", "c = c + 1",
        "if c < 2 goto l1"), shrunk.statements("t1"), yaml);
    assertEquals(List.of("store x 1"), shrunk.statements("t2"), yaml);
    assertFalse(shrunk.yaml().contains("mutexes"), yaml);
    String all = o.reports().toString();
    assertTrue(all.contains("Shrunk Sample"), all);
    assertTrue(all.contains("statements") && all.contains("futex_wait"), all);
  }
}
