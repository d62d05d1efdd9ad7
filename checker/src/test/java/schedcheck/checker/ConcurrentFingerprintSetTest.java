package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ConcurrentFingerprintSet} on one thread: claims, settling, growth (Lincheck does the threads). */
class ConcurrentFingerprintSetTest {

  private static long claim(long order) {
    return ConcurrentFingerprintSet.claimOf(order);
  }

  @Test
  void theSmallestClaimWinsAndOnlyItSettles() {
    for (long fp : new long[] {0, 1, 42, -7}) {
      ConcurrentFingerprintSet set = new ConcurrentFingerprintSet(16);
      assertFalse(set.settle(fp, claim(3), 0), "absent: nothing to settle");
      assertEquals(Long.MAX_VALUE, set.value(fp));
      assertEquals(ConcurrentFingerprintSet.FIRST, set.claim(fp, claim(5)), "the first claim");
      assertEquals(ConcurrentFingerprintSet.WON, set.claim(fp, claim(3)), "a smaller claim");
      assertEquals(ConcurrentFingerprintSet.LOST, set.claim(fp, claim(4)));
      assertFalse(set.settle(fp, claim(5), 0), "a claim that lost does not settle");
      assertEquals(claim(3), set.value(fp));
      assertTrue(set.settle(fp, claim(3), 9));
      assertEquals(9, set.id(fp));
      assertTrue(set.isStored(fp));
      assertFalse(set.settle(fp, claim(3), 10), "settled once");
      assertEquals(ConcurrentFingerprintSet.STORED, set.claim(fp, claim(0)));
      assertEquals(9, set.id(fp));
    }
  }

  @Test
  void growingKeepsEveryKeyAndValue() {
    ConcurrentFingerprintSet set = new ConcurrentFingerprintSet(16);
    for (int i = 1; i <= 8; i++) {
      if (i % 2 == 0) {
        set.store(i * 1_000_003L, i);
      } else {
        set.claim(i * 1_000_003L, claim(i));
      }
    }
    assertEquals(8, set.used());
    ConcurrentFingerprintSet g = set.grownCopy();
    assertEquals(32, g.capacity());
    assertEquals(8, g.used());
    for (int i = 1; i <= 8; i++) {
      assertEquals(i % 2 == 0 ? i : claim(i), g.value(i * 1_000_003L), "fingerprint " + i);
    }
    assertEquals(Long.MAX_VALUE, g.value(99));
  }

  @Test
  void aFullTableThrowsInsteadOfLooping() {
    ConcurrentFingerprintSet set = new ConcurrentFingerprintSet(16);
    for (int i = 1; i <= 16; i++) {
      set.store(i, i);
    }
    assertThrows(IllegalStateException.class, () -> set.claim(17, claim(0)));
    assertFalse(set.settle(17, claim(0), 1));
    assertThrows(IllegalArgumentException.class, () -> set.settle(1, claim(0), -1));
  }
}
