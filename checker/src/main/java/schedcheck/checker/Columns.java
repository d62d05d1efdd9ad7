package schedcheck.checker;

import java.util.Arrays;

/**
 * Growable primitive arrays in pages of {@value #PAGE} entries, for the per-state and
 * per-edge columns of {@link FairCycles}' graph: growing adds a page instead of copying the
 * whole array (a doubling {@code Arrays.copyOf} holds the old and the new array at once, up
 * to three times the live size at the peak), and unused room is at most one page. Entries
 * never written read as 0. Not thread-safe.
 */
final class Columns {
  static final int SHIFT = 16;
  static final int PAGE = 1 << SHIFT;
  static final int MASK = PAGE - 1;

  private Columns() {}

  /** An int per index. */
  static final class Ints {
    private int[][] pages = new int[4][];

    int get(int i) {
      int k = i >>> SHIFT;
      int[] p = k < pages.length ? pages[k] : null;
      return p == null ? 0 : p[i & MASK];
    }

    void set(int i, int value) {
      page(i >>> SHIFT)[i & MASK] = value;
    }

    private int[] page(int k) {
      if (k >= pages.length) {
        pages = Arrays.copyOf(pages, Math.max(k + 1, pages.length * 2));
      }
      int[] p = pages[k];
      if (p == null) {
        p = pages[k] = new int[PAGE];
      }
      return p;
    }

    long bytes() {
      long b = 16L + 8L * pages.length;
      for (int[] p : pages) {
        b += p == null ? 0 : 16L + 4L * p.length;
      }
      return b;
    }
  }

  /** A char (an unsigned 16-bit number) per index. */
  static final class Chars {
    private char[][] pages = new char[4][];

    int get(int i) {
      int k = i >>> SHIFT;
      char[] p = k < pages.length ? pages[k] : null;
      return p == null ? 0 : p[i & MASK];
    }

    void set(int i, int value) {
      page(i >>> SHIFT)[i & MASK] = (char) value;
    }

    private char[] page(int k) {
      if (k >= pages.length) {
        pages = Arrays.copyOf(pages, Math.max(k + 1, pages.length * 2));
      }
      char[] p = pages[k];
      if (p == null) {
        p = pages[k] = new char[PAGE];
      }
      return p;
    }
  }

  /** A byte per index. */
  static final class Bytes {
    private byte[][] pages = new byte[4][];

    int get(int i) {
      int k = i >>> SHIFT;
      byte[] p = k < pages.length ? pages[k] : null;
      return p == null ? 0 : p[i & MASK];
    }

    void set(int i, int value) {
      page(i >>> SHIFT)[i & MASK] = (byte) value;
    }

    private byte[] page(int k) {
      if (k >= pages.length) {
        pages = Arrays.copyOf(pages, Math.max(k + 1, pages.length * 2));
      }
      byte[] p = pages[k];
      if (p == null) {
        p = pages[k] = new byte[PAGE];
      }
      return p;
    }
  }

  /**
   * Distinct pairs (an int, a long) numbered 0, 1, 2, ... in the order first met: the labels
   * of the graph's edges (progress goals, served classes) and states (goals, enabled classes)
   * take few distinct values, so a column stores a label's number, not the label. An open
   * addressing table; no allocation but when growing.
   */
  static final class Labels {
    private int[] a = new int[64];
    private long[] b = new long[64];
    private int size;
    /** Number + 1 by slot; 0 is free. */
    private int[] table = new int[128];
    private int lastA;
    private long lastB;
    private int last = -1;

    int size() {
      return size;
    }

    int first(int label) {
      return a[label];
    }

    long second(int label) {
      return b[label];
    }

    /** The number of the pair, numbering it when new. */
    int of(int x, long y) {
      if (last >= 0 && x == lastA && y == lastB) {
        return last;
      }
      int m = table.length - 1;
      long h = (y * 0x9E3779B97F4A7C15L) ^ (x * 0xC2B2AE3D27D4EB4FL);
      int slot = (int) (h ^ (h >>> 29)) & m;
      int at;
      while ((at = table[slot]) != 0) {
        int k = at - 1;
        if (a[k] == x && b[k] == y) {
          return remember(x, y, k);
        }
        slot = (slot + 1) & m;
      }
      int k = size++;
      if (k == a.length) {
        a = Arrays.copyOf(a, k * 2);
        b = Arrays.copyOf(b, k * 2);
      }
      a[k] = x;
      b[k] = y;
      table[slot] = k + 1;
      if (size * 2 > table.length) {
        rehash();
      }
      return remember(x, y, k);
    }

    private int remember(int x, long y, int k) {
      lastA = x;
      lastB = y;
      last = k;
      return k;
    }

    private void rehash() {
      int[] t = new int[table.length * 2];
      int m = t.length - 1;
      for (int k = 0; k < size; k++) {
        long h = (b[k] * 0x9E3779B97F4A7C15L) ^ (a[k] * 0xC2B2AE3D27D4EB4FL);
        int slot = (int) (h ^ (h >>> 29)) & m;
        while (t[slot] != 0) {
          slot = (slot + 1) & m;
        }
        t[slot] = k + 1;
      }
      table = t;
    }
  }
}
