package schedcheck.checker;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/**
 * FarmHash's 64-bit fingerprint (Guava) of a state encoded as an {@code int[]}, copied in bulk
 * into a reused buffer: a streaming hasher fed int by int cost almost half of the search time.
 * One instance per model (not thread-safe); on the hot path of every search.
 */
public final class IntsFingerprint {
  private static final HashFunction FARM = Hashing.farmHashFingerprint64();

  private byte[] bytes = new byte[0];
  private IntBuffer ints;

  /** The fingerprint of {@code v}, with {@code v[zeroed]} read as 0 (-1: none), e.g. a bound's own count. */
  public long of(int[] v, int zeroed) {
    int n = v.length * 4;
    if (bytes.length < n) {
      bytes = new byte[n];
      ints = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
    }
    ints.clear();
    ints.put(v);
    if (zeroed >= 0) {
      ints.put(zeroed, 0);
    }
    return FARM.hashBytes(bytes, 0, n).asLong();
  }
}
