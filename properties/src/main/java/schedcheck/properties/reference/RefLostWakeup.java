package schedcheck.properties.reference;

import schedcheck.checker.Monitor;
import schedcheck.checker.Property;
import schedcheck.checker.Violation;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;

/** {@code lost-wakeup}, at states where no task can ever run again (see {@link Waits#lostWakeup}). */
final class RefLostWakeup implements Property<RefState, RefStep> {
  private final Waits waits;

  RefLostWakeup(Waits waits) {
    this.waits = waits;
  }

  @Override
  public String name() {
    return "lost-wakeup";
  }

  @Override
  public Monitor<RefState, RefStep> newMonitor() {
    return new Monitor<>() {
      @Override
      public Violation onTerminal(RefState s) {
        String why = waits.lostWakeup(s);
        return why == null ? null : Violation.of(name(), "", why);
      }
    };
  }

  /** Its monitors remember nothing: workers of the parallel search evaluate it on their model copies. */
  @Override
  public Property<RefState, RefStep> replica(schedcheck.checker.Model<RefState, RefStep> copy) {
    return new RefLostWakeup(new Waits((schedcheck.model.reference.ReferenceModel) copy));
  }
}
