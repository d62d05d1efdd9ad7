package schedcheck.checker;

import java.util.function.LongConsumer;

/** A plain open-addressing set of {@code long}s (no boxing); grows by doubling. */
final class LongSet {

  private long[] keys;
  private boolean[] used;
  private int mask;
  private int resizeAt;
  private int size;

  LongSet() {
    allocate(64);
  }

  private void allocate(int table) {
    keys = new long[table];
    used = new boolean[table];
    mask = table - 1;
    resizeAt = table / 4 * 3;
  }

  int size() {
    return size;
  }

  boolean contains(long key) {
    int slot = (int) FingerprintSet.mix(key) & mask;
    while (used[slot]) {
      if (keys[slot] == key) {
        return true;
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }

  /** Adds {@code key}; {@code false} if it was already present. */
  boolean add(long key) {
    int slot = (int) FingerprintSet.mix(key) & mask;
    while (used[slot]) {
      if (keys[slot] == key) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    used[slot] = true;
    if (++size > resizeAt) {
      grow();
    }
    return true;
  }

  void forEach(LongConsumer action) {
    for (int i = 0; i < keys.length; i++) {
      if (used[i]) {
        action.accept(keys[i]);
      }
    }
  }

  private void grow() {
    if (keys.length >= 1 << 30) {
      throw new IllegalStateException("LongSet too large: " + size);
    }
    long[] oldKeys = keys;
    boolean[] oldUsed = used;
    allocate(oldKeys.length * 2);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        int slot = (int) FingerprintSet.mix(oldKeys[i]) & mask;
        while (used[slot]) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        used[slot] = true;
      }
    }
  }
}
