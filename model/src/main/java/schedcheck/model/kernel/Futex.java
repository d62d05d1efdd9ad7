package schedcheck.model.kernel;

import static schedcheck.model.kernel.Layout.TASK_INTERRUPTIBLE;
import static schedcheck.model.kernel.Layout.TASK_RUNNING;

/**
 * FUTEX_WAIT, FUTEX_WAKE and FUTEX_SWAP as the kernel's own step sequences (domain
 * reference futex-and-swap.md sections 2, 3 and 5; kernel/futex/waitwake.c, and the
 * FUTEX_SWAP RFC "for 5.9" series with its patch 2). The bodies are shared: futex_swap's
 * wake half runs futex_wake's K steps, its wait half futex_wait's W steps.
 *
 * <p>Frame locals: futex_wait {uaddr, val}; futex_wake {uaddr, nr_wake, ret, wake_q head};
 * futex_swap {uaddr, val, uaddr2, next}. Words are indices; the task locals (wake_q head,
 * next) read -1 for none.
 */
final class Futex {
  // ---- the futex bug variants: each patches the steps it changes when a function is built ----

  static final Variants.Group VARIANTS = Variants.group(Variants.RANK_FUTEX);

  static final Variant F1 = VARIANTS.add(new Variant(
      "futex-f1-unlocked-check",
      "FUTEX_WAIT reads the futex word before taking the bucket lock and queues without re-checking it (W2 before W1)",
      "A.F1"));
  static final Variant F3 = VARIANTS.add(new Variant(
      "futex-f3-chain-empty-fastpath",
      "FUTEX_WAKE's fast path tests whether the bucket chain is empty instead of the waiters count (K1)",
      "A.F3"));
  static final Variant SWAP_F7 = VARIANTS.add(new Variant(
      "futex-swap-f7-no-wake-on-error",
      "FUTEX_SWAP returns -EAGAIN from the wait half without waking the task its wake half dequeued (S2)",
      "A.F7"));

  private final Kernel k;
  private final Layout layout;
  final KFunction wait;
  final KFunction wake;
  final KFunction swap;
  /** The word and expected value of futex_wait and of futex_swap's wait half, for the queries. */
  final Local waitUaddr;
  final Local waitVal;
  final Local swapUaddr;
  final Local swapVal;
  /** futex_swap's {@code next}: the task its wake half dequeued and has not woken yet (-1 none). */
  final Local swapNext;

  Futex(Kernel k) {
    this.k = k;
    this.layout = k.layout;
    wait = buildWait();
    wake = buildWake();
    swap = buildSwap();
    waitUaddr = wait.localNamed("uaddr");
    waitVal = wait.localNamed("val");
    swapUaddr = swap.localNamed("uaddr");
    swapVal = swap.localNamed("val");
    swapNext = swap.localNamed("next");
  }

  /** The word local of a futex wait function ({@link #wait} or {@link #swap}). */
  Local uaddrOf(KFunction f) {
    return f == swap ? swapUaddr : waitUaddr;
  }

  /** The expected-value local of a futex wait function ({@link #wait} or {@link #swap}). */
  Local valOf(KFunction f) {
    return f == swap ? swapVal : waitVal;
  }

  private int bucket(int uaddr) {
    return layout.bucketOf(uaddr);
  }

  // ------------------------------------------------------------------ shared W steps

  /** W1 futex_q_lock, first half: waiters++ (barrier A), q.lock_ptr = &hb->lock. */
  private void w1(Ctx c, int uaddr, int val) {
    int t = c.task;
    c.w.addWaiters(bucket(uaddr), 1);
    c.w.setFutexWord(t, uaddr);
    c.w.setFutexLockPtr(t, true);
  }

  /** Undo of W1 on an error path: waiters--, the futex_q goes away. */
  private void dropQ(Ctx c, int uaddr) {
    c.w.addWaiters(bucket(uaddr), -1);
    clearQ(c, uaddr);
  }

  /** The futex_q goes away and the task has returned from a futex wait on uaddr. */
  private void clearQ(Ctx c, int uaddr) {
    int t = c.task;
    c.w.setFutexWord(t, -1);
    c.w.setFutexLockPtr(t, false);
    c.w.setMissed(t, c.w.missedWakes(t) & ~(1 << uaddr));
  }

  /** W3: set_current_state(TASK_INTERRUPTIBLE); futex_queue (plist order). */
  private void w3(Ctx c, int uaddr) {
    c.w.setState(c.task, TASK_INTERRUPTIBLE);
    c.w.listInsertByPrio(c.w.bucketHeadOffset(bucket(uaddr)), c.task);
  }

  private boolean queued(Ctx c) {
    return c.view.onFutexChain(c.task);
  }

  /**
   * W6: __set_current_state(TASK_RUNNING); futex_unqueue's lockless test. Returns true
   * when a waker already dequeued us (lock_ptr == NULL): woken.
   */
  private boolean w6Woken(Ctx c, int uaddr) {
    c.w.setState(c.task, TASK_RUNNING);
    if (!c.w.futexLockPtr(c.task)) {
      clearQ(c, uaddr);
      return true;
    }
    return false;
  }

  /**
   * W6 second half, under hb->lock: if a waker dequeued us meanwhile we were woken after
   * all; else take q off the chain (a spurious wakeup: retry).
   */
  private boolean w6Unqueue(Ctx c, int uaddr) {
    int hb = layout.hbLock(bucket(uaddr));
    if (!c.w.futexLockPtr(c.task)) {
      c.unlock(hb);
      clearQ(c, uaddr);
      return true;
    }
    c.w.listRemove(c.w.bucketHeadOffset(bucket(uaddr)), c.task);
    c.w.addWaiters(bucket(uaddr), -1);
    c.unlock(hb);
    c.w.setFutexWord(c.task, -1);
    c.w.setFutexLockPtr(c.task, false);
    c.note(c.w.signalPending(c.task) ? "not woken by a waker" : "spurious wakeup: retry");
    return false;
  }

  // ------------------------------------------------------------------ shared K steps

  /** K1's test: whether bucket b may have waiters, so that the lock must be taken. */
  @FunctionalInterface
  private interface Pending {
    boolean test(Ctx c, int b);
  }

  /** K1: futex_hb_waiters_pending (after barrier B). */
  private static final Pending WAITERS_PENDING = (c, b) -> c.w.waiters(b) > 0;
  /** Variant futex-f3's K1: "is the chain empty" instead of the counter. */
  private static final Pending CHAIN_NOT_EMPTY = (c, b) -> c.w.chain(b).size() > 0;

  /**
   * K3: dequeue up to n waiters of uaddr in chain order: plist_del, waiters--, then the
   * release store q.lock_ptr = NULL (futex_wake_mark). Returns the tasks as a list in a
   * mask-ordered int array prefix; the count is in [0].
   */
  private int[] k3Scan(Ctx c, int uaddr, int n) {
    int b = bucket(uaddr);
    int[] out = new int[layout.tasks + 1];
    for (int q : c.w.chain(b)) {
      if (out[0] >= n) {
        break;
      }
      if (c.w.futexWord(q) != uaddr) {
        continue;
      }
      c.w.listRemove(c.w.bucketHeadOffset(b), q);
      c.w.addWaiters(b, -1);
      c.w.setFutexLockPtr(q, false);
      out[++out[0]] = q;
    }
    return out;
  }

  /**
   * A FUTEX_WAKE (or FUTEX_SWAP's wake half) on uaddr woke {@code woken} of the {@code n}
   * asked for: if fewer, the wake counts as missed by every other live task until it next
   * returns from a futex wait on uaddr (the contract's lost-wakeup definition: a wake "by
   * another task"; the waker's own wake, e.g. FUTEX_SWAP's wake half on the word it then
   * waits on, is not its wake).
   */
  private void noteWake(Ctx c, int uaddr, int woken, int n) {
    if (woken >= n) {
      return;
    }
    for (int t = 0; t < layout.tasks; t++) {
      if (t != c.task && !c.w.exited(t)) {
        c.w.setMissed(t, c.w.missedWakes(t) | (1 << uaddr));
      }
    }
  }

  /** W5 as {@code label}: still queued (nobody woke us yet)? then schedule(). */
  private void sleepStep(KFunction f, String label, String next) {
    f.step(label, "if queued: schedule()", c -> queued(c) ? k.rqLockOf(c) : -1, c -> {
      c.next(next);
      if (queued(c)) {
        k.schedule(c);
      } else {
        c.note("already dequeued by a waker: no schedule()");
      }
    });
  }

  /** Step {@code label}: spin_lock the bucket lock of the word in local {@code word}. */
  private void lockBucket(KFunction f, String label, String what, Local word, String next) {
    f.step(label, what, c -> layout.hbLock(bucket(c.get(word))), c -> {
      c.lock(layout.hbLock(bucket(c.get(word))));
      c.next(next);
    });
  }

  /**
   * W6, W6b, W6c under the labels {@code w6}, {@code w6 + "b"}, {@code w6 + "c"}: after the
   * sleep, futex_unqueue; woken returns 0, a spurious wakeup goes back to {@code retry}.
   */
  private void unqueueSteps(KFunction f, Local uaddr, String w6, String retry) {
    f.step(w6, "__set_current_state(TASK_RUNNING); futex_unqueue", c -> {
      if (w6Woken(c, c.get(uaddr))) {
        c.ret(0);
      } else {
        c.next(w6 + "b");
      }
    });
    f.step(w6 + "b", "futex_unqueue: spin_lock(q->lock_ptr)", c -> layout.hbLock(bucket(c.get(uaddr))), c -> {
      c.lock(layout.hbLock(bucket(c.get(uaddr))));
      c.next(w6 + "c");
    });
    f.step(w6 + "c", "futex_unqueue: plist_del, spin_unlock; signal pending? -ERESTARTSYS", c -> {
      if (w6Unqueue(c, c.get(uaddr))) {
        c.ret(0);
      } else if (c.w.signalPending(c.task)) {
        // Not woken, and a signal is pending: -ERESTARTSYS, seen by user space as -EINTR.
        clearQ(c, c.get(uaddr));
        c.note("signal pending: -EINTR");
        c.ret(Kernel.EINTR);
      } else {
        c.next(retry);
      }
    });
  }

  // ------------------------------------------------------------------ FUTEX_WAIT

  private KFunction buildWait() {
    KFunction f = k.function("futex_wait");
    Local uaddrL = f.local("uaddr");
    Local valL = f.local("val");
    f.step("W1", "futex_q_lock: waiters++", c -> {
      w1(c, c.get(uaddrL), c.get(valL));
      c.next("W1b");
    });
    f.patch(F1, "W1", c -> {
      // variant futex-f1: the value is read here, before the bucket lock is taken.
      int uaddr = c.get(uaddrL);
      w1(c, uaddr, c.get(valL));
      if (c.w.word(uaddr) != c.get(valL)) {
        dropQ(c, uaddr);
        c.note("EAGAIN (read without the lock)");
        c.ret(Kernel.EAGAIN);
        return;
      }
      c.next("W1b");
    });
    lockBucket(f, "W1b", "futex_q_lock: spin_lock(&hb->lock)", uaddrL, "W2");
    f.step("W2", "futex_get_value_locked: value check", c -> {
      int uaddr = c.get(uaddrL);
      if (c.w.word(uaddr) != c.get(valL)) {
        c.unlock(layout.hbLock(bucket(uaddr)));
        dropQ(c, uaddr);
        c.note(layout.wordName(uaddr) + " = " + c.w.word(uaddr) + " != " + c.get(valL) + ": EAGAIN");
        c.ret(Kernel.EAGAIN);
        return;
      }
      c.next("W3");
    });
    f.patch(F1, "W2", c -> c.next("W3")); // variant futex-f1: no re-check under the lock
    f.step("W3", "set_current_state(TASK_INTERRUPTIBLE); futex_queue", c -> {
      w3(c, c.get(uaddrL));
      c.next("W4");
    });
    f.step("W4", "futex_queue: spin_unlock(&hb->lock)", c -> {
      c.unlock(layout.hbLock(bucket(c.get(uaddrL))));
      c.next("W5");
    });
    sleepStep(f, "W5", "W6");
    unqueueSteps(f, uaddrL, "W6", "W1");
    return f;
  }

  // ------------------------------------------------------------------ FUTEX_WAKE

  private KFunction buildWake() {
    KFunction f = k.function("futex_wake");
    Local uaddrL = f.local("uaddr");
    Local nrWake = f.local("nr_wake");
    Local ret = f.local("ret");
    Local wakeQ = f.taskLocal("wake_q"); // the wake_q's head, -1 when empty
    f.step("K1", "futex_hb_waiters_pending", k1(uaddrL, nrWake, WAITERS_PENDING));
    f.patch(F3, "K1", k1(uaddrL, nrWake, CHAIN_NOT_EMPTY));
    lockBucket(f, "K2", "spin_lock(&hb->lock)", uaddrL, "K3");
    f.step("K3", "futex_wake_mark: dequeue, lock_ptr = NULL, wake_q_add", c -> {
      int[] woken = k3Scan(c, c.get(uaddrL), c.get(nrWake));
      int head = c.get(wakeQ);
      for (int i = 1; i <= woken[0]; i++) {
        head = wakeQAdd(c, head, woken[i]);
      }
      c.set(wakeQ, head);
      c.set(ret, woken[0]);
      if (c.describe) { // the text is built only for a trace (note() drops it otherwise)
        c.note("dequeued " + names(woken));
      }
      c.next("K4");
    });
    f.step("K4", "spin_unlock(&hb->lock)", c -> {
      c.unlock(layout.hbLock(bucket(c.get(uaddrL))));
      noteWake(c, c.get(uaddrL), c.get(ret), c.get(nrWake));
      c.next("K5");
    });
    f.step("K5", "wake_up_q", c -> {
      int p = c.get(wakeQ);
      if (p < 0) {
        c.ret(c.get(ret));
        return;
      }
      c.set(wakeQ, c.w.wakeQNext(p));
      c.w.clearWakeQ(p);
      k.callTtwu(c, p, 0, "K5");
    });
    return f;
  }

  /** FUTEX_WAKE's K1 with the waiters test {@code pending}. */
  private KStep.Body k1(Local uaddrL, Local nrWake, Pending pending) {
    return c -> {
      int uaddr = c.get(uaddrL);
      if (!pending.test(c, bucket(uaddr))) {
        noteWake(c, uaddr, 0, c.get(nrWake));
        c.note("no waiters");
        c.ret(0);
        return;
      }
      c.next("K2");
    };
  }

  /** FUTEX_SWAP's S1.K1 (K1 on uaddr2) with the waiters test {@code pending}. */
  private KStep.Body s1k1(Local uaddr2L, Pending pending) {
    return c -> {
      int uaddr2 = c.get(uaddr2L);
      if (!pending.test(c, bucket(uaddr2))) {
        noteWake(c, uaddr2, 0, 1);
        c.note("no waiters on " + layout.wordName(uaddr2));
        c.next("S2.W1");
        return;
      }
      c.next("S1.K2");
    };
  }

  /**
   * wake_q_add: a task already on some wake_q is not added again (the earlier flush will
   * wake it). Returns the new head (-1 = empty).
   */
  private int wakeQAdd(Ctx c, int head, int p) {
    if (c.w.onWakeQ(p)) {
      return head;
    }
    c.w.setWakeQNext(p, -1);
    if (head < 0) {
      return p;
    }
    int cur = head;
    while (c.w.wakeQNext(cur) >= 0) {
      cur = c.w.wakeQNext(cur);
    }
    c.w.setWakeQNext(cur, p);
    return head;
  }

  private String names(int[] ts) {
    if (ts[0] == 0) {
      return "nobody";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= ts[0]; i++) {
      if (i > 1) {
        b.append(", ");
      }
      b.append(layout.taskName(ts[i]));
    }
    return b.toString();
  }

  // ------------------------------------------------------------------ FUTEX_SWAP

  private KFunction buildSwap() {
    KFunction f = k.function("futex_swap");
    Local uaddrL = f.local("uaddr"); // the wait half's word
    Local valL = f.local("val");
    Local uaddr2L = f.local("uaddr2"); // the wake half's word
    Local nextL = f.taskLocal("next"); // the waiter the wake half dequeued, -1 none
    f.step("S1.K1", "prepare_wake_q(uaddr2): futex_hb_waiters_pending", s1k1(uaddr2L, WAITERS_PENDING));
    f.patch(F3, "S1.K1", s1k1(uaddr2L, CHAIN_NOT_EMPTY));
    lockBucket(f, "S1.K2", "prepare_wake_q: spin_lock(&hb2->lock)", uaddr2L, "S1.K3");
    f.step("S1.K3", "prepare_wake_q: dequeue one waiter, lock_ptr = NULL, next = it", c -> {
      int[] woken = k3Scan(c, c.get(uaddr2L), 1);
      if (woken[0] > 0) {
        c.set(nextL, woken[1]);
      }
      if (c.describe) {
        c.note("next = " + names(woken));
      }
      c.next("S1.K4");
    });
    f.step("S1.K4", "prepare_wake_q: spin_unlock(&hb2->lock)", c -> {
      c.unlock(layout.hbLock(bucket(c.get(uaddr2L))));
      noteWake(c, c.get(uaddr2L), c.get(nextL) >= 0 ? 1 : 0, 1);
      c.next("S2.W1");
    });
    f.step("S2.W1", "futex_q_lock: waiters++", c -> {
      w1(c, c.get(uaddrL), c.get(valL));
      c.next("S2.W1b");
    });
    lockBucket(f, "S2.W1b", "futex_q_lock: spin_lock(&hb->lock)", uaddrL, "S2.W2");
    f.step("S2.W2", "futex_get_value_locked: value check", s2w2(uaddrL, valL, nextL, true));
    f.patch(SWAP_F7, "S2.W2", s2w2(uaddrL, valL, nextL, false));
    f.step("S2.out", "return -EAGAIN", c -> c.ret(Kernel.EAGAIN));
    f.step("S3.W3", "set_current_state(TASK_INTERRUPTIBLE); futex_queue", c -> {
      w3(c, c.get(uaddrL));
      c.next("S3.W4");
    });
    f.step("S3.W4", "futex_queue: spin_unlock(&hb->lock)", c -> {
      c.unlock(layout.hbLock(bucket(c.get(uaddrL))));
      c.next("S4");
    });
    f.step("S4", "queued ? wake_up_process_prefer_current_cpu(next) : wake_up_process(next)", c -> {
      boolean queued = queued(c);
      int next = c.get(nextL);
      String after = queued ? "S4.schedule" : "S5.W6";
      if (next >= 0) {
        c.set(nextL, -1);
        k.callTtwu(c, next, queued ? Kernel.WF_CURRENT_CPU : 0, after);
      } else {
        c.next(after);
      }
    });
    sleepStep(f, "S4.schedule", "S5.W6");
    unqueueSteps(f, uaddrL, "S5.W6", "S2.W1");
    return f;
  }

  /**
   * FUTEX_SWAP's S2.W2: the wait half's value check; the error exit wakes {@code next} (the
   * waiter the wake half dequeued) when {@code wakeNextOnError}, and variant futex-swap-f7's
   * does not.
   */
  private KStep.Body s2w2(Local uaddrL, Local valL, Local nextL, boolean wakeNextOnError) {
    return c -> {
      int uaddr = c.get(uaddrL);
      if (c.w.word(uaddr) == c.get(valL)) {
        c.next("S3.W3");
        return;
      }
      c.unlock(layout.hbLock(bucket(uaddr)));
      dropQ(c, uaddr);
      c.note(layout.wordName(uaddr) + " = " + c.w.word(uaddr) + " != " + c.get(valL) + ": EAGAIN");
      int next = c.get(nextL);
      if (next >= 0 && wakeNextOnError) {
        k.callTtwu(c, next, 0, "S2.out"); // the error exit still wakes next
      } else {
        c.ret(Kernel.EAGAIN); // variant futex-swap-f7: next is never woken
      }
    };
  }

  /** Whether task t's top frames are FUTEX_WAIT or FUTEX_SWAP's wait half (sleeping on a futex). */
  boolean isFutexFunction(KFunction f) {
    return f == wait || f == swap;
  }
}
