package schedcheck.checker;

/**
 * FarmHash's 64-bit fingerprint ({@code farmhashna::Hash64}, Guava's {@code
 * Hashing.farmHashFingerprint64()}) of a state encoded as an {@code int[]}, read as its
 * little-endian bytes straight from the ints: the same value as Guava's hash of those bytes
 * (a test compares them), without copying the state into a byte buffer and without allocating
 * (Guava's answer is a {@code HashCode} object, and its longer-input loop allocates two
 * arrays). One instance per model (not thread-safe); on the hot path of every search.
 *
 * <p>The code follows Guava's {@code FarmHashFingerprint64} (Apache License 2.0), itself a
 * port of Google's FarmHash; every offset is a multiple of 4 here, since the input is ints.
 */
public final class IntsFingerprint {
  private static final long K0 = 0xc3a5c85c97cb3127L;
  private static final long K1 = 0xb492b66fbe98f273L;
  private static final long K2 = 0x9ae16a3b2f90404fL;

  private int[] in = new int[0];
  private int[] zeroedCopy = new int[0];

  /** The fingerprint of {@code v}, with {@code v[zeroed]} read as 0 (-1: none), e.g. a bound's own count. */
  public long of(int[] v, int zeroed) {
    int[] x = v;
    if (zeroed >= 0) {
      if (zeroedCopy.length != v.length) {
        zeroedCopy = new int[v.length];
      }
      System.arraycopy(v, 0, zeroedCopy, 0, v.length);
      zeroedCopy[zeroed] = 0;
      x = zeroedCopy;
    }
    in = x;
    int length = x.length * 4;
    if (length <= 32) {
      return length <= 16 ? hashLength0to16(length) : hashLength17to32(length);
    } else if (length <= 64) {
      return hashLength33To64(length);
    }
    return hashLength65Plus(length);
  }

  private long load64(int byteOffset) {
    int i = byteOffset >> 2;
    return (in[i] & 0xFFFFFFFFL) | ((long) in[i + 1] << 32);
  }

  private long load32(int byteOffset) {
    return in[byteOffset >> 2] & 0xFFFFFFFFL;
  }

  private static long shiftMix(long val) {
    return val ^ (val >>> 47);
  }

  private static long hashLength16(long u, long v, long mul) {
    long a = (u ^ v) * mul;
    a ^= (a >>> 47);
    long b = (v ^ a) * mul;
    b ^= (b >>> 47);
    b *= mul;
    return b;
  }

  private long hashLength0to16(int length) {
    if (length >= 8) {
      long mul = K2 + length * 2L;
      long a = load64(0) + K2;
      long b = load64(length - 8);
      long c = Long.rotateRight(b, 37) * mul + a;
      long d = (Long.rotateRight(a, 25) + b) * mul;
      return hashLength16(c, d, mul);
    }
    if (length >= 4) {
      long mul = K2 + length * 2;
      long a = load32(0);
      return hashLength16(length + (a << 3), load32(length - 4), mul);
    }
    return K2; // length 0: ints come in fours of bytes
  }

  private long hashLength17to32(int length) {
    long mul = K2 + length * 2L;
    long a = load64(0) * K1;
    long b = load64(8);
    long c = load64(length - 8) * mul;
    long d = load64(length - 16) * K2;
    return hashLength16(
        Long.rotateRight(a + b, 43) + Long.rotateRight(c, 30) + d, a + Long.rotateRight(b + K2, 18) + c, mul);
  }

  private long hashLength33To64(int length) {
    long mul = K2 + length * 2L;
    long a = load64(0) * K2;
    long b = load64(8);
    long c = load64(length - 8) * mul;
    long d = load64(length - 16) * K2;
    long y = Long.rotateRight(a + b, 43) + Long.rotateRight(c, 30) + d;
    long z = hashLength16(y, a + Long.rotateRight(b + K2, 18) + c, mul);
    long e = load64(16) * mul;
    long f = load64(24);
    long g = (y + load64(length - 32)) * mul;
    long h = (z + load64(length - 24)) * mul;
    return hashLength16(
        Long.rotateRight(e + f, 43) + Long.rotateRight(g, 30) + h, e + Long.rotateRight(f + a, 18) + g, mul);
  }

  /**
   * Guava's loop over 64-byte blocks, with its two 32-byte halves ({@code
   * weakHashLength32WithSeeds} into v and w) written out inline on locals: the same
   * arithmetic, but nothing stored to fields inside the loop (the loop is most of a
   * fingerprint, and a fingerprint is taken for every transition).
   */
  private long hashLength65Plus(int length) {
    final int[] in = this.in;
    int seed = 81;
    long x = seed;
    @SuppressWarnings("ConstantOverflow")
    long y = seed * K1 + 113;
    long z = shiftMix(y * K2 + 113) * K2;
    long v0 = 0;
    long v1 = 0;
    long w0 = 0;
    long w1 = 0;
    // in ints: the block start, the end of the blocks, the last 64 bytes' start
    int end = ((length - 1) / 64) * 16;
    int last = (end * 4 + ((length - 1) & 63) - 63) >> 2;
    x = x * K2 + load64(in, 0);
    int i = 0;
    do {
      long p0 = load64(in, i);
      long p1 = load64(in, i + 2);
      long p2 = load64(in, i + 4);
      long p3 = load64(in, i + 6);
      long p4 = load64(in, i + 8);
      long p5 = load64(in, i + 10);
      long p6 = load64(in, i + 12);
      long p7 = load64(in, i + 14);
      x = Long.rotateRight(x + y + v0 + p1, 37) * K1;
      y = Long.rotateRight(y + v1 + p6, 42) * K1;
      x ^= w1;
      y += v0 + p5;
      z = Long.rotateRight(z + w0, 33) * K1;
      // weakHashLength32WithSeeds(offset, v1 * K1, x + w0) into v
      long a = v1 * K1 + p0;
      long b = Long.rotateRight(x + w0 + a + p3, 21);
      long c = a;
      a += p1;
      a += p2;
      b += Long.rotateRight(a, 44);
      v0 = a + p3;
      v1 = b + c;
      // weakHashLength32WithSeeds(offset + 32, z + w1, y + load64(offset + 16)) into w
      a = z + w1 + p4;
      b = Long.rotateRight(y + p2 + a + p7, 21);
      c = a;
      a += p5;
      a += p6;
      b += Long.rotateRight(a, 44);
      w0 = a + p7;
      w1 = b + c;
      long tmp = x;
      x = z;
      z = tmp;
      i += 16;
    } while (i != end);
    long mul = K1 + ((z & 0xFF) << 1);
    i = last;
    w0 += ((length - 1) & 63);
    v0 += w0;
    w0 += v0;
    long p0 = load64(in, i);
    long p1 = load64(in, i + 2);
    long p2 = load64(in, i + 4);
    long p3 = load64(in, i + 6);
    long p4 = load64(in, i + 8);
    long p5 = load64(in, i + 10);
    long p6 = load64(in, i + 12);
    long p7 = load64(in, i + 14);
    x = Long.rotateRight(x + y + v0 + p1, 37) * mul;
    y = Long.rotateRight(y + v1 + p6, 42) * mul;
    x ^= w1 * 9;
    y += v0 * 9 + p5;
    z = Long.rotateRight(z + w0, 33) * mul;
    long a = v1 * mul + p0;
    long b = Long.rotateRight(x + w0 + a + p3, 21);
    long c = a;
    a += p1;
    a += p2;
    b += Long.rotateRight(a, 44);
    v0 = a + p3;
    v1 = b + c;
    a = z + w1 + p4;
    b = Long.rotateRight(y + p2 + a + p7, 21);
    c = a;
    a += p5;
    a += p6;
    b += Long.rotateRight(a, 44);
    w0 = a + p7;
    w1 = b + c;
    return hashLength16(hashLength16(v0, w0, mul) + shiftMix(y) * K0 + x, hashLength16(v1, w1, mul) + z, mul);
  }

  /** The little-endian 64 bits at int index i. */
  private static long load64(int[] in, int i) {
    return (in[i] & 0xFFFFFFFFL) | ((long) in[i + 1] << 32);
  }
}
