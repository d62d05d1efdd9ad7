package schedcheck.checker;

import java.util.Arrays;

/**
 * The states waiting to be expanded, each with its id in the {@link FingerprintSet} and the
 * depth it was queued at: a growable ring buffer of parallel arrays that serves as a FIFO
 * queue (breadth-first) or a LIFO stack (depth-first). After {@link #pollFirst} or {@link
 * #pollLast}, {@link #polledId} and {@link #polledDepth} describe the state returned.
 *
 * <p>A queue made {@link #Frontier(boolean) first-in first-out only} keeps packed states
 * that are {@code byte[]} ({@link Model#pack}) not as arrays of their own but as their bytes
 * in one ring of bytes, in queue order, and hands back a fresh copy when one is polled. A
 * {@code byte[]} per queued state cost its 16-byte header, padding and a reference, and, as
 * a breadth-first frontier outlives several young collections, each was promoted to the old
 * generation to die there: peak memory grew by every state ever queued, not by the largest
 * frontier (bench/README.md, "Memory"). The ring reuses its bytes; the copies die young.
 */
final class Frontier<S> {

  /** The largest ring of bytes (1 GiB); a frontier beyond it is out of memory. */
  private static final int MAX_BYTES = 1 << 30;
  /** Stands for an entry whose bytes are in the ring. */
  private static final Object IN_RING = new Object();

  private final boolean fifoOnly;
  private Object[] states;
  private int[] ids;
  private int[] depths;
  /** FIFO only: the length of an entry in the ring. */
  private int[] lengths;
  private int head;
  private int size;
  private int mask;

  /** FIFO only: the ring of bytes, its first byte and how many it holds. */
  private byte[] bytes;
  private int bytesHead;
  private int bytesSize;

  int polledId = -1;
  int polledDepth = -1;

  /** A queue or stack that keeps its states as they are. */
  Frontier() {
    this(false);
  }

  /**
   * @param fifoOnly only {@link #addLast} and {@link #pollFirst} (no {@link #pollLast}, no
   *     {@link #reverseLast}): {@code byte[]} states are kept in a ring of bytes
   */
  Frontier(boolean fifoOnly) {
    this.fifoOnly = fifoOnly;
    states = new Object[64];
    ids = new int[64];
    depths = new int[64];
    lengths = fifoOnly ? new int[64] : null;
    bytes = fifoOnly ? new byte[4096] : null;
    mask = 63;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Bytes held in the ring (FIFO only; 0 otherwise). */
  long ringBytes() {
    return bytesSize;
  }

  void addLast(S state, int id, int depth) {
    if (size == states.length) {
      grow();
    }
    int at = (head + size) & mask;
    if (fifoOnly && state instanceof byte[] b) {
      append(b);
      states[at] = IN_RING;
      lengths[at] = b.length;
    } else {
      states[at] = state;
    }
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
    if (fifoOnly) {
      throw new UnsupportedOperationException("a first-in first-out frontier");
    }
    if (size == 0) {
      throw new IllegalStateException("empty frontier");
    }
    size--;
    return take((head + size) & mask);
  }

  @SuppressWarnings("unchecked")
  private S take(int at) {
    Object o = states[at];
    states[at] = null;
    polledId = ids[at];
    polledDepth = depths[at];
    if (o == IN_RING) {
      o = removeFirst(lengths[at]);
    }
    return (S) o;
  }

  private void append(byte[] b) {
    int n = b.length;
    if ((long) bytesSize + n > bytes.length) {
      growBytes((long) bytesSize + n);
    }
    int tail = (bytesHead + bytesSize) & (bytes.length - 1);
    int first = Math.min(n, bytes.length - tail);
    System.arraycopy(b, 0, bytes, tail, first);
    System.arraycopy(b, first, bytes, 0, n - first);
    bytesSize += n;
  }

  private byte[] removeFirst(int n) {
    byte[] b = new byte[n];
    int first = Math.min(n, bytes.length - bytesHead);
    System.arraycopy(bytes, bytesHead, b, 0, first);
    System.arraycopy(bytes, 0, b, first, n - first);
    bytesHead = (bytesHead + n) & (bytes.length - 1);
    bytesSize -= n;
    if (bytesSize == 0) {
      bytesHead = 0;
    }
    return b;
  }

  private void growBytes(long need) {
    if (need > MAX_BYTES) {
      // a limit like the heap's: the search reports it as the cut "memory"
      throw new OutOfMemoryError("frontier of packed states over " + MAX_BYTES + " bytes");
    }
    int n = bytes.length;
    while (n < need) {
      n <<= 1;
    }
    byte[] b = new byte[n];
    int first = Math.min(bytesSize, bytes.length - bytesHead);
    System.arraycopy(bytes, bytesHead, b, 0, first);
    System.arraycopy(bytes, 0, b, first, bytesSize - first);
    bytes = b;
    bytesHead = 0;
  }

  /** Reverses the order of the last {@code count} entries. */
  void reverseLast(int count) {
    if (fifoOnly) {
      throw new UnsupportedOperationException("a first-in first-out frontier");
    }
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
    int[] l = lengths == null ? null : new int[n];
    for (int k = 0; k < size; k++) {
      int at = (head + k) & mask;
      s[k] = states[at];
      i[k] = ids[at];
      d[k] = depths[at];
      if (l != null) {
        l[k] = lengths[at];
      }
    }
    states = s;
    ids = i;
    depths = d;
    lengths = l;
    head = 0;
    mask = n - 1;
  }

  void clear() {
    Arrays.fill(states, null);
    head = 0;
    size = 0;
    bytesHead = 0;
    bytesSize = 0;
    if (bytes != null && bytes.length > 4096) {
      bytes = new byte[4096]; // give the ring back
    }
  }
}
