package schedcheck.model.kernel;

/**
 * A spinlock acquisition during a step: lock instance {@code lock} was taken while the
 * acting task held {@code held} (lock instances, ascending). Lockdep's edges come from
 * these.
 */
public record LockEvent(int task, int lock, int[] held) {}
