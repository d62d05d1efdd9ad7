package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every kernel variant schedcheck knows; {@code schedcheck list variants} prints them. A
 * variant registers itself where it is declared, in the subsystem that owns the steps it
 * changes ({@code static final Variant X = VARIANTS.add(...)} with a {@link Group} of that
 * subsystem); the groups are listed by rank, each in declaration order. The Proxy Execution
 * versions, which change several subsystems, are declared here.
 */
public final class Variants {
  private Variants() {}

  /** A subsystem's variants, in declaration order; groups are listed by rank. */
  public static final class Group {
    final int rank;
    final List<Variant> variants = new ArrayList<>();

    private Group(int rank) {
      this.rank = rank;
    }

    /** Registers {@code v}. */
    public Variant add(Variant v) {
      synchronized (Variants.class) {
        if (registry != null) {
          throw new IllegalStateException("variant " + v.name() + " registered after the variants were listed");
        }
        variants.add(v);
      }
      return v;
    }

    /**
     * Registers a Proxy Execution bug variant that changes a step only {@code versions} have
     * (it does nothing under the others; {@link #versionsFor}).
     */
    public Variant add(Variant v, Variant... versions) {
      add(v);
      synchronized (Variants.class) {
        VERSIONS_FOR.put(v.name(), List.of(versions));
      }
      return v;
    }
  }

  // (Declared before every registration: a subsystem may register while this class initializes.)
  private static final List<Group> GROUPS = new ArrayList<>();
  private static final Map<String, List<Variant>> VERSIONS_FOR = new HashMap<>();
  /** Every variant by name, in listing order; built on first use, after the subsystems registered. */
  private static volatile Map<String, Variant> registry;

  /** A new group of variants; {@code rank} orders the groups in listings. */
  public static synchronized Group group(int rank) {
    Group g = new Group(rank);
    GROUPS.add(g);
    return g;
  }

  private static Map<String, Variant> registry() {
    Map<String, Variant> r = registry;
    if (r != null) {
      return r;
    }
    // Outside the lock: a subsystem's class initialization registers into it.
    Kernel.loadSubsystems();
    synchronized (Variants.class) {
      if (registry != null) {
        return registry;
      }
      List<Group> gs = new ArrayList<>(GROUPS);
      gs.sort(Comparator.comparingInt(g -> g.rank));
      Map<String, Variant> all = new LinkedHashMap<>();
      for (Group g : gs) {
        for (Variant v : g.variants) {
          if (all.put(v.name(), v) != null) {
            throw new IllegalStateException("two variants named " + v.name());
          }
        }
      }
      registry = all;
      return all;
    }
  }

  // ---- Proxy Execution: merged versions (kernel.variants names one; default: the newest) ----

  /** Ranks of the groups: futex, mutex, Proxy Execution versions, Proxy Execution bugs. */
  static final int RANK_FUTEX = 10;
  static final int RANK_MUTEX = 20;
  static final int RANK_PE_VERSIONS = 30;
  static final int RANK_PE_BUGS = 40;
  static final int RANK_UMCG = 50;

  private static final Group PE = group(RANK_PE_VERSIONS);

  public static final Variant PE_V6_17 = PE.add(new Variant(
      "pe-v6.17",
      "Proxy Execution as merged for v6.17: single-runqueue proxying; a remote or sleeping owner deactivates the donor (no curr_in_chain test)",
      ""));
  public static final Variant PE_V7_1 = PE.add(new Variant(
      "pe-v7.1",
      "Proxy Execution as merged for v7.1: donor migration to the owner's cpu, PROXY_WAKING, blocked_lock, proxy_force_return",
      ""));
  public static final Variant PE_V7_2 = PE.add(new Variant(
      "pe-v7.2",
      "Proxy Execution as merged for v7.2 (the default): blocked_donor handoff, is_blocked, return migration only in ttwu (ttwu_runnable clearing a still-set blocked_on is a reconstruction: no merged text found)",
      ""));

  /** The Proxy Execution versions, oldest first. */
  public static final List<Variant> PE_VERSIONS = List.of(PE_V6_17, PE_V7_1, PE_V7_2);

  public static List<Variant> all() {
    return List.copyOf(registry().values());
  }

  public static Set<String> names() {
    return Collections.unmodifiableSet(registry().keySet());
  }

  public static Variant byName(String name) {
    return registry().get(name);
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

  /**
   * Whether {@code v} (a name in kernel.variants) is a UMCG version (umcg-v0.9.1, declared in
   * the UMCG subsystem; PeterZ's rework when none is named): an API version, so the reference
   * semantics at {@code kernel.detail: syscall} follows it too.
   */
  public static boolean isUmcgVersion(String v) {
    return v.startsWith("umcg-v");
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
    registry();
    List<Variant> declared;
    synchronized (Variants.class) {
      declared = VERSIONS_FOR.get(v.name());
    }
    if (declared != null) {
      return declared;
    }
    if (needsProxy(v) && !isVersion(v)) {
      return PE_VERSIONS;
    }
    return List.of();
  }
}
