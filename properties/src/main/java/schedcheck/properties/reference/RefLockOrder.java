package schedcheck.properties.reference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import schedcheck.checker.Monitor;
import schedcheck.checker.Property;
import schedcheck.checker.Violation;
import schedcheck.checker.Witness;
import schedcheck.model.reference.RefShape;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;
import schedcheck.model.reference.ReferenceModel;

/**
 * {@code lock-order} over the spinlocks programs take (at this level the kernel takes none): a
 * lock of class C taken while one of class D is held although {@code kernel.lock-order} puts C
 * before D (kind {@code declared-order}); two instances of one class nested other than in
 * ascending index order (kind {@code nesting}); or a cycle in the class graph observed over all
 * executions (kind {@code cycle}, with a witness execution for every edge).
 */
final class RefLockOrder implements Property<RefState, RefStep> {
  private final RefShape shape;
  private final List<String> declared;

  RefLockOrder(ReferenceModel model) {
    this.shape = model.shape();
    this.declared = model.scenario().kernel().lockOrder();
  }

  @Override
  public String name() {
    return "lock-order";
  }

  @Override
  public Monitor<RefState, RefStep> newMonitor() {
    return new Monitor<>() {
      private final Map<String, Set<String>> edges = new LinkedHashMap<>();
      private final Map<String, Witness> first = new HashMap<>();

      @Override
      public Violation onTransition(RefState from, long fromId, RefStep step, int index, RefState to) {
        RefStep.Acquired a = step.acquired();
        if (a == null) {
          return null;
        }
        String c = shape.lockClass(a.lock());
        for (int h : a.held()) {
          String d = shape.lockClass(h);
          String who = shape.taskName(a.task()) + " takes " + shape.lockName(a.lock()) + " while holding "
              + shape.lockName(h);
          if (c.equals(d)) {
            if (shape.lockSubIndex(a.lock()) <= shape.lockSubIndex(h)) {
              return Violation.of(name(), "nesting", who + ": two " + c + " locks nest only in ascending order of their index");
            }
            continue;
          }
          int ic = declared.indexOf(c);
          int id = declared.indexOf(d);
          if (ic >= 0 && id >= 0 && ic < id) {
            return Violation.of(name(), "declared-order", who + ", but kernel.lock-order puts " + c + " before " + d);
          }
          if (edges.computeIfAbsent(d, k -> new LinkedHashSet<>()).add(c)) {
            Witness here = new Witness(d + " -> " + c + " (" + who + ")", fromId, index);
            first.put(d + "\0" + c, here);
            List<String> back = path(c, d);
            if (back != null) {
              List<Witness> ws = new ArrayList<>();
              StringBuilder chain = new StringBuilder();
              for (int i = 0; i < back.size(); i++) {
                chain.append(back.get(i)).append(" -> ");
                if (i + 1 < back.size()) {
                  ws.add(first.get(back.get(i) + "\0" + back.get(i + 1)));
                }
              }
              chain.append(back.get(0));
              return new Violation(name(), "cycle", "lock classes form a cycle: " + chain + "; this execution takes "
                  + here.label() + ", the others are shown as witnesses", ws);
            }
          }
        }
        return null;
      }

      /** A path of classes from a to b (a != b) without the edge just added being needed twice, or null. */
      private List<String> path(String a, String b) {
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
          for (String y : edges.getOrDefault(x, Set.of())) {
            if (!prev.containsKey(y)) {
              prev.put(y, x);
              q.add(y);
            }
          }
        }
        return null;
      }
    };
  }
}
