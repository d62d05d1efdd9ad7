package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

  @net.jqwik.api.Property(tries = 200)
  void behavesLikeAMapToDenseIds(@ForAll @Size(max = 300) List<Long> keys, @ForAll long absent) {
    FingerprintSet set = new FingerprintSet(1);
    Map<Long, Integer> ref = new LinkedHashMap<>();
    for (long k : keys) {
      int r = set.add(k, ref.size() - 1, 7, ref.size());
      Integer old = ref.get(k);
      if (old == null) {
        assertEquals(ref.size(), r);
        ref.put(k, r);
      } else {
        assertEquals(-(old + 1), r);
      }
    }
    assertEquals(ref.size(), set.size());
    for (Map.Entry<Long, Integer> e : ref.entrySet()) {
      int id = e.getValue();
      assertEquals(id, set.find(e.getKey()));
      assertEquals(id - 1, set.parent(id));
      assertEquals(7, set.step(id));
      assertEquals(id, set.depth(id));
    }
    if (!ref.containsKey(absent)) {
      assertEquals(-1, set.find(absent));
      assertFalse(set.contains(absent));
    }
  }

  @Test
  void growsWithAwkwardFingerprints() {
    FingerprintSet set = new FingerprintSet(0);
    Set<Long> keys = new HashSet<>();
    for (long i = 0; i < 50_000; i++) {
      keys.add(i);
      keys.add(i << 40);
      keys.add(i << 63 | i << 1);
      keys.add(-i);
    }
    keys.add(Long.MIN_VALUE);
    keys.add(Long.MAX_VALUE);
    for (long k : keys) {
      assertTrue(set.add(k, -1, 0, 0) >= 0);
    }
    assertEquals(keys.size(), set.size());
    for (long k : keys) {
      assertTrue(set.contains(k));
      assertTrue(set.add(k, -1, 0, 0) < 0);
    }
    assertEquals(keys.size(), set.size());
  }

  @Test
  void pathsAndRelinking() {
    FingerprintSet set = new FingerprintSet();
    int a = set.add(100, -1, 2, 0); // initial index 2
    int b = set.add(200, a, 1, 1);
    int c = set.add(300, b, 0, 2);
    int d = set.add(400, c, 3, 3);
    assertEquals(new Path(2, new int[] {1, 0, 3}), set.pathTo(d));
    assertEquals(new Path(2, new int[0]), set.pathTo(a));
    set.relink(d, a, 5, 1);
    assertEquals(new Path(2, new int[] {5}), set.pathTo(d));
    assertEquals(2, set.maxDepth());
    set.setFlags(c, 2);
    set.setFlags(c, 4);
    assertEquals(6, set.flags(c));
    assertEquals(0, set.flags(d));
    assertThrows(IndexOutOfBoundsException.class, () -> set.depth(4));
  }

  @Test
  void frontierRingBuffer() {
    Frontier<String> f = new Frontier<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 100; i++) {
        f.addLast("s" + i, i, i);
      }
      for (int i = 0; i < 60; i++) {
        assertEquals("s" + i, f.pollFirst());
        assertEquals(i, f.polledId);
      }
      f.reverseLast(10); // s90..s99 -> s99..s90
      for (int i = 60; i < 90; i++) {
        assertEquals("s" + i, f.pollFirst());
      }
      for (int i = 99; i >= 90; i--) {
        assertEquals("s" + i, f.pollFirst());
        assertEquals(i, f.polledDepth);
      }
      while (!f.isEmpty()) {
        f.pollLast();
      }
    }
  }
}
