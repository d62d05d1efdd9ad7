package schedcheck.properties.reference;

import java.util.ArrayList;
import java.util.List;
import schedcheck.checker.Monitor;
import schedcheck.checker.Property;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.properties.PropertyRegistry;

/**
 * The properties of the reference semantics ({@code kernel.detail: syscall}), written from
 * the contract's property table over {@link RefState}s, sharing no logic with the steps
 * model's properties. Names and violation kinds are the steps model's.
 *
 * <p>{@code invariants} names the kernel model's own consistency invariants; at this level
 * there is no kernel model, so it has nothing to check and holds trivially (it is accepted and
 * listed as checked).
 */
public final class ReferenceProperties {
  private ReferenceProperties() {}

  /** The checked properties and the names asked for that cannot be checked yet. */
  public record Set(List<Property<RefState, RefStep>> checked, List<String> unsupported) {
    public Set {
      checked = List.copyOf(checked);
      unsupported = List.copyOf(unsupported);
    }

    /** The property called {@code name}, or null. */
    public Property<RefState, RefStep> named(String name) {
      for (Property<RefState, RefStep> p : checked) {
        if (p.name().equals(name)) {
          return p;
        }
      }
      return null;
    }
  }

  /** The properties of {@code names} (contract names), in the contract's order. */
  public static Set of(ReferenceModel model, List<String> names) {
    List<Property<RefState, RefStep>> out = new ArrayList<>();
    List<String> unsupported = new ArrayList<>();
    Context context = new Context(model);
    for (String n : Scenario.PROPERTIES) {
      if (!names.contains(n)) {
        continue;
      }
      PropertyRegistry.Entry e = PropertyRegistry.of(n);
      if (e == null) {
        unsupported.add(n);
      } else if (e.reference() != null) {
        out.add(e.reference().apply(context));
      } // else a liveness property only: see RefStarvation
    }
    return new Set(out, unsupported);
  }

  /** What the reference monitors are built from: the model and its wait analysis, shared. */
  public static final class Context {
    final ReferenceModel model;
    final Waits waits;

    Context(ReferenceModel model) {
      this.model = model;
      this.waits = new Waits(model);
    }
  }

  // the reference halves of the registrations in PropertyRegistry

  public static Property<RefState, RefStep> lostWakeup(Context c) {
    return new RefLostWakeup(c.waits);
  }

  public static Property<RefState, RefStep> deadlock(Context c) {
    return new RefDeadlock(c.waits);
  }

  public static Property<RefState, RefStep> mutualExclusion(Context c) {
    return new RefMutualExclusion(c.model);
  }

  public static Property<RefState, RefStep> lockOrder(Context c) {
    return new RefLockOrder(c.model);
  }

  public static Property<RefState, RefStep> assertions(Context c) {
    return new RefAssertions(c.model);
  }

  /** {@code invariants}: the kernel model's own invariants; nothing to check at this level. */
  public static Property<RefState, RefStep> invariants(Context c) {
    return new Trivial("invariants");
  }

  /** A property with nothing to check at this level. */
  record Trivial(String name) implements Property<RefState, RefStep> {
    @Override
    public Monitor<RefState, RefStep> newMonitor() {
      return new Monitor<>() {};
    }

    @Override
    public Property<RefState, RefStep> replica(schedcheck.checker.Model<RefState, RefStep> copy) {
      return this;
    }
  }
}
