package schedcheck.counterexamples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KStep;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StateView;
import schedcheck.model.scenario.Program;
import schedcheck.model.scenario.Stmt;

/**
 * A kernel state as compact JSON, with a fixed field order: per cpu curr and runqueue, per
 * task its state, cpu, position (pc, statement, kernel stack), held locks and futex wait,
 * memory words, futex buckets, held locks, mutexes and any recorded fault.
 */
public final class StateJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private StateJson() {}

  public static ObjectNode of(KernelModel model, KState s) {
    Layout layout = model.layout();
    ObjectNode o = F.objectNode();

    ArrayNode cpus = o.putArray("cpus");
    for (int c = 0; c < layout.cpus; c++) {
      ObjectNode cpu = cpus.addObject();
      cpu.put("cpu", c);
      putTask(cpu, "curr", layout, s.curr(c));
      ArrayNode rq = cpu.putArray("rq");
      Names.tasks(layout, Names.runqueue(s, c)).forEach(rq::add);
      cpu.put("need_resched", s.needResched(c));
      putTask(cpu, "donor", layout, s.donor(c));
      // The cpu's scheduler context (__schedule under proxy execution): its frames and locks.
      ArrayNode sched = cpu.putArray("scheduler");
      model.queries().schedStack(s, c).forEach(sched::add);
      ArrayNode held = cpu.putArray("locks");
      Names.locks(layout, s.heldBy(layout.cpuActor(c))).forEach(held::add);
    }

    ArrayNode tasks = o.putArray("tasks");
    for (int t = 0; t < layout.tasks; t++) {
      tasks.add(task(model, s, t));
    }

    ObjectNode memory = o.putObject("memory");
    for (int w = 0; w < layout.words; w++) {
      memory.put(layout.wordName(w), s.word(w));
    }

    ArrayNode futex = o.putArray("futex");
    for (int b = 0; b < layout.buckets; b++) {
      ObjectNode hb = futex.addObject();
      hb.put("bucket", layout.bucketName(b));
      hb.put("waiters", s.waiters(b));
      ArrayNode chain = hb.putArray("chain");
      Names.tasks(layout, s.chain(b)).forEach(chain::add);
    }

    ObjectNode locks = o.putObject("locks");
    for (int l = 0; l < layout.locks; l++) {
      if (s.holder(l) >= 0) {
        locks.put(layout.lockName(l), layout.taskName(s.holder(l)));
      }
    }

    ArrayNode mutexes = o.putArray("mutexes");
    for (int m = 0; m < layout.mutexes; m++) {
      ObjectNode mx = mutexes.addObject();
      mx.put("name", layout.mutexName(m));
      putTask(mx, "owner", layout, s.mutexOwner(m));
      ArrayNode waiters = mx.putArray("waiters");
      Names.tasks(layout, s.mutexWaiters(m)).forEach(waiters::add);
    }

    ArrayNode chains = o.putArray("blocked_on_chains");
    BlockedChains.of(s).forEach(chains::add);
    o.put("preemptions", s.preemptions());
    if (s.faultKind() == Layout.FAULT_NONE) {
      o.putNull("fault");
    } else {
      ObjectNode f = o.putObject("fault");
      f.put("kind", Names.fault(s.faultKind()));
      putTask(f, "task", layout, s.faultTask());
      f.put("info", s.faultInfo());
    }
    return o;
  }

  private static ObjectNode task(KernelModel model, KState s, int t) {
    Layout layout = model.layout();
    ObjectNode o = F.objectNode();
    o.put("name", layout.taskName(t));
    o.put("state", Names.taskState(s.taskState(t)));
    o.put("on_rq", s.onRq(t));
    o.put("cpu", s.taskCpu(t));
    int running = s.runningOn(t);
    if (running >= 0) {
      o.put("running_on", running);
    } else {
      o.putNull("running_on");
    }
    o.put("pc", s.pc(t));
    Stmt st = statementAt(layout, t, s.pc(t));
    if (st == null || s.exited(t)) {
      o.putNull("statement");
    } else {
      o.put("statement", st.text());
    }
    ArrayNode stack = o.putArray("kernel");
    model.queries().kernelStack(s, t).forEach(stack::add);
    KStep next = model.queries().nextKernelStep(s, t);
    if (next == null) {
      o.putNull("next_kernel_step");
    } else {
      o.put("next_kernel_step", next.describe());
    }
    ArrayNode held = o.putArray("locks");
    Names.locks(layout, s.heldBy(t)).forEach(held::add);
    int spin = model.spinningOn(s, t);
    if (spin >= 0) {
      o.put("spinning_on", layout.lockName(spin));
    } else {
      o.putNull("spinning_on");
    }
    int[] fw = model.queries().futexWait(s, t);
    if (fw == null) {
      o.putNull("futex_wait");
    } else {
      ObjectNode f = o.putObject("futex_wait");
      f.put("word", layout.wordName(fw[0]));
      f.put("val", fw[1]);
      f.put("now", s.word(fw[0]));
      f.put("queued", s.onFutexChain(t));
      f.put("lock_ptr", s.futexLockPtr(t));
    }
    o.put("on_wake_q", s.onWakeQ(t));
    int bo = s.blockedOn(t);
    if (bo >= 0) {
      o.put("blocked_on", layout.mutexName(bo));
    } else {
      o.putNull("blocked_on");
    }
    ArrayNode missed = o.putArray("missed_wakes");
    Names.words(layout, s.missedWakes(t)).forEach(missed::add);
    ObjectNode regs = o.putObject("regs");
    List<String> names = layout.scenario.tasks().get(t).program().registers();
    for (int r = 0; r < names.size(); r++) {
      regs.put(names.get(r), s.reg(t, r));
    }
    return o;
  }

  /** The statement at pc of task t's program, or null past its end. */
  static Stmt statementAt(Layout layout, int t, int pc) {
    Program p = layout.scenario.tasks().get(t).program();
    return pc >= 0 && pc < p.statements().size() ? p.statements().get(pc) : null;
  }

  private static void putTask(ObjectNode o, String field, Layout layout, int t) {
    if (t < 0) {
      o.putNull(field);
    } else {
      o.put(field, layout.taskName(t));
    }
  }

  /** Convenience for {@link StateView} users that only need a task's held lock names. */
  static ArrayNode lockNames(Layout layout, StateView s, int t) {
    ArrayNode a = F.arrayNode();
    if (t >= 0) {
      Names.locks(layout, s.heldBy(t)).forEach(a::add);
    }
    return a;
  }
}
