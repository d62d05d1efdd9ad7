package schedcheck.properties;

import java.util.ArrayList;
import java.util.List;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.Scenario;

/**
 * The properties a scenario asks for, built over its model from their registrations ({@link
 * PropertyRegistry}), and those it asks for that schedcheck cannot check yet.
 */
public record PropertySet(List<KernelProperty> checked, List<String> unsupported) {

  /** Properties schedcheck does not check yet: the contract's names nothing registers ({@link PropertyRegistry}). */
  public static final List<String> NOT_SUPPORTED =
      Scenario.PROPERTIES.stream().filter(n -> !PropertyRegistry.supported(n)).toList();

  public PropertySet {
    checked = List.copyOf(checked);
    unsupported = List.copyOf(unsupported);
  }

  /** The properties of {@code names} (contract names), in the contract's order. */
  public static PropertySet of(KernelModel model, List<String> names) {
    List<KernelProperty> out = new ArrayList<>();
    List<String> unsupported = new ArrayList<>();
    for (String n : Scenario.PROPERTIES) {
      if (!names.contains(n)) {
        continue;
      }
      PropertyRegistry.Entry e = PropertyRegistry.of(n);
      if (e == null) {
        unsupported.add(n);
      } else if (e.kernel() != null) {
        out.add(e.kernel().apply(model));
      } // else a liveness property only: see liveness()
    }
    return new PropertySet(out, unsupported);
  }

  /**
   * The liveness pass the properties of {@code names} need, or null: {@code starvation}
   * (with livelock), and {@code lost-wakeup} in infinite executions (a sleeper whose wake was
   * lost while other tasks run for ever).
   */
  public static Starvation liveness(KernelModel model, List<String> names, Starvation.Fairness fairness) {
    boolean starvation = names.contains("starvation");
    boolean lost = names.contains("lost-wakeup");
    return starvation || lost ? new Starvation(model, starvation, lost, fairness) : null;
  }

  /**
   * Whether some checked property flags a state on its own ({@link
   * schedcheck.checker.Monitor#onState}); null when none looks at states. The kernel model's
   * mover reduction stores every state this flags ({@link KernelModel#observing}).
   */
  public java.util.function.Predicate<KState> flagsState() {
    List<schedcheck.checker.Monitor<KState, StepInfo>> monitors = new ArrayList<>();
    for (KernelProperty p : checked) {
      if (!(p instanceof LockOrder)) {
        monitors.add(p.newMonitor());
      }
    }
    if (monitors.isEmpty()) {
      return null;
    }
    return s -> {
      for (var m : monitors) {
        if (m.onState(s) != null) {
          return true;
        }
      }
      return false;
    };
  }

  /** As the checker's type. */
  public List<schedcheck.checker.Property<KState, StepInfo>> forSearch() {
    return List.copyOf(checked);
  }
}
