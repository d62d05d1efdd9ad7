package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import schedcheck.model.scenario.Scenario;

/**
 * Variants register themselves in the subsystem that owns the steps they change, and patch
 * those steps when a function is built: a kernel built with a bug variant has exactly the
 * variant's steps replaced (same labels, same ids, so the state encoding is that of the
 * correct kernel's), and nothing else differs.
 */
class VariantPatchTest {

  static Scenario withVariants(Scenario sc, List<String> variants) {
    Scenario.Kernel k = sc.kernel();
    return new Scenario(sc.file(), sc.name(), sc.description(), sc.cpus(),
        new Scenario.Kernel(k.proxy(), variants, k.lockOrder(), k.futexBuckets(), k.detail()),
        sc.memory(), sc.mutexes(), sc.locks(), sc.tasks(), sc.check(), sc.bounds(), sc.expect());
  }

  static Kernel kernel(Scenario sc) {
    return new Kernel(new Layout(sc));
  }

  /** The steps variant v patched or added, as "function label". */
  static Set<String> patched(Kernel k, Variant v) {
    Set<String> out = new TreeSet<>();
    for (KStep s : k.steps()) {
      if (s.function.patchedBy(s.label) == v) {
        out.add(s.function.name + " " + s.label);
      }
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "examples/f1-unlocked-check.yaml; futex-f1-unlocked-check; futex_wait W1|futex_wait W2",
      "examples/f3-chain-empty-fastpath.yaml; futex-f3-chain-empty-fastpath; futex_swap S1.K1|futex_wake K1",
      "examples/f7-swap-no-wake.yaml; futex-swap-f7-no-wake-on-error; futex_swap S2.W2",
      "examples/liveness/handoff-steal-no-handoff.yaml; mutex-no-handoff; mutex_lock M9b",
      "examples/liveness/handoff-steal-forced.yaml; mutex-forced-handoff; mutex_lock M1|mutex_unlock U1",
      "examples/proxy/p1-wake-without-return.yaml; pe-p1-wake-without-return; mutex_unlock U3",
      "examples/proxy/p5-stale-owner.yaml; pe-p5-stale-owner-cpu; find_proxy_task F7",
      "examples/proxy/p7-migrate-curr.yaml; pe-p7-migrate-curr; find_proxy_task F3|find_proxy_task F7",
      "examples/proxy/p11-lost-wakeup.yaml; pe-p11-wake-keeps-blocked-on; mutex_unlock U2c|mutex_unlock U3|try_to_wake_up T3",
      "examples/proxy/p6-deactivate-before-idle.yaml; pe-p6-deactivate-before-idle; proxy_deactivate D1|proxy_deactivate D2",
      "examples/proxy/x-wake-cpu-clobbered.yaml; pe-x-set-task-cpu-clobbers-wake-cpu; proxy_migrate_task MG1",
      "examples/proxy/x-migrate-never-enqueues.yaml; pe-x-migrate-never-enqueues; proxy_migrate_task MG2",
      "examples/umcg/u1-read-before-set-state.yaml; umcg-u1-read-before-set-state; umcg_wait WL1|umcg_wait WL2|umcg_wait WL3",
      "examples/umcg/u2-unvalidated-next-tid.yaml; umcg-u2-unvalidated-next-tid; sys_umcg_kick K1|sys_umcg_wait UW2"})
  void aBugVariantPatchesExactlyItsSteps(String path, String name, String steps) throws Exception {
    Scenario sc = SymmetryTest.load(path);
    Variant v = Variants.byName(name);
    assertTrue(sc.kernel().variants().contains(name), path + " runs " + name);
    Kernel with = kernel(sc);
    List<String> others = new ArrayList<>(sc.kernel().variants());
    others.remove(name);
    Kernel without = kernel(withVariants(sc, others));

    assertEquals(new TreeSet<>(List.of(steps.split("\\|"))), patched(with, v));
    assertEquals(Set.of(), patched(without, v));
    // Same steps in the same order (ids), except a step only the variant has; only the
    // patched steps have other bodies.
    List<KStep> a = with.steps();
    List<KStep> b = without.steps();
    int j = 0;
    for (KStep s : a) {
      if (s.function.patchedBy(s.label) == v && !b.get(j).label.equals(s.label)) {
        continue; // a step the variant adds
      }
      KStep t = b.get(j++);
      assertEquals(t.function.name + " " + t.label, s.function.name + " " + s.label);
      if (s.function.patchedBy(s.label) == v) {
        assertNotSame(t.body, s.body);
      }
    }
    assertEquals(b.size(), j);
  }

  @Test
  void twoVariantsPatchingOneStepAreBothRecorded() throws Exception {
    Scenario sc = SymmetryTest.load("examples/proxy/p5-stale-owner.yaml");
    List<String> vs = new ArrayList<>(sc.kernel().variants());
    vs.add(Proxy.P7.name());
    Kernel k = kernel(withVariants(sc, vs));
    KFunction walk = k.proxy.findProxy;
    assertEquals(List.of(Proxy.P7, Proxy.P5), walk.patchers("F7")); // pe-p7's piece is chosen before F7 is declared
    assertEquals(List.of(Proxy.P7), walk.patchers("F3"));
    assertSame(Proxy.P7, walk.patchedBy("F7"));
    assertEquals(List.of(), walk.patchers("F1"));
    // pe-p7 under v6.17, which has no curr_in_chain test: nothing to patch
    Kernel v617 = kernel(withVariants(sc, List.of("pe-v6.17", Proxy.P7.name())));
    assertEquals(Set.of(), patched(v617, Proxy.P7));
  }

  @Test
  void theCorrectKernelHasNoPatchedStep() throws Exception {
    for (String path : List.of("examples/futex-mutex.yaml", "examples/swap-ping-pong.yaml", "examples/proxy/chain3-two-cpus.yaml",
        "examples/umcg/switch-to.yaml")) {
      for (KStep s : kernel(SymmetryTest.load(path)).steps()) {
        assertNull(s.function.patchedBy(s.label), s.toString());
      }
    }
  }

  @Test
  void variantsRegisterThemselvesInListingOrder() {
    List<String> names = Variants.all().stream().map(Variant::name).toList();
    assertEquals(List.of("futex-f1-unlocked-check", "futex-f3-chain-empty-fastpath", "futex-swap-f7-no-wake-on-error",
        "mutex-no-handoff", "mutex-forced-handoff", "pe-v6.17", "pe-v7.1", "pe-v7.2", "pe-p1-wake-without-return",
        "pe-p5-stale-owner-cpu", "pe-p6-deactivate-before-idle", "pe-p7-migrate-curr", "pe-p11-wake-keeps-blocked-on",
        "pe-x-set-task-cpu-clobbers-wake-cpu", "pe-x-migrate-never-enqueues", "umcg-v0.9.1", "umcg-u1-read-before-set-state",
        "umcg-u2-unvalidated-next-tid"), names);
    assertSame(Futex.F1, Variants.byName("futex-f1-unlocked-check"));
    assertSame(Proxy.P11, Variants.byName("pe-p11-wake-keeps-blocked-on"));
    // registering once the variants were listed would change a listing already given
    assertThrows(IllegalStateException.class, () -> Futex.VARIANTS.add(new Variant("late", "", "")));
  }

  @Test
  void versionsEachBugAppliesToAreDeclaredWithIt() {
    assertEquals(List.of(Variants.PE_V7_1), Variants.versionsFor(Proxy.P1));
    assertEquals(List.of(Variants.PE_V7_2), Variants.versionsFor(Proxy.P11));
    for (Variant v : List.of(Proxy.P7, Proxy.X_WAKE_CPU, Proxy.X_NO_ENQUEUE)) {
      assertEquals(List.of(Variants.PE_V7_1, Variants.PE_V7_2), Variants.versionsFor(v));
    }
    assertEquals(Variants.PE_VERSIONS, Variants.versionsFor(Proxy.P5));
    assertEquals(Variants.PE_VERSIONS, Variants.versionsFor(Proxy.P6));
    assertEquals(List.of(), Variants.versionsFor(Futex.F1));
    assertEquals(List.of(), Variants.versionsFor(Mutex.NO_HANDOFF));
    assertEquals(List.of(), Variants.versionsFor(Variants.PE_V7_1));
  }
}
