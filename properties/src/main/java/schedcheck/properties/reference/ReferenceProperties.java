package schedcheck.properties.reference;

import java.util.ArrayList;
import java.util.List;
import schedcheck.checker.Monitor;
import schedcheck.checker.Property;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Scenario;

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
    Waits waits = new Waits(model);
    for (String n : Scenario.PROPERTIES) {
      if (!names.contains(n)) {
        continue;
      }
      switch (n) {
        case "lost-wakeup" -> out.add(new RefLostWakeup(waits));
        case "deadlock" -> out.add(new RefDeadlock(waits));
        case "mutual-exclusion" -> out.add(new RefMutualExclusion(model));
        case "lock-order" -> out.add(new RefLockOrder(model));
        case "assertions" -> out.add(new RefAssertions(model));
        case "invariants" -> out.add(new Trivial("invariants"));
        case "starvation" -> { } // a liveness property: see RefStarvation
        default -> unsupported.add(n);
      }
    }
    return new Set(out, unsupported);
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
