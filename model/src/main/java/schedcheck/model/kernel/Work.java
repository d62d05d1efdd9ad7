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
    v[offset] = value;
  }

  int get(int offset) {
    return v[offset];
  }

  void setCurr(int c, int t) {
    v[layout.cpu(c, Layout.CPU_CURR)] = t + 1;
  }

  void setDonor(int c, int t) {
    v[layout.cpu(c, Layout.CPU_DONOR)] = t + 1;
  }

  void setNeedResched(int c, boolean b) {
    v[layout.cpu(c, Layout.CPU_NEED_RESCHED)] = b ? 1 : 0;
  }

  void rqAdd(int c, int t) {
    v[layout.cpu(c, Layout.CPU_RQ)] |= 1 << t;
  }

  void rqRemove(int c, int t) {
    v[layout.cpu(c, Layout.CPU_RQ)] &= ~(1 << t);
  }

  void setHolder(int l, int t) {
    setHolder(l, t, 0);
  }

  /** Lock l is held by actor t (or free, t = -1), taken with lockdep subclass {@code subclass}. */
  void setHolder(int l, int t, int subclass) {
    v[layout.lockBase + l] = t < 0 ? 0 : (t + 1) | (subclass << Layout.SUBCLASS_SHIFT);
  }

  void setWord(int w, int value) {
    v[layout.wordBase + w] = value;
  }

  void addWaiters(int b, int d) {
    v[layout.bucket(b, Layout.HB_WAITERS)] += d;
  }

  void setTask(int t, int field, int value) {
    v[layout.task(t, field)] = value;
  }

  int task(int t, int field) {
    return v[layout.task(t, field)];
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
    v[layout.reg(t, r)] = value;
  }

  void setFault(int kind, int t, int info) {
    if (v[layout.gFaultKind] == Layout.FAULT_NONE) {
      v[layout.gFaultKind] = kind;
      v[layout.gFaultTask] = t + 1;
      v[layout.gFaultInfo] = info;
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
    while (v[off] != 0) {
      off = layout.task(v[off] - 1, Layout.T_WAIT_NEXT);
    }
    v[off] = t + 1;
    setTask(t, Layout.T_WAIT_NEXT, 0);
  }

  /**
   * plist order as __futex_queue uses it: by priority, where every non-RT task (prio >= 100)
   * counts as MAX_RT_PRIO, FIFO among equals.
   */
  void listInsertByPrio(int headOffset, int t) {
    int key = Math.min(layout.taskPrio(t), 100);
    int off = headOffset;
    while (v[off] != 0 && Math.min(layout.taskPrio(v[off] - 1), 100) <= key) {
      off = layout.task(v[off] - 1, Layout.T_WAIT_NEXT);
    }
    setTask(t, Layout.T_WAIT_NEXT, v[off]);
    v[off] = t + 1;
  }

  /** Removes t from the list; returns whether it was on it. */
  boolean listRemove(int headOffset, int t) {
    int off = headOffset;
    while (v[off] != 0) {
      if (v[off] == t + 1) {
        v[off] = task(t, Layout.T_WAIT_NEXT);
        setTask(t, Layout.T_WAIT_NEXT, 0);
        return true;
      }
      off = layout.task(v[off] - 1, Layout.T_WAIT_NEXT);
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
