package schedcheck.checker;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The visited set of a search: 64-bit state fingerprints mapped to dense ids {@code 0, 1,
 * 2, ...} in the order they were added, with a parent link, the step index that reached the
 * state, its depth and a few flag bits per id. It never holds states: a trace is rebuilt by
 * following parent links and replaying from the initial state (see {@link #pathTo}).
 *
 * <p>An open-addressing (linear probing) table of primitive {@code long} keys that doubles
 * when three quarters full, and per-id arrays that grow by half. No boxing, no allocation
 * except when growing. Not thread-safe (a search is single-threaded).
 *
 * <p>Memory per state, kept small because it is what bounds the search ({@code bench/run}
 * reports bytes per state): the key (8 bytes a slot, 10.7 to 21 bytes a state by the load),
 * the parent link (4 bytes) and the step index (1 byte; an index of 255 or more goes to a
 * side map). Depths cost nothing while they come in breadth-first order (ids added in
 * non-decreasing depth: only where each depth starts is kept); the first id added at a
 * smaller depth than one before, or a {@link #relink}, turns on a 4-byte depth per id (a
 * depth-first search under a depth limit). Flag bits cost a byte per id from the first
 * {@link #setFlags}. Looking up the id of a stored fingerprint ({@link #find}, {@link
 * #idAtSlot}) costs 4 bytes a slot more; a set made by {@link #withoutIdLookup} leaves that
 * out (ids are still assigned, and {@link #isFree} says whether a fingerprint is stored), for
 * a search that never needs the id of a state it meets again.
 *
 * <p>For an initial state the parent is {@code -1} and the step is the index of the state in
 * {@link Model#initialStates()}.
 */
public final class FingerprintSet {

  private static final int MAX_TABLE = 1 << 30;
  private static final int MAX_IDS = Integer.MAX_VALUE - 16;
  /** A step index of this or more is kept in {@link #bigSteps}. */
  private static final int STEP_ESCAPE = 255;

  /** Fingerprints by slot; a slot is free where the key is 0 (fingerprint 0 lives in {@link #zeroId}). */
  private long[] keys;
  /** {@code id + 1} by slot, or null for a set without id lookup. */
  private int[] slotIds;
  /** The id of fingerprint 0, or -1 when it is not stored. */
  private int zeroId = -1;

  private int mask;
  private int resizeAt;
  private int size;

  private int[] parent;
  /** Step indexes as unsigned bytes; {@link #STEP_ESCAPE} means: look in {@link #bigSteps}. */
  private byte[] step;
  private final Map<Integer, Integer> bigSteps = new HashMap<>();
  /** Depth by id once depths stopped coming in order; null until then (see {@link #levelStart}). */
  private int[] depth;
  /** While {@link #depth} is null: {@code levelStart[d]} is the first id of depth {@code >= d}. */
  private int[] levelStart = new int[16];
  /** Number of valid entries of {@link #levelStart}: the largest depth + 1 (0 when empty). */
  private int levels;
  /** Flag bits by id, from the first non-zero {@link #setFlags}; null until then. */
  private byte[] flags;

  /** An empty set with room for a few thousand fingerprints before it first grows. */
  public FingerprintSet() {
    this(4096);
  }

  /** An empty set with room for about {@code expected} fingerprints before it grows. */
  public FingerprintSet(int expected) {
    this(expected, true);
  }

  /**
   * An empty set without id lookup: {@link #find}, {@link #add} and {@link #idAtSlot} of a
   * stored fingerprint are not supported (use {@link #contains}, {@link #isFree}); 4 bytes a
   * slot less.
   */
  public static FingerprintSet withoutIdLookup(int expected) {
    return new FingerprintSet(expected, false);
  }

  private FingerprintSet(int expected, boolean ids) {
    if (expected < 0) {
      throw new IllegalArgumentException("expected < 0: " + expected);
    }
    int table = 16;
    while (table < MAX_TABLE && (long) table * 3 / 4 < expected) {
      table <<= 1;
    }
    allocateTable(table, ids);
    int n = Math.max(16, Math.min(expected, MAX_IDS));
    parent = new int[n];
    step = new byte[n];
  }

  private void allocateTable(int table, boolean ids) {
    keys = new long[table];
    slotIds = ids ? new int[table] : null;
    mask = table - 1;
    resizeAt = (int) ((long) table * 3 / 4);
  }

  /** Whether {@link #find} and {@link #idAtSlot} can say which id a stored fingerprint has. */
  public boolean looksUpIds() {
    return slotIds != null;
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
    return !isFree(slotOf(fingerprint));
  }

  /**
   * The slot that holds {@code fingerprint}, or the free slot where it would be inserted.
   * Valid until the next insertion. Together with {@link #idAtSlot} (or {@link #isFree}) and
   * {@link #insertAtSlot} this lets a caller look up, decide, then insert with a single probe
   * sequence. Fingerprint 0 has a slot of its own, {@code keys.length}.
   */
  public int slotOf(long fingerprint) {
    final long[] k = keys();
    if (fingerprint == 0) {
      return k.length;
    }
    final int m = mask;
    int slot = (int) mix(fingerprint) & m;
    long at;
    while ((at = k[slot]) != 0 && at != fingerprint) {
      slot = (slot + 1) & m;
    }
    return slot;
  }

  /** Whether {@code slot} (from {@link #slotOf}) holds no fingerprint. */
  public boolean isFree(int slot) {
    final long[] k = keys();
    return slot == k.length ? zeroId < 0 : k[slot] == 0;
  }

  /**
   * The id stored at {@code slot}, or {@code -1} if the slot is free.
   *
   * @throws UnsupportedOperationException for a stored fingerprint of a set {@link
   *     #withoutIdLookup}
   */
  public int idAtSlot(int slot) {
    if (isFree(slot)) {
      return -1;
    }
    if (slotIds == null) {
      throw new UnsupportedOperationException("a FingerprintSet without id lookup");
    }
    return slot == keys.length ? zeroId : slotIds[slot] - 1;
  }

  /**
   * Stores {@code fingerprint} at the free {@code slot} just returned by {@link
   * #slotOf(long)} for it, and returns its new id.
   */
  public int insertAtSlot(int slot, long fingerprint, int parentId, int stepIndex, int depthValue) {
    if (!isFree(slot)) {
      throw new IllegalStateException("slot " + slot + " is occupied");
    }
    if (depthValue < 0) {
      throw new IllegalArgumentException("depth < 0: " + depthValue);
    }
    int id = size;
    if (id == parent.length) {
      growIds();
    }
    if (slot == keys.length) {
      zeroId = id;
    } else {
      keys[slot] = fingerprint;
      if (slotIds != null) {
        slotIds[slot] = id + 1;
      }
    }
    parent[id] = parentId;
    setStep(id, stepIndex);
    size = id + 1;
    setDepth(id, depthValue);
    if (size - (zeroId >= 0 ? 1 : 0) > resizeAt) {
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

  /**
   * Forgets the fingerprints (the hash table, 8 or 12 bytes a slot), keeping every id's parent
   * link, step, depth and flags: for a caller that will walk ids and paths only from now on
   * (the liveness pass's component analysis). {@link #size}, {@link #parent}, {@link #step},
   * {@link #depth}, {@link #flags}, {@link #maxDepth} and {@link #pathTo} still work; anything
   * that looks a fingerprint up, or adds one, throws {@link IllegalStateException}.
   */
  public void forgetFingerprints() {
    keys = null;
    slotIds = null;
  }

  /** Whether {@link #forgetFingerprints} was called. */
  public boolean forgotFingerprints() {
    return keys == null;
  }

  private long[] keys() {
    if (keys == null) {
      throw new IllegalStateException("this FingerprintSet forgot its fingerprints");
    }
    return keys;
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
    return stepOf(id);
  }

  private int stepOf(int id) {
    int s = step[id] & 0xff;
    return s == STEP_ESCAPE ? bigSteps.get(id) : s;
  }

  private void setStep(int id, int stepIndex) {
    if ((step[id] & 0xff) == STEP_ESCAPE) {
      bigSteps.remove(id); // a relinked id (a new id's byte is still 0: no boxing)
    }
    if (stepIndex >= 0 && stepIndex < STEP_ESCAPE) {
      step[id] = (byte) stepIndex;
    } else {
      step[id] = (byte) STEP_ESCAPE;
      bigSteps.put(id, stepIndex);
    }
  }

  /** The depth recorded for {@code id}. */
  public int depth(int id) {
    checkId(id);
    if (depth != null) {
      return depth[id];
    }
    // the last level starting at or before id
    int lo = 0;
    int hi = levels - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (levelStart[mid] <= id) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Records the depth of the id just added (the last one). */
  private void setDepth(int id, int d) {
    if (depth != null) {
      depth[id] = d;
      return;
    }
    if (d >= levels - 1 || levels == 0) {
      if (d >= levelStart.length) {
        levelStart = Arrays.copyOf(levelStart, Math.max(d + 1, levelStart.length * 2));
      }
      for (int l = levels; l <= d; l++) {
        levelStart[l] = id;
      }
      levels = Math.max(levels, d + 1);
      return;
    }
    depthPerId();
    depth[id] = d;
  }

  /** Depths out of breadth-first order from now on: one int per id. */
  private void depthPerId() {
    int[] d = new int[parent.length];
    for (int l = 0; l < levels; l++) {
      int end = l + 1 < levels ? levelStart[l + 1] : size;
      Arrays.fill(d, levelStart[l], end, l);
    }
    depth = d;
  }

  /** Replaces the parent link and depth of {@code id} (a shorter way to the same state). */
  public void relink(int id, int parentId, int stepIndex, int depthValue) {
    checkId(id);
    if (depth == null) {
      depthPerId();
    }
    parent[id] = parentId;
    setStep(id, stepIndex);
    depth[id] = depthValue;
  }

  /** The flag bits of {@code id} (all clear when added); their meaning is the caller's. */
  public int flags(int id) {
    checkId(id);
    return flags == null ? 0 : flags[id];
  }

  /** Sets (ors in) flag bits of {@code id}; only the low 8 bits are kept. */
  public void setFlags(int id, int bits) {
    checkId(id);
    if (flags == null) {
      if ((byte) bits == 0) {
        return;
      }
      flags = new byte[parent.length];
    }
    flags[id] |= (byte) bits;
  }

  /** The largest recorded depth, or {@code -1} when empty. */
  public int maxDepth() {
    if (depth == null) {
      return levels - 1;
    }
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
      steps[i] = stepOf(at);
      at = parent[at];
    }
    return new Path(stepOf(root), steps);
  }

  /**
   * Bytes held by this set (its arrays' lengths, not counting the side map of large step
   * indexes): what {@code bench/run}'s bytes per state are made of.
   */
  public long bytes() {
    long b = (keys == null ? 0 : 8L * keys.length) + (slotIds == null ? 0 : 4L * slotIds.length)
        + 4L * parent.length + step.length;
    if (depth != null) {
      b += 4L * depth.length;
    }
    if (flags != null) {
      b += flags.length;
    }
    return b + 4L * levelStart.length;
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
    int n = (int) Math.min((long) parent.length + (parent.length >> 1), MAX_IDS);
    parent = Arrays.copyOf(parent, n);
    step = Arrays.copyOf(step, n);
    if (depth != null) {
      depth = Arrays.copyOf(depth, n);
    }
    if (flags != null) {
      flags = Arrays.copyOf(flags, n);
    }
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
    allocateTable(oldKeys.length * 2, oldIds != null);
    final long[] k = keys;
    final int[] ids = slotIds;
    final int m = mask;
    for (int i = 0; i < oldKeys.length; i++) {
      long fp = oldKeys[i];
      if (fp != 0) {
        int slot = (int) mix(fp) & m;
        while (k[slot] != 0) {
          slot = (slot + 1) & m;
        }
        k[slot] = fp;
        if (ids != null) {
          ids[slot] = oldIds[i];
        }
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
