package schedcheck.model.scenario;

import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The UMCG statements of the language (an extension, docs/umcg.md): records implementing
 * {@link Stmt.Call}, registered with their syntax and kernel entry in the kernel's {@code
 * UmcgSyscalls} (the parser and interpreter name none of them). Every UMCG statement names
 * tasks by TID (in operands, registers or user memory), so {@link Stmt.Call#namesTask()} is
 * true for all: the symmetry reduction stays off.
 */
public final class Umcg {
  private Umcg() {}

  /** A UMCG statement (or block_io / complete_io). */
  public interface UmcgStmt extends Stmt.Call {
    @Override
    default boolean namesTask() {
      return true;
    }
  }

  /** Whether {@code st} is one of the UMCG statements (or block_io / complete_io). */
  public static boolean isUmcg(Stmt st) {
    return st instanceof UmcgStmt;
  }

  /** Whether task {@code t}'s program uses UMCG. */
  static boolean usesUmcg(Scenario.Task t) {
    return t.program().statements().stream().anyMatch(Umcg::isUmcg);
  }

  /** Whether task {@code t}'s program registers as a worker somewhere. */
  static boolean registersAsWorker(Scenario.Task t) {
    return t.program().statements().stream()
        .anyMatch(st -> st instanceof UmcgCtl c && c.kind() == UmcgCtlKind.WORKER);
  }

  /**
   * UMCG's checks of a whole scenario, once its programs are known: a umcg-* variant in a file
   * whose programs use no UMCG would change nothing (bad input, at the variant); a signal to a
   * task that uses UMCG is not modeled (umcg_notify_resume), bad input at the statement.
   */
  static void check(List<Scenario.Task> tasks, Map<String, Node> variants, YamlTree y) throws ScenarioException {
    if (tasks.stream().noneMatch(Umcg::usesUmcg)) {
      for (Map.Entry<String, Node> e : variants.entrySet()) {
        if (e.getKey().startsWith("umcg-")) {
          throw y.error(e.getValue(), "kernel variant '" + e.getKey() + "' changes UMCG, but no program uses UMCG, so"
              + " it would change nothing: remove the variant, or use the UMCG statements (docs/umcg.md)");
        }
      }
    }
    boolean v091 = variants.containsKey(V091);
    if (v091 && variants.containsKey("umcg-u2-unvalidated-next-tid")) {
      throw y.error(variants.get("umcg-u2-unvalidated-next-tid"), "kernel variant 'umcg-u2-unvalidated-next-tid'"
          + " changes umcg_get_task, which umcg-v0.9.1 does not call (user space itself makes next_tid RUNNING,"
          + " and the group is the whole process), so it would change nothing: remove one of them");
    }
    for (Scenario.Task t : tasks) {
      for (Stmt st : t.program().statements()) {
        versionCheck(st, v091);
      }
    }
    for (Scenario.Task t : tasks) {
      for (Stmt st : t.program().statements()) {
        if (st instanceof Stmt.Signal sg && usesUmcg(tasks.get(sg.task()))) {
          throw new ScenarioException(st.pos(), "'" + st.text() + "': signals to a task that uses UMCG are not modeled"
              + " (docs/umcg.md)");
        }
        if (st instanceof UmcgPreempt p && !registersAsWorker(tasks.get(p.task()))) {
          throw new ScenarioException(st.pos(), "'" + st.text() + "': " + tasks.get(p.task()).name()
              + "'s program never registers as a worker ('umcg_ctl worker S'), and UMCG_TF_PREEMPT preempts a"
              + " RUNNING worker (docs/umcg.md, Preemption)");
        }
      }
    }
  }

  /** The UMCG version variant (docs/umcg.md "v0.9.1"). */
  static final String V091 = "umcg-v0.9.1";

  /** Statements that one UMCG version has and the other has not (bad input, at the statement). */
  private static void versionCheck(Stmt st, boolean v091) throws ScenarioException {
    if (!v091 && st instanceof UmcgIdle) {
      throw new ScenarioException(st.pos(), "'" + st.text() + "': umcg_idle exists in UMCG v0.9.1 only (an idle"
          + " server announced in *idle_server_tid_ptr): add 'umcg-v0.9.1' to kernel.variants, or use umcg_runnable");
    }
    if (v091 && st instanceof UmcgRunnable) {
      throw new ScenarioException(st.pos(), "'" + st.text() + "': umcg-v0.9.1 has no RUNNABLE state and no"
          + " UMCG_TF_COND_WAIT: write umcg_idle (self -> IDLE, a server announces itself idle)");
    }
    if (v091 && st instanceof UmcgKick) {
      throw new ScenarioException(st.pos(), "'" + st.text() + "': umcg-v0.9.1 has no sys_umcg_kick (it came with"
          + " PeterZ's rework)");
    }
    if (v091 && st instanceof UmcgPreempt) {
      throw new ScenarioException(st.pos(), "'" + st.text() + "': umcg_preempt sets the rework's UMCG_TF_PREEMPT"
          + " and works with sys_umcg_kick, which umcg-v0.9.1 does not have (its UMCG_TF_PREEMPTED is not modeled):"
          + " drop 'umcg-v0.9.1' from kernel.variants");
    }
    if (v091 && st instanceof UmcgPop p && p.from() >= 0) {
      throw new ScenarioException(st.pos(), "'" + st.text() + "': under umcg-v0.9.1 umcg_pop takes from the one"
          + " process-wide idle-workers stack: write 'r = umcg_pop' without a server");
    }
  }

  /**
   * {@code [r =] umcg_ctl server}, {@code [r =] umcg_ctl worker S}, {@code [r =] umcg_ctl
   * unregister}: sys_umcg_ctl. {@code server} is the server's task index for a worker, else -1.
   */
  public record UmcgCtl(SourcePos pos, String text, int reg, UmcgCtlKind kind, int server) implements UmcgStmt {
    @Override
    public String keyword() {
      return "umcg_ctl";
    }
  }

  public enum UmcgCtlKind { SERVER, WORKER, UNREGISTER }

  /**
   * {@code [r =] umcg_wait [next]}: self->next_tid = next (a TID: a task name, or an
   * expression; none means 0), then sys_umcg_wait. The caller has set its state with {@link
   * UmcgRunnable} first, as the API asks.
   */
  public record UmcgWait(SourcePos pos, String text, int reg, Expr next) implements UmcgStmt {
    @Override
    public String keyword() {
      return "umcg_wait";
    }
  }

  /** {@code umcg_runnable}: user space's self->state = UMCG_TASK_RUNNABLE | UMCG_TF_COND_WAIT. */
  public record UmcgRunnable(SourcePos pos, String text) implements UmcgStmt {
    @Override
    public String keyword() {
      return "umcg_runnable";
    }
  }

  /**
   * {@code [r =] umcg_idle} (umcg-v0.9.1 only): user space's self->state RUNNING -> IDLE and,
   * for a server, *idle_server_tid_ptr = self. 0, or -11 when self is not RUNNING.
   */
  public record UmcgIdle(SourcePos pos, String text, int reg) implements UmcgStmt {
    @Override
    public String keyword() {
      return "umcg_idle";
    }
  }

  /**
   * {@code [r =] umcg_kick T}: sys_umcg_kick(0, tid(T)): T passes through umcg_notify_resume
   * before its next user statement, which preempts it if {@link UmcgPreempt} set its flag.
   */
  public record UmcgKick(SourcePos pos, String text, int reg, int task) implements UmcgStmt {
    @Override
    public String keyword() {
      return "umcg_kick";
    }
  }

  /**
   * {@code r = umcg_pop [S]}: user space takes one worker off its own (or server S's)
   * runnable_workers_ptr list (the lowest TID; 0 when the list is empty). One atomic user
   * step. {@code from} is S's task index, or -1 for the caller's own list.
   */
  public record UmcgPop(SourcePos pos, String text, int reg, int from) implements UmcgStmt {
    @Override
    public String keyword() {
      return "umcg_pop";
    }
  }

  /**
   * {@code r = umcg_state T}: user space reads the struct umcg_task::state (without its flags)
   * of the task with TID {@code tid} (a task name, or an expression); 0 for no task.
   */
  public record UmcgState(SourcePos pos, String text, int reg, Expr tid) implements UmcgStmt {
    @Override
    public String keyword() {
      return "umcg_state";
    }
  }

  /**
   * {@code [r =] umcg_preempt T}: user space's cmpxchg(&T->state, RUNNING, RUNNING |
   * UMCG_TF_PREEMPT), one atomic step; r = 0 when it set the flag, -11 when T was not RUNNING.
   * T's program must register as a worker ({@link #check}). An extension (docs/umcg.md, Preemption).
   */
  public record UmcgPreempt(SourcePos pos, String text, int reg, int task) implements UmcgStmt {
    @Override
    public String keyword() {
      return "umcg_preempt";
    }
  }

  /** {@code [r =] block_io}: a system call that blocks until the environment completes it. */
  public record BlockIo(SourcePos pos, String text, int reg) implements UmcgStmt {
    @Override
    public String keyword() {
      return "block_io";
    }
  }

  /** {@code complete_io T}: the environment (an interrupt, run by this task) completes T's block_io. */
  public record CompleteIo(SourcePos pos, String text, int task) implements UmcgStmt {
    @Override
    public String keyword() {
      return "complete_io";
    }
  }
}
