package schedcheck.properties;

import schedcheck.checker.Property;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.KernelQueries;
import schedcheck.model.kernel.StepInfo;

/** A property over kernel states of one scenario's model. */
public abstract class KernelProperty implements Property<KState, StepInfo> {
  protected final KernelModel model;
  /** The questions this property asks of states ({@link KernelModel#queries()}). */
  protected final KernelQueries queries;
  private final String name;

  protected KernelProperty(KernelModel model, String name) {
    this.model = model;
    this.queries = model.queries();
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  protected String task(int t) {
    return t < 0 ? "idle" : model.layout().taskName(t);
  }

  protected String lock(int l) {
    return model.layout().lockName(l);
  }
}
