package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A kernel function as a sequence of labelled atomic steps, like PlusCal labels. Its
 * locals live in the task's kernel frame; the last local receives a callee's return value.
 */
public final class KFunction {
  public final String name;
  final String[] localNames;
  final List<KStep> steps = new ArrayList<>();
  private final Map<String, KStep> byLabel = new HashMap<>();
  private final StepTable table;

  KFunction(StepTable table, String name, String... localNames) {
    this.table = table;
    this.name = name;
    this.localNames = localNames;
  }

  /** Adds a step that needs no lock. */
  KFunction step(String label, String what, KStep.Body body) {
    return step(label, what, KStep.NO_LOCK, body);
  }

  /** Adds a step that first acquires the lock {@code guard} names (when it names one). */
  KFunction step(String label, String what, KStep.Guard guard, KStep.Body body) {
    if (byLabel.containsKey(label)) {
      throw new IllegalStateException(name + ": duplicate label " + label);
    }
    KStep s = table.add(this, label, what, guard, body);
    steps.add(s);
    byLabel.put(label, s);
    return this;
  }

  KStep entry() {
    return steps.get(0);
  }

  KStep at(String label) {
    KStep s = byLabel.get(label);
    if (s == null) {
      throw new IllegalStateException(name + ": no label " + label);
    }
    return s;
  }

  public List<KStep> steps() {
    return List.copyOf(steps);
  }

  /** Every step of every function, by id; ids start at 1 (0 means "no step"). */
  static final class StepTable {
    final List<KStep> all = new ArrayList<>();

    StepTable() {
      all.add(null);
    }

    KStep add(KFunction f, String label, String what, KStep.Guard guard, KStep.Body body) {
      KStep s = new KStep(all.size(), f, label, what, guard, body);
      all.add(s);
      return s;
    }

    KStep get(int id) {
      return all.get(id);
    }
  }
}
