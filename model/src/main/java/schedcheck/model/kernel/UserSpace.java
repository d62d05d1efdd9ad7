package schedcheck.model.kernel;

import java.util.List;
import schedcheck.model.scenario.Expr;
import schedcheck.model.scenario.Stmt;

/**
 * The user-space interpreter: runs a task's next user statement (memory operations, branches,
 * spinlocks, critical-section marks, assertions, yield), enters a system call's kernel
 * function (the statement's registration in {@link Syscalls} gives the function and its
 * locals; the kernel's steps then run from {@link KernelModel}), and do_exit. Works on the
 * step's scratch context ({@link Ctx}); holds no state of its own but the per-statement
 * look-ups made once.
 */
final class UserSpace {

  private final Layout layout;
  private final Kernel kernel;
  /** calls[t][pc]: the registration of task t's statement pc when it is a system call, else null. */
  private final Syscall[][] calls;
  /** entries[t][pc]: that system call's entry function in this kernel, else null. */
  private final KFunction[][] entries;

  /** The context {@link #evaluator} evaluates in (set before each system call's entry). */
  private Ctx evalCtx;
  /** Evaluates a system call's operand expressions in {@link #evalCtx} (one object, not one per step). */
  private final java.util.function.ToIntFunction<Expr> evaluator = e -> eval(evalCtx, e);

  UserSpace(Layout layout, Kernel kernel) {
    this.layout = layout;
    this.kernel = kernel;
    int n = layout.scenario.tasks().size();
    this.calls = new Syscall[n][];
    this.entries = new KFunction[n][];
    for (int t = 0; t < n; t++) {
      List<Stmt> p = layout.scenario.tasks().get(t).program().statements();
      calls[t] = new Syscall[p.size()];
      entries[t] = new KFunction[p.size()];
      for (int pc = 0; pc < p.size(); pc++) {
        if (p.get(pc) instanceof Stmt.Call call) {
          calls[t][pc] = Syscalls.of(call);
          entries[t][pc] = calls[t][pc].entry(kernel);
        }
      }
    }
  }

  private int eval(Ctx c, Expr e) {
    int v = 0;
    for (Expr.Term term : e.terms()) {
      int x = switch (term.kind()) {
        case LITERAL -> term.value();
        case REGISTER -> c.w.reg(c.task, term.value());
        case WORD -> c.w.word(term.value());
      };
      v += term.negative() ? -x : x;
    }
    return v;
  }

  /** Runs one user statement (or a system call's entry and first kernel step). */
  String step(Ctx c, Stmt st) {
    int t = c.task;
    Work w = c.w;
    int pc = w.pc(t);
    KFunction work = kernel.exitToUserWork(w, t);
    if (work != null) {
      // the exit-to-user path's work (an interrupt came): it runs first, the statement after
      c.push(work);
      KStep entry = work.entry();
      entry.body.run(c);
      return c.describe ? "back to user space  [" + entry.describe() + "]" : "";
    }
    if (st instanceof Stmt.Assign s) {
      w.setReg(t, s.reg(), eval(c, s.value()));
    } else if (st instanceof Stmt.Load s) {
      w.setReg(t, s.reg(), w.word(s.word()));
    } else if (st instanceof Stmt.Store s) {
      w.setWord(s.word(), eval(c, s.value()));
    } else if (st instanceof Stmt.Cas s) {
      int old = w.word(s.word());
      int expected = eval(c, s.expected());
      int desired = eval(c, s.desired());
      if (old == expected) {
        w.setWord(s.word(), desired);
      }
      w.setReg(t, s.reg(), old);
    } else if (st instanceof Stmt.Xchg s) {
      int old = w.word(s.word());
      w.setWord(s.word(), eval(c, s.value()));
      w.setReg(t, s.reg(), old);
    } else if (st instanceof Stmt.FetchAdd s) {
      int old = w.word(s.word());
      w.setWord(s.word(), old + eval(c, s.value()));
      w.setReg(t, s.reg(), old);
    } else if (st instanceof Stmt.Call call) {
      evalCtx = c;
      Syscall.UserOp op = calls[t][pc].userOp();
      if (op != null) {
        // a registered statement that runs in user space alone (Syscall.userOp)
        int r = op.run(c, call, evaluator);
        if (call.reg() >= 0) {
          w.setReg(t, call.reg(), r);
        }
      } else {
        // a system call: its registration (Syscalls) names the entry function and its locals
        return syscall(c, st, entries[t][pc], calls[t][pc].locals(call, evaluator));
      }
    } else if (st instanceof Stmt.SpinLock s) {
      c.lock(layout.lockOf(s.lock()), s.subclass());
    } else if (st instanceof Stmt.SpinUnlock s) {
      c.unlock(layout.lockOf(s.lock()));
    } else if (st instanceof Stmt.If s) {
      boolean taken = s.op().test(eval(c, s.left()), eval(c, s.right()));
      w.setPc(t, taken ? s.target() : pc + 1);
      return st.text();
    } else if (st instanceof Stmt.Goto s) {
      w.setPc(t, s.target());
      return st.text();
    } else if (st instanceof Stmt.Enter) {
      w.setFlag(t, Layout.FLAG_CRITICAL, true);
    } else if (st instanceof Stmt.Leave) {
      w.setFlag(t, Layout.FLAG_CRITICAL, false);
    } else if (st instanceof Stmt.Assert s) {
      int a = eval(c, s.left());
      int b = eval(c, s.right());
      if (!s.op().test(a, b)) {
        w.setFault(Layout.FAULT_ASSERT, t, pc);
        c.note("assertion fails: " + a + " " + s.op().symbol + " " + b);
      }
    } else if (st instanceof Stmt.Yield) {
      // sched_yield: give the cpu to an equally important queued task, if there is one.
      // do_sched_yield() always calls schedule(): with a spinlock held that is "scheduling
      // while atomic" (__schedule's schedule_debug), with or without proxy execution (issue 6,
      // D2: the proxy branch used to skip this check, which Kernel.schedule makes for sleeps).
      if (w.holdsAnyLock(t)) {
        w.setFault(Layout.FAULT_SLEEP_WITH_SPINLOCK, t, w.heldBy(t).get(0));
      }
      if (layout.pe) {
        // with proxy execution: __schedule among the equally important others, as steps.
        // do_sched_yield looks at the runqueue under rq_lock (the lock discipline), as below.
        w.setPc(t, pc + 1);
        int rq = layout.rqLock(c.cpu);
        c.lock(rq);
        boolean others = KernelModel.tickCandidates(layout, kernel, w, c.cpu, t) != 0;
        c.unlock(rq);
        if (others) {
          kernel.proxy.enter(c, t, Proxy.SM_TICK);
        }
        return st.text();
      }
      int rq = layout.rqLock(c.cpu);
      c.lock(rq);
      int others = KernelModel.tickCandidates(layout, kernel, w, c.cpu, t);
      if (others != 0) {
        kernel.switchTo(c, c.cpu, others);
      }
      c.unlock(rq);
    } else if (st instanceof Stmt.Work) {
      // touches nothing shared
    } else {
      throw new IllegalStateException("statement not modeled yet: " + st.text());
    }
    w.setPc(t, pc + 1);
    return st.text();
  }

  private String syscall(Ctx c, Stmt st, KFunction f, int... args) {
    c.push(f, args);
    KStep entry = f.entry();
    entry.body.run(c);
    return c.describe ? st.text() + "  [" + entry.describe() + "]" : "";
  }

  /** do_exit: the task leaves its runqueue for good; the cpu picks the next task. */
  void exit(Ctx c) {
    int t = c.task;
    Work w = c.w;
    if (w.holdsAnyLock(t)) {
      w.setFault(Layout.FAULT_EXIT_WITH_SPINLOCK, t, w.heldBy(t).get(0));
    }
    int rq = layout.rqLock(w.taskCpu(t));
    if (layout.pe) {
      // do_exit: TASK_DEAD, then __schedule(SM_NONE) dequeues it for good (C1 runs now).
      w.setState(t, Layout.TASK_DEAD);
      w.clearFlags(t);
      w.setMissed(t, 0);
      for (int r = 0; r < layout.regs(t); r++) {
        w.setReg(t, r, 0);
      }
      kernel.proxy.enter(c, t, Proxy.SM_NONE);
      kernel.deactivate(w, t);
      return;
    }
    c.lock(rq);
    w.setState(t, Layout.TASK_DEAD);
    kernel.deactivate(w, t);
    w.clearFlags(t);
    w.setMissed(t, 0);
    for (int r = 0; r < layout.regs(t); r++) {
      w.setReg(t, r, 0);
    }
    kernel.switchTo(c, c.cpu, kernel.bestQueued(w, c.cpu));
    c.unlock(rq);
  }

}
