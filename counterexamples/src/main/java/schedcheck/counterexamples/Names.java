package schedcheck.counterexamples;

import java.util.ArrayList;
import java.util.List;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StateView;

/** How counterexamples name the model's things: task states, tasks, lock sets, queues. */
public final class Names {
  private Names() {}

  /** {@code RUNNING}, {@code INTERRUPTIBLE}, {@code UNINTERRUPTIBLE}, {@code WAKING}, {@code DEAD}. */
  public static String taskState(int state) {
    return switch (state) {
      case Layout.TASK_RUNNING -> "RUNNING";
      case Layout.TASK_INTERRUPTIBLE -> "INTERRUPTIBLE";
      case Layout.TASK_UNINTERRUPTIBLE -> "UNINTERRUPTIBLE";
      case Layout.TASK_WAKING -> "WAKING";
      case Layout.TASK_DEAD -> "DEAD";
      default -> "STATE(" + state + ")";
    };
  }

  /** A task's name, or {@code idle} for -1. */
  public static String task(Layout layout, int t) {
    return t < 0 ? "idle" : layout.taskName(t);
  }

  /** Lock instance names, in the given order. */
  public static List<String> locks(Layout layout, List<Integer> locks) {
    List<String> out = new ArrayList<>(locks.size());
    for (int l : locks) {
      out.add(layout.lockName(l));
    }
    return out;
  }

  /** Task names, in the given order. */
  public static List<String> tasks(Layout layout, List<Integer> tasks) {
    List<String> out = new ArrayList<>(tasks.size());
    for (int t : tasks) {
      out.add(layout.taskName(t));
    }
    return out;
  }

  /** The tasks queued on cpu c's runqueue, by task index. */
  public static List<Integer> runqueue(StateView s, int c) {
    List<Integer> out = new ArrayList<>();
    for (int t = 0; t < s.layout.tasks; t++) {
      if (s.onRqList(c, t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The words (bit w for word w) of a mask, by name. */
  public static List<String> words(Layout layout, int mask) {
    List<String> out = new ArrayList<>();
    for (int w = 0; w < layout.words; w++) {
      if ((mask & (1 << w)) != 0) {
        out.add(layout.wordName(w));
      }
    }
    return out;
  }

  /** What a recorded fault is, e.g. {@code assertion failed}. */
  public static String fault(int kind) {
    return switch (kind) {
      case Layout.FAULT_NONE -> "none";
      case Layout.FAULT_ASSERT -> "assertion failed";
      case Layout.FAULT_SLEEP_WITH_SPINLOCK -> "sleeps while holding a spinlock";
      case Layout.FAULT_UNLOCK_NOT_HELD -> "unlocks a spinlock it does not hold";
      case Layout.FAULT_EXIT_WITH_SPINLOCK -> "exits while holding a spinlock";
      default -> "fault " + kind;
    };
  }
}
