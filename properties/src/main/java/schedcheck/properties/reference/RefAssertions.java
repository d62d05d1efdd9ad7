package schedcheck.properties.reference;

import schedcheck.checker.Monitor;
import schedcheck.checker.Property;
import schedcheck.checker.Violation;
import schedcheck.model.reference.RefShape;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Stmt;

/**
 * {@code assertions}: a failed {@code assert}; sleeping, blocking on a mutex, yielding or
 * exiting while holding a spinlock; releasing a spinlock one does not hold; unlocking a
 * mutex one does not own. Kinds as the steps model names them.
 */
final class RefAssertions implements Property<RefState, RefStep> {
  private final ReferenceModel model;
  private final RefShape shape;

  RefAssertions(ReferenceModel model) {
    this.model = model;
    this.shape = model.shape();
  }

  @Override
  public String name() {
    return "assertions";
  }

  @Override
  public Monitor<RefState, RefStep> newMonitor() {
    return new Monitor<>() {
      @Override
      public Violation onState(RefState s) {
        int kind = shape.faultKind(s);
        if (kind == RefShape.FAULT_NONE) {
          return null;
        }
        int t = shape.faultTask(s);
        int info = shape.faultInfo(s);
        String task = shape.taskName(t);
        return switch (kind) {
          case RefShape.FAULT_ASSERT -> {
            Stmt st = model.scenario().tasks().get(t).program().statements().get(info);
            yield Violation.of(name(), "assert", task + ": '" + st.text() + "' fails (" + st.pos() + ")");
          }
          case RefShape.FAULT_SLEEP_WITH_SPINLOCK -> Violation.of(name(), "sleep-in-atomic",
              task + " sleeps (calls schedule()) while holding spinlock " + shape.lockName(info));
          case RefShape.FAULT_EXIT_WITH_SPINLOCK -> Violation.of(name(), "exit-in-atomic",
              task + " exits while holding spinlock " + shape.lockName(info));
          case RefShape.FAULT_UNLOCK_NOT_HELD -> Violation.of(name(), "unlock-not-held",
              task + " releases spinlock " + shape.lockName(info) + ", which it does not hold");
          case RefShape.FAULT_MUTEX_NOT_OWNER -> Violation.of(name(), "mutex-not-owner",
              task + " unlocks mutex " + shape.mutexName(info) + ", which it does not own");
          default -> Violation.of(name(), "fault", task + ": fault " + kind);
        };
      }
    };
  }

  /** Its monitors remember nothing: workers of the parallel search evaluate it on their model copies. */
  @Override
  public Property<RefState, RefStep> replica(schedcheck.checker.Model<RefState, RefStep> copy) {
    return new RefAssertions((ReferenceModel) copy);
  }
}
