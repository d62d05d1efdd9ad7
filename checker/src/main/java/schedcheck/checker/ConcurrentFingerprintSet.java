package schedcheck.checker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The visited set of {@link ParallelBreadthFirst}: a lock-free open-addressing (linear
 * probing) table from 64-bit fingerprints to a {@code long} value, on two {@link
 * AtomicLongArray}s, updated only with compare-and-set. It is the checker's first concurrent
 * data structure; {@code ConcurrentFingerprintSetLincheckTest} checks it is linearizable
 * (Lincheck, model checking and stress).
 *
 * <p>A value is either a <b>claim</b> (negative: {@code Long.MIN_VALUE + order}, a position
 * in the sequential search's discovery order) or a <b>stored id</b> ({@code >= 0}). {@link
 * #claim} lowers a claim to the smallest order offered (CAS-min) and never touches a stored
 * id; {@link #store} turns the winning claim into the state's id. So however the workers
 * interleave, the claim left for a fingerprint is that of its first discoverer in the
 * sequential order, which is what makes the parallel search store exactly the states, ids
 * and parent links of the sequential one.
 *
 * <p>The table does not grow by itself: {@link #grownCopy()} rehashes it into one twice as
 * large, called by the search while no other thread uses the set (a stop-the-world pause
 * between parents). Inserting into a table that is completely full throws. The parent link,
 * step and depth of each stored id are kept by {@link ParallelBreadthFirst} in plain arrays
 * that only its merge thread writes and reads (for traces).
 */
public final class ConcurrentFingerprintSet {

  /** {@link #claim}: the fingerprint is stored (a state seen before). */
  public static final int STORED = 0;
  /** {@link #claim}: this claim is (for now) the smallest one for the fingerprint. */
  public static final int WON = 1;
  /** {@link #claim}: a smaller claim holds the fingerprint. */
  public static final int LOST = 2;

  /** A value slot not written yet (its key was just inserted). */
  private static final long UNSET = Long.MAX_VALUE;

  private final AtomicLongArray keys;
  private final AtomicLongArray values;
  /** The value of fingerprint 0 (0 marks an empty key slot). */
  private final AtomicLong zero = new AtomicLong(UNSET);
  private final AtomicInteger used = new AtomicInteger();
  private final int mask;

  /** A table of {@code capacity} slots (rounded up to a power of two, at least 16). */
  public ConcurrentFingerprintSet(int capacity) {
    int n = 16;
    while (n < capacity && n < (1 << 30)) {
      n <<= 1;
    }
    keys = new AtomicLongArray(n);
    values = new AtomicLongArray(n);
    for (int i = 0; i < n; i++) {
      values.lazySet(i, UNSET);
    }
    mask = n - 1;
  }

  /** The number of slots. */
  public int capacity() {
    return mask + 1;
  }

  /**
   * The number of fingerprints in the table (claimed or stored): a load measure, exact only
   * while no other thread inserts (a key is counted just after its slot is taken).
   */
  public int used() {
    return used.get();
  }

  /** The claim value of discovery order {@code order >= 0}: negative, smaller for a smaller order. */
  public static long claimOf(long order) {
    return Long.MIN_VALUE + order;
  }

  /**
   * Offers {@code claimValue} (from {@link #claimOf}) for {@code fp}: inserts the fingerprint
   * if absent, or lowers its claim when this one is smaller. Returns {@link #STORED} when the
   * fingerprint already has an id (nothing changed), {@link #WON} when its claim is now
   * {@code claimValue}, {@link #LOST} when a smaller claim holds it.
   */
  public int claim(long fp, long claimValue) {
    if (claimValue >= 0) {
      throw new IllegalArgumentException("not a claim: " + claimValue);
    }
    if (fp == 0) {
      return lower(zero, claimValue);
    }
    int slot = slotFor(fp, true);
    for (;;) {
      long v = values.get(slot);
      if (v >= 0 && v != UNSET) {
        return STORED;
      }
      if (v <= claimValue) {
        return LOST; // v == claimValue only when the same claim is offered twice: not lowered now
      }
      if (values.compareAndSet(slot, v, claimValue)) {
        return WON;
      }
    }
  }

  private static int lower(AtomicLong cell, long claimValue) {
    for (;;) {
      long v = cell.get();
      if (v >= 0 && v != UNSET) {
        return STORED;
      }
      if (v <= claimValue) {
        return LOST;
      }
      if (cell.compareAndSet(v, claimValue)) {
        return WON;
      }
    }
  }

  /**
   * Records {@code id >= 0} for {@code fp} (inserting it if absent), replacing its claim.
   * Called by the one thread that decides ids, for the winner of a claim (or an initial state).
   */
  public void store(long fp, int id) {
    if (id < 0) {
      throw new IllegalArgumentException("id < 0: " + id);
    }
    if (fp == 0) {
      zero.set(id);
      return;
    }
    values.set(slotFor(fp, true), id);
  }

  /**
   * The value of {@code fp}: its id ({@code >= 0}), its claim (negative), or {@link
   * Long#MAX_VALUE} when absent.
   */
  public long value(long fp) {
    if (fp == 0) {
      return zero.get();
    }
    int slot = slotFor(fp, false);
    return slot < 0 ? UNSET : values.get(slot);
  }

  /** The id stored for {@code fp}, or {@code -1} when it is absent or only claimed. */
  public int id(long fp) {
    long v = value(fp);
    return v >= 0 && v != UNSET ? (int) v : -1;
  }

  /** Whether {@code fp} has a stored id. */
  public boolean isStored(long fp) {
    return id(fp) >= 0;
  }

  /**
   * The slot of {@code fp}; when absent, inserts its key ({@code insert}) or returns -1.
   * Lock-free: a thread that loses the race for an empty slot re-reads it and either finds
   * its own fingerprint there (inserted by another thread) or probes on.
   */
  private int slotFor(long fp, boolean insert) {
    final AtomicLongArray k = keys;
    final int m = mask;
    int slot = (int) FingerprintSet.mix(fp) & m;
    for (int probes = 0; probes <= m; probes++) {
      long key = k.get(slot);
      if (key == fp) {
        return slot;
      }
      if (key == 0) {
        if (!insert) {
          return -1;
        }
        if (k.compareAndSet(slot, 0, fp)) {
          used.incrementAndGet();
          return slot;
        }
        if (k.get(slot) == fp) {
          return slot;
        }
      }
      slot = (slot + 1) & m;
    }
    if (!insert) {
      return -1;
    }
    throw new IllegalStateException("fingerprint table full (" + capacity() + " slots)");
  }

  /**
   * A copy twice as large with the same fingerprints and values. Not thread-safe: no other
   * thread may use this set meanwhile.
   */
  public ConcurrentFingerprintSet grownCopy() {
    ConcurrentFingerprintSet g = new ConcurrentFingerprintSet(Math.min(1 << 30, capacity() * 2));
    g.zero.set(zero.get());
    int n = 0;
    for (int i = 0; i <= mask; i++) {
      long key = keys.get(i);
      if (key != 0) {
        int slot = (int) FingerprintSet.mix(key) & g.mask;
        while (g.keys.get(slot) != 0) {
          slot = (slot + 1) & g.mask;
        }
        g.keys.set(slot, key);
        g.values.set(slot, values.get(i));
        n++;
      }
    }
    g.used.set(n);
    return g;
  }
}
