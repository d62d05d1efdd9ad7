package schedcheck.properties;

import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.scenario.Stmt;

/** {@code assertions}: an {@code assert} fails, or a task sleeps (or exits) holding a spinlock. */
public final class Assertions extends StateProperty {

  public Assertions(KernelModel model) {
    super(model, "assertions");
  }


  @Override
  protected Violation check(KState s) {
    int kind = s.faultKind();
    if (kind == Layout.FAULT_NONE) {
      return null;
    }
    int t = s.faultTask();
    int info = s.faultInfo();
    return switch (kind) {
      case Layout.FAULT_ASSERT -> {
        Stmt st = model.scenario().tasks().get(t).program().statements().get(info);
        yield Violation.of(name(), "assert",
            task(t) + ": '" + st.text() + "' fails (" + st.pos() + ")");
      }
      case Layout.FAULT_SLEEP_WITH_SPINLOCK -> Violation.of(name(), "sleep-in-atomic",
          task(t) + " calls schedule() while holding spinlock " + lock(info));
      case Layout.FAULT_EXIT_WITH_SPINLOCK -> Violation.of(name(), "exit-in-atomic",
          task(t) + " exits while holding spinlock " + lock(info));
      case Layout.FAULT_UNLOCK_NOT_HELD -> Violation.of(name(), "unlock-not-held",
          task(t) + " releases spinlock " + lock(info) + ", which it does not hold");
      case Layout.FAULT_MUTEX_NOT_OWNER -> Violation.of(name(), "mutex-not-owner",
          task(t) + " unlocks mutex " + model.layout().mutexName(info) + ", which it does not own");
      default -> Violation.of(name(), "fault", task(t) + ": fault " + kind);
    };
  }

  /** Its monitors remember nothing: workers of the parallel search evaluate it on their model copies. */
  @Override
  public schedcheck.checker.Property<KState, schedcheck.model.kernel.StepInfo> replica(
      schedcheck.checker.Model<KState, schedcheck.model.kernel.StepInfo> copy) {
    return new Assertions((KernelModel) copy);
  }
}
