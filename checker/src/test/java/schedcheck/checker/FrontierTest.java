package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The frontier: a queue or stack of states with ids and depths; packed states in a ring of bytes. */
class FrontierTest {

  record Entry(Object state, int id, int depth) {}

  /**
   * A first-in first-out frontier against a plain deque: random interleavings of adds and
   * polls of byte[] states of every length (0 to past the ring's first size, so the ring
   * wraps and grows with bytes on both sides of its end) and of other states, in order, with
   * their ids and depths, the bytes equal and each a fresh copy.
   */
  @Property(tries = 200)
  void aFifoFrontierGivesBackWhatWasQueuedInOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6000) int maxLength) {
    Random r = new Random(seed);
    Frontier<Object> f = new Frontier<>(true);
    ArrayDeque<Entry> expected = new ArrayDeque<>();
    int next = 0;
    for (int op = 0; op < 400; op++) {
      if (expected.isEmpty() || r.nextInt(5) < 3) {
        Object s;
        if (r.nextInt(8) == 0) {
          s = "state " + next;
        } else {
          byte[] b = new byte[r.nextInt(maxLength)];
          r.nextBytes(b);
          s = b;
        }
        f.addLast(s, next, next / 3);
        expected.addLast(new Entry(s, next, next / 3));
        next++;
      } else {
        Entry e = expected.pollFirst();
        Object got = f.pollFirst();
        assertEquals(e.id(), f.polledId);
        assertEquals(e.depth(), f.polledDepth);
        if (e.state() instanceof byte[] b) {
          assertNotSame(b, got);
          assertArrayEquals(b, (byte[]) got, "state " + e.id());
        } else {
          assertSame(e.state(), got);
        }
      }
      assertEquals(expected.size(), f.size());
      assertEquals(expected.stream().mapToLong(e -> e.state() instanceof byte[] b ? b.length : 0).sum(), f.ringBytes());
    }
    f.clear();
    assertEquals(0, f.size());
    assertEquals(0, f.ringBytes());
  }

  @Test
  void aFifoFrontierIsNoStack() {
    Frontier<Object> f = new Frontier<>(true);
    f.addLast(new byte[] {1}, 0, 0);
    assertThrows(UnsupportedOperationException.class, f::pollLast);
    assertThrows(UnsupportedOperationException.class, () -> f.reverseLast(1));
    assertThrows(IllegalStateException.class, () -> new Frontier<>(true).pollFirst());
  }

  /** The default frontier keeps its states as they are, as a stack too (depth-first search). */
  @Test
  void theDefaultFrontierKeepsStatesAndReverses() {
    Frontier<Object> f = new Frontier<>();
    byte[] a = {1};
    byte[] b = {2};
    byte[] c = {3};
    for (byte[] s : List.of(a, b, c)) {
      f.addLast(s, s[0], 0);
    }
    f.reverseLast(2);
    assertSame(b, f.pollLast());
    assertSame(c, f.pollLast());
    assertSame(a, f.pollFirst());
    assertEquals(1, f.polledId);
    assertEquals(0, f.ringBytes());
  }

  /** Ids queued again at a smaller depth are stale: countLive leaves them out. */
  @Test
  void countLiveCountsOnlyEntriesAtTheirStatesDepth() {
    FingerprintSet seen = new FingerprintSet();
    int a = seen.add(1, -1, 0, 0);
    int b = seen.add(2, a, 0, 1);
    Frontier<Object> f = new Frontier<>(true);
    f.addLast(new byte[3], a, 0);
    f.addLast(new byte[3], b, 1);
    f.addLast(new byte[3], b, 2); // stale
    assertEquals(2, f.countLive(seen));
    assertEquals(9, f.ringBytes());
    assertEquals(Arrays.toString(new byte[3]), Arrays.toString((byte[]) f.pollFirst()));
  }
}
