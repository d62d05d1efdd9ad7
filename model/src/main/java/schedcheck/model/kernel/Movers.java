package schedcheck.model.kernel;

import java.util.function.Predicate;
import schedcheck.model.scenario.Stmt;

/**
 * Lipton's reduction over the kernel's lock discipline (Lipton, CACM 1975; Flanagan and
 * Qadeer, "Transactions for software model checking", 2003): after a step of cpu c, while
 * the actor on c holds a spinlock (so c offers no other step: no preemption, no tick), its
 * next step runs in the same transition if it is a both-mover or a left mover: every field
 * it reads or writes is protected by a lock the actor holds, or is the actor's own (see
 * {@link LockDiscipline}), it takes no lock and makes no nondeterministic choice, and it
 * needs no lock or condition first. A release is such a step (a left mover), so a
 * transition is the kernel step that starts it (anything) followed by movers: the form
 * {@code N L*} that one atomic transition may replace, keeping every reachable state at
 * which no merged run is half done. Every lockless access (the futex waiters count, the
 * lockless lock_ptr test, READ_ONCE of on_rq or task_cpu, rq->curr, user-space words) and
 * every acquisition remain the first step of a transition of their own, because that is
 * where the races live.
 *
 * <p>What properties see: a merged step takes no lock, so every acquisition is still its
 * transition's, with its site, for lock-order; a state inside a merged run is not terminal
 * (the actor's next step is enabled) and has no preemption or tick (the actor holds a lock);
 * and before merging a step, the state before it is shown to {@link #observer} (the state
 * properties being checked): a state a property flags ends the transition, so it is stored
 * and reported as without reduction.
 *
 * <p>The merge is decided from the step's actual footprint: the step is run, watched, and
 * undone (from a log of its writes) when it touched anything unprotected. The run-time check of the discipline
 * ({@link KernelModel#CHECK_PROPERTY}) is what makes "protected" true.
 */
final class Movers {
  /** At most this many steps join one transition (a guard against a run that never ends). */
  static final int MAX_MERGED = 64;

  private final KernelModel model;
  private final Layout layout;
  private final Kernel kernel;
  /** The state before a trial step, rebuilt for the observer (a scratch copy). */
  private final int[] before;

  /** The states properties flag (a merged run stops before them), or null when none is watched. */
  Predicate<KState> observer;
  /** Steps merged into others so far (for the bench's reduction figures). */
  long merged;

  /**
   * Kernel steps that touch a lockless field on every path, by design (they are where the
   * races are): a trial of them always fails, so none is made. Leaving a step untried only
   * keeps a transition boundary, so the list can only cost reduction, never soundness; measured
   * on every example and the futex ring (no merge of any of them, ever), and {@code
   * ReductionTest}'s pinned state counts are those of trying every step.
   */
  static final java.util.Set<String> NEVER_MOVERS = java.util.Set.of(
      // futex: __state, q.lock_ptr, the chain, user words
      "futex_wait W1b", "futex_wait W3", "futex_wait W5", "futex_wait W6c", "futex_wake K3",
      "futex_swap S1.K3", "futex_swap S2.W2", "futex_swap S3.W3", "futex_swap S5.W6c",
      // try_to_wake_up: __state, on_rq, task_cpu, rq->curr
      "try_to_wake_up T2", "try_to_wake_up T3", "try_to_wake_up T3b", "try_to_wake_up T4",
      // __schedule and the proxy walk: rq->curr, on_rq, blocked_on, the sched depth
      "__schedule C2", "__schedule C3", "__schedule C5", "__schedule C5r",
      "find_proxy_task F1", "find_proxy_task F2", "find_proxy_task F2b", "find_proxy_task F3",
      "find_proxy_task F7", "find_proxy_task F_OUT",
      "proxy_migrate_task MG1", "proxy_deactivate D1", "proxy_deactivate D2",
      "proxy_force_return FR1", "proxy_force_return FR3",
      // kernel mutexes: the owner word, the wait_list, blocked_on, wake_q
      "mutex_lock M3", "mutex_lock M4", "mutex_lock M5", "mutex_lock M9b",
      "mutex_unlock U2b", "mutex_unlock U2c", "mutex_unlock U3", "mutex_unlock U5");

  /** By step id: whether {@link #NEVER_MOVERS} names it. */
  private final boolean[] neverTried;

  Movers(KernelModel model, Layout layout, Kernel kernel) {
    this(model, layout, kernel, true);
  }

  /** With {@code skipNeverMovers} false, every step is tried (to measure {@link #NEVER_MOVERS}). */
  Movers(KernelModel model, Layout layout, Kernel kernel, boolean skipNeverMovers) {
    this.model = model;
    this.layout = layout;
    this.kernel = kernel;
    this.neverTried = new boolean[kernel.table.all.size()];
    for (int id = 1; id < neverTried.length; id++) {
      KStep k = kernel.table.get(id);
      neverTried[id] = skipNeverMovers && NEVER_MOVERS.contains(k.function.name + " " + k.label);
    }
    this.before = new int[layout.size];

  }

  /**
   * Runs on {@code ctx.w} the steps of cpu {@code c} that merge into the step just run there;
   * returns their descriptions, each after {@code "; then "}, or the empty string.
   */
  String extend(Ctx ctx, int c) {
    StringBuilder more = null;
    Work w = ctx.w;
    StateView.Access was = w.access;
    try {
      for (int n = 0; n < MAX_MERGED; n++) {
        w.access = null; // choosing the next step is the engine's business, not a step's
        boolean sched = layout.pe && w.schedDepth(c) > 0;
        int t = w.curr(c);
        int actor = sched ? layout.cpuActor(c) : t;
        if (actor < 0 || !w.holdsAnyLock(actor)) {
          break; // cpu c may be preempted or pick another task here
        }
        Stmt st = null;
        if (!sched && w.depth(t) == 0) {
          st = kernel.statement(t, w.pc(t));
          if (st == null || st instanceof Stmt.SpinLock || st instanceof Stmt.Yield) {
            break; // do_exit, spin_lock and sched_yield take a lock first
          }
          if (st instanceof Stmt.Load || st instanceof Stmt.Store || st instanceof Stmt.Cas || st instanceof Stmt.Xchg
              || st instanceof Stmt.FetchAdd || st instanceof Stmt.Enter || st instanceof Stmt.Leave) {
            break; // user-space words and the task flags are lockless: no mover (saves the trial)
          }
        }
        int acquired = ctx.acquired.size();
        int taken = ctx.taken;
        int noteLength = ctx.note.length();
        int nChoices = ctx.nChoices;
        int pos = ctx.pos;
        ctx.cpu = c;
        ctx.task = t;
        w.access = ctx;
        ctx.watchFrom();
        ctx.startLog();
        String text = null;
        boolean ok;
        try {
          ctx.at(w, sched);
          if (st != null) {
            text = model.userSpace().step(ctx, st);
            ok = true;
          } else {
            ok = !neverTried[ctx.current.id] && ctx.current.guard.lock(ctx) == -1 && ctx.unprotected == 0;
            if (ok) {
              KStep step = ctx.current;
              step.body.run(ctx);
              text = step.describe();
            }
          }
        } finally {
          ctx.logging = false;
        }
        ok &= ctx.unprotected == 0 && ctx.taken == taken && ctx.acquired.size() == acquired && ctx.pos == pos && ctx.nChoices == nChoices;
        if (ok && observer != null) {
          // a state a property flags (the one before this step) must be stored: end the transition there
          System.arraycopy(w.v, 0, before, 0, before.length);
          ctx.undo(new KState(layout, before));
          ok = !observer.test(new KState(layout, before));
        }
        if (!ok) {
          ctx.undo(w);
          while (ctx.acquired.size() > acquired) {
            ctx.acquired.remove(ctx.acquired.size() - 1);
          }
          ctx.note.setLength(noteLength);
          ctx.nChoices = nChoices;
          ctx.pos = pos;
          break;
        }
        merged++;
        if (more == null) {
          more = new StringBuilder();
        }
        more.append("; then ").append(text);
      }
    } finally {
      w.access = was;
    }
    return more == null ? "" : more.toString();
  }
}
