package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Running out of heap is a limit: the verdict is incomplete, with a "memory" cut, never a crash. */
class OutOfMemoryTest {

  /**
   * A chain 0 -> 1 -> ...; expanding state {@code failAt} runs out of memory. (One successor
   * only: with two, DFS can dive past a state it queued and never expand it.)
   */
  record Counter(int failAt) implements Model<Integer, String> {
    @Override
    public List<Integer> initialStates() {
      return List.of(0);
    }

    @Override
    public void successors(Integer s, Successors<Integer, String> out) {
      if (s == failAt) {
        throw new OutOfMemoryError("simulated");
      }
      out.next("inc", s + 1);
    }

    @Override
    public long fingerprint(Integer s) {
      return s * 0x9E3779B97F4A7C15L + 1;
    }
  }

  @Test
  void bothStrategiesReportIncompleteWithAMemoryCut() {
    for (Search search : List.of(new BreadthFirst(), new DepthFirst())) {
      SearchResult r = search.run(new Counter(50), List.of(), Limits.none(), Progress.NONE);
      assertEquals(Verdict.INCOMPLETE, r.verdict(), search.name());
      assertTrue(r.cuts().containsKey("memory"), search.name() + ": " + r.cuts());
      assertEquals(51, r.states(), search.name()); // 0..50 stored; expanding 50 fails
    }
  }

  /** A random walk down the chain too: the distinct states seen are still counted. */
  @Test
  void randomSearchesReportIncompleteWithAMemoryCutAndTheStatesSeen() {
    for (RandomSearch.Mode mode : RandomSearch.Mode.values()) {
      SearchResult r = new RandomSearch(mode, 1, 10, 3).run(new Counter(50), List.of(), Limits.none(), Progress.NONE);
      assertEquals(Verdict.INCOMPLETE, r.verdict(), mode.toString());
      assertTrue(r.cuts().containsKey("memory"), mode + ": " + r.cuts());
      // random: 0..50 seen, expanding 50 fails; PCT fails earlier, measuring its k on the chain
      assertEquals(mode == RandomSearch.Mode.RANDOM ? 51 : 1, r.states(), mode.toString());
    }
  }
}
