package schedcheck.properties;

import schedcheck.checker.Monitor;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;

/** A property that is a predicate on single states, checked in every reachable state. */
public abstract class StateProperty extends KernelProperty {

  protected StateProperty(KernelModel model, String name) {
    super(model, name);
  }

  /** Why state s violates the property, or null. */
  protected abstract Violation check(KState s);

  @Override
  public final Monitor<KState, StepInfo> newMonitor() {
    return new Monitor<>() {
      @Override
      public Violation onState(KState s) {
        return check(s);
      }
    };
  }
}
