package schedcheck.model.kernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every kernel variant schedcheck knows; {@code schedcheck list variants} prints them. */
public final class Variants {
  private Variants() {}

  public static final Variant FUTEX_F1 = new Variant(
      "futex-f1-unlocked-check",
      "FUTEX_WAIT reads the futex word before taking the bucket lock and queues without re-checking it (W2 before W1)",
      "A.F1");
  public static final Variant FUTEX_F3 = new Variant(
      "futex-f3-chain-empty-fastpath",
      "FUTEX_WAKE's fast path tests whether the bucket chain is empty instead of the waiters count (K1)",
      "A.F3");
  public static final Variant FUTEX_SWAP_F7 = new Variant(
      "futex-swap-f7-no-wake-on-error",
      "FUTEX_SWAP returns -EAGAIN from the wait half without waking the task its wake half dequeued (S2)",
      "A.F7");

  // ---- Proxy Execution: merged versions (kernel.variants names one; default: the newest) ----

  public static final Variant PE_V6_17 = new Variant(
      "pe-v6.17",
      "Proxy Execution as merged for v6.17: single-runqueue proxying; a remote or sleeping owner deactivates the donor",
      "");
  public static final Variant PE_V7_1 = new Variant(
      "pe-v7.1",
      "Proxy Execution as merged for v7.1: donor migration to the owner's cpu, PROXY_WAKING, blocked_lock, proxy_force_return",
      "");
  public static final Variant PE_V7_2 = new Variant(
      "pe-v7.2",
      "Proxy Execution as merged for v7.2 (the default): blocked_donor handoff, is_blocked, return migration only in ttwu",
      "");

  // ---- Proxy Execution: known bugs, each a small change to the step it concerns ----
  // (C.P4, owner == p at F10, is not offered: in the model of the merged versions the
  // unlocker clears or marks the handoff target's blocked_on in the same wait_lock hold as
  // the handoff, so the walk's F3 re-check catches it first and F10 is unreachable.)
  // (C.P3, the ABBA livelock of find_proxy_task, is in every merged version: it needs no
  // variant; examples/proxy/abba-p3.yaml expects it as a deadlock under each version.)

  public static final Variant PE_P1 = new Variant(
      "pe-p1-wake-without-return",
      "v7.1 mutex_unlock U3 clears the woken donor's blocked_on instead of marking it PROXY_WAKING, so nothing returns a proxy-migrated donor to its affinity",
      "C.P1");
  public static final Variant PE_P5 = new Variant(
      "pe-p5-stale-owner-cpu",
      "find_proxy_task drops the MIGRATING check (F8) and the re-check that the owner is queued on this cpu (F9)",
      "C.P5");
  public static final Variant PE_P6 = new Variant(
      "pe-p6-deactivate-before-idle",
      "proxy_deactivate dequeues the donor before proxy_resched_idle() switches rq->donor away from it",
      "C.P6");
  public static final Variant PE_P7 = new Variant(
      "pe-p7-migrate-curr",
      "find_proxy_task ignores curr_in_chain: it migrates (or deactivates) a chain that contains rq->curr, i.e. prev, before switching away from it",
      "C.P7");
  public static final Variant PE_P11 = new Variant(
      "pe-p11-wake-keeps-blocked-on",
      "v7.2 without the TASK_RUNNING => !blocked_on rule: neither mutex_unlock (U3) nor ttwu clears a woken waiter's blocked_on, so find_proxy_task may deactivate a TASK_RUNNING task",
      "C.P11");

  // ---- Synthetic variants: not from known-bugs (reproduces ""), each breaks one step so
  // that an invariant the merged kernels keep has a violating example. ----

  public static final Variant PE_X_WAKE_CPU = new Variant(
      "pe-x-set-task-cpu-clobbers-wake-cpu",
      "synthetic: proxy_migrate_task (MG1) moves the donor with set_task_cpu instead of proxy_set_task_cpu, so wake_cpu becomes the owner's cpu, outside the donor's affinity; not from known-bugs, to exercise INV-12.1",
      "");
  public static final Variant PE_X_NO_ENQUEUE = new Variant(
      "pe-x-migrate-never-enqueues",
      "synthetic: proxy_migrate_task's MG2 never activates the donor on the target cpu, so it stays on_rq MIGRATING with no helper to enqueue it; not from known-bugs, to exercise INV-1 (in transit)",
      "");

  private static final Map<String, Variant> ALL = new LinkedHashMap<>();

  static {
    for (Variant v : List.of(FUTEX_F1, FUTEX_F3, FUTEX_SWAP_F7, PE_V6_17, PE_V7_1, PE_V7_2,
        PE_P1, PE_P5, PE_P6, PE_P7, PE_P11, PE_X_WAKE_CPU, PE_X_NO_ENQUEUE)) {
      ALL.put(v.name(), v);
    }
  }

  public static List<Variant> all() {
    return List.copyOf(ALL.values());
  }

  public static Set<String> names() {
    return ALL.keySet();
  }

  /** The Proxy Execution versions, oldest first. */
  public static final List<Variant> PE_VERSIONS = List.of(PE_V6_17, PE_V7_1, PE_V7_2);

  public static Variant byName(String name) {
    return ALL.get(name);
  }

  /** Whether {@code v} is one of the Proxy Execution versions. */
  public static boolean isVersion(Variant v) {
    return PE_VERSIONS.contains(v);
  }

  /** Whether {@code v} changes Proxy Execution (a version or a {@code pe-*} bug): it needs {@code proxy: true}. */
  public static boolean needsProxy(Variant v) {
    return v.name().startsWith("pe-");
  }

  /**
   * The Proxy Execution versions whose code has the step a bug variant changes (the variant
   * does nothing under the others): pe-p1 changes v7.1's PROXY_WAKING marking, pe-p11
   * v7.2's blocked_on clearing, the pe-x variants proxy_migrate_task (v7.1 and later); the
   * other pe-* bugs change steps every version has. Empty for a variant that is not a pe-*
   * bug (a version, or a futex variant, which applies with or without proxy execution).
   */
  public static List<Variant> versionsFor(Variant v) {
    if (v == PE_P1) {
      return List.of(PE_V7_1);
    }
    if (v == PE_P11) {
      return List.of(PE_V7_2);
    }
    if (v == PE_X_WAKE_CPU || v == PE_X_NO_ENQUEUE) {
      return List.of(PE_V7_1, PE_V7_2);
    }
    if (needsProxy(v) && !isVersion(v)) {
      return PE_VERSIONS;
    }
    return List.of();
  }
}
