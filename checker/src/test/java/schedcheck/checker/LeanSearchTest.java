package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The search does no work for states already seen: a model that builds successors in a
 * scratch buffer has only new ones copied out, states wait in the frontier packed, the model
 * learns whether anyone reads its actions; and all of it changes no result against the
 * model's simple form. Also the memory limit.
 */
class LeanSearchTest {

  static List<Search> searches() {
    return ToyModels.searches();
  }

  /**
   * States 0..n-1; from s: s+1, 2s, s*s (mod n) and s-1, most of them seen before. The lean
   * form builds each successor in an int[1] buffer; the simple form passes new Integers.
   */
  static final class Squares implements Model<Integer, String> {
    final int n;
    final boolean lean;
    int copies;
    int packs;
    int unpacks;
    final List<Boolean> readsActions = new ArrayList<>();
    private final int[] buffer = new int[1];
    private final Scratch<Integer> target = new Scratch<>() {
      @Override
      public Integer copy() {
        copies++;
        return buffer[0];
      }

      @Override
      public Integer view() {
        return buffer[0];
      }

      @Override
      public Object packed() {
        packs++;
        return "p" + buffer[0];
      }
    };

    Squares(int n, boolean lean) {
      this.n = n;
      this.lean = lean;
    }

    @Override
    public List<Integer> initialStates() {
      return List.of(1, 3);
    }

    @Override
    public void successors(Integer s, Successors<Integer, String> out) {
      readsActions.add(out.readsActions());
      int[] next = {(s + 1) % n, (2 * s) % n, (int) ((long) s * s % n), (s + n - 1) % n};
      for (int i = 0; i < next.length; i++) {
        String action = out.readsActions() || !lean ? "step " + i + " from " + s : "";
        if (lean) {
          buffer[0] = next[i];
          out.next(action, fingerprint(next[i]), target);
          buffer[0] = -1; // the buffer is reused: whoever kept a view sees garbage
        } else {
          out.next(action, next[i]);
        }
      }
    }

    @Override
    public long fingerprint(Integer s) {
      return s * 0x9E3779B97F4A7C15L;
    }

    @Override
    public Object pack(Integer state) {
      return lean ? "p" + state : state;
    }

    @Override
    public Integer unpack(Object packed) {
      if (!lean) {
        return (Integer) packed;
      }
      unpacks++;
      return Integer.parseInt(((String) packed).substring(1));
    }
  }

  private static SearchResult run(Search s, Model<Integer, String> m, List<Property<Integer, String>> props, Limits l) {
    return s.run(m, props, l, Progress.NONE);
  }

  @ParameterizedTest
  @MethodSource("searches")
  void scratchAndPackingChangeNoResult(Search s) {
    for (Limits limits : List.of(Limits.none(), Limits.none().exploringEverything(), Limits.none().withMaxDepth(4),
        Limits.none().withMaxStates(100))) {
      Squares lean = new Squares(997, true);
      Squares simple = new Squares(997, false);
      List<Property<Integer, String>> props = List.of(
          ToyModels.stateProperty("is-500", st -> st == 500 ? Violation.of("is-500", "", "500") : null),
          ToyModels.transitionProperty("to-zero",
              (from, id, a, i, to) -> to == 0 ? Violation.of("to-zero", "", a + " to " + to) : null));
      SearchResult a = run(s, lean, props, limits);
      SearchResult b = run(s, simple, props, limits);
      String what = s.name() + " " + limits;
      assertEquals(b.verdict(), a.verdict(), what);
      assertEquals(b.states(), a.states(), what);
      assertEquals(b.transitions(), a.transitions(), what);
      assertEquals(b.maxDepth(), a.maxDepth(), what);
      assertEquals(b.cuts(), a.cuts(), what);
      assertEquals(b.violations().size(), a.violations().size(), what);
      for (int i = 0; i < a.violations().size(); i++) {
        assertEquals(b.violations().get(i).path(), a.violations().get(i).path(), what);
        assertEquals(b.violations().get(i).violation().message(), a.violations().get(i).violation().message(), what);
      }
      // copied out of the buffer only when new (a DFS under a depth limit also when queued again)
      assertTrue(lean.copies + lean.packs <= a.states() + (limits.maxDepth() >= 0 ? a.transitions() : 0), what);
      if (limits.maxDepth() < 0) {
        assertTrue(lean.packs <= a.states(), what + ": packs " + lean.packs);
        if (!limits.stopAtFirstViolation()) {
          assertTrue(a.transitions() > 2 * a.states(), "most steps lead to states seen before");
        }
      }
      assertTrue(lean.unpacks > 0 && lean.unpacks <= lean.packs + 2, what);
    }
  }

  @Test
  void theModelLearnsWhetherActionsAreRead() {
    Squares quiet = new Squares(101, true);
    run(new BreadthFirst(), quiet,
        List.of(ToyModels.stateProperty("is-500", st -> null)), Limits.none());
    assertFalse(quiet.readsActions.contains(true), "no monitor watches transitions");
    Squares watched = new Squares(101, true);
    run(new BreadthFirst(), watched,
        List.of(ToyModels.transitionProperty("any", (from, id, a, i, to) -> null)), Limits.none());
    assertFalse(watched.readsActions.contains(false), "a monitor watches transitions");
  }

  @Test
  void aMonitorReadsActionsWhenItWatchesTransitions() {
    Monitor<Integer, String> states = new Monitor<>() {
      @Override
      public Violation onState(Integer state) {
        return null;
      }
    };
    Monitor<Integer, String> steps = new Monitor<>() {
      @Override
      public Violation onTransition(Integer from, long fromId, String action, int index, Integer to) {
        return null;
      }
    };
    Monitor<Integer, String> stepsNotActions = new Monitor<>() {
      @Override
      public Violation onTransition(Integer from, long fromId, String action, int index, Integer to) {
        return null;
      }

      @Override
      public boolean readsActions() {
        return false;
      }
    };
    assertFalse(states.readsActions());
    assertTrue(steps.readsActions());
    assertFalse(stepsNotActions.readsActions());
  }

  @ParameterizedTest
  @MethodSource("searches")
  void aMemoryLimitEndsTheSearchAsIncomplete(Search s) {
    SearchResult free = run(s, ToyModels.Counter.modulo(100_000), List.of(), Limits.none().withMaxMemory(Long.MAX_VALUE / 4));
    assertEquals(Verdict.HOLDS, free.verdict());
    assertEquals(100_000, free.states());
    SearchResult r = run(s, ToyModels.Counter.modulo(100_000), List.of(), Limits.none().withMaxMemory(1));
    assertEquals(Verdict.INCOMPLETE, r.verdict());
    assertEquals(1L, r.cuts().get("memory"), r.cuts().toString()); // a chain: one state queued
    assertTrue(r.states() > 1000 && r.states() < 3000, "stopped at the first check: " + r.states());
  }

  /** The liveness pass honours the memory limit too (a check runs it after the safety search). */
  @Test
  void aMemoryLimitEndsTheLivenessPassAsIncomplete() {
    LivenessProperty<Integer, String> never = new LivenessProperty<>() {
      @Override
      public String name() {
        return "never";
      }

      @Override
      public int goals() {
        return 1;
      }

      @Override
      public int stateGoals(Integer s) {
        return 0;
      }

      @Override
      public int edgeGoals(Integer from, String a, Integer to) {
        return 0;
      }

      @Override
      public long serves(Integer from, String a, Integer to) {
        return 0;
      }

      @Override
      public Violation describe(int goal, List<Integer> loop, List<String> steps) {
        return Violation.of("never", "", "");
      }
    };
    SearchResult free = FairCycles.run(ToyModels.Counter.modulo(100_000), never, Limits.none(), Progress.NONE);
    assertEquals(Verdict.HOLDS, free.verdict());
    SearchResult r = FairCycles.run(ToyModels.Counter.modulo(100_000), never, Limits.none().withMaxMemory(1),
        Progress.NONE);
    assertEquals(Verdict.INCOMPLETE, r.verdict());
    assertTrue(r.cuts().containsKey("memory"), r.cuts().toString());
  }
}
