package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The paged columns and label numbering of the liveness pass's graph, past several pages. */
class ColumnsTest {

  @Test
  void columnsKeepEveryValuePastManyPagesAndReadUnwrittenIndexesAsZero() {
    Columns.Ints ints = new Columns.Ints();
    Columns.Chars chars = new Columns.Chars();
    Columns.Bytes bytes = new Columns.Bytes();
    int n = 9 * Columns.PAGE + 17; // more pages than the initial page table holds
    assertEquals(0, ints.get(n * 3));
    assertEquals(0, chars.get(n * 3));
    assertEquals(0, bytes.get(n * 3));
    for (int i = 0; i < n; i++) {
      ints.set(i, i * 31 - 7);
      chars.set(i, i & 0xFFFF);
      bytes.set(i, i & 3);
    }
    for (int i = 0; i < n; i++) {
      assertEquals(i * 31 - 7, ints.get(i));
      assertEquals(i & 0xFFFF, chars.get(i));
      assertEquals(i & 3, bytes.get(i));
    }
    assertEquals(0, ints.get(n + Columns.PAGE * 7));
  }

  @Test
  void labelsNumberDistinctPairsInOrderFirstMet() {
    Columns.Labels labels = new Columns.Labels();
    Map<String, Integer> expected = new HashMap<>();
    SplittableRandom rnd = new SplittableRandom(8);
    for (int i = 0; i < 200_000; i++) {
      int a = rnd.nextInt(300) - 1;
      long b = rnd.nextInt(4) == 0 ? -1L : 1L << rnd.nextInt(64);
      int want = expected.computeIfAbsent(a + "/" + b, k -> expected.size());
      int got = labels.of(a, b);
      assertEquals(want, got);
      assertEquals(a, labels.first(got));
      assertEquals(b, labels.second(got));
    }
    assertEquals(expected.size(), labels.size());
  }
}
