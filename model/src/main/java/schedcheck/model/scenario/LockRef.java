package schedcheck.model.scenario;

/**
 * A spinlock named in a program: an extra class from {@code locks} (index into
 * {@link Scenario#locks()}), or a kernel lock instance {@code pi_lock(t)} (task index),
 * {@code rq_lock(c)} (cpu), {@code wait_lock(M)} (mutex index), {@code blocked_lock(t)}.
 */
public record LockRef(Kind kind, int index) {
  public enum Kind { EXTRA, PI_LOCK, RQ_LOCK, WAIT_LOCK, BLOCKED_LOCK }
}
