package schedcheck.counterexamples;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KStep;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Variant;
import schedcheck.model.kernel.StepInfo;

/**
 * Marks on a counterexample's steps: the two racing steps (from the explanation: a wake that
 * came before the sleeper was queued, the two acquisitions of a lock cycle, the two entries
 * into a critical section) and the steps that run code a bug variant changed (by the step's
 * kernel label; {@code schedcheck list variants} says what each changes).
 */
public final class Marks {
  private Marks() {}

  /** The kernel steps each bug variant changes, as {@code function label} (the labels in the step texts). */
  static final Map<String, Set<String>> VARIANT_STEPS = Map.ofEntries(
      Map.entry("futex-f1-unlocked-check", Set.of("futex_wait W1", "futex_wait W2")),
      Map.entry("futex-f3-chain-empty-fastpath", Set.of("futex_wake K1", "futex_swap S1.K1")),
      Map.entry("futex-swap-f7-no-wake-on-error", Set.of("futex_swap S2.W2")),
      Map.entry("pe-p1-wake-without-return", Set.of("mutex_unlock U3")),
      Map.entry("pe-p5-stale-owner-cpu", Set.of("find_proxy_task F7")),
      Map.entry("pe-p6-deactivate-before-idle", Set.of("proxy_deactivate D1", "proxy_deactivate D2")),
      Map.entry("pe-p7-migrate-curr", Set.of("find_proxy_task F7")),
      Map.entry("pe-p11-wake-keeps-blocked-on", Set.of("mutex_unlock U3", "try_to_wake_up T3")),
      Map.entry("pe-x-set-task-cpu-clobbers-wake-cpu", Set.of("proxy_migrate_task MG1")),
      Map.entry("pe-x-migrate-never-enqueues", Set.of("proxy_migrate_task MG2")));

  /** Step index (0-based) to its marks, e.g. {@code << race} or {@code << changed by pe-p5-stale-owner-cpu}. */
  public static Map<Integer, String> of(KernelModel model, Trace trace, Violation v) {
    Map<Integer, String> out = new TreeMap<>();
    int[] race = v == null ? null : Explanation.racing(model, trace, v);
    if (race != null) {
      out.put(race[0] - 1, "<< race");
      out.merge(race[1] - 1, "<< race", (a, b) -> a + " " + b);
    }
    List<String> variants = model.layout().scenario.kernel().variants();
    Map<String, Set<String>> changed = new TreeMap<>();
    for (String var : variants) {
      // UMCG's variants: the steps each patched (the hand-kept list stays as it is for the
      // others, whose reports are pinned: mutex-no-handoff, for one, is in neither)
      changed.put(var, var.startsWith("umcg-") ? patchedSteps(model, var) : VARIANT_STEPS.getOrDefault(var, Set.of()));
    }
    for (int i = 0; i < trace.length(); i++) {
      StepInfo s = trace.steps().get(i).step();
      String label = CompactRenderer.label(s);
      for (String var : variants) {
        if (changed.get(var).contains(label)) {
          out.merge(i, "<< changed by " + var, (a, b) -> a + " " + b);
        }
      }
    }
    return out;
  }

  /**
   * The steps variant {@code var} patched when the model's kernel was built ({@code
   * KFunction.patchedBy}), as {@code function label}: UMCG's variants are not in the
   * hand-kept {@link #VARIANT_STEPS}; their marks follow their declarations.
   */
  static Set<String> patchedSteps(KernelModel model, String var) {
    Set<String> out = new TreeSet<>();
    for (KStep st : model.kernel().steps()) {
      Variant v = st.function.patchedBy(st.label);
      if (v != null && v.name().equals(var)) {
        out.add(st.function.name + " " + st.label);
      }
    }
    return out;
  }
}
