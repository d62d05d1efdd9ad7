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
    set.relink(d, a, 300, 1); // a step index of 255 or more, then a small one again
    assertEquals(300, set.step(d));
    set.relink(d, a, 5, 1);
    assertEquals(5, set.step(d));
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

  @net.jqwik.api.Property(tries = 100)
  void withoutIdLookupKeepsPresenceAndLinks(@ForAll @Size(max = 300) List<Long> keys) {
    FingerprintSet set = FingerprintSet.withoutIdLookup(1);
    FingerprintSet full = new FingerprintSet(1);
    for (long k : keys) {
      int slot = set.slotOf(k);
      boolean free = set.isFree(slot);
      assertEquals(full.find(k) < 0, free, "key " + k);
      if (free) {
        int id = set.insertAtSlot(slot, k, set.size() - 1, set.size() % 300, set.size() / 7);
        assertEquals(full.add(k, full.size() - 1, full.size() % 300, full.size() / 7), id);
      } else {
        assertThrows(UnsupportedOperationException.class, () -> set.idAtSlot(slot));
      }
    }
    assertEquals(full.size(), set.size());
    assertEquals(full.maxDepth(), set.maxDepth());
    for (int id = 0; id < set.size(); id++) {
      assertEquals(full.pathTo(id), set.pathTo(id));
      assertEquals(full.depth(id), set.depth(id));
      assertEquals(id % 300, set.step(id)); // step indexes of 255 and more too
    }
    for (long k : keys) {
      assertTrue(set.contains(k));
    }
  }

  @Test
  void fingerprintZeroIsAKeyLikeAnyOther() {
    for (FingerprintSet set : List.of(new FingerprintSet(0), FingerprintSet.withoutIdLookup(0))) {
      assertFalse(set.contains(0));
      int a = set.insertAtSlot(set.slotOf(5), 5, -1, 0, 0);
      int z = set.insertAtSlot(set.slotOf(0), 0, a, 1, 1);
      assertTrue(set.contains(0));
      assertFalse(set.isFree(set.slotOf(0)));
      for (long k = 1; k < 100; k++) {
        if (k != 5) {
          set.insertAtSlot(set.slotOf(k * 31), k * 31, z, 2, 2);
        }
      }
      assertTrue(set.contains(0) && set.contains(5) && set.contains(31 * 99));
      assertEquals(new Path(0, new int[] {1}), set.pathTo(z));
      if (set.looksUpIds()) {
        assertEquals(z, set.find(0));
      }
    }
  }

  @Test
  void depthsOutOfBreadthFirstOrderAreKeptPerId() {
    FingerprintSet set = FingerprintSet.withoutIdLookup(0);
    int[] depths = {0, 0, 1, 1, 3, 3, 3, 2, 5, 1};
    for (int i = 0; i < depths.length; i++) {
      set.insertAtSlot(set.slotOf(100 + i), 100 + i, i - 1, 0, depths[i]);
    }
    for (int i = 0; i < depths.length; i++) {
      assertEquals(depths[i], set.depth(i), "id " + i);
    }
    assertEquals(5, set.maxDepth());
  }

  /**
   * The visited set of a breadth-first search without id lookup: within 16 bytes a state
   * just before the table doubles, 21 just after (8-byte keys at a load of 3/4 to 3/8, a
   * 4-byte parent link, a 1-byte step index, per-id arrays grown by half).
   */
  @Test
  void aBreadthFirstVisitedSetTakesAboutSixteenBytesAState() {
    FingerprintSet set = FingerprintSet.withoutIdLookup(4096);
    int n = 3 << 18; // 786,432 (the table's 2^20 slots three quarters full)
    long fp = 1;
    for (int i = 0; i < n; i++) {
      fp = fp * 6364136223846793005L + 1442695040888963407L;
      set.insertAtSlot(set.slotOf(fp), fp, i / 3 - 1, i % 3, 31 - Integer.numberOfLeadingZeros(i + 1));
    }
    assertEquals(n, set.size());
    double perState = (double) set.bytes() / n;
    assertTrue(perState <= 17.5, "bytes per state " + perState);
    // id lookup costs 4 bytes a slot more
    assertEquals(4L * 8192, new FingerprintSet(4096).bytes() - FingerprintSet.withoutIdLookup(4096).bytes());
  }

  @Test
  void forgettingTheFingerprintsKeepsIdsDepthsAndPaths() {
    FingerprintSet set = new FingerprintSet(4);
    int a = set.add(11, -1, 0, 0);
    int b = set.add(0, a, 3, 1); // fingerprint 0 has a slot of its own
    int c = set.add(33, b, 300, 2); // a step index past a byte
    long before = set.bytes();
    set.forgetFingerprints();
    assertTrue(set.forgotFingerprints());
    assertTrue(set.bytes() < before, set.bytes() + " vs " + before);
    assertEquals(3, set.size());
    assertEquals(b, set.parent(c));
    assertEquals(300, set.step(c));
    assertEquals(2, set.depth(c));
    assertEquals(2, set.maxDepth());
    assertEquals(new Path(0, new int[] {3, 300}), set.pathTo(c));
    assertThrows(IllegalStateException.class, () -> set.find(11));
    assertThrows(IllegalStateException.class, () -> set.contains(0));
    assertThrows(IllegalStateException.class, () -> set.add(44, c, 0, 3));
  }
}
