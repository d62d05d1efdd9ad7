package schedcheck.model.reference;

import static schedcheck.model.reference.RefShape.F_INSYS;
import static schedcheck.model.reference.RefShape.F_ONRQ;
import static schedcheck.model.reference.RefShape.KIND;
import static schedcheck.model.reference.RefShape.U_IO;
import static schedcheck.model.reference.RefShape.U_KICK;
import static schedcheck.model.reference.RefShape.U_KIND;
import static schedcheck.model.reference.RefShape.U_LIST;
import static schedcheck.model.reference.RefShape.U_NEXT;
import static schedcheck.model.reference.RefShape.U_PHASE;
import static schedcheck.model.reference.RefShape.U_SERVER;
import static schedcheck.model.reference.RefShape.U_STATE;

import schedcheck.model.scenario.Stmt;
import schedcheck.model.scenario.Umcg;

/**
 * The reference semantics of the UMCG statements (docs/umcg.md), written from that page's
 * meaning of each statement, not from the kernel steps: every system call is one atomic step
 * (and, when it waits, one more to return once its state is RUNNING). Its own encoding
 * ({@link RefShape#U_STATE} ...).
 *
 * <ul>
 *   <li>{@code umcg_ctl server}: registered already: -22; else state RUNNING, its own server.
 *   <li>{@code umcg_ctl worker S}: registered already: -22; S not a live registered server
 *       (or the caller): -3; else the worker is RUNNABLE on S's runnable list, S is woken
 *       (RUNNABLE -> RUNNING), and the worker waits until its state is RUNNING; then 0.
 *   <li>{@code umcg_ctl unregister}: not registered: -22; not RUNNING: -11; else NONE, a
 *       worker wakes its server; 0.
 *   <li>{@code umcg_runnable}: state RUNNABLE|COND_WAIT. {@code umcg_pop}: the lowest TID off
 *       its own list, or 0. {@code umcg_state T}: T's state.
 *   <li>{@code umcg_wait next}: not registered: -22; a worker whose server is gone: -3; state
 *       not RUNNABLE (a wake came): -11; next not a live UMCG task with the caller's server:
 *       -3; next not RUNNABLE: -11 (each error leaves a RUNNABLE caller RUNNING); else next
 *       becomes RUNNING and is woken onto the caller's cpu, a worker puts itself on its
 *       server's list and wakes it, and the caller waits until its state is RUNNING; then 0.
 *   <li>{@code umcg_kick T}: -3 unless T is a live UMCG task of the group; else 0, and T runs
 *       umcg_notify_resume before its next statement.
 *   <li>{@code umcg_preempt T}: T's state exactly RUNNING: RUNNING|PREEMPT, 0; else -11.
 *   <li>umcg_notify_resume (one step, before the statement of a kicked task): RUNNING or
 *       RUNNABLE|COND_WAIT: nothing; PREEMPT set: RUNNABLE (flags cleared), on its server's
 *       list, the server woken; then, if RUNNABLE, it waits until RUNNING and goes back to the
 *       statement (not run yet).
 *   <li>{@code block_io}: completed already: 0 at once. Else a worker's state becomes BLOCKED
 *       and its server is woken; the task sleeps until {@code complete_io} wakes it. Then a
 *       worker becomes RUNNABLE on its server's list, wakes its server and waits until
 *       RUNNING; 0.
 *   <li>{@code complete_io T}: marks T's I/O done and wakes T if it sleeps in block_io.
 * </ul>
 * "Wakes S" for a server: S's state RUNNABLE becomes RUNNING, and S, if it waits, is woken
 * onto the waker's cpu.
 */
final class UmcgRef extends UmcgRefBase {
  private static final int RUNNABLE = 2;
  private static final int MASK = 0xf;
  private static final int COND_WAIT = 0x10;
  private static final int PREEMPT = 0x20;
  private static final int TID_RUNNING = 0x100;
  private static final int PHASE_NOTIFY = 3;

  UmcgRef(ReferenceModel m, RefShape shape) {
    super(m, shape);
  }

  private int state(int t) {
    return u(t, U_STATE) & MASK;
  }

  /** RUNNABLE -> RUNNING, and a waiting task is woken onto {@code cpu}. */
  private boolean wakeTask(int t, int cpu) {
    if (state(t) != RUNNABLE) {
      return false;
    }
    setU(t, U_STATE, RUNNING);
    m.note(shape.taskName(t) + " RUNNING");
    // umcg_wake_task: try_to_wake_up(tsk, TASK_NORMAL, WF_CURRENT_CPU) [P rework's umcg.c]:
    // wherever t sleeps (a futex wait, a mutex, block_io too), not only in a UMCG wait
    m.wakeNormal(t, cpu);
    return true;
  }

  private void wakeServer(int t, int cpu) {
    int s = server(t);
    if (s >= 0) {
      wakeTask(s, cpu);
    }
  }

  private void enqueue(int t) {
    int s = server(t);
    if (s >= 0) {
      setU(s, U_LIST, u(s, U_LIST) | (1 << t));
    }
  }

  /** A live registered UMCG task with the caller's server, by TID; or -1. */
  private int getTask(int caller, int tid) {
    int t = (tid & ~TID_RUNNING) - 1;
    if (t < 0 || t >= shape.tasks || exited(t) || u(t, U_KIND) == 0 || server(t) != server(caller)) {
      return -1;
    }
    return t;
  }

  /** Waits until t's state is RUNNING: returns 0 now if it is, else sleeps. */
  private RefStep.Kind waitRunning(int c, int t, int reg) {
    if (state(t) == RUNNING) {
      return done(t, reg, 0);
    }
    sleep(c, t, PHASE_WAIT);
    return RefStep.Kind.SYSCALL;
  }

  private void sleep(int c, int t, int phase) {
    setU(t, U_PHASE, phase);
    m.set(t, KIND, RefShape.UMCG);
    m.setFlag(t, F_INSYS, true);
    m.setFlag(t, F_ONRQ, false);
    m.note("sleeps");
    m.reschedule(c, t);
  }

  private int unblock(int t, int err) {
    if (state(t) == RUNNABLE) {
      setU(t, U_STATE, RUNNING);
    }
    return err;
  }

  /**
   * Whether task t (in work array v) runs umcg_notify_resume before its next statement: a kick
   * reached it (it is still a UMCG task, and not inside a system call, whose return comes
   * first), or it waits there.
   */
  boolean notifyPending(int[] v, int t) {
    if (v[shape.u(t, U_PHASE)] == PHASE_NOTIFY) {
      return true;
    }
    // a kick that reached a task inside a system call waits for its return to user space
    return v[shape.u(t, U_KICK)] != 0 && v[shape.u(t, U_KIND)] != 0 && (v[shape.t(t, RefShape.FLAGS)] & F_INSYS) == 0;
  }

  /** umcg_notify_resume, or its return once woken (docs/umcg.md, Preemption). */
  RefStep.Kind notifyResume(int c, int t) {
    if (m.flag(t, F_INSYS)) {
      m.setFlag(t, F_INSYS, false);
      setU(t, U_PHASE, 0);
      if (state(t) == RUNNABLE) {
        sleep(c, t, PHASE_NOTIFY);
      } else {
        m.note("back to user space");
      }
      return RefStep.Kind.RETURN;
    }
    setU(t, U_KICK, 0);
    int st = u(t, U_STATE) & (MASK | COND_WAIT | PREEMPT);
    if (st == RUNNING || st == (RUNNABLE | COND_WAIT)) {
      m.note("notify_resume: nothing to do");
      return RefStep.Kind.USER;
    }
    if ((st & PREEMPT) != 0 && (st & MASK) == RUNNING) {
      setU(t, U_STATE, RUNNABLE);
      m.note("preempted: RUNNABLE");
      enqueue(t);
      wakeServer(t, c);
    }
    if (state(t) == RUNNABLE) {
      sleep(c, t, PHASE_NOTIFY);
    }
    return RefStep.Kind.SYSCALL;
  }

  RefStep.Kind step(int c, int t, Stmt st) {
    if (m.flag(t, F_INSYS)) {
      return resume(c, t, st);
    }
    if (st instanceof Umcg.UmcgRunnable) {
      setU(t, U_STATE, RUNNABLE | COND_WAIT);
      m.advance(t);
      return RefStep.Kind.USER;
    }
    if (st instanceof Umcg.UmcgPop s) {
      int from = s.from() < 0 ? t : s.from();
      int list = u(from, U_LIST);
      int r = 0;
      if (list != 0) {
        int w = Integer.numberOfTrailingZeros(list);
        setU(from, U_LIST, list & ~(1 << w));
        r = w + 1;
      }
      m.setReg(t, s.reg(), r);
      m.advance(t);
      return RefStep.Kind.USER;
    }
    if (st instanceof Umcg.UmcgState s) {
      int x = m.eval(t, s.tid()) - 1;
      m.setReg(t, s.reg(), x >= 0 && x < shape.tasks ? state(x) : 0);
      m.advance(t);
      return RefStep.Kind.USER;
    }
    if (st instanceof Umcg.UmcgKick s) {
      int x = getTask(t, s.task() + 1);
      if (x >= 0) {
        setU(x, U_KICK, 1);
      }
      return done(t, s.reg(), x < 0 ? -3 : 0);
    }
    if (st instanceof Umcg.UmcgPreempt s) {
      int x = s.task();
      int r = -11;
      if (u(x, U_STATE) == RUNNING) {
        setU(x, U_STATE, RUNNING | PREEMPT);
        r = 0;
      }
      m.setReg(t, s.reg(), r);
      m.advance(t);
      return RefStep.Kind.USER;
    }
    if (st instanceof Umcg.CompleteIo s) {
      int x = s.task();
      setU(x, U_IO, 1);
      if (m.get(x, KIND) == RefShape.UMCG && u(x, U_PHASE) == PHASE_IO) {
        m.wake(x, -1);
        m.note("wakes " + shape.taskName(x));
      }
      m.advance(t);
      return RefStep.Kind.SYSCALL;
    }
    if (st instanceof Umcg.UmcgCtl s) {
      return ctl(c, t, s);
    }
    if (st instanceof Umcg.UmcgWait s) {
      return umcgWait(c, t, s);
    }
    if (st instanceof Umcg.BlockIo s) {
      if (u(t, U_IO) != 0) {
        setU(t, U_IO, 0);
        return done(t, s.reg(), 0);
      }
      if (u(t, U_KIND) == WORKER) {
        setU(t, U_STATE, BLOCKED);
        m.note("BLOCKED");
        wakeServer(t, c);
      }
      sleep(c, t, PHASE_IO);
      return RefStep.Kind.SYSCALL;
    }
    throw new IllegalStateException("not a UMCG statement: " + st.text());
  }

  private RefStep.Kind ctl(int c, int t, Umcg.UmcgCtl s) {
    int kind = u(t, U_KIND);
    switch (s.kind()) {
      case SERVER -> {
        if (kind != 0) {
          return done(t, s.reg(), -22);
        }
        setU(t, U_STATE, RUNNING);
        setU(t, U_SERVER, t + 1);
        setU(t, U_KIND, SERVER);
        return done(t, s.reg(), 0);
      }
      case WORKER -> {
        if (kind != 0) {
          return done(t, s.reg(), -22);
        }
        int sv = s.server();
        if (sv == t || exited(sv) || u(sv, U_KIND) != SERVER) {
          return done(t, s.reg(), -3);
        }
        setU(t, U_KIND, WORKER);
        setU(t, U_SERVER, sv + 1);
        setU(t, U_STATE, RUNNABLE);
        enqueue(t);
        wakeServer(t, c);
        return waitRunning(c, t, s.reg());
      }
      default -> {
        if (kind == 0) {
          return done(t, s.reg(), -22);
        }
        if (state(t) != RUNNING) {
          return done(t, s.reg(), -11);
        }
        setU(t, U_STATE, NONE);
        if (kind == WORKER) {
          wakeServer(t, c);
        }
        setU(t, U_KIND, 0);
        setU(t, U_SERVER, 0);
        setU(t, U_NEXT, 0);
        setU(t, U_KICK, 0);
        return done(t, s.reg(), 0);
      }
    }
  }

  private RefStep.Kind umcgWait(int c, int t, Umcg.UmcgWait s) {
    int next = s.next() == null ? 0 : Math.max(0, m.eval(t, s.next()));
    setU(t, U_NEXT, next);
    int kind = u(t, U_KIND);
    if (kind == 0) {
      return done(t, s.reg(), -22);
    }
    if (kind == WORKER && (server(t) < 0 || exited(server(t)))) {
      return done(t, s.reg(), unblock(t, -3));
    }
    if (state(t) != RUNNABLE) {
      return done(t, s.reg(), unblock(t, -11));
    }
    setU(t, U_STATE, RUNNABLE);
    if (next != 0) {
      int n = getTask(t, next);
      if (n < 0) {
        return done(t, s.reg(), unblock(t, -3));
      }
      if ((next & TID_RUNNING) != 0) {
        if (state(n) != RUNNING) {
          return done(t, s.reg(), unblock(t, -11));
        }
      } else {
        if (!wakeTask(n, c)) {
          return done(t, s.reg(), unblock(t, -11));
        }
        setU(t, U_NEXT, next | TID_RUNNING);
      }
    }
    if (kind == WORKER) {
      enqueue(t);
      wakeServer(t, c);
    }
    return waitRunning(c, t, s.reg());
  }

  /** The step of a task woken in a UMCG wait or block_io. */
  private RefStep.Kind resume(int c, int t, Stmt st) {
    int reg = st instanceof Umcg.UmcgCtl x ? x.reg() : st instanceof Umcg.UmcgWait x ? x.reg()
        : st instanceof Umcg.BlockIo x ? x.reg() : -1;
    m.setFlag(t, F_INSYS, false);
    if (u(t, U_PHASE) == PHASE_IO && u(t, U_IO) == 0) {
      // woken by a server wake-up (wakeNormal), not by complete_io: block_io's loop sleeps again
      sleep(c, t, PHASE_IO);
      return RefStep.Kind.RETURN;
    }
    if (u(t, U_PHASE) == PHASE_IO) {
      setU(t, U_PHASE, 0);
      setU(t, U_IO, 0);
      if (u(t, U_KIND) == WORKER && state(t) == BLOCKED) {
        setU(t, U_STATE, RUNNABLE);
        enqueue(t);
        wakeServer(t, c);
        waitRunning(c, t, reg);
        return RefStep.Kind.RETURN;
      }
      m.setReg(t, reg, 0);
      m.advance(t);
      m.note("returns 0");
      return RefStep.Kind.RETURN;
    }
    setU(t, U_PHASE, 0);
    if (state(t) != RUNNING) {
      sleep(c, t, PHASE_WAIT);
      return RefStep.Kind.RETURN;
    }
    m.setReg(t, reg, 0);
    m.advance(t);
    m.note("returns 0");
    return RefStep.Kind.RETURN;
  }
}
