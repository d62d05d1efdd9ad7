package schedcheck.checker;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The visited set of {@link ParallelBreadthFirst}: a lock-free open-addressing (linear
 * probing) table from 64-bit fingerprints to a {@code long} value, on one {@link
 * AtomicLongArray} that holds each slot's key and value side by side (one cache line per
 * look-up: a successor already seen, most of them, costs one cache miss, as in the
 * sequential {@link FingerprintSet}), updated only with compare-and-set. It is the checker's first concurrent
 * data structure; {@code ConcurrentFingerprintSetLincheckTest} checks it is linearizable
 * (Lincheck, model checking and stress).
 *
 * <p>A value is either a <b>claim</b> (negative: {@code Long.MIN_VALUE + order}, a position
 * in the sequential search's discovery order) or a <b>stored id</b> ({@code >= 0}). {@link
 * #claim} lowers a claim to the smallest order offered (CAS-min) and never touches a stored
 * id; {@link #store} turns the winning claim into the state's id. So however the workers
 * interleave, the claim left for a fingerprint is that of its first discoverer in the
 * sequential order, which is what makes the parallel search store exactly the states, ids
 * and parent links of the sequential one. {@link #settle} does the last two in one look-up
 * (the claim is still the given one: store the id).
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
  /**
   * {@link #claim}: this claim is now the fingerprint's, and the first it ever had (a {@link
   * #WON} that also means one fingerprint more in the table: callers count these instead of
   * the table counting insertions on a counter every thread would write).
   */
  public static final int FIRST = 3;

  /** The most slots a table has (two {@code long}s each: an array index must stay an {@code int}). */
  public static final int MAX_CAPACITY = 1 << 29;

  /** A value slot not written yet (its key was just inserted). */
  private static final long UNSET = Long.MAX_VALUE;

  /** Slot {@code i}'s key at {@code 2i} (0: empty), its value at {@code 2i + 1}. */
  private final AtomicLongArray table;
  /** The value of fingerprint 0 (0 marks an empty key slot). */
  private final AtomicLong zero = new AtomicLong(UNSET);
  private final int mask;

  /** A table of {@code capacity} slots (rounded up to a power of two, at least 16). */
  public ConcurrentFingerprintSet(int capacity) {
    int n = 16;
    while (n < capacity && n < MAX_CAPACITY) {
      n <<= 1;
    }
    table = new AtomicLongArray(2 * n);
    for (int i = 0; i < n; i++) {
      table.lazySet(2 * i + 1, UNSET);
    }
    mask = n - 1;
  }

  /** The number of slots. */
  public int capacity() {
    return mask + 1;
  }

  /**
   * The number of fingerprints in the table (claimed or stored), counted slot by slot: for
   * tests, exact only while no other thread inserts. A search knows its table's load from the
   * {@link #FIRST} claims and the stores it made.
   */
  public int used() {
    int n = zero.get() == UNSET ? 0 : 1;
    for (int i = 0; i <= mask; i++) {
      if (table.get(2 * i) != 0) {
        n++;
      }
    }
    return n;
  }

  /** The claim value of discovery order {@code order >= 0}: negative, smaller for a smaller order. */
  public static long claimOf(long order) {
    return Long.MIN_VALUE + order;
  }

  /**
   * Offers {@code claimValue} (from {@link #claimOf}) for {@code fp}: inserts the fingerprint
   * if absent, or lowers its claim when this one is smaller. Returns {@link #STORED} when the
   * fingerprint already has an id (nothing changed), {@link #FIRST} when it had neither id nor
   * claim and its claim is now {@code claimValue}, {@link #WON} when a larger claim was lowered
   * to {@code claimValue}, {@link #LOST} when a smaller claim holds it.
   */
  public int claim(long fp, long claimValue) {
    if (claimValue >= 0) {
      throw new IllegalArgumentException("not a claim: " + claimValue);
    }
    if (fp == 0) {
      return lower(zero, claimValue);
    }
    int at = 2 * slotFor(fp, true) + 1;
    for (;;) {
      long v = table.get(at);
      if (v >= 0 && v != UNSET) {
        return STORED;
      }
      if (v <= claimValue) {
        return LOST; // v == claimValue only when the same claim is offered twice: not lowered now
      }
      if (table.compareAndSet(at, v, claimValue)) {
        return v == UNSET ? FIRST : WON;
      }
    }
  }

  /**
   * Stores {@code id >= 0} for {@code fp} if its value is still {@code claimValue}, in one
   * look-up ({@link #value} compared, then {@link #store}, atomically); false (nothing
   * changed) when the fingerprint is absent or holds anything else.
   */
  public boolean settle(long fp, long claimValue, int id) {
    if (id < 0) {
      throw new IllegalArgumentException("id < 0: " + id);
    }
    if (fp == 0) {
      return zero.compareAndSet(claimValue, id);
    }
    int slot = slotFor(fp, false);
    return slot >= 0 && table.compareAndSet(2 * slot + 1, claimValue, id);
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
        return v == UNSET ? FIRST : WON;
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
    table.set(2 * slotFor(fp, true) + 1, id);
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
    return slot < 0 ? UNSET : table.get(2 * slot + 1);
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
    final AtomicLongArray k = table;
    final int m = mask;
    int slot = (int) FingerprintSet.mix(fp) & m;
    for (int probes = 0; probes <= m; probes++) {
      long key = k.get(2 * slot);
      if (key == fp) {
        return slot;
      }
      if (key == 0) {
        if (!insert) {
          return -1;
        }
        if (k.compareAndSet(2 * slot, 0, fp)) {
          return slot;
        }
        if (k.get(2 * slot) == fp) {
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
    ConcurrentFingerprintSet g = new ConcurrentFingerprintSet(Math.min(MAX_CAPACITY, capacity() * 2));
    g.zero.set(zero.get());
    for (int i = 0; i <= mask; i++) {
      long key = table.get(2 * i);
      if (key != 0) {
        int slot = (int) FingerprintSet.mix(key) & g.mask;
        while (g.table.get(2 * slot) != 0) {
          slot = (slot + 1) & g.mask;
        }
        g.table.set(2 * slot, key);
        g.table.set(2 * slot + 1, table.get(2 * i + 1));
      }
    }
    return g;
  }
}
