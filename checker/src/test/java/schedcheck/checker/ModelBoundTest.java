package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model that bounds itself (like a preemption bound) reports the steps it suppresses with
 * their target states; the search counts them as cut only if no explored state matches the
 * target but for the bound's bookkeeping.
 */
class ModelBoundTest {

  /**
   * Positions 0..end: a free "walk" of one (only below {@code walkUpTo}) and a "jump" of two
   * that costs one of {@code budget} jumps. The unbounded fingerprint ignores jumps used.
   */
  record Walk(int end, int walkUpTo, int budget) implements Model<int[], String> {
    @Override
    public List<int[]> initialStates() {
      return List.of(new int[] {0, 0});
    }

    @Override
    public void successors(int[] s, Successors<int[], String> out) {
      if (s[0] < walkUpTo && s[0] < end) {
        out.next("walk", new int[] {s[0] + 1, s[1]});
      }
      if (s[0] + 2 <= end) {
        int[] jumped = {s[0] + 2, s[1] + 1};
        if (s[1] < budget) {
          out.next("jump", jumped);
        } else {
          out.cut("jumps", jumped);
        }
      }
    }

    @Override
    public long fingerprint(int[] s) {
      return 31L * s[0] + s[1] + 1;
    }

    @Override
    public boolean boundsItself() {
      return true;
    }

    @Override
    public long unboundedFingerprint(int[] s) {
      return s[0] + 1;
    }
  }

  @Test
  void suppressedStepsWhoseTargetsWereReachedCutNothing() {
    for (Search search : List.of(new BreadthFirst(), new DepthFirst())) {
      SearchResult r = search.run(new Walk(6, 6, 1), List.of(), Limits.none(), Progress.NONE);
      assertEquals(Verdict.HOLDS, r.verdict(), search.name() + " " + r.cuts());
    }
  }

  @Test
  void suppressedStepsToUnreachedStatesMakeTheSearchIncomplete() {
    for (Search search : List.of(new BreadthFirst(), new DepthFirst())) {
      // Walking stops at 1; beyond it only jumps go, and there is budget for one.
      SearchResult r = search.run(new Walk(7, 1, 1), List.of(), Limits.none(), Progress.NONE);
      assertEquals(Verdict.INCOMPLETE, r.verdict(), search.name());
      assertEquals(2L, r.cuts().get("jumps"), search.name() + ": positions 4 and 5 lie beyond the budget");
    }
  }
}
