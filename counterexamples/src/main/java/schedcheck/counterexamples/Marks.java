package schedcheck.counterexamples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KStep;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Variant;
import schedcheck.model.kernel.StepInfo;

/**
 * Marks on a counterexample's steps: the two racing steps (from the explanation: a wake that
 * came before the sleeper was queued, the two acquisitions of a lock cycle, the two entries
 * into a critical section) and the steps that run code a bug variant changed (the steps the
 * variant patched when the kernel was built, {@code KFunction.patchers}, found by the step's
 * kernel label; {@code schedcheck list variants} says what each changes).
 */
public final class Marks {
  private Marks() {}

  /**
   * The kernel steps a variant in force changed, as {@code function label} (the labels in the
   * step texts) to the variant's name: the steps it patched or added when the kernel's
   * functions were built ({@link schedcheck.model.kernel.KFunction#patchedBy}).
   */
  static Map<String, List<String>> variantSteps(KernelModel model) {
    Map<String, List<String>> out = new HashMap<>();
    for (KStep s : model.kernel().steps()) {
      for (Variant v : s.function.patchers(s.label)) {
        out.computeIfAbsent(s.function.name + " " + s.label, l -> new ArrayList<>()).add(v.name());
      }
    }
    return out;
  }

  /** Step index (0-based) to its marks, e.g. {@code << race} or {@code << changed by pe-p5-stale-owner-cpu}. */
  public static Map<Integer, String> of(KernelModel model, Trace trace, Violation v) {
    Map<Integer, String> out = new TreeMap<>();
    int[] race = v == null ? null : Explanation.racing(model, trace, v);
    if (race != null) {
      out.put(race[0] - 1, "<< race");
      out.merge(race[1] - 1, "<< race", (a, b) -> a + " " + b);
    }
    Map<String, List<String>> changed = variantSteps(model);
    for (int i = 0; i < trace.length(); i++) {
      StepInfo s = trace.steps().get(i).step();
      for (String var : changed.getOrDefault(CompactRenderer.label(s), List.of())) {
        out.merge(i, "<< changed by " + var, (a, b) -> a + " " + b);
      }
    }
    return out;
  }
}
