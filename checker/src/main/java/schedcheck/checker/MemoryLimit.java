package schedcheck.checker;

/**
 * {@link Limits#maxMemory()} as a search checks it, every 1024 expansions: the heap in use
 * (what the JVM reports) above the limit counts only if it stays above after a garbage
 * collection; after a collection that brought it under, the next is at least 64 checks away,
 * so a search just under its limit does not spend its time collecting.
 */
final class MemoryLimit {
  private final long bytes;
  private int cooldown;

  /** {@code bytes < 0}: no limit. */
  MemoryLimit(long bytes) {
    this.bytes = bytes;
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
