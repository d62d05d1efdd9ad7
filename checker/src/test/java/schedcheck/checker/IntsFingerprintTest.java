package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.hash.Hashing;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The int[] FarmHash is Guava's fingerprint of the ints' little-endian bytes, bit for bit (so
 * no state count or search order can change), and allocates nothing.
 */
class IntsFingerprintTest {

  private static long guava(int[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(v);
    return Hashing.farmHashFingerprint64().hashBytes(b.array()).asLong();
  }

  @Test
  void sameAsGuavaOnEveryLength() {
    Random r = new Random(8);
    IntsFingerprint f = new IntsFingerprint();
    for (int n = 0; n <= 300; n++) {
      for (int round = 0; round < 20; round++) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
          v[i] = round % 3 == 0 ? r.nextInt() : r.nextInt(5) - 1;
        }
        assertEquals(guava(v), f.of(v, -1), "length " + n);
        if (n > 0) {
          int z = r.nextInt(n);
          int[] w = v.clone();
          w[z] = 0;
          assertEquals(guava(w), f.of(v, z), "length " + n + " zeroed " + z);
        }
      }
    }
  }

  @Test
  void allocatesNothing() {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    IntsFingerprint f = new IntsFingerprint();
    int[] v = new int[204];
    long sum = 0;
    for (int i = 0; i < 200_000; i++) { // warm up: compiled, escape analysis done
      v[i % v.length] = i;
      sum += f.of(v, -1);
    }
    long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (int i = 0; i < 100_000; i++) {
      v[i % v.length] = i;
      sum += f.of(v, -1);
    }
    long after = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    // a few hundred bytes of slack for the measurement itself, against 100,000 hashes
    assertEquals(0, (after - before) / 100_000, "bytes per hash (checksum " + sum + ")");
  }
}
