package schedcheck.model.reference;

import java.util.List;

/**
 * One step of the reference semantics: a whole statement or system call of one task, or a
 * scheduler decision of one cpu.
 *
 * @param cpu the cpu it happens on
 * @param task the acting task, or -1 for an idle cpu's pick
 * @param kind what sort of step
 * @param text the statement as written (or the scheduler action)
 * @param outcome what came of it, e.g. {@code sleeps; switch to t1} or {@code returns -1}; may
 *     be empty
 * @param acquired the spinlock the step took (a lock index of {@link RefShape}), with the locks
 *     the task held before it (by lock index); null when it took none
 */
public record RefStep(int cpu, int task, Kind kind, String text, String outcome, Acquired acquired) {

  public enum Kind { USER, SYSCALL, RETURN, EXIT, SCHED }

  /** A spinlock taken while {@code held} were held. */
  public record Acquired(int task, int lock, List<Integer> held) {
    public Acquired {
      held = List.copyOf(held);
    }
  }

  /** The step as one line, e.g. {@code t2 r = futex_wait w2 0  -> sleeps}. */
  public String line(RefShape shape) {
    String who = task < 0 ? "idle" : shape.taskName(task);
    return who + " " + text + (outcome.isEmpty() ? "" : "  -> " + outcome);
  }
}
