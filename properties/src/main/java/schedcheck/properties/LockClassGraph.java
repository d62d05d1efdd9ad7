package schedcheck.properties;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import schedcheck.checker.Monitor;
import schedcheck.checker.Property;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KStep;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.KernelQueries;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.LockEvent;
import schedcheck.model.kernel.StepInfo;

/**
 * What {@code schedcheck lockorder} watches during one search: every lockdep class edge
 * (a class C taken while a class D is held, with lockdep's nesting annotations as in {@link
 * LockOrder}), every nesting of two locks of one class out of ascending order without an
 * annotation, every wait-for cycle (an actual deadlock), and which kernel steps ran.
 *
 * <p>The search reports the first violation of each property name once, with its path; so
 * each new finding is reported as a "violation" of a property named after it ({@link
 * #EDGE}{@code D -> C}, {@link #NESTING}{@code C}, {@link #DEADLOCK}{@code message}), and the
 * search, exploring everything, hands back one shortest (BFS) execution per finding. An
 * edge is reported once per site that takes it ({@link #AT}: the kernel step, or the
 * program statement), so that every path that takes it is named. A step
 * may bring several findings; {@link #properties()} gives one property per finding slot.
 * None of them is a verdict: the command decides what contradicts the order.
 */
public final class LockClassGraph {
  public static final String EDGE = "edge ";
  public static final String NESTING = "nesting ";
  public static final String DEADLOCK = "deadlock ";
  /**
   * Between an edge (or nesting) and its site: the kernel step that took the lock ({@code
   * function LABEL}), or the statement for a lock a program takes.
   */
  public static final String AT = " @ ";
  private static final int SLOTS = 6;

  private final KernelModel model;
  private final KernelQueries queries;
  private final Stuck stuck;
  private final Set<String> seenSites = new HashSet<>();
  private final Set<String> seenDeadlocks = new HashSet<>();
  private final Set<String> clientDeadlocks = new java.util.TreeSet<>();
  private final Map<String, List<KStep>> stepsByText = new HashMap<>();
  private final Map<String, KStep> byName = new HashMap<>();
  private final Set<KStep> reached = new HashSet<>();
  /** find_proxy_task's F_SPIN, or null without proxy execution. */
  private final KStep spin;
  private long lastFrom = -1;
  private int lastIndex = -1;
  private List<Violation> pending = List.of();
  /** Findings of one step beyond the slots (reported as lost, never silently). */
  private int overflow;

  public LockClassGraph(KernelModel model) {
    this.model = model;
    this.queries = model.queries();
    this.stuck = new Stuck(model);
    for (KStep s : model.kernel().steps()) {
      byName.put(s.function.name + " " + s.label, s);
    }
    this.spin = byName.get("find_proxy_task F_SPIN");
  }

  /** The kernel steps that ran in the search. */
  public Set<KStep> reached() {
    return reached;
  }

  public int overflow() {
    return overflow;
  }

  /** The properties to hand to the search (one per finding slot). */
  public List<Property<KState, StepInfo>> properties() {
    List<Property<KState, StepInfo>> out = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      int slot = i;
      out.add(new Property<>() {
        @Override
        public String name() {
          return "lockorder-findings-" + slot;
        }

        @Override
        public Monitor<KState, StepInfo> newMonitor() {
          return new Monitor<>() {
            @Override
            public Violation onState(KState state) {
              return slot == 0 ? deadlock(state) : null;
            }

            @Override
            public Violation onTransition(KState from, long fromId, StepInfo step, int index, KState to) {
              if (fromId != lastFrom || index != lastIndex) {
                lastFrom = fromId;
                lastIndex = index;
                pending = findings(step, to);
                if (pending.size() > SLOTS) {
                  overflow += pending.size() - SLOTS;
                }
              }
              return slot < pending.size() ? pending.get(slot) : null;
            }
          };
        }
      });
    }
    return out;
  }

  private List<Violation> findings(StepInfo step, KState to) {
    // Deadlocks are checked once per new state (onState), not here per step.
    List<KStep> steps = cover(step.text());
    List<Violation> out = null;
    if (!step.acquired().isEmpty()) {
      Layout layout = model.layout();
      int n = layout.locks;
      for (LockEvent e : step.acquired()) {
        int[] held = e.held();
        for (int i = 0; i < held.length; i++) {
          int h = held[i];
          int hs = e.heldSubclasses()[i];
          String site = steps.isEmpty() ? step.text() : steps.get(0).function.name + " " + steps.get(0).label;
          long key = (((long) h * 8 + hs) * n + e.lock()) * 8 + e.subclass();
          if (!seenSites.add(key + " " + site)) {
            continue;
          }
          String base = layout.lockClass(e.lock());
          String c = LockOrder.lockdepClass(base, e.subclass());
          String d = LockOrder.lockdepClass(layout.lockClass(h), hs);
          String who = name(e.task()) + " takes " + lockName(e.lock(), e.subclass()) + " while holding "
              + lockName(h, hs);
          Violation v;
          if (c.equals(d)) {
            if (layout.lockSubIndex(e.lock()) > layout.lockSubIndex(h)) {
              continue; // ascending: allowed
            }
            v = new Violation(NESTING + c + AT + site, "nesting", who, List.of());
          } else {
            v = new Violation(EDGE + d + " -> " + c + AT + site, "edge", who, List.of());
          }
          if (out == null) {
            out = new ArrayList<>();
          }
          out.add(v);
        }
      }
    }
    if (spin != null && queries.proxyWalkSpinning(to) >= 0) {
      // F_SPIN never completes (its guard waits for ever): being at it is reaching it.
      reached.add(spin);
    }
    return out == null ? List.of() : out;
  }

  /**
   * A wait-for cycle in a new state. One through a spinlock or a scheduler context (the
   * kernel's) is reported, which ends that execution; one through mutexes only (the generated
   * clients' own ABBA) is only noted, so that the search goes on into the walk round it.
   */
  private Violation deadlock(KState s) {
    String cycle = stuck.cycle(s);
    if (cycle == null) {
      int c = queries.proxyWalkSpinning(s);
      if (c >= 0) {
        int d = queries.proxyWalkDonor(s, c);
        cycle = "find_proxy_task on cpu" + c + " walks a blocked_on cycle for ever under the rq lock: "
            + (d >= 0 ? queries.blockedOnChain(s, d) : "?");
      }
    }
    if (cycle == null) {
      return null;
    }
    if (!isKernelDeadlock(cycle)) {
      clientDeadlocks.add(cycle);
      return null;
    }
    return seenDeadlocks.add(cycle) ? new Violation(DEADLOCK + cycle, "cycle", cycle, List.of()) : null;
  }

  /**
   * Whether a wait-for cycle goes through a spinlock or a cpu's scheduler context (the
   * kernel's locks), rather than through mutexes only.
   */
  public static boolean isKernelDeadlock(String cycle) {
    return cycle.contains("spins on");
  }

  /** Wait-for cycles through mutexes only (generated programs locking them in opposite orders). */
  public Set<String> clientDeadlocks() {
    return clientDeadlocks;
  }

  private String name(int t) {
    return t < 0 ? "the scheduler" : model.layout().taskName(t);
  }

  private String lockName(int l, int subclass) {
    String s = model.layout().lockName(l);
    return subclass == 0 ? s : s + "/" + subclass;
  }

  /** Notes the kernel steps a step's text names ("function LABEL:" or "[function LABEL]"). */
  private List<KStep> cover(String text) {
    List<KStep> steps = stepsByText.get(text);
    if (steps == null) {
      steps = new ArrayList<>();
      String[] words = text.split("[\\s\\[\\]:]+");
      for (int i = 0; i + 1 < words.length; i++) {
        KStep s = byName.get(words[i] + " " + words[i + 1]);
        if (s != null) {
          steps.add(s);
        }
      }
      stepsByText.put(text, steps);
    }
    reached.addAll(steps);
    return steps;
  }
}
