package schedcheck.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import schedcheck.checker.ActionDetail;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.Limits;
import schedcheck.checker.Monitor;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Successors;
import schedcheck.checker.Verdict;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.LockEvent;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * {@code lock-order} reads only a step's lock events ({@link ActionDetail#FACTS}): the kernel
 * model then records every lock event but writes no step text. Every step of lock-taking
 * scenarios, asked for at each level: the facts are those of the full description, and a
 * search with {@code lock-order} alone still finds what it found.
 */
class LockOrderFactsTest {

  static Scenario scenario(String file) throws Exception {
    return ScenarioParser.parse(Path.of("..", "examples").resolve(file));
  }

  /** Collects the steps of one state as the model hands them to a sink reading {@code detail}. */
  static final class Sink implements Successors<KState, StepInfo> {
    final ActionDetail detail;
    final List<StepInfo> steps = new ArrayList<>();
    final List<KState> states = new ArrayList<>();

    Sink(ActionDetail detail) {
      this.detail = detail;
    }

    @Override
    public void next(StepInfo action, KState state) {
      steps.add(action);
      states.add(state);
    }

    @Override
    public void cut(String bound) {}

    @Override
    public boolean readsActions() {
      return detail != ActionDetail.NONE;
    }

    @Override
    public ActionDetail actionDetail() {
      return detail;
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lockdep-cycle.yaml", "lock-order-break.yaml", "double-rq-lock.yaml",
      "nested-annotation-abba.yaml", "lock-order-kernel.yaml", "spinlock-ordered.yaml",
      "futex-wait-wake.yaml", "proxy/chain3-two-cpus.yaml"})
  void factsAreTheFullDescriptionsLockEventsOnEveryStep(String file) throws Exception {
    KernelModel model = new KernelModel(scenario(file));
    Set<Long> seen = new HashSet<>();
    ArrayDeque<KState> queue = new ArrayDeque<>();
    for (KState s : model.initialStates()) {
      if (seen.add(model.fingerprint(s))) {
        queue.add(s);
      }
    }
    long events = 0;
    long texts = 0;
    while (!queue.isEmpty() && seen.size() < 30_000) { // the first 30,000 states (BFS) of the larger ones
      KState s = queue.poll();
      Sink full = new Sink(ActionDetail.FULL);
      Sink facts = new Sink(ActionDetail.FACTS);
      Sink none = new Sink(ActionDetail.NONE);
      model.successors(s, full);
      model.successors(s, facts);
      model.successors(s, none);
      assertEquals(full.steps.size(), facts.steps.size());
      assertEquals(full.steps.size(), none.steps.size());
      for (int i = 0; i < full.steps.size(); i++) {
        StepInfo f = full.steps.get(i);
        StepInfo e = facts.steps.get(i);
        StepInfo n = none.steps.get(i);
        for (StepInfo x : List.of(e, n)) {
          assertEquals(f.cpu(), x.cpu());
          assertEquals(f.task(), x.task());
          assertEquals(f.kind(), x.kind());
          assertEquals("", x.text());
          assertEquals("", x.note());
        }
        assertEquals(List.of(), n.acquired());
        assertEquals(f.acquired().size(), e.acquired().size(), f.text());
        for (int k = 0; k < f.acquired().size(); k++) {
          LockEvent a = f.acquired().get(k);
          LockEvent b = e.acquired().get(k);
          assertEquals(a.task(), b.task());
          assertEquals(a.lock(), b.lock());
          assertEquals(a.subclass(), b.subclass());
          assertArrayEquals(a.held(), b.held());
          assertArrayEquals(a.heldSubclasses(), b.heldSubclasses());
        }
        events += f.acquired().size();
        texts += f.text().isEmpty() ? 0 : 1;
        assertEquals(model.fingerprint(full.states.get(i)), model.fingerprint(facts.states.get(i)));
        if (seen.add(model.fingerprint(full.states.get(i)))) {
          queue.add(full.states.get(i));
        }
      }
    }
    assertTrue(events > 0, "the scenario takes spinlocks");
    assertTrue(texts > 0, "a full description has text");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lockdep-cycle.yaml", "lock-order-break.yaml", "lock-order-kernel.yaml", "double-rq-lock.yaml"})
  void lockOrderAloneAsksForFactsAndGivesTheExpectedVerdict(String file) throws Exception {
    Scenario sc = scenario(file);
    assertTrue(sc.check().contains("lock-order"));
    KernelModel model = new KernelModel(sc);
    assertEquals(ActionDetail.FACTS, new LockOrder(model).newMonitor().actionDetail());
    SearchResult r = new BreadthFirst().run(model, List.of(new LockOrder(model)), Limits.none(), Progress.NONE);
    if (sc.expect().holds()) {
      assertEquals(Verdict.HOLDS, r.verdict());
    } else {
      assertEquals("lock-order", sc.expect().property());
      assertEquals(Verdict.VIOLATED, r.verdict());
      assertEquals("lock-order", r.firstViolation().violation().property());
      assertTrue(r.firstViolation().violation().message().contains(" while holding "),
          r.firstViolation().violation().message());
    }
  }

  /**
   * A random search's witness (the step that first took a class edge) is located by the first
   * walk that reached its state: its path replays to a step that takes that edge. Walks from
   * different initial states cross (both orders of lockdep-cycle's tasks), and the path once
   * named the initial state of the walk instead of the one its parent links lead to.
   */
  @org.junit.jupiter.api.Test
  void randomSearchWitnessPathsReplayToTheirEdge() throws Exception {
    Scenario sc = scenario("lockdep-cycle.yaml");
    KernelModel model = new KernelModel(sc);
    assertEquals(2, model.initialStates().size());
    for (schedcheck.checker.RandomSearch.Mode mode : schedcheck.checker.RandomSearch.Mode.values()) {
      for (long seed = 1; seed <= 5; seed++) {
        SearchResult r = new schedcheck.checker.RandomSearch(mode, seed, 100, 3)
            .run(model, List.of(new LockOrder(model)), Limits.none(), Progress.NONE);
        assertEquals(Verdict.VIOLATED, r.verdict());
        var found = r.firstViolation();
        assertEquals(found.violation().witnesses().size(), found.witnessPaths().size());
        for (int i = 0; i < found.witnessPaths().size(); i++) {
          String label = found.violation().witnesses().get(i).label(); // "D -> C (t takes X while holding Y)"
          var steps = schedcheck.checker.Replay.replay(model, found.witnessPaths().get(i));
          StepInfo last = steps.get(steps.size() - 1).action();
          String who = model.layout().taskName(last.task()) + " takes ";
          assertTrue(label.contains("(" + who), mode + " seed " + seed + ": " + label + " but the step is " + last);
          boolean takes = false;
          for (LockEvent e : last.acquired()) {
            takes |= label.contains(who + model.layout().lockName(e.lock()) + " while holding ");
          }
          assertTrue(takes, mode + " seed " + seed + ": " + label + " but the step is " + last);
        }
      }
    }
  }
}
