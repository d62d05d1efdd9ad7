package schedcheck.model.reference;

import static schedcheck.model.reference.RefShape.F_INSYS;
import static schedcheck.model.reference.RefShape.F_ONRQ;
import static schedcheck.model.reference.RefShape.KIND;
import static schedcheck.model.reference.RefShape.U_IO;
import static schedcheck.model.reference.RefShape.U_KIND;
import static schedcheck.model.reference.RefShape.U_NEXT;
import static schedcheck.model.reference.RefShape.U_PHASE;
import static schedcheck.model.reference.RefShape.U_SERVER;
import static schedcheck.model.reference.RefShape.U_STATE;

import schedcheck.model.scenario.Stmt;
import schedcheck.model.scenario.Umcg;

/**
 * The reference semantics of the UMCG statements under {@code umcg-v0.9.1} (docs/umcg.md
 * "v0.9.1"), written from that section's meaning of each statement, not from the kernel steps:
 * every system call is one atomic step (and, when it waits, one more to return once its state
 * is RUNNING). Its own encoding; the process-wide idle-workers stack and idle-server slot are
 * two words at {@link RefShape#umcgIdleAt}.
 *
 * <ul>
 *   <li>{@code umcg_ctl server}: registered already: -22; else state RUNNING.
 *   <li>{@code umcg_ctl worker S}: registered already: -22; S not a live registered server (or
 *       the caller): -3; else the worker is IDLE on the idle-workers stack, the idle server (if
 *       the slot names one; the slot becomes 0) is woken (IDLE -> RUNNING), and the worker waits
 *       until its state is RUNNING; then 0.
 *   <li>{@code umcg_ctl unregister}: not registered: -22; not RUNNING: -11; else NONE, a worker
 *       wakes its server; 0.
 *   <li>{@code umcg_idle}: not RUNNING: -11; else IDLE, and a server puts itself in the slot; 0.
 *   <li>{@code umcg_pop}: the lowest TID off the idle-workers stack, or 0. {@code umcg_state T}:
 *       T's state.
 *   <li>{@code umcg_wait next}: not registered: -22. With next: next not an IDLE live task other
 *       than the caller: -11; else the caller becomes IDLE (a server leaves the slot), next
 *       RUNNING, served by the caller's server (the caller, for a server), and is woken onto the
 *       caller's cpu. A worker without next: its server gone: -3; the worker not RUNNING or its
 *       server not IDLE: -11; else the worker becomes IDLE and its server RUNNING, woken onto the
 *       caller's cpu. Then the caller waits until its state is RUNNING; 0.
 *   <li>{@code block_io}: completed already: 0 at once. Else a worker becomes BLOCKED and its
 *       server is woken; the task sleeps until {@code complete_io} wakes it. Then a worker
 *       becomes IDLE on the idle-workers stack, wakes the idle server and waits until RUNNING; 0.
 *   <li>{@code complete_io T}: marks T's I/O done and wakes T if it sleeps in block_io.
 * </ul>
 * "Wakes S": S's state IDLE becomes RUNNING, and S, if it waits, is woken onto the waker's cpu.
 */
final class UmcgRefV091 extends UmcgRefBase {
  private static final int IDLE = 2;

  UmcgRefV091(ReferenceModel m, RefShape shape) {
    super(m, shape);
  }

  private int state(int t) {
    return u(t, U_STATE);
  }

  private int idleStack() {
    return m.w[shape.umcgIdleAt];
  }

  private void setIdleStack(int mask) {
    m.w[shape.umcgIdleAt] = mask;
  }

  /** The slot's task, or -1. */
  private int idleServer() {
    int s = m.w[shape.umcgIdleAt + 1] - 1;
    return s >= 0 && s < shape.tasks ? s : -1;
  }

  private void setIdleServer(int t) {
    m.w[shape.umcgIdleAt + 1] = t + 1;
  }

  /**
   * try_to_wake_up(t, TASK_NORMAL, WF_CURRENT_CPU), as v0.9.1's {@code umcg_ttwu} and {@code
   * umcg_wake_idle_server_nofault} do it [P: Oskolkov's kernel/sched/umcg.c, v0.8 text, the
   * same in v0.9.1 per PeterZ's diff against it, 24 Nov 2021]: t is woken wherever it sleeps,
   * not only in the idle loop (a futex waiter wakes spuriously; see ReferenceModel.wakeNormal).
   */
  private void wakeIfWaiting(int t, int cpu) {
    m.wakeNormal(t, cpu);
  }

  /** IDLE -> RUNNING, and a waiting task is woken onto {@code cpu}. */
  private void wakeTask(int t, int cpu) {
    if (t < 0 || state(t) != IDLE) {
      return;
    }
    setU(t, U_STATE, RUNNING);
    m.note(shape.taskName(t) + " RUNNING");
    wakeIfWaiting(t, cpu);
  }

  /** Pushes t on the idle-workers stack and wakes the server in the slot (emptying it). */
  private void idleAndWake(int t, int cpu) {
    setU(t, U_STATE, IDLE);
    setIdleStack(idleStack() | (1 << t));
    int s = idleServer();
    setIdleServer(-1);
    wakeTask(s, cpu);
  }

  private RefStep.Kind waitRunning(int c, int t, int reg) {
    if (state(t) == RUNNING) {
      return done(t, reg, 0);
    }
    setU(t, U_PHASE, PHASE_WAIT);
    m.set(t, KIND, RefShape.UMCG);
    m.setFlag(t, F_INSYS, true);
    m.setFlag(t, F_ONRQ, false);
    m.note("sleeps");
    m.reschedule(c, t);
    return RefStep.Kind.SYSCALL;
  }

  RefStep.Kind step(int c, int t, Stmt st) {
    if (m.flag(t, F_INSYS)) {
      return resume(c, t, st);
    }
    if (st instanceof Umcg.UmcgIdle s) {
      int r = -11;
      if (state(t) == RUNNING) {
        setU(t, U_STATE, IDLE);
        if (u(t, U_KIND) == SERVER) {
          setIdleServer(t);
        }
        r = 0;
      }
      m.setReg(t, s.reg(), r);
      m.advance(t);
      return RefStep.Kind.USER;
    }
    if (st instanceof Umcg.UmcgPop s) {
      int list = idleStack();
      int r = 0;
      if (list != 0) {
        int w = Integer.numberOfTrailingZeros(list);
        setIdleStack(list & ~(1 << w));
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
        wakeTask(server(t), c);
      }
      setU(t, U_PHASE, PHASE_IO);
      m.set(t, KIND, RefShape.UMCG);
      m.setFlag(t, F_INSYS, true);
      m.setFlag(t, F_ONRQ, false);
      m.note("sleeps");
      m.reschedule(c, t);
      return RefStep.Kind.SYSCALL;
    }
    throw new IllegalStateException("not a UMCG v0.9.1 statement: " + st.text());
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
        idleAndWake(t, c);
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
          wakeTask(server(t), c);
        }
        setU(t, U_KIND, 0);
        setU(t, U_SERVER, 0);
        setU(t, U_NEXT, 0);
        return done(t, s.reg(), 0);
      }
    }
  }

  private RefStep.Kind umcgWait(int c, int t, Umcg.UmcgWait s) {
    int next = s.next() == null ? 0 : Math.max(0, m.eval(t, s.next()));
    int kind = u(t, U_KIND);
    if (kind == 0) {
      return done(t, s.reg(), -22);
    }
    if (next == 0 && kind == WORKER) {
      int sv = server(t);
      if (sv < 0 || exited(sv)) {
        return done(t, s.reg(), -3);
      }
      if (state(t) != RUNNING || state(sv) != IDLE) {
        return done(t, s.reg(), -11);
      }
      setU(t, U_STATE, IDLE);
      wakeTask(sv, c);
      return waitRunning(c, t, s.reg());
    }
    if (next != 0) {
      int n = next - 1;
      if (n >= shape.tasks || n == t || exited(n) || state(n) != IDLE) {
        return done(t, s.reg(), -11);
      }
      int srv = kind == SERVER ? t : server(t);
      setU(t, U_STATE, IDLE);
      if (idleServer() == t) {
        setIdleServer(-1);
      }
      setU(n, U_STATE, RUNNING);
      setU(n, U_SERVER, srv + 1);
      setU(t, U_NEXT, next);
      if (kind == WORKER && srv >= 0) {
        setU(srv, U_NEXT, next);
      }
      m.note(shape.taskName(n) + " RUNNING");
      wakeIfWaiting(n, c);
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
      m.set(t, KIND, RefShape.UMCG);
      m.setFlag(t, F_INSYS, true);
      m.setFlag(t, F_ONRQ, false);
      m.note("sleeps");
      m.reschedule(c, t);
      return RefStep.Kind.RETURN;
    }
    if (u(t, U_PHASE) == PHASE_IO) {
      setU(t, U_PHASE, 0);
      setU(t, U_IO, 0);
      if (u(t, U_KIND) == WORKER && state(t) == BLOCKED) {
        idleAndWake(t, c);
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
      setU(t, U_PHASE, PHASE_WAIT);
      m.set(t, KIND, RefShape.UMCG);
      m.setFlag(t, F_INSYS, true);
      m.setFlag(t, F_ONRQ, false);
      m.note("sleeps");
      m.reschedule(c, t);
      return RefStep.Kind.RETURN;
    }
    m.setReg(t, reg, 0);
    m.advance(t);
    m.note("returns 0");
    return RefStep.Kind.RETURN;
  }
}
