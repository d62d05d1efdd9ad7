package schedcheck.checker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/** Tiny models and properties for testing the search strategies. */
final class ToyModels {

  private ToyModels() {}

  static List<Search> searches() {
    return List.of(new BreadthFirst(), new DepthFirst());
  }

  // ---------------------------------------------------------------------------------------
  // Properties built from lambdas

  interface StateCheck<S> {
    Violation check(S state);
  }

  interface TransitionCheck<S, A> {
    Violation check(S from, long fromId, A action, int index, S to);
  }

  static <S, A> Property<S, A> stateProperty(String name, StateCheck<S> check) {
    return new Property<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Monitor<S, A> newMonitor() {
        return new Monitor<>() {
          @Override
          public Violation onState(S state) {
            return check.check(state);
          }
        };
      }
    };
  }

  static <S, A> Property<S, A> terminalProperty(String name) {
    return new Property<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Monitor<S, A> newMonitor() {
        return new Monitor<>() {
          @Override
          public Violation onTerminal(S state) {
            return Violation.of(name, "stuck", "no successor in " + state);
          }
        };
      }
    };
  }

  static <S, A> Property<S, A> transitionProperty(String name, TransitionCheck<S, A> check) {
    return new Property<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Monitor<S, A> newMonitor() {
        return new Monitor<>() {
          @Override
          public Violation onTransition(S from, long fromId, A action, int index, S to) {
            return check.check(from, fromId, action, index, to);
          }
        };
      }
    };
  }

  // ---------------------------------------------------------------------------------------
  // Counter: states 0..n-1; "inc" to (s+1) mod n, optionally "dec" to (s-1) mod n.

  static final class Counter implements Model<Integer, String> {
    final int n;
    final boolean wrap;
    final boolean withDec;
    /** states where the model reports cut("preemptions") instead of the inc step. */
    final IntPredicate cutInc;

    Counter(int n, boolean wrap, boolean withDec, IntPredicate cutInc) {
      this.n = n;
      this.wrap = wrap;
      this.withDec = withDec;
      this.cutInc = cutInc;
    }

    /** 0 → 1 → ... → n-1 → 0. */
    static Counter modulo(int n) {
      return new Counter(n, true, false, s -> false);
    }

    /** 0 → 1 → ... → n-1 (terminal). */
    static Counter chain(int n) {
      return new Counter(n, false, false, s -> false);
    }

    /** inc and dec modulo n. */
    static Counter upDown(int n) {
      return new Counter(n, true, true, s -> false);
    }

    @Override
    public List<Integer> initialStates() {
      return List.of(0);
    }

    @Override
    public void successors(Integer s, Successors<Integer, String> out) {
      if (wrap || s + 1 < n) {
        if (cutInc.test(s)) {
          out.cut("preemptions");
        } else {
          out.next("inc", (s + 1) % n);
        }
      }
      if (withDec) {
        out.next("dec", (s + n - 1) % n);
      }
    }

    @Override
    public long fingerprint(Integer s) {
      return s;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Two-process mutual exclusion as a small transition system.

  /** pc: 0 idle, 1.., critical section marked by CRIT. */
  record Mx(int pc0, int pc1, boolean flag0, boolean flag1, int turn) {
    int pc(int i) {
      return i == 0 ? pc0 : pc1;
    }

    boolean flag(int i) {
      return i == 0 ? flag0 : flag1;
    }

    Mx withPc(int i, int pc) {
      return i == 0 ? new Mx(pc, pc1, flag0, flag1, turn) : new Mx(pc0, pc, flag0, flag1, turn);
    }

    Mx withFlag(int i, boolean f) {
      return i == 0 ? new Mx(pc0, pc1, f, flag1, turn) : new Mx(pc0, pc1, flag0, f, turn);
    }

    Mx withTurn(int t) {
      return new Mx(pc0, pc1, flag0, flag1, t);
    }
  }

  /**
   * Peterson (correct): 0: flag[i]=1; 1: turn=j; 2: await !flag[j] || turn==i; 3: critical,
   * then flag[i]=0 back to 0. Naive (broken): 0: await !flag[j]; 1: flag[i]=1; 2: critical,
   * then flag[i]=0 back to 0.
   */
  static class Mutex implements Model<Mx, String> {
    final boolean peterson;

    Mutex(boolean peterson) {
      this.peterson = peterson;
    }

    int critical() {
      return peterson ? 3 : 2;
    }

    @Override
    public List<Mx> initialStates() {
      return List.of(new Mx(0, 0, false, false, 0));
    }

    @Override
    public void successors(Mx s, Successors<Mx, String> out) {
      for (int i = 0; i < 2; i++) {
        int j = 1 - i;
        int pc = s.pc(i);
        if (peterson) {
          switch (pc) {
            case 0 -> out.next("p" + i + ":flag=1", s.withFlag(i, true).withPc(i, 1));
            case 1 -> out.next("p" + i + ":turn=" + j, s.withTurn(j).withPc(i, 2));
            case 2 -> {
              if (!s.flag(j) || s.turn() == i) {
                out.next("p" + i + ":enter", s.withPc(i, 3));
              }
            }
            default -> out.next("p" + i + ":exit", s.withFlag(i, false).withPc(i, 0));
          }
        } else {
          switch (pc) {
            case 0 -> {
              if (!s.flag(j)) {
                out.next("p" + i + ":check", s.withPc(i, 1));
              }
            }
            case 1 -> out.next("p" + i + ":flag=1", s.withFlag(i, true).withPc(i, 2));
            default -> out.next("p" + i + ":exit", s.withFlag(i, false).withPc(i, 0));
          }
        }
      }
    }

    @Override
    public long fingerprint(Mx s) {
      return s.pc0() | s.pc1() << 4 | (s.flag0() ? 1 : 0) << 8 | (s.flag1() ? 1 : 0) << 9
          | s.turn() << 10;
    }

    Property<Mx, String> mutualExclusion() {
      int c = critical();
      return stateProperty(
          "mutex",
          s ->
              s.pc0() == c && s.pc1() == c
                  ? Violation.of("mutex", "", "both processes in the critical section")
                  : null);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Directed graphs: nodes 0..n-1, adjacency lists, bad nodes, initial nodes, cut nodes.

  record Edge(int from, int to) {}

  static final class Graph implements Model<Integer, Edge> {
    final int n;
    final int[][] adj;
    final boolean[] bad;
    final int[] initial;
    final boolean[] cutAt;
    /** forbiddenEdge[v][k]: the k-th edge of v violates "edge". */
    final boolean[][] forbiddenEdge;

    Graph(int n, int[][] adj, boolean[] bad, int[] initial, boolean[] cutAt,
        boolean[][] forbiddenEdge) {
      this.n = n;
      this.adj = adj;
      this.bad = bad;
      this.initial = initial;
      this.cutAt = cutAt;
      this.forbiddenEdge = forbiddenEdge;
    }

    /**
     * A random graph. {@code badPercent}, {@code cutPercent}, {@code forbiddenPercent}: the
     * chance of a node being bad, of a node's successors reporting a model cut, of an edge
     * being forbidden.
     */
    static Graph random(long seed, int n, int badPercent, int cutPercent, int forbiddenPercent) {
      Random r = new Random(seed);
      int[][] adj = new int[n][];
      boolean[][] forb = new boolean[n][];
      boolean[] bad = new boolean[n];
      boolean[] cut = new boolean[n];
      for (int v = 0; v < n; v++) {
        int deg = r.nextInt(4); // 0..3, duplicates and self loops allowed
        adj[v] = new int[deg];
        forb[v] = new boolean[deg];
        for (int k = 0; k < deg; k++) {
          adj[v][k] = r.nextInt(n);
          forb[v][k] = r.nextInt(100) < forbiddenPercent;
        }
        bad[v] = r.nextInt(100) < badPercent;
        cut[v] = r.nextInt(100) < cutPercent;
      }
      int[] init = new int[1 + r.nextInt(3)];
      for (int k = 0; k < init.length; k++) {
        init[k] = r.nextInt(n);
      }
      return new Graph(n, adj, bad, init, cut, forb);
    }

    @Override
    public List<Integer> initialStates() {
      List<Integer> l = new ArrayList<>();
      for (int v : initial) {
        l.add(v);
      }
      return l;
    }

    @Override
    public void successors(Integer s, Successors<Integer, Edge> out) {
      if (cutAt[s]) {
        out.cut("budget");
      }
      for (int t : adj[s]) {
        out.next(new Edge(s, t), t);
      }
    }

    @Override
    public long fingerprint(Integer s) {
      return s;
    }

    Property<Integer, Edge> badProperty() {
      return stateProperty("bad", s -> bad[s] ? Violation.of("bad", "", "bad node " + s) : null);
    }

    /**
     * A forbidden edge violates "edge"; the violation's witnesses are the step itself and
     * the state it leaves.
     */
    Property<Integer, Edge> edgeProperty() {
      return transitionProperty(
          "edge",
          (from, fromId, e, index, to) ->
              forbiddenEdge[from][index]
                  ? new Violation(
                      "edge",
                      "",
                      "forbidden " + e,
                      List.of(new Witness("step", fromId, index), new Witness("from", fromId, -1)))
                  : null);
    }

    boolean hasForbiddenEdge(int v) {
      for (boolean b : forbiddenEdge[v]) {
        if (b) {
          return true;
        }
      }
      return false;
    }

    /**
     * Distance from the initial nodes, -1 if unreachable (bad nodes are expanded like any
     * other when the search goes on past violations).
     */
    int[] distances() {
      int[] dist = new int[n];
      Arrays.fill(dist, -1);
      ArrayDeque<Integer> q = new ArrayDeque<>();
      for (int v : initial) {
        if (dist[v] < 0) {
          dist[v] = 0;
          q.add(v);
        }
      }
      while (!q.isEmpty()) {
        int v = q.poll();
        for (int t : adj[v]) {
          if (dist[t] < 0) {
            dist[t] = dist[v] + 1;
            q.add(t);
          }
        }
      }
      return dist;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("Graph{init=" + Arrays.toString(initial));
      for (int v = 0; v < n; v++) {
        b.append(" ").append(v).append(bad[v] ? "!" : "").append(cutAt[v] ? "~" : "")
            .append("->").append(Arrays.toString(adj[v]));
      }
      return b.append("}").toString();
    }
  }
}
