package schedcheck.counterexamples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.Found;
import schedcheck.checker.Limits;
import schedcheck.checker.Monitor;
import schedcheck.checker.Progress;
import schedcheck.checker.Property;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.ScenarioParser;

/** The timeline draws a task that changes cpu as an arrow between the two cpu columns. */
class ProxyViewTest {

  static final String SWAP = """
      name: mig
      cpus: 2
      kernel: {proxy: false}
      memory: {w1: 0, w2: 0}
      tasks:
        t1:
          cpu: 0
          program: |
            store w2 1
            r = futex_swap w2 w1 0
        t2:
          cpu: 1
          program: |
            r = futex_wait w2 0
      """;

  /** Flags the first state where t2 runs on cpu0: FUTEX_SWAP placed it on its waker's cpu. */
  static final class T2MovedToCpu0 implements Property<KState, StepInfo> {
    @Override
    public String name() {
      return "moved";
    }

    @Override
    public Monitor<KState, StepInfo> newMonitor() {
      return new Monitor<>() {
        @Override
        public Violation onState(KState s) {
          return s.taskCpu(1) == 0 ? Violation.of("moved", "", "t2 is on cpu0") : null;
        }
      };
    }
  }

  @Test
  void aWakeOntoTheWakersCpuIsDrawnAsAnArrow() throws Exception {
    KernelModel model = new KernelModel(ScenarioParser.parse(SWAP, "mig.yaml"));
    SearchResult r = new BreadthFirst().run(model, List.of(new T2MovedToCpu0()), Limits.none(), Progress.NONE);
    Found f = r.firstViolation();
    Trace trace = Trace.replay(model, f.path());
    String table = new TimelineRenderer().table(model, trace);
    assertTrue(table.matches("(?s).*t2 \\(now on cpu0\\) <=+ t2\\n.*"), table);
    assertTrue(table.contains("try_to_wake_up T3"), table);
    List<int[]> moves = TimelineRenderer.migrations(model.layout(), trace.before(trace.length() - 1), trace.last());
    assertEquals(1, moves.size());
    assertEquals(1, moves.get(0)[1]);
    assertEquals(0, moves.get(0)[2]);
  }

  @Test
  void noBlockedOnChainsWithoutMutexes() throws Exception {
    KernelModel model = new KernelModel(ScenarioParser.parse(SWAP, "mig.yaml"));
    assertTrue(BlockedChains.of(model.initialStates().get(0)).isEmpty());
  }
}
