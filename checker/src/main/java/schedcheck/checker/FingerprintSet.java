package schedcheck.checker;

import java.util.Arrays;

/**
 * The visited set of a search: 64-bit state fingerprints mapped to dense ids {@code 0, 1,
 * 2, ...} in the order they were added, with a parent link, the step index that reached the
 * state, its depth and a few flag bits per id. It never holds states: a trace is rebuilt by
 * following parent links and replaying from the initial state (see {@link #pathTo}).
 *
 * <p>An open-addressing (linear probing) table of primitive {@code long} keys and {@code
 * int} ids that doubles when three quarters full; the per-id arrays double separately. No
 * boxing, no allocation except when growing. Not thread-safe (a search is single-threaded).
 *
 * <p>For an initial state the parent is {@code -1} and the step is the index of the state in
 * {@link Model#initialStates()}.
 */
public final class FingerprintSet {

  private static final int MAX_TABLE = 1 << 30;
  private static final int MAX_IDS = Integer.MAX_VALUE - 16;

  /** Fingerprints by slot; meaningful only where {@code slotIds[slot] != 0}. */
  private long[] keys;
  /** {@code id + 1} by slot; {@code 0} marks an empty slot (so any fingerprint can be a key). */
  private int[] slotIds;

  private int mask;
  private int resizeAt;
  private int size;

  private int[] parent;
  private int[] step;
  private int[] depth;
  private byte[] flags;

  /** An empty set with room for a few thousand fingerprints before it first grows. */
  public FingerprintSet() {
    this(4096);
  }

  /** An empty set with room for about {@code expected} fingerprints before it grows. */
  public FingerprintSet(int expected) {
    if (expected < 0) {
      throw new IllegalArgumentException("expected < 0: " + expected);
    }
    int table = 16;
    while (table < MAX_TABLE && (long) table * 3 / 4 < expected) {
      table <<= 1;
    }
    allocateTable(table);
    int ids = Math.max(16, Math.min(expected, MAX_IDS));
    parent = new int[ids];
    step = new int[ids];
    depth = new int[ids];
    flags = new byte[ids];
  }

  private void allocateTable(int table) {
    keys = new long[table];
    slotIds = new int[table];
    mask = table - 1;
    resizeAt = (int) ((long) table * 3 / 4);
  }

  /** Number of fingerprints stored; ids are {@code 0 .. size()-1}. */
  public int size() {
    return size;
  }

  /** The id of {@code fingerprint}, or {@code -1} if absent. */
  public int find(long fingerprint) {
    return idAtSlot(slotOf(fingerprint));
  }

  /** Whether {@code fingerprint} is stored. */
  public boolean contains(long fingerprint) {
    return find(fingerprint) >= 0;
  }

  /**
   * The slot that holds {@code fingerprint}, or the empty slot where it would be inserted.
   * Valid until the next insertion. Together with {@link #idAtSlot} and {@link #insertAtSlot}
   * this lets a caller look up, decide, then insert with a single probe sequence.
   */
  public int slotOf(long fingerprint) {
    final long[] k = keys;
    final int[] ids = slotIds;
    final int m = mask;
    int slot = (int) mix(fingerprint) & m;
    while (ids[slot] != 0 && k[slot] != fingerprint) {
      slot = (slot + 1) & m;
    }
    return slot;
  }

  /** The id stored at {@code slot}, or {@code -1} if the slot is empty. */
  public int idAtSlot(int slot) {
    return slotIds[slot] - 1;
  }

  /**
   * Stores {@code fingerprint} at the empty {@code slot} just returned by {@link
   * #slotOf(long)} for it, and returns its new id.
   */
  public int insertAtSlot(int slot, long fingerprint, int parentId, int stepIndex, int depthValue) {
    if (slotIds[slot] != 0) {
      throw new IllegalStateException("slot " + slot + " is occupied");
    }
    int id = size;
    if (id == parent.length) {
      growIds();
    }
    keys[slot] = fingerprint;
    slotIds[slot] = id + 1;
    parent[id] = parentId;
    step[id] = stepIndex;
    depth[id] = depthValue;
    size = id + 1;
    if (size > resizeAt) {
      growTable();
    }
    return id;
  }

  /**
   * Adds {@code fingerprint} if absent. Returns its new id, or {@code -(id + 1)} (a negative
   * number) when it was already stored with {@code id}; the links are then left unchanged.
   */
  public int add(long fingerprint, int parentId, int stepIndex, int depthValue) {
    int slot = slotOf(fingerprint);
    int id = idAtSlot(slot);
    if (id >= 0) {
      return -(id + 1);
    }
    return insertAtSlot(slot, fingerprint, parentId, stepIndex, depthValue);
  }

  /** The parent's id, or {@code -1} for an initial state. */
  public int parent(int id) {
    checkId(id);
    return parent[id];
  }

  /**
   * The position of the step from the parent among the parent's successors, or for an
   * initial state its index among the initial states.
   */
  public int step(int id) {
    checkId(id);
    return step[id];
  }

  /** The depth recorded for {@code id}. */
  public int depth(int id) {
    checkId(id);
    return depth[id];
  }

  /** Replaces the parent link and depth of {@code id} (a shorter way to the same state). */
  public void relink(int id, int parentId, int stepIndex, int depthValue) {
    checkId(id);
    parent[id] = parentId;
    step[id] = stepIndex;
    depth[id] = depthValue;
  }

  /** The flag bits of {@code id} (all clear when added); their meaning is the caller's. */
  public int flags(int id) {
    checkId(id);
    return flags[id];
  }

  /** Sets (ors in) flag bits of {@code id}; only the low 8 bits are kept. */
  public void setFlags(int id, int bits) {
    checkId(id);
    flags[id] |= (byte) bits;
  }

  /** The largest recorded depth, or {@code -1} when empty. */
  public int maxDepth() {
    int max = -1;
    final int[] d = depth;
    for (int i = 0; i < size; i++) {
      if (d[i] > max) {
        max = d[i];
      }
    }
    return max;
  }

  /** The execution that reaches {@code id} along parent links. */
  public Path pathTo(int id) {
    checkId(id);
    int length = 0;
    int root = id;
    while (parent[root] >= 0) {
      root = parent[root];
      length++;
      if (length > size) {
        throw new IllegalStateException("cycle in parent links at state " + id);
      }
    }
    int[] steps = new int[length];
    int at = id;
    for (int i = length - 1; i >= 0; i--) {
      steps[i] = step[at];
      at = parent[at];
    }
    return new Path(step[root], steps);
  }

  private void checkId(int id) {
    if (id < 0 || id >= size) {
      throw new IndexOutOfBoundsException("no state id " + id + " (size " + size + ")");
    }
  }

  private void growIds() {
    if (parent.length >= MAX_IDS) {
      throw new IllegalStateException("too many states for a FingerprintSet: " + size);
    }
    int n = (int) Math.min((long) parent.length * 2, MAX_IDS);
    parent = Arrays.copyOf(parent, n);
    step = Arrays.copyOf(step, n);
    depth = Arrays.copyOf(depth, n);
    flags = Arrays.copyOf(flags, n);
  }

  private void growTable() {
    if (keys.length >= MAX_TABLE) {
      // Stay at 2^30 slots; the table keeps working until it is completely full.
      resizeAt = MAX_TABLE - 1;
      if (size >= MAX_TABLE - 1) {
        throw new IllegalStateException("too many states for a FingerprintSet: " + size);
      }
      return;
    }
    long[] oldKeys = keys;
    int[] oldIds = slotIds;
    allocateTable(oldKeys.length * 2);
    final long[] k = keys;
    final int[] ids = slotIds;
    final int m = mask;
    for (int i = 0; i < oldKeys.length; i++) {
      int v = oldIds[i];
      if (v != 0) {
        long fp = oldKeys[i];
        int slot = (int) mix(fp) & m;
        while (ids[slot] != 0) {
          slot = (slot + 1) & m;
        }
        k[slot] = fp;
        ids[slot] = v;
      }
    }
  }

  /** MurmurHash3's 64-bit finaliser: models may hand in poorly spread fingerprints. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
