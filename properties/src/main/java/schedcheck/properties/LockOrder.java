package schedcheck.properties;

import com.google.common.graph.EndpointPair;
import com.google.common.graph.GraphBuilder;
import com.google.common.graph.MutableGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import schedcheck.checker.Monitor;
import schedcheck.checker.Violation;
import schedcheck.checker.Witness;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.LockEvent;
import schedcheck.model.kernel.StepInfo;

/**
 * {@code lock-order}: a spinlock taken against the declared {@code kernel.lock-order} (or
 * two instances of one class nested out of ascending index order); or, as lockdep does, a
 * cycle in the class dependency graph observed over all executions (an edge D -> C each
 * time a C is taken while a D is held). The cycle's report names, for every edge, the
 * execution that first took it.
 *
 * <p>Lockdep's nesting annotations are honoured as lockdep does: a lock taken with
 * {@code spin_lock_nested(l, n)}, n &gt; 0 (the kernel's {@code SINGLE_DEPTH_NESTING} in
 * {@code double_rq_lock} and in v7.2's {@code __mutex_unlock_slowpath}; {@code
 * spin_lock_nested L n} in programs) belongs to class {@code C/n}, a class of its own: it is
 * no nesting violation against a held {@code C}, and the graph gets the edge {@code C ->
 * C/n}. The declared order compares the classes without subclass.
 */
public final class LockOrder extends KernelProperty {
  private final List<String> declared;

  /**
   * Lockdep's class of a lock taken with {@code subclass}: the lock's class for a plain
   * acquisition, else {@code class/subclass} ({@code spin_lock_nested}), a class of its own.
   */
  static String lockdepClass(String cls, int subclass) {
    return subclass == 0 ? cls : cls + "/" + subclass;
  }

  private String lock(int l, int subclass) {
    // As lockdep prints a nested acquisition: the lock, then "/subclass".
    return subclass == 0 ? lock(l) : lock(l) + "/" + subclass;
  }

  public LockOrder(KernelModel model) {
    super(model, "lock-order");
    this.declared = model.scenario().kernel().lockOrder();
  }

  @Override
  public Monitor<KState, StepInfo> newMonitor() {
    return new Monitor<>() {
      private final MutableGraph<String> classes = GraphBuilder.directed().allowsSelfLoops(false).build();
      private final Map<EndpointPair<String>, Witness> firstSeen = new HashMap<>();

      /** The lock events of each step; never its text (the reports name tasks and locks). */
      @Override
      public schedcheck.checker.ActionDetail actionDetail() {
        return schedcheck.checker.ActionDetail.FACTS;
      }

      /**
       * Pairs (held lock and subclass, taken lock and subclass) already looked at without a
       * violation, by {@link #pairKey}: looking at one again finds nothing new (its nesting and
       * declared-order checks depend on the pair alone, and its class edge is in the graph),
       * so it is skipped; the search meets the same few pairs on almost every step.
       */
      private final java.util.BitSet clean = new java.util.BitSet();
      private final int locks = model.layout().locks;

      /** A number for the pair, or -1 when it is out of the range {@link #clean} covers. */
      private int pairKey(int h, int hs, int l, int ls) {
        if (locks > 256 || hs < 0 || hs >= 8 || ls < 0 || ls >= 8) {
          return -1;
        }
        return ((h * 8 + hs) * locks + l) * 8 + ls;
      }

      @Override
      public Violation onTransition(KState from, long fromId, StepInfo step, int index, KState to) {
        if (step.acquired().isEmpty()) {
          return null;
        }
        Layout layout = model.layout();
        for (LockEvent e : step.acquired()) {
          int[] held = e.held();
          for (int i = 0; i < held.length; i++) {
            int h = held[i];
            int key = pairKey(h, e.heldSubclasses()[i], e.lock(), e.subclass());
            if (key >= 0 && clean.get(key)) {
              continue;
            }
            Violation v = pair(layout, e, i, fromId, index);
            if (v != null) {
              return v;
            }
            if (key >= 0) {
              clean.set(key);
            }
          }
        }
        return null;
      }

      /** Held lock number i of e against the lock e takes: a violation, or null. */
      private Violation pair(Layout layout, LockEvent e, int i, long fromId, int index) {
        String base = layout.lockClass(e.lock());
        String c = lockdepClass(base, e.subclass());
        int h = e.held()[i];
        String hbase = layout.lockClass(h);
        String d = lockdepClass(hbase, e.heldSubclasses()[i]);
        if (c.equals(d)) {
          if (layout.lockSubIndex(e.lock()) <= layout.lockSubIndex(h)) {
            return Violation.of(name(), "nesting",
                who(e, i) + ": two " + c + " locks nest only in ascending order of their index"
                    + " (or take the second with a lockdep annotation: spin_lock_nested "
                    + lock(e.lock(), 0) + " 1, the kernel's SINGLE_DEPTH_NESTING)");
          }
          return null;
        }
        if (!base.equals(hbase)) {
          int ic = declared.indexOf(base);
          int id = declared.indexOf(hbase);
          if (ic >= 0 && id >= 0 && ic < id) {
            return Violation.of(name(), "declared-order",
                who(e, i) + ", but kernel.lock-order puts " + base + " before " + hbase);
          }
        }
        EndpointPair<String> edge = EndpointPair.ordered(d, c);
        if (!classes.hasEdgeConnecting(edge)) {
          Witness here = new Witness(d + " -> " + c + " (" + who(e, i) + ")", fromId, index);
          List<String> back = path(c, d);
          classes.putEdge(d, c);
          firstSeen.put(edge, here);
          if (back != null) {
            return cycle(back, here);
          }
        }
        return null;
      }

      private String who(LockEvent e, int i) {
        return task(e.task()) + " takes " + lock(e.lock(), e.subclass()) + " while holding "
            + lock(e.held()[i], e.heldSubclasses()[i]);
      }

      /** A path of classes from a to b in the graph, or null. */
      private List<String> path(String a, String b) {
        if (!classes.nodes().contains(a) || !classes.nodes().contains(b)) {
          return null;
        }
        Map<String, String> prev = new HashMap<>();
        ArrayDeque<String> q = new ArrayDeque<>();
        q.add(a);
        prev.put(a, a);
        while (!q.isEmpty()) {
          String x = q.poll();
          if (x.equals(b)) {
            List<String> out = new ArrayList<>();
            for (String y = b; ; y = prev.get(y)) {
              out.add(0, y);
              if (y.equals(a)) {
                break;
              }
            }
            return out;
          }
          for (String y : classes.successors(x)) {
            if (!prev.containsKey(y)) {
              prev.put(y, x);
              q.add(y);
            }
          }
        }
        return null;
      }

      private Violation cycle(List<String> back, Witness closing) {
        // back = c ... d; the new edge d -> c closes it.
        List<Witness> ws = new ArrayList<>();
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < back.size(); i++) {
          chain.append(back.get(i)).append(" -> ");
          if (i + 1 < back.size()) {
            ws.add(firstSeen.get(EndpointPair.ordered(back.get(i), back.get(i + 1))));
          }
        }
        chain.append(back.get(0));
        return new Violation(name(), "cycle",
            "lock classes form a cycle: " + chain + "; this execution takes " + closing.label()
                + ", the others are shown as witnesses",
            ws);
      }
    };
  }
}
