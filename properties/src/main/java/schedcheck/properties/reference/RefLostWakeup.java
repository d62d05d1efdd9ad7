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
}
