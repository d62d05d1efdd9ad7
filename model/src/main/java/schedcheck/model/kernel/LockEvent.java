package schedcheck.model.kernel;

/**
 * A spinlock acquisition during a step: lock instance {@code lock} was taken, with lockdep
 * subclass {@code subclass} ({@code spin_lock_nested}; 0 for a plain acquisition), while the
 * acting task held {@code held} (lock instances, ascending), taken with the subclasses
 * {@code heldSubclasses} (same order). Lockdep's edges come from these.
 */
public record LockEvent(int task, int lock, int[] held, int subclass, int[] heldSubclasses) {

  /** A plain acquisition (subclass 0) while holding locks taken plainly. */
  public LockEvent(int task, int lock, int[] held) {
    this(task, lock, held, 0, new int[held.length]);
  }
}
