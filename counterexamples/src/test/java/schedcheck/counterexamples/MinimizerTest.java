package schedcheck.counterexamples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StepInfo;

class MinimizerTest {

  /** t1 has exited and t2 sleeps on w, off every runqueue, with nothing pending: it never runs again. */
  static boolean t2StuckForGood(Trace t) {
    KState s = t.last();
    return s.exited(0) && s.taskState(1) == Layout.TASK_INTERRUPTIBLE && s.onRq(1) == Layout.ON_RQ_NONE
        && s.runningOn(1) < 0 && !s.onWakeQ(1) && s.word(0) == 1;
  }

  @Test
  void dropsTheStepsOfAnUnrelatedTask() {
    KernelModel small = new KernelModel(Fixtures.f1());
    Fixtures.Stuck stuck = Fixtures.findStuck(small);
    List<StepInfo> core = Trace.replay(small, stuck.path()).stepInfos();

    // The same interleaving with an unrelated t3 (own cpu2) doing work before and in between.
    KernelModel big = new KernelModel(Fixtures.f1WithBystander(3));
    StepInfo work = new StepInfo(2, 2, StepInfo.Kind.USER, "work", "", List.of());
    StepInfo exit = new StepInfo(2, 2, StepInfo.Kind.EXIT, "do_exit", "switch to idle", List.of());
    List<StepInfo> padded = new ArrayList<>();
    padded.add(work);
    padded.add(work);
    padded.addAll(core.subList(0, 5));
    padded.add(work);
    padded.addAll(core.subList(5, 9));
    padded.add(exit);
    padded.addAll(core.subList(9, core.size()));
    Trace input = Trace.replayByIdentity(big, 0, padded);
    assertNotNull(input, "the padded trace replays");
    assertTrue(Fixtures.stuck(big, input.last()), "padded trace ends stuck");

    Predicate<Trace> stillStuck = MinimizerTest::t2StuckForGood;
    Trace min = Minimizer.minimize(big, input, stillStuck);

    assertTrue(min.length() < input.length());
    assertEquals(core.size(), min.length(), "only t3's steps go");
    assertTrue(min.stepInfos().stream().noneMatch(s -> s.task() == 2), "no t3 step left");
    assertTrue(t2StuckForGood(min));
    // t1 and t2 are stuck: whatever is still enabled belongs to the bystander.
    assertTrue(Fixtures.successorSteps(big, min.last()).stream().allMatch(s -> s.task() == 2));
    // And the result replays from its own path.
    assertEquals(min.last(), Trace.replay(big, min.path()).last());
  }

  @Test
  void ddminShrinksWithoutWholeTaskRemoval() {
    // t3's steps are spread, and the predicate needs nothing of them: ddmin alone also gets there.
    KernelModel big = new KernelModel(Fixtures.f1WithBystander(6));
    KernelModel small = new KernelModel(Fixtures.f1());
    List<StepInfo> core = Trace.replay(small, Fixtures.findStuck(small).path()).stepInfos();
    StepInfo work = new StepInfo(2, 2, StepInfo.Kind.USER, "work", "", List.of());
    List<StepInfo> padded = new ArrayList<>();
    for (StepInfo s : core) {
      padded.add(s);
      if (padded.size() % 3 == 0 && padded.stream().filter(x -> x.task() == 2).count() < 6) {
        padded.add(work);
      }
    }
    Trace min = Minimizer.minimize(big, 0, padded, MinimizerTest::t2StuckForGood);
    assertEquals(core.size(), min.length());
  }

  @Test
  void neverLongerAndKeepsAStuckEnd() {
    KernelModel m = new KernelModel(Fixtures.f1());
    Trace t = Trace.replay(m, Fixtures.findStuck(m).path());
    Trace min = Minimizer.minimize(m, t, x -> Fixtures.stuck(m, x.last()));
    assertTrue(min.length() <= t.length());
    assertTrue(Fixtures.stuck(m, min.last()));
  }

  @Test
  void aTraceThePredicateRejectsComesBackUnchanged() {
    KernelModel m = new KernelModel(Fixtures.f1());
    Trace t = Trace.replay(m, Fixtures.findStuck(m).path());
    assertSame(t, Minimizer.minimize(m, t, x -> false));
  }

  @Test
  void shrinkGroupsAnActorsScatteredStepsWithoutChangingTheLength() {
    // t3 (own cpu2) works three times, scattered through the stuck interleaving; the predicate
    // wants the stuck end and all three work steps, so nothing can go, but t3's steps can move
    // together: fewer switches, same length, same end.
    KernelModel big = new KernelModel(Fixtures.f1WithBystander(3));
    KernelModel small = new KernelModel(Fixtures.f1());
    List<StepInfo> core = Trace.replay(small, Fixtures.findStuck(small).path()).stepInfos();
    StepInfo work = new StepInfo(2, 2, StepInfo.Kind.USER, "work", "", List.of());
    List<StepInfo> padded = new ArrayList<>(core);
    padded.add(6, work);
    padded.add(3, work);
    padded.add(1, work);
    Trace input = Trace.replayByIdentity(big, 0, padded);
    assertNotNull(input);
    Predicate<Trace> p = t -> t2StuckForGood(t) && t.stepInfos().stream().filter(x -> x.task() == 2).count() == 3;
    assertTrue(p.test(input));

    Minimizer.Result r = Minimizer.shrink(big, input, p, false);
    assertEquals(input.length(), r.trace().length());
    assertTrue(p.test(r.trace()));
    assertTrue(r.changed());
    assertEquals(Minimizer.size(input), r.before());
    assertEquals(Minimizer.size(r.trace()), r.after());
    assertTrue(r.after().switches() < r.before().switches(), r.after().text() + " vs " + r.before().text());
    List<int[]> t3Runs = Minimizer.blocks(r.trace().stepInfos()).stream()
        .filter(b -> r.trace().stepInfos().get(b[0]).task() == 2).toList();
    assertEquals(1, t3Runs.size(), "t3's three steps in one run");
    assertEquals(r.trace().last(), Trace.replay(big, r.trace().path()).last());

    // with step removal allowed and a predicate that needs no t3, t3 goes entirely
    Minimizer.Result gone = Minimizer.shrink(big, input, MinimizerTest::t2StuckForGood, true);
    assertEquals(core.size(), gone.trace().length());
    assertEquals(2, gone.after().tasks());
  }

  @Test
  void sizesCompareStepsFirstThenSwitches() {
    Minimizer.Size a = new Minimizer.Size(10, 5, 0, 3, 2);
    assertTrue(new Minimizer.Size(9, 9, 9, 9, 9).compareTo(a) < 0);
    assertTrue(new Minimizer.Size(10, 4, 9, 9, 9).compareTo(a) < 0);
    assertTrue(new Minimizer.Size(10, 5, 0, 2, 9).compareTo(a) < 0);
    assertEquals("10 steps, 5 switches, 0 preemptions, 3 tasks on 2 cpus", a.text());
  }
}
