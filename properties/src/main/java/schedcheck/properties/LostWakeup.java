package schedcheck.properties;

import schedcheck.checker.Monitor;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;

/**
 * {@code lost-wakeup}: no task can ever run again, and some sleeping task waits for an event
 * that already happened (see the contract and {@link Stuck#lostWakeup(KState, int)}).
 */
public final class LostWakeup extends KernelProperty {
  private final Stuck stuck;

  public LostWakeup(KernelModel model) {
    super(model, "lost-wakeup");
    this.stuck = new Stuck(model);
  }

  @Override
  public Monitor<KState, StepInfo> newMonitor() {
    return new Monitor<>() {
      @Override
      public Violation onState(KState s) {
        // A state where no task can ever run again, though a cpu goes on picking a donor
        // stuck on a blocked_on cycle (proxy execution), is as final as a terminal one.
        return stuck.livelockedForGood(s) ? onTerminal(s) : null;
      }

      @Override
      public Violation onTerminal(KState s) {
        String why = stuck.lostWakeup(s);
        return why == null ? null : Violation.of(name(), "", why);
      }
    };
  }

  /** Its monitors remember nothing: workers of the parallel search evaluate it on their model copies. */
  @Override
  public schedcheck.checker.Property<KState, schedcheck.model.kernel.StepInfo> replica(
      schedcheck.checker.Model<KState, schedcheck.model.kernel.StepInfo> copy) {
    return new LostWakeup((KernelModel) copy);
  }
}
