package schedcheck.counterexamples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import schedcheck.checker.Path;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;

class TraceTest {
  private final KernelModel model = new KernelModel(Fixtures.f1());
  private final Fixtures.Stuck stuck = Fixtures.findStuck(model);

  @Test
  void replayGivesTheSearchStates() {
    assertNotNull(stuck, "F1 has a stuck state");
    Trace t = Trace.replay(model, stuck.path());
    assertEquals(stuck.path(), t.path());
    assertEquals(stuck.path().length(), t.length());
    assertEquals(stuck.states().get(0), t.initial());
    for (int i = 0; i < t.length(); i++) {
      assertEquals(stuck.states().get(i + 1), t.steps().get(i).after(), "state after step " + (i + 1));
      assertEquals(stuck.states().get(i), t.before(i));
    }
    assertEquals(stuck.last(), t.last());
    assertTrue(Fixtures.stuck(model, t.last()));
  }

  @Test
  void aBadPathDoesNotReplay() {
    int[] steps = stuck.path().steps();
    steps[3] = 99;
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Trace.replay(model, new Path(stuck.path().initial(), steps)));
    assertTrue(e.getMessage().contains("step 4"), e.getMessage());
    assertTrue(e.getMessage().contains("#99"), e.getMessage());

    assertThrows(IllegalStateException.class, () -> Trace.replay(model, new Path(7, new int[0])));
    assertThrows(IllegalStateException.class, () -> Trace.replay(model, stuck.path().then(0)),
        "a stuck state has no successor to take");
  }

  @Test
  void replayByIdentityFindsTheSamePath() {
    Trace t = Trace.replay(model, stuck.path());
    Trace again = Trace.replayByIdentity(model, t.path().initial(), t.stepInfos());
    assertNotNull(again);
    assertEquals(t.path(), again.path());
    assertEquals(t.last(), again.last());
  }

  @Test
  void replayByIdentityRejectsAStepThatIsNotEnabled() {
    Trace t = Trace.replay(model, stuck.path());
    List<StepInfo> steps = new ArrayList<>(t.stepInfos());
    StepInfo first = steps.get(0);
    steps.set(0, new StepInfo(first.cpu(), first.task(), first.kind(), "no such step", "", List.of()));
    assertNull(Trace.replayByIdentity(model, 0, steps));
    assertNull(Trace.replayByIdentity(model, 5, t.stepInfos()));
  }
}
