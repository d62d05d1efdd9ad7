package schedcheck.checker;

import java.util.Arrays;

/**
 * The states waiting to be expanded, each with its id in the {@link FingerprintSet} and the
 * depth it was queued at: a growable ring buffer of parallel arrays that serves as a FIFO
 * queue (breadth-first) or a LIFO stack (depth-first). After {@link #pollFirst} or {@link
 * #pollLast}, {@link #polledId} and {@link #polledDepth} describe the state returned.
 */
final class Frontier<S> {

  private Object[] states;
  private int[] ids;
  private int[] depths;
  private int head;
  private int size;
  private int mask;

  int polledId = -1;
  int polledDepth = -1;

  Frontier() {
    states = new Object[64];
    ids = new int[64];
    depths = new int[64];
    mask = 63;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void addLast(S state, int id, int depth) {
    if (size == states.length) {
      grow();
    }
    int at = (head + size) & mask;
    states[at] = state;
    ids[at] = id;
    depths[at] = depth;
    size++;
  }

  S pollFirst() {
    if (size == 0) {
      throw new IllegalStateException("empty frontier");
    }
    int at = head;
    head = (head + 1) & mask;
    size--;
    return take(at);
  }

  S pollLast() {
    if (size == 0) {
      throw new IllegalStateException("empty frontier");
    }
    size--;
    return take((head + size) & mask);
  }

  @SuppressWarnings("unchecked")
  private S take(int at) {
    S s = (S) states[at];
    states[at] = null;
    polledId = ids[at];
    polledDepth = depths[at];
    return s;
  }

  /** Reverses the order of the last {@code count} entries. */
  void reverseLast(int count) {
    if (count < 0 || count > size) {
      throw new IllegalArgumentException("count " + count + " of " + size);
    }
    int i = size - count;
    int j = size - 1;
    while (i < j) {
      swap((head + i) & mask, (head + j) & mask);
      i++;
      j--;
    }
  }

  private void swap(int a, int b) {
    Object s = states[a];
    states[a] = states[b];
    states[b] = s;
    int t = ids[a];
    ids[a] = ids[b];
    ids[b] = t;
    t = depths[a];
    depths[a] = depths[b];
    depths[b] = t;
  }

  /**
   * How many entries are still to be expanded: those whose queued depth is the state's
   * current depth (an entry superseded by a shorter way to its state is stale).
   */
  int countLive(FingerprintSet seen) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      int at = (head + i) & mask;
      if (seen.depth(ids[at]) == depths[at]) {
        n++;
      }
    }
    return n;
  }

  private void grow() {
    int n = states.length * 2;
    if (n < 0 || n > (1 << 30)) {
      throw new IllegalStateException("frontier too large: " + size);
    }
    Object[] s = new Object[n];
    int[] i = new int[n];
    int[] d = new int[n];
    for (int k = 0; k < size; k++) {
      int at = (head + k) & mask;
      s[k] = states[at];
      i[k] = ids[at];
      d[k] = depths[at];
    }
    states = s;
    ids = i;
    depths = d;
    head = 0;
    mask = n - 1;
  }

  void clear() {
    Arrays.fill(states, null);
    head = 0;
    size = 0;
  }
}
