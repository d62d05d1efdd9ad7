package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.DepthFirst;
import schedcheck.checker.ParallelBreadthFirst;
import schedcheck.checker.RandomSearch;

/** Search strategies are looked up by name in one registry ({@link Strategies}). */
class StrategiesTest {

  @Test
  void namesAndSearches() {
    assertEquals(List.of("bfs", "dfs", "random", "pct"), Strategies.names());
    assertInstanceOf(BreadthFirst.class, Checking.strategy("bfs"));
    assertInstanceOf(ParallelBreadthFirst.class, Checking.strategy("bfs", 2));
    assertInstanceOf(DepthFirst.class, Checking.strategy("dfs", 2));
    assertInstanceOf(RandomSearch.class, Checking.strategy("pct"));
    assertInstanceOf(RandomSearch.class, Sampling.search(CheckOptions.defaults().withStrategy("random")));
    assertTrue(Sampling.isRandom("random") && Sampling.isRandom("pct"));
    assertFalse(Sampling.isRandom("bfs") || Sampling.isRandom("dfs") || Sampling.isRandom("nope"));
  }

  @Test
  void unknownNameListsTheRegisteredOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checking.strategy("astar"));
    assertEquals("unknown strategy 'astar' (bfs, dfs, random, pct)", e.getMessage());
  }
}
