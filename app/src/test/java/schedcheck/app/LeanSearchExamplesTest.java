package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.DepthFirst;
import schedcheck.checker.FairCycles;
import schedcheck.checker.Found;
import schedcheck.checker.Limits;
import schedcheck.checker.Model;
import schedcheck.checker.Progress;
import schedcheck.checker.Search;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Successors;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.Scenario;
import schedcheck.properties.PropertySet;

/**
 * The lean search (successors fingerprinted in the model's scratch buffer and copied out only
 * when new, packed frontier states, steps described only when a monitor reads them, a visited
 * set without id lookup) finds what the model's simple form finds (every successor a fresh
 * state, described in full, nothing packed): on every shipped example, the same verdict,
 * states, transitions, depth, cuts and counterexample paths, breadth-first exploring
 * everything and stopping at the first violation, and depth-first under a depth limit (which
 * relinks and expands states again).
 */
class LeanSearchExamplesTest {

  /** The kernel model as a plain {@link Model}: no scratch buffer, no packing, full descriptions. */
  record SimpleForm(KernelModel m) implements Model<KState, StepInfo> {
    @Override
    public List<KState> initialStates() {
      return m.initialStates();
    }

    @Override
    public void successors(KState state, Successors<KState, StepInfo> out) {
      m.successors(state, new Successors<>() {
        @Override
        public void next(StepInfo action, KState s) {
          out.next(action, s);
        }

        @Override
        public void cut(String bound) {
          out.cut(bound);
        }

        @Override
        public void cut(String bound, KState wouldBe) {
          out.cut(bound, wouldBe);
        }
      });
    }

    @Override
    public long fingerprint(KState state) {
      return m.fingerprint(state);
    }

    @Override
    public boolean boundsItself() {
      return m.boundsItself();
    }

    @Override
    public long unboundedFingerprint(KState state) {
      return m.unboundedFingerprint(state);
    }

    @Override
    public Model<KState, StepInfo> withoutOwnBounds() {
      return new SimpleForm(m.withoutOwnBounds());
    }
  }

  @TestFactory
  Stream<DynamicTest> leanAndSimpleFormsAgree() throws IOException {
    return ExamplesTest.examples().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      Scenario sc = ExamplesTest.load(p);
      Limits base = Checking.limits(sc, CheckOptions.defaults());
      compare(sc, new BreadthFirst(), base.exploringEverything());
      compare(sc, new BreadthFirst(), base);
      compare(sc, new DepthFirst(), base.withMaxDepth(base.maxDepth() < 0 ? 14 : Math.min(14, base.maxDepth())));
      compareLiveness(sc, base);
    }));
  }

  /** The liveness pass (fair cycles) over the lean and the simple form: the same graph and lassos. */
  private static void compareLiveness(Scenario sc, Limits limits) {
    KernelModel lean = new KernelModel(sc);
    KernelModel plain = new KernelModel(sc);
    var liveLean = PropertySet.liveness(lean, sc.check(), schedcheck.properties.Starvation.Fairness.defaults());
    var livePlain = PropertySet.liveness(plain, sc.check(), schedcheck.properties.Starvation.Fairness.defaults());
    if (liveLean == null) {
      return;
    }
    SearchResult a = FairCycles.run(lean, liveLean, limits, Progress.NONE);
    SearchResult b = FairCycles.run(new SimpleForm(plain), livePlain, limits, Progress.NONE);
    String what = sc.name() + " liveness";
    assertEquals(b.verdict(), a.verdict(), what);
    assertEquals(b.states(), a.states(), what);
    assertEquals(b.transitions(), a.transitions(), what);
    assertEquals(b.cuts(), a.cuts(), what);
    assertEquals(b.violations(), a.violations(), what);
  }

  private static void compare(Scenario sc, Search search, Limits limits) {
    KernelModel lean = new KernelModel(sc);
    KernelModel plain = new KernelModel(sc);
    SearchResult a = search.run(lean, PropertySet.of(lean, sc.check()).forSearch(), limits, Progress.NONE);
    SearchResult b = search.run(new SimpleForm(plain), PropertySet.of(plain, sc.check()).forSearch(), limits,
        Progress.NONE);
    String what = sc.name() + " " + search.name() + " " + limits;
    assertEquals(b.verdict(), a.verdict(), what);
    assertEquals(b.states(), a.states(), what);
    assertEquals(b.transitions(), a.transitions(), what);
    assertEquals(b.maxDepth(), a.maxDepth(), what);
    assertEquals(b.cuts(), a.cuts(), what);
    assertEquals(b.violations().size(), a.violations().size(), what);
    for (int i = 0; i < a.violations().size(); i++) {
      Found x = a.violations().get(i);
      Found y = b.violations().get(i);
      assertEquals(y.violation(), x.violation(), what);
      assertEquals(y.path(), x.path(), what);
      assertEquals(y.witnessPaths(), x.witnessPaths(), what);
    }
    assertTrue(a.states() > 0, what);
  }
}
