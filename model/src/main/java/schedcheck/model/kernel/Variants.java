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

  // ---- Mutex handoff policy (known-bugs P14): mainline HANDOFF is the default ----

  public static final Variant MUTEX_NO_HANDOFF = new Variant(
      "mutex-no-handoff",
      "no HANDOFF: a woken first waiter that loses its trylock to a lock stealer never asks for a handoff (M9), so stealing is unbounded and the waiter can starve",
      "C.P14");
  public static final Variant MUTEX_FORCED_HANDOFF = new Variant(
      "mutex-forced-handoff",
      "the 2023 Proxy Execution drafts' policy: every unlock with waiters hands the mutex to the first waiter (U1), and there is no optimistic spinning (M1)",
      "");

  // ---- Proxy Execution: merged versions (kernel.variants names one; default: the newest) ----

  public static final Variant PE_V6_17 = new Variant(
      "pe-v6.17",
      "Proxy Execution as merged for v6.17: single-runqueue proxying; a remote or sleeping owner deactivates the donor (no curr_in_chain test)",
      "");
  public static final Variant PE_V7_1 = new Variant(
      "pe-v7.1",
      "Proxy Execution as merged for v7.1: donor migration to the owner's cpu, PROXY_WAKING, blocked_lock, proxy_force_return",
      "");
  public static final Variant PE_V7_2 = new Variant(
      "pe-v7.2",
      "Proxy Execution as merged for v7.2 (the default): blocked_donor handoff, is_blocked, return migration only in ttwu (ttwu_runnable clearing a still-set blocked_on is a reconstruction: no merged text found)",
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
      "find_proxy_task ignores curr_in_chain (v7.1+; v6.17 has no such test): it migrates (or deactivates) a chain that contains rq->curr, i.e. prev, before switching away from it",
      "C.P7");
  public static final Variant PE_P11 = new Variant(
      "pe-p11-wake-keeps-blocked-on",
      "v7.2 without the TASK_RUNNING => !blocked_on rule: neither mutex_unlock (U3) nor ttwu_runnable clears a woken waiter's blocked_on, so find_proxy_task may deactivate a TASK_RUNNING task (reconstruction: the fix's text was not found)",
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

  // ---- UMCG (docs/umcg.md; registration edit for the UMCG subsystem) ----

  public static final Variant UMCG_U1 = new Variant(
      "umcg-u1-read-before-set-state",
      "UMCG's umcg_wait loop reads self->state before set_current_state(TASK_INTERRUPTIBLE) (WL1/WL2 swapped): a server wake-up sent in between is lost",
      "B.U1");
  public static final Variant UMCG_U2 = new Variant(
      "umcg-u2-unvalidated-next-tid",
      "UMCG's umcg_get_task accepts any live task for next_tid (no same-group / UMCG-task test): sys_umcg_wait makes a worker of another server RUNNING",
      "B.U2");

  private static final Map<String, Variant> ALL = new LinkedHashMap<>();

  static {
    for (Variant v : List.of(FUTEX_F1, FUTEX_F3, FUTEX_SWAP_F7, MUTEX_NO_HANDOFF, MUTEX_FORCED_HANDOFF, PE_V6_17, PE_V7_1, PE_V7_2,
        PE_P1, PE_P5, PE_P6, PE_P7, PE_P11, PE_X_WAKE_CPU, PE_X_NO_ENQUEUE,
        UMCG_U1, UMCG_U2)) {
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

  // ---- What each merged Proxy Execution version's model rests on ----

  /**
   * The source of one modeled step (or group of steps) of a Proxy Execution version.
   *
   * @param steps the model's step labels and the kernel function, e.g. {@code find_proxy_task F6}
   * @param reconstruction true if the model's step is a reconstruction (no merged code text was
   *     found for it), false if it follows merged code or its commit mail
   * @param source the commit, patch mail or thread it follows, briefly
   */
  public record StepSource(String steps, boolean reconstruction, String source) {}

  private static StepSource merged(String steps, String source) {
    return new StepSource(steps, false, source);
  }

  private static StepSource reconstructed(String steps, String source) {
    return new StepSource(steps, true, source);
  }

  private static final Map<String, List<StepSource>> SOURCES = Map.of(
      PE_V6_17.name(), List.of(
          merged("mutex_lock M1-M10, mutex_unlock U1-U5 (blocked_on under wait_lock)",
              "tip commits 25c411fce735, 44e4e0297c3c (Jul 2025)"),
          merged("__schedule C1-C6 (a mutex-blocked prev stays queued; picked blocked task -> find_proxy_task)",
              "tip commits be41bde4c3a8, 7de9d4f94638"),
          merged("find_proxy_task F1-F12: a remote or sleeping owner deactivates the donor, no curr_in_chain test",
              "tip commit 7de9d4f94638 \"sched: Start blocked_on chain processing in find_proxy_task()\" (14 Jul 2025)"),
          merged("proxy_deactivate D1: TASK_RUNNING, or a signal pending (try_to_block_task), fails; failure clears blocked_on",
              "tip commit 7de9d4f94638"),
          reconstructed("__schedule C2: a signal pending for a mutex waiter clears its blocked_on with TASK_RUNNING",
              "the v6.17 comment as the domain reference reports it; code not seen"),
          merged("find_proxy_task F1: no cycle detection, the walk spins round a blocked_on cycle (P3)",
              "no merged bound; zhidao su's unmerged \"Limit find_proxy_task() chain depth\" (LKML, Apr 2026)")),
      PE_V7_1.name(), List.of(
          merged("blocked_lock; mutex_unlock U3 marks the woken waiter PROXY_WAKING",
              "tip commit 2d7622669836 (3 Apr 2026)"),
          merged("find_proxy_task curr_in_chain, proxy_migrate_task MG1-MG3, proxy_force_return FR1-FR5",
              "commit b049b81bdff6 \"sched: Handle blocked-waiter migration (and return migration)\" (v26 10/10, Mar 2026)"),
          merged("proxy_deactivate D1 as v6.17; a failure force-returns the donor",
              "commit b049b81bdff6"),
          merged("try_to_wake_up: no Proxy Execution logic (a signalled donor stays a donor until the unlock, P12)",
              "K Prateek Nayak, v26 thread, 27 Mar 2026 (lkml.iu.edu 2604.0/03841)")),
      PE_V7_2.name(), List.of(
          merged("mutex_unlock U1/U2b/U2c and find_proxy_task F11: blocked_donor handoff",
              "commit 1628b25248d0 \"sched: Add blocked_donor link to task for smarter mutex handoffs\""),
          merged("is_blocked (set by __schedule C2, tested by __schedule and the walk); waking = is_blocked && !blocked_on",
              "commits 4c2a20413d7f \"sched: Add is_blocked task flag\", be365ce2bc20, ec9d4f1c4241 \"sched/proxy: Remove PROXY_WAKING\""),
          reconstructed("__schedule C2 sets is_blocked only for a mutex-blocked prev",
              "PeterZ's suggestion in the v29 cover (May 2026); a third-party reading says every blocking prev"),
          merged("try_to_wake_up T3 proxy_needs_return: a queued waking task off its wake_cpu and not curr is dequeued and placed by the full path",
              "commits f13beb010e4a \"sched: Have try_to_wake_up() handle return-migration\", 7918cf369361 \"sched/proxy: Only return migrate when needed\"; code text from v23 7/9 (Oct 2025)"),
          reconstructed("try_to_wake_up T3 (ttwu_runnable): a queued task whose blocked_on is still a mutex (signal, stray wake) loses it; P11 and P12 results rest on this",
              "PeterZ, v26 thread, 3 Apr 2026: ttwu returns tasks \"This includes signals\", \"TASK_RUNNING must imply !->blocked_on\"; no merged code found"),
          merged("try_to_wake_up T4: the off-rq path does not clear blocked_on",
              "commit abc40cca0efd \"sched/proxy: Optimize try_to_wake_up()\""),
          merged("find_proxy_task F6: a sleeping owner clears p->blocked_on and deactivates p",
              "commit abc40cca0efd (proxy_deactivate WARNs on a set blocked_on)"),
          reconstructed("find_proxy_task F5: an ownerless mutex clears p->blocked_on and deactivates p unless p is curr",
              "implied by the WARN of commit abc40cca0efd and a third-party reading of the v7.2 tree; text not found"),
          merged("proxy_deactivate D1: never fails, no TASK_RUNNING or signal check (block_task)",
              "commit f0c1ecde6447 \"sched: Rework block_task so it can be directly called\"; PeterZ, v26 thread, 3 Apr 2026"),
          reconstructed("proxy_migrate_task MG1-MG3: moves one task, as v7.1",
              "whole-chain migration (\"sched: Migrate whole chain in proxy_migrate_task()\", v29 series; when it merged is not verified) is not modeled")));

  /** What the model of a Proxy Execution version rests on, step by step; empty for other variants. */
  public static List<StepSource> sources(Variant v) {
    return SOURCES.getOrDefault(v.name(), List.of());
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
   * v7.2's blocked_on clearing, pe-p7 the curr_in_chain test and the pe-x variants
   * proxy_migrate_task (v7.1 and later: merged v6.17 has neither); the
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
    if (v == PE_X_WAKE_CPU || v == PE_X_NO_ENQUEUE || v == PE_P7) {
      return List.of(PE_V7_1, PE_V7_2);
    }
    if (needsProxy(v) && !isVersion(v)) {
      return PE_VERSIONS;
    }
    return List.of();
  }
}
