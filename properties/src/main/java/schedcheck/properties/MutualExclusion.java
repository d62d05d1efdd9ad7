package schedcheck.properties;

import java.util.ArrayList;
import java.util.List;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;

/** {@code mutual-exclusion}: two tasks between {@code enter} and {@code leave} at once. */
public final class MutualExclusion extends StateProperty {

  public MutualExclusion(KernelModel model) {
    super(model, "mutual-exclusion");
  }

  @Override
  protected Violation check(KState s) {
    List<String> in = new ArrayList<>(2);
    for (int t = 0; t < model.layout().tasks; t++) {
      if (s.inCritical(t)) {
        in.add(task(t));
      }
    }
    if (in.size() < 2) {
      return null;
    }
    return Violation.of(name(), "", String.join(" and ", in) + " are in their critical sections at once");
  }

  /** Its monitors remember nothing: workers of the parallel search evaluate it on their model copies. */
  @Override
  public schedcheck.checker.Property<KState, schedcheck.model.kernel.StepInfo> replica(
      schedcheck.checker.Model<KState, schedcheck.model.kernel.StepInfo> copy) {
    return new MutualExclusion((KernelModel) copy);
  }
}
