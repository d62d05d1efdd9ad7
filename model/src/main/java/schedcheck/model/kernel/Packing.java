package schedcheck.model.kernel;

import java.util.Arrays;

/**
 * A kernel state packed for the search's frontier: each int as its difference from a base
 * state (the first initial state), zigzag-coded, runs of equal ints (a zero difference) as
 * one byte, small differences as one byte, others as a tag and a varint. Most fields of a
 * state fit a byte and many never change, so a state of a few hundred ints packs into a few
 * dozen bytes. Not thread-safe: one instance per model.
 */
final class Packing {
  /** 0x00..0x7f: a run of 1..128 ints equal to the base. */
  private static final int RUN_MAX = 128;
  /** 0x80..0xbf: one int whose zigzag difference is 1..64. */
  private static final int SMALL = 0x80;
  private static final int SMALL_MAX = 64;
  /** 0xc0, then the zigzag difference as a varint (7 bits a byte, low first). */
  private static final int BIG = 0xc0;

  private final int[] base;
  private byte[] buf;

  Packing(int[] base) {
    this.base = base.clone();
    this.buf = new byte[base.length * 6 + 8];
  }

  /** A packing with this one's base (its states read back there), for another thread. */
  Packing withSameBase() {
    return new Packing(base);
  }

  /** The packed form of {@code v} (a state of the base's layout), a fresh array. */
  byte[] pack(int[] v) {
    if (v.length != base.length) {
      throw new IllegalArgumentException("state of " + v.length + " ints, base of " + base.length);
    }
    byte[] b = buf;
    int[] base = this.base;
    int len = v.length;
    int n = 0;
    int i = 0;
    while (i < len) {
      // a run of ints equal to the base: found by one tight loop, written in pieces of RUN_MAX
      int j = i;
      while (j < len && v[j] == base[j]) {
        j++;
      }
      for (int run = j - i; run > 0; run -= RUN_MAX) {
        b[n++] = (byte) (Math.min(run, RUN_MAX) - 1);
      }
      if (j == len) {
        break;
      }
      int d = v[j] - base[j];
      int z = (d << 1) ^ (d >> 31);
      if (z > 0 && z <= SMALL_MAX) { // z < 0: a difference of 2^30 or more, as a varint
        b[n++] = (byte) (SMALL | (z - 1));
      } else {
        b[n++] = (byte) BIG;
        while ((z & ~0x7f) != 0) {
          b[n++] = (byte) ((z & 0x7f) | 0x80);
          z >>>= 7;
        }
        b[n++] = (byte) z;
      }
      i = j + 1;
    }
    return Arrays.copyOf(b, n);
  }

  /** Unpacks {@code p} into {@code v} (the base's length). */
  void unpack(byte[] p, int[] v) {
    int i = 0;
    int k = 0;
    while (k < p.length) {
      int tag = p[k++] & 0xff;
      if (tag < SMALL) {
        int run = tag + 1;
        System.arraycopy(base, i, v, i, run);
        i += run;
        continue;
      }
      int z;
      if (tag < BIG) {
        z = (tag & 0x3f) + 1;
      } else {
        z = 0;
        int shift = 0;
        int x;
        do {
          x = p[k++];
          z |= (x & 0x7f) << shift;
          shift += 7;
        } while ((x & 0x80) != 0);
      }
      int d = (z >>> 1) ^ -(z & 1);
      v[i] = base[i] + d;
      i++;
    }
    if (i != v.length) {
      throw new IllegalStateException("packed state of " + i + " ints, expected " + v.length);
    }
  }
}
