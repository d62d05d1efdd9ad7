package schedcheck.properties.reference;

import java.util.ArrayList;
import java.util.List;
import schedcheck.checker.Monitor;
import schedcheck.checker.Property;
import schedcheck.checker.Violation;
import schedcheck.model.reference.RefShape;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.model.reference.ReferenceModel;

/** {@code mutual-exclusion}: two tasks between {@code enter} and {@code leave} at once. */
final class RefMutualExclusion implements Property<RefState, RefStep> {
  private final RefShape shape;

  RefMutualExclusion(ReferenceModel model) {
    this.shape = model.shape();
  }

  @Override
  public String name() {
    return "mutual-exclusion";
  }

  @Override
  public Monitor<RefState, RefStep> newMonitor() {
    return new Monitor<>() {
      @Override
      public Violation onState(RefState s) {
        List<String> in = new ArrayList<>(2);
        for (int t = 0; t < shape.tasks; t++) {
          if (shape.has(s, t, RefShape.F_CRITICAL)) {
            in.add(shape.taskName(t));
          }
        }
        return in.size() < 2 ? null
            : Violation.of(name(), "", String.join(" and ", in) + " are in their critical sections at once");
      }
    };
  }

  /** Its monitors remember nothing: workers of the parallel search evaluate it on their model copies. */
  @Override
  public Property<RefState, RefStep> replica(schedcheck.checker.Model<RefState, RefStep> copy) {
    return new RefMutualExclusion((ReferenceModel) copy);
  }
}
