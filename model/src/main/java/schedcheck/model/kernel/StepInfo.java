package schedcheck.model.kernel;

import java.util.List;

/**
 * What one transition did: which cpu, which task, which statement or kernel step.
 *
 * @param cpu the cpu the step ran on
 * @param task the task that acted (for scheduler steps: the task switched away from, or -1
 *     for an idle cpu)
 * @param kind what sort of step
 * @param text one line for a person, e.g. {@code futex_wait W3: arm}
 * @param note what came of it, e.g. {@code -> EAGAIN}; may be empty
 * @param acquired the spinlocks taken during the step
 */
public record StepInfo(int cpu, int task, Kind kind, String text, String note, List<LockEvent> acquired) {

  public enum Kind {
    /** A user-space statement, or a system call's entry together with its first kernel step. */
    USER,
    /** A kernel step of a function the task is in. */
    KERNEL,
    /** A scheduler step that is not a task's own: an idle cpu picking, a preemption. */
    SCHED,
    /** The task ran off the end of its program. */
    EXIT
  }

  public StepInfo {
    acquired = List.copyOf(acquired);
    note = note == null ? "" : note;
  }
}
