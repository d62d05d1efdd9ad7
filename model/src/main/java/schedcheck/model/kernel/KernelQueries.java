package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.List;
import schedcheck.model.scenario.Stmt;

/**
 * The questions properties, counterexamples and views ask of a kernel state: where a task is
 * in the kernel, what it waits on, whether a wake is on its way, blocked_on chains, proxy
 * execution's walk. Read-only and stateless (safe to share between search threads); one per
 * {@link KernelModel} ({@link KernelModel#queries()}). A subsystem adds its own queries here
 * (or in a class of its own built the same way, from the layout and the kernel).
 */
public final class KernelQueries {

  private final Layout layout;
  private final Kernel kernel;

  /** UMCG's queries, or null when no program uses UMCG. */
  private final UmcgQueries umcg;

  KernelQueries(Layout layout, Kernel kernel) {
    this.layout = layout;
    this.kernel = kernel;
    this.umcg = kernel.umcg == null ? null : new UmcgQueries(this, kernel, kernel.umcg);
  }

  /** The UMCG queries (docs/umcg.md), or null when no program uses UMCG. */
  public UmcgQueries umcg() {
    return umcg;
  }

  /** The kernel frames of task t, outermost first, as {@code function label}. */
  public List<String> kernelStack(StateView s, int t) {
    List<String> out = new ArrayList<>();
    for (int f = 0; f < s.depth(t); f++) {
      KStep st = kernel.table.get(s.frameStep(t, f));
      out.add(st.function.name + " " + st.label);
    }
    return out;
  }

  /** The step task t would take next, as {@code function label}, or null in user space. */
  public KStep nextKernelStep(StateView s, int t) {
    int d = s.depth(t);
    return d == 0 ? null : kernel.table.get(s.frameStep(t, d - 1));
  }

  /** The function of task t's outermost kernel frame (its system call), or null. */
  public String syscallOf(StateView s, int t) {
    return s.depth(t) == 0 ? null : kernel.table.get(s.frameStep(t, 0)).function.name;
  }

  /**
   * For a task inside FUTEX_WAIT or FUTEX_SWAP's wait half: {word, val} it waits on
   * (the value it went to sleep on); else null.
   */
  public int[] futexWait(StateView s, int t) {
    if (s.depth(t) == 0) {
      return null;
    }
    KFunction f = kernel.table.get(s.frameStep(t, 0)).function;
    if (!kernel.futex.isFutexFunction(f) || s.futexWord(t) < 0) {
      return null;
    }
    return new int[] {s.local(t, 0, kernel.futex.uaddrOf(f)), s.local(t, 0, kernel.futex.valOf(f))};
  }

  /**
   * Whether a wake of task t is in flight: a try_to_wake_up(t) has started and not finished,
   * or t is FUTEX_SWAP's dequeued {@code next} that its swapper has not woken yet.
   */
  public boolean wakePending(StateView s, int t) {
    for (int u = 0; u < layout.tasks; u++) {
      for (int f = 0; f < s.depth(u); f++) {
        KFunction fn = kernel.table.get(s.frameStep(u, f)).function;
        if (fn == kernel.ttwu && s.local(u, f, kernel.ttwuP) == t) {
          return true;
        }
        if (fn == kernel.futex.swap && s.local(u, f, kernel.futex.swapNext) == t) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether a wake of one of mutex m's waiters is still to come from an unlocker: some task is
   * in {@code mutex_unlock(m)} after U1 (released it, WAITERS set, or handing it off) and
   * before putting the waiter it chose on its wake_q (U2 to U3), whether or not that task can
   * run; the waiter it wakes takes m and, unlocking, wakes the next. (From U3 on, the waiter is
   * on its wake_q, then in its try_to_wake_up: {@link #wakePending}.) A mutex waiter with
   * such a wake to come is not a lost wakeup (issue 6, D3).
   */
  public boolean mutexWakeToCome(StateView s, int m) {
    for (int u = 0; u < layout.tasks; u++) {
      for (int f = 0; f < s.depth(u); f++) {
        KStep st = kernel.table.get(s.frameStep(u, f));
        if (st.function == kernel.mutex.unlock && s.local(u, f, kernel.mutex.unlockM) == m
            && (st.label.equals("U2") || st.label.equals("U2b") || st.label.equals("U2c")
                || st.label.equals("U3"))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Task t's blocked_on chain as text, e.g. {@code t1 -> A -> t2 -> B -> t3}: each mutex
   * followed by its owner, until a task that is not blocked, a mutex without owner
   * ({@code A -> (none)}), or a task already named (a cycle, which ends with that task).
   */
  public String blockedOnChain(StateView s, int t) {
    StringBuilder b = new StringBuilder(layout.taskName(t));
    boolean[] seen = new boolean[layout.tasks];
    int u = t;
    while (u >= 0 && !seen[u]) {
      seen[u] = true;
      int m = s.blockedOn(u);
      if (m < 0) {
        if (s.proxyWaking(u)) {
          b.append(" -> PROXY_WAKING");
        }
        break;
      }
      int o = s.mutexOwner(m);
      b.append(" -> ").append(layout.mutexName(m)).append(" -> ").append(o < 0 ? "(none)" : layout.taskName(o));
      u = o;
    }
    return b.toString();
  }

  /** The cpu whose find_proxy_task spins for ever round a blocked_on cycle (known-bugs P3), or -1. */
  public int proxyWalkSpinning(StateView s) {
    if (!layout.pe) {
      return -1;
    }
    for (int c = 0; c < layout.cpus; c++) {
      if (kernel.proxy.spinsForever(s, c)) {
        return c;
      }
    }
    return -1;
  }

  /** The donor whose chain cpu c's scheduler is walking, or -1. */
  public int proxyWalkDonor(StateView s, int c) {
    return kernel.proxy.walkDonor(s, c);
  }

  /** Whether t (on_rq MIGRATING) is held by a proxy helper that will enqueue it (INV-1.2). */
  public boolean inTransit(StateView s, int t) {
    return layout.pe && kernel.proxy.inTransit(s, t);
  }

  /** Whether cpu c's __schedule is running (its rq lock may be dropped mid-way). */
  public boolean inSchedule(StateView s, int c) {
    return s.schedDepth(c) > 0;
  }

  /** The cpu's scheduler frames, outermost first, as {@code function label}. */
  public List<String> schedStack(StateView s, int c) {
    List<String> out = new ArrayList<>();
    for (int f = 0; f < s.schedDepth(c); f++) {
      KStep st = kernel.table.get(s.schedFrameStep(c, f));
      out.add(st.function.name + " " + st.label);
    }
    return out;
  }

  /** Whether t is inside mutex_lock, right after its schedule() (its next step is M9). */
  public boolean resumesInMutexLock(StateView s, int t) {
    return kernel.mutex.resumesAfterSchedule(s, t);
  }

  /** Whether t's system call is mutex_lock (it is in the lock's slow path). */
  public boolean inMutexLock(StateView s, int t) {
    return s.depth(t) > 0 && kernel.table.get(s.frameStep(t, 0)).function == kernel.mutex.lock;
  }

  /**
   * The tasks queued on cpu c (its curr included) that the policy lets run there: those with
   * the smallest prio, as a bit mask.
   */
  public int mostImportantQueued(StateView s, int c) {
    return kernel.bestQueued(s, c);
  }

  /** The statement task t runs next in user space, or null when it is in the kernel or done. */
  public Stmt userStatement(StateView s, int t) {
    return s.depth(t) > 0 ? null : kernel.statement(t, s.pc(t));
  }

}
