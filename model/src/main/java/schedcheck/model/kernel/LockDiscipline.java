package schedcheck.model.kernel;

/**
 * The kernel model's lock discipline: for every field of the state {@link Layout}, which lock
 * protects it (every step that reads or writes it holds that lock), which fields belong to
 * one task or one cpu (only the steps of that task, or on that cpu, touch them), and which
 * are accessed locklessly by design.
 *
 * <p>Two uses. {@link Movers} merges a step into the transition before it only when every
 * field it touches is protected by a lock its actor holds, or belongs to it: no other cpu
 * can then observe the step until the lock is released (Lipton's both-movers). And, with
 * the run-time check on ({@link KernelModel#CHECK_PROPERTY}, on in the test suite), a step
 * that touches a protected field without its lock held (or another task's or cpu's own
 * field) is a model bug, reported as such ({@link Violation}) naming the step and the field.
 *
 * <p>The declarations, with the kernel's reason:
 *
 * <ul>
 *   <li>lockless by design: the user-space memory words (futex words, the user mutex words);
 *       the futex bucket's {@code waiters} count (atomic, barriers A/B); {@code q.lock_ptr}
 *       (futex_unqueue's lockless test, futex_wake_mark's release store); the kernel mutex
 *       owner word (cmpxchg); {@code rq->curr} ({@code READ_ONCE(p->on_cpu)} in ttwu,
 *       {@code task_curr}); {@code TIF_NEED_RESCHED} (read at every preemption point);
 *       {@code p->__state} ({@code set_current_state} by the task, ttwu under pi_lock);
 *       {@code p->on_rq} and {@code task_cpu(p)} ({@code READ_ONCE} in ttwu and the proxy
 *       walk); {@code wake_cpu}; the task flags word (several writers under different
 *       locks); {@code blocked_on} and {@code blocked_donor} (read by the proxy walk under
 *       the rq lock, written under wait_lock/blocked_lock); the {@code wake_q} link
 *       (cmpxchg in {@code wake_q_add}); the model's own bookkeeping (fault record,
 *       preemption count, missed wakes);</li>
 *   <li>rq->lock of cpu c: its runqueue ({@code rq_mask}) and {@code rq->donor};</li>
 *   <li>lockless too: a mutex's wait_list (v6.17's M9 tests {@code
 *       __mutex_waiter_is_first} before it takes wait_lock);</li>
 *   <li>the task itself: its kernel stack (frames and locals), user pc and registers (a task
 *       that runs nowhere takes no steps: others may touch these then, but not as movers);</li>
 *   <li>lockless too: the futex chains and a task's list link (futex chain or mutex
 *       wait_list): futex_wait's W5 tests {@code plist_node_empty(&q->list)} without
 *       hb->lock (the model walks the chain for it), so whether a task is queued is a
 *       lockless fact, and variant futex-f3 tests the chain for emptiness unlocked; and the
 *       futex_q key (set by the task unlocked, read by wakers under hb->lock);</li>
 *   <li>the cpu itself: its scheduler frames ({@code __schedule} and its callees), but not
 *       their depth, which select_task_rq's idle test reads from other cpus;</li>
 *   <li>lock words: read freely (a step asks what its own actor holds); a write is an
 *       acquisition (never a mover) or the release of a lock the actor holds (a left
 *       mover).</li>
 * </ul>
 */
final class LockDiscipline {

  /** What a step's access of a field is, for {@link #judge}. */
  static final int PROTECTED = 0;
  static final int LOCKLESS = 1;
  static final int VIOLATION = 2;

  private enum Rule { LOCKLESS, LOCK_WORD, TASK, CPU, RQ }

  private final Layout layout;
  private final Rule[] rule;
  private final int[] arg;
  private final String[] name;

  LockDiscipline(Layout layout) {
    this.layout = layout;
    int n = layout.size;
    rule = new Rule[n];
    arg = new int[n];
    name = new String[n];
    java.util.Arrays.fill(rule, Rule.LOCKLESS);
    decl(layout.gPreempt, Rule.LOCKLESS, 0, "preemption count (bound bookkeeping)");
    decl(layout.gFaultKind, Rule.LOCKLESS, 0, "fault record");
    decl(layout.gFaultTask, Rule.LOCKLESS, 0, "fault record (task)");
    decl(layout.gFaultInfo, Rule.LOCKLESS, 0, "fault record (info)");
    for (int c = 0; c < layout.cpus; c++) {
      decl(layout.cpu(c, Layout.CPU_CURR), Rule.LOCKLESS, c, "rq(" + c + ")->curr");
      decl(layout.cpu(c, Layout.CPU_DONOR), Rule.RQ, c, "rq(" + c + ")->donor");
      decl(layout.cpu(c, Layout.CPU_NEED_RESCHED), Rule.LOCKLESS, c, "cpu" + c + " TIF_NEED_RESCHED");
      decl(layout.cpu(c, Layout.CPU_RQ), Rule.RQ, c, "rq(" + c + ") runqueue");
      if (layout.pe) {
        // select_task_rq's idle test (available_idle_cpu) reads it from other cpus
        decl(layout.cpu(c, Layout.CPU_SDEPTH), Rule.LOCKLESS, c, "cpu" + c + " scheduler stack depth");
        for (int f = 0; f < layout.maxSchedFrames; f++) {
          for (int i = 0; i < layout.frameSize; i++) {
            decl(layout.schedFrame(c, f) + i, Rule.CPU, c, "cpu" + c + " scheduler frame " + f + " slot " + i);
          }
        }
      }
    }
    for (int l = 0; l < layout.locks; l++) {
      decl(layout.lockBase + l, Rule.LOCK_WORD, l, layout.lockName(l));
    }
    for (int w = 0; w < layout.words; w++) {
      decl(layout.wordBase + w, Rule.LOCKLESS, w, "user word " + layout.wordName(w));
    }
    for (int b = 0; b < layout.buckets; b++) {
      decl(layout.bucket(b, Layout.HB_WAITERS), Rule.LOCKLESS, b, "hb(" + layout.bucketName(b) + ").waiters");
      decl(layout.bucket(b, Layout.HB_HEAD), Rule.LOCKLESS, b, "hb(" + layout.bucketName(b) + ").chain");
    }
    for (int m = 0; m < layout.mutexes; m++) {
      decl(layout.mutex(m, Layout.M_OWNER), Rule.LOCKLESS, m, layout.mutexName(m) + ".owner");
      decl(layout.mutex(m, Layout.M_HEAD), Rule.LOCKLESS, m, layout.mutexName(m) + ".wait_list");
    }
    String[] taskField = {"__state", "on_rq", "cpu", "wake_cpu", "pc", "flags", "futex_q.key", "futex_q.lock_ptr",
        "list link", "wake_q link", "missed wakes", "blocked_on", "blocked_donor", "kernel stack depth"};
    for (int t = 0; t < layout.tasks; t++) {
      String tn = layout.taskName(t);
      for (int f = 0; f < taskField.length; f++) {
        Rule r = switch (f) {
          case Layout.T_PC, Layout.T_DEPTH -> Rule.TASK;
          default -> Rule.LOCKLESS;
        };
        decl(layout.task(t, f), r, t, tn + "." + taskField[f]);
      }
      for (int f = 0; f < layout.maxFrames; f++) {
        for (int i = 0; i < layout.frameSize; i++) {
          decl(layout.frame(t, f) + i, Rule.TASK, t, tn + " kernel frame " + f + " slot " + i);
        }
      }
      int regs = layout.taskSize - layout.taskRegs - (layout.umcg ? Layout.U_FIELDS : 0);
      for (int r = 0; r < regs; r++) {
        decl(layout.reg(t, r), Rule.TASK, t, tn + " register " + r);
      }
      if (layout.umcg) {
        // UMCG (docs/umcg.md): struct umcg_task lives in user memory, changed by cmpxchg.
        String[] uf = {"umcg_task.state", "umcg_task.server_tid", "umcg_task.next_tid",
            "umcg_task.runnable_workers_ptr", "umcg kernel flags"};
        for (int f = 0; f < Layout.U_FIELDS; f++) {
          decl(layout.umcg(t, f), Rule.LOCKLESS, t, tn + "." + uf[f]);
        }
      }
    }
    if (layout.umcgIdleAt >= 0) {
      // UMCG v0.9.1: the process-wide user words behind idle_workers_ptr / idle_server_tid_ptr.
      decl(layout.umcgIdleAt, Rule.LOCKLESS, 0, "*idle_workers_ptr");
      decl(layout.umcgIdleAt + 1, Rule.LOCKLESS, 0, "*idle_server_tid_ptr");
    }
  }

  private void decl(int o, Rule r, int a, String n) {
    rule[o] = r;
    arg[o] = a;
    name[o] = n;
  }

  /** The field at offset {@code o}, for a person. */
  String fieldName(int o) {
    return name[o] == null ? "slot " + o : name[o];
  }

  /**
   * Judges an access of the field at {@code o} in {@code s} by the step {@code c} runs:
   * {@link #PROTECTED} (a lock the step's actor holds protects it, or it is the actor's own),
   * {@link #LOCKLESS} (other cpus may touch it at any time), or {@link #VIOLATION} (a
   * protected field touched without its lock).
   */
  int judge(StateView s, int o, Ctx c, boolean write) {
    int a = arg[o];
    switch (rule[o]) {
      case LOCKLESS:
        return LOCKLESS;
      case LOCK_WORD: {
        // Reading the lock words tells a step what its own actor holds; a write is an
        // acquisition (never merged) or a release of a lock the actor holds (a left mover).
        if (!write) {
          return PROTECTED;
        }
        return c.actor >= 0 && holderOf(s, a) == c.actor ? PROTECTED : LOCKLESS;
      }
      case TASK:
        return ownTask(s, a, c);
      case CPU:
        return c.cpu == a ? PROTECTED : VIOLATION;
      case RQ:
        if (c.actor < 0) {
          // an idle cpu's scheduler step takes and drops its own rq lock within the step
          return a == c.cpu ? PROTECTED : VIOLATION;
        }
        return held(s, layout.rqLock(a), c);
      default:
        throw new IllegalStateException();
    }
  }

  /** The lock a protected field at {@code o} needs in {@code s}, for messages; -1 if none. */
  String needs(StateView s, int o) {
    int a = arg[o];
    return switch (rule[o]) {
      case TASK -> "to be a step of " + layout.taskName(a) + " (or " + layout.taskName(a) + " not running)";
      case CPU -> "to run on cpu" + a;
      case RQ -> "rq_lock(" + a + ")";
      default -> "nothing";
    };
  }

  private int ownTask(StateView s, int t, Ctx c) {
    if (c.task == t) {
      return PROTECTED;
    }
    // A task that runs nowhere takes no steps: others may touch its fields (the scheduler
    // switching to it, a waker), but that is no mover's business.
    for (int cpu = 0; cpu < layout.cpus; cpu++) {
      if (s.v[layout.cpu(cpu, Layout.CPU_CURR)] == t + 1) {
        return VIOLATION;
      }
    }
    return LOCKLESS;
  }

  private int holderOf(StateView s, int l) {
    return (s.v[layout.lockBase + l] & Layout.HOLDER_MASK) - 1;
  }

  private int held(StateView s, int l, Ctx c) {
    return c.actor >= 0 && holderOf(s, l) == c.actor ? PROTECTED : VIOLATION;
  }

  /** A step touched a protected field without its lock: a bug of the kernel model. */
  static final class Violation extends IllegalStateException {
    Violation(String message) {
      super(message);
    }
  }
}
