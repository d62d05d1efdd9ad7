package schedcheck.model.kernel;

/** A mutable copy of a state that one step changes; frozen into a {@link KState}. */
final class Work extends StateView {

  Work(Layout layout, int[] v) {
    super(layout, v);
  }

  /** An immutable copy of this state (the buffer may be reused). */
  KState freeze() {
    return new KState(layout, v.clone());
  }

  void set(int offset, int value) {
    Access a = access;
    if (a != null) {
      a.write(this, offset);
    }
    v[offset] = value;
  }

  int get(int offset) {
    return r(offset);
  }

  void setCurr(int c, int t) {
    set(layout.cpu(c, Layout.CPU_CURR), t + 1);
  }

  void setDonor(int c, int t) {
    set(layout.cpu(c, Layout.CPU_DONOR), t + 1);
  }

  void setNeedResched(int c, boolean b) {
    set(layout.cpu(c, Layout.CPU_NEED_RESCHED), b ? 1 : 0);
  }

  void rqAdd(int c, int t) {
    int o = layout.cpu(c, Layout.CPU_RQ);
    set(o, r(o) | 1 << t);
  }

  void rqRemove(int c, int t) {
    int o = layout.cpu(c, Layout.CPU_RQ);
    set(o, r(o) & ~(1 << t));
  }

  void setHolder(int l, int t) {
    setHolder(l, t, 0);
  }

  /** Lock l is held by actor t (or free, t = -1), taken with lockdep subclass {@code subclass}. */
  void setHolder(int l, int t, int subclass) {
    set(layout.lockBase + l, t < 0 ? 0 : (t + 1) | (subclass << Layout.SUBCLASS_SHIFT));
  }

  void setWord(int w, int value) {
    set(layout.wordBase + w, value);
  }

  void addWaiters(int b, int d) {
    int o = layout.bucket(b, Layout.HB_WAITERS);
    set(o, r(o) + d);
  }

  // ---- task fields: one accessor each, doing its own encoding ----

  private void setTask(int t, int field, int value) {
    set(layout.task(t, field), value);
  }

  private int task(int t, int field) {
    return r(layout.task(t, field));
  }

  /** p->wake_cpu (set by __set_task_cpu; proxy migration keeps it). */
  void setWakeCpu(int t, int cpu) {
    setTask(t, Layout.T_WAKE_CPU, cpu);
  }

  /** The word t's futex_q waits on, or -1: the futex_q goes away. */
  void setFutexWord(int t, int word) {
    setTask(t, Layout.T_FQ_WORD, word + 1);
  }

  /** q.lock_ptr: set while queued (&hb->lock), cleared (NULL) by a waker's dequeue or on return. */
  void setFutexLockPtr(int t, boolean set) {
    setTask(t, Layout.T_FQ_LOCK_PTR, set ? 1 : 0);
  }

  /** wake_q_add: t joins a wake_q with {@code next} after it (-1: t is the tail). */
  void setWakeQNext(int t, int next) {
    setTask(t, Layout.T_WAKE_Q_NEXT, next < 0 ? Layout.WAKE_Q_TAIL : next + 2);
  }

  /** t leaves its wake_q (wake_up_q took it off). */
  void clearWakeQ(int t) {
    setTask(t, Layout.T_WAKE_Q_NEXT, 0);
  }

  /** Every task flag off (a task that starts or exits). */
  void clearFlags(int t) {
    setTask(t, Layout.T_FLAGS, 0);
  }

  void setState(int t, int s) {
    setTask(t, Layout.T_STATE, s);
  }

  void setOnRq(int t, int s) {
    setTask(t, Layout.T_ON_RQ, s);
  }

  void setTaskCpu(int t, int c) {
    setTask(t, Layout.T_CPU, c);
  }

  void setPc(int t, int pc) {
    setTask(t, Layout.T_PC, pc);
  }

  void setReg(int t, int r, int value) {
    set(layout.reg(t, r), value);
  }

  void setFault(int kind, int t, int info) {
    if (r(layout.gFaultKind) == Layout.FAULT_NONE) {
      set(layout.gFaultKind, kind);
      set(layout.gFaultTask, t + 1);
      set(layout.gFaultInfo, info);
    }
  }

  void setMissed(int t, int mask) {
    setTask(t, Layout.T_MISSED, mask);
  }

  // ---- wait lists: futex chains and mutex wait_lists, linked through T_WAIT_NEXT ----

  int bucketHeadOffset(int b) {
    return layout.bucket(b, Layout.HB_HEAD);
  }

  int mutexHeadOffset(int m) {
    return layout.mutex(m, Layout.M_HEAD);
  }

  /** Appends t at the end of the list whose head is at {@code headOffset}. */
  void listAppend(int headOffset, int t) {
    int off = headOffset;
    while (r(off) != 0) {
      off = layout.task(r(off) - 1, Layout.T_WAIT_NEXT);
    }
    set(off, t + 1);
    setTask(t, Layout.T_WAIT_NEXT, 0);
  }

  /**
   * plist order as __futex_queue uses it: by priority, where every non-RT task (prio >= 100)
   * counts as MAX_RT_PRIO, FIFO among equals.
   */
  void listInsertByPrio(int headOffset, int t) {
    int key = Math.min(layout.taskPrio(t), 100);
    int off = headOffset;
    while (r(off) != 0 && Math.min(layout.taskPrio(r(off) - 1), 100) <= key) {
      off = layout.task(r(off) - 1, Layout.T_WAIT_NEXT);
    }
    setTask(t, Layout.T_WAIT_NEXT, r(off));
    set(off, t + 1);
  }

  /** Removes t from the list; returns whether it was on it. */
  boolean listRemove(int headOffset, int t) {
    int off = headOffset;
    while (r(off) != 0) {
      if (r(off) == t + 1) {
        set(off, task(t, Layout.T_WAIT_NEXT));
        setTask(t, Layout.T_WAIT_NEXT, 0);
        return true;
      }
      off = layout.task(r(off) - 1, Layout.T_WAIT_NEXT);
    }
    return false;
  }

  void setBlockedOn(int t, int m) {
    setTask(t, Layout.T_BLOCKED_ON, m + 1);
  }

  void setFlag(int t, int flag, boolean on) {
    int f = task(t, Layout.T_FLAGS);
    setTask(t, Layout.T_FLAGS, on ? f | flag : f & ~flag);
  }

  void setBlockedDonor(int t, int d) {
    setTask(t, Layout.T_BLOCKED_DONOR, d + 1);
  }

  /** Sets mutex m's owner word: owner task (or -1) and flag bits. */
  void setMutexOwner(int m, int owner, int flags) {
    set(layout.mutex(m, Layout.M_OWNER), (owner + 1) | (flags << 8));
  }

  // ---- scheduler frames (per cpu) ----

  // ---- frames ----

}
