package schedcheck.checker;

/**
 * {@link Limits#maxMemory()} as a search checks it, every 1024 expansions: the heap in use
 * (what the JVM reports) above the limit counts only if it stays above after a garbage
 * collection; after a collection that brought it under, the next is at least 64 checks away,
 * so a search just under its limit does not spend its time collecting.
 *
 * <p>Without a limit the heap's own maximum less a tenth is the limit: a search whose live
 * data fills its heap then ends like one over {@code --max-memory} (cut {@code memory}) in a
 * few collections, instead of collecting back to back until the JVM throws {@link
 * OutOfMemoryError} (which the searches also turn into the cut {@code memory}, but only after
 * minutes of collections: 72 s of a 20 MiB heap's liveness pass, issue 8).
 */
final class MemoryLimit {
  /** The share of the heap's maximum a search may keep live without a limit of its own. */
  static final double DEFAULT_SHARE = 0.9;

  private final long bytes;
  private int cooldown;

  /** {@code bytes < 0}: the default, {@link #DEFAULT_SHARE} of the heap's maximum. */
  MemoryLimit(long bytes) {
    long max = Runtime.getRuntime().maxMemory();
    this.bytes = bytes >= 0 ? bytes : max == Long.MAX_VALUE ? -1 : (long) (max * DEFAULT_SHARE);
  }

  /** The limit in bytes ({@code -1}: none). */
  long bytes() {
    return bytes;
  }

  /** Whether the heap in use is above the limit (never, without one). */
  boolean exceeded() {
    if (bytes < 0) {
      return false;
    }
    if (cooldown > 0) {
      cooldown--;
    }
    Runtime rt = Runtime.getRuntime();
    if (rt.totalMemory() - rt.freeMemory() <= bytes || cooldown > 0) {
      return false;
    }
    System.gc();
    cooldown = 64;
    return rt.totalMemory() - rt.freeMemory() > bytes;
  }
}
