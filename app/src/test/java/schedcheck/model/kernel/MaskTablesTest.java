package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Symmetry#maskTables} and {@link Symmetry#maskLookup} (the runqueue and missed-wake
 * masks renamed one byte at a time) against the bit-by-bit renaming they replaced, for masks of
 * one to four bytes: the shipped scenarios ({@code CanonicalWalkTest}) have at most 8 tasks and
 * words, so only here are the second to fourth bytes' tables checked.
 */
class MaskTablesTest {

  @Test
  void aMaskRenamedByTheTablesIsTheMaskRenamedBitByBit() {
    Random random = new Random(52);
    for (int n : new int[] {1, 2, 5, 8, 9, 15, 16, 17, 24, 25, 30, 31}) {
      int[][] perms = new int[4][];
      for (int r = 0; r < perms.length; r++) {
        perms[r] = randomPerm(n, r == 0 ? null : random);
      }
      int bytes = Math.max(1, (n + 7) >> 3);
      int[][] tables = Symmetry.maskTables(perms, n, bytes);
      int bits = (int) ((1L << n) - 1);
      for (int r = 0; r < perms.length; r++) {
        for (int k = 0; k < 2000; k++) {
          int mask = random.nextInt() & bits;
          if (k < n) {
            mask = 1 << k; // each bit alone
          }
          int expected = 0;
          for (int b = 0; b < n; b++) {
            if ((mask & (1 << b)) != 0) {
              expected |= 1 << perms[r][b];
            }
          }
          assertEquals(expected, Symmetry.maskLookup(tables[r], bytes, mask),
              "n=" + n + " renaming " + r + " mask " + Integer.toBinaryString(mask));
        }
      }
    }
  }

  private static int[] randomPerm(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; random != null && i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
