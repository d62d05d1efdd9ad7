package schedcheck.properties;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import schedcheck.checker.Property;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.properties.reference.ReferenceProperties;

/**
 * The registry of properties: each contract name ({@code check:} in a scenario, {@code
 * schedcheck list properties}) to what checks it on the kernel's small steps ({@link
 * PropertySet}) and on the reference semantics ({@link ReferenceProperties}). A new property
 * is one {@link #register} here (its monitor classes in files of their own); {@code
 * starvation} (and the lasso half of {@code lost-wakeup}) is the liveness pass ({@link
 * Starvation}), not a monitor. A name the contract knows and nothing registers is reported
 * as not supported yet.
 */
public final class PropertyRegistry {

  /**
   * One property.
   *
   * @param name its contract name
   * @param kernel its monitor over the kernel model, or null (liveness only)
   * @param reference its monitor over the reference semantics, or null (liveness only)
   */
  public record Entry(String name, Function<KernelModel, KernelProperty> kernel,
      Function<ReferenceProperties.Context, Property<RefState, RefStep>> reference) {

    /** Whether a safety monitor checks it (not only the liveness pass). */
    public boolean safety() {
      return kernel != null;
    }
  }

  private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();

  static {
    register(new Entry("lost-wakeup", LostWakeup::new, ReferenceProperties::lostWakeup));
    register(new Entry("deadlock", Deadlock::new, ReferenceProperties::deadlock));
    register(new Entry("starvation", null, null)); // a liveness property: see PropertySet.liveness
    register(new Entry("mutual-exclusion", MutualExclusion::new, ReferenceProperties::mutualExclusion));
    register(new Entry("lock-order", LockOrder::new, ReferenceProperties::lockOrder));
    register(new Entry("assertions", Assertions::new, ReferenceProperties::assertions));
    register(new Entry("invariants", Invariants::new, ReferenceProperties::invariants));
  }

  private PropertyRegistry() {}

  /** Adds a property; its name must be new. */
  public static synchronized void register(Entry e) {
    if (BY_NAME.putIfAbsent(e.name(), e) != null) {
      throw new IllegalStateException("property registered twice: " + e.name());
    }
  }

  /** The property called {@code name}, or null when none is registered. */
  public static synchronized Entry of(String name) {
    return BY_NAME.get(name);
  }

  /** Every registered property, in registration order. */
  public static synchronized List<Entry> all() {
    return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values()));
  }

  /** Whether {@code name} is checked (registered). */
  public static boolean supported(String name) {
    return of(name) != null;
  }
}
