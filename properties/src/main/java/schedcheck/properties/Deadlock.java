package schedcheck.properties;

import schedcheck.checker.Monitor;
import schedcheck.checker.Violation;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;

/**
 * {@code deadlock}: a cycle of tasks each waiting for a resource the next one holds (kind
 * {@code cycle}, checked in every state); or a state where no task can run and every
 * unfinished task is blocked on a mutex or spinlock (kind {@code blocked}); or any other
 * state where no task can run but some have not finished (kind {@code stuck}). A stuck state
 * that is a lost wakeup is not a deadlock, whether or not {@code lost-wakeup} is checked (the
 * contract: whether a property is violated never depends on which others {@code check} names).
 */
public final class Deadlock extends KernelProperty {
  private final Stuck stuck;

  public Deadlock(KernelModel model) {
    super(model, "deadlock");
    this.stuck = new Stuck(model);
  }

  @Override
  public Monitor<KState, StepInfo> newMonitor() {
    return new Monitor<>() {
      @Override
      public Violation onState(KState s) {
        String cycle = stuck.cycle(s);
        if (cycle != null) {
          return Violation.of(name(), "cycle", "wait-for cycle: " + cycle);
        }
        int c = queries.proxyWalkSpinning(s);
        if (c >= 0) {
          // Known-bugs P3: find_proxy_task goes round a blocked_on cycle under the rq lock.
          int d = queries.proxyWalkDonor(s, c);
          return Violation.of(name(), "cycle", "find_proxy_task on cpu" + c + " walks a blocked_on cycle for ever"
              + " under the rq lock: " + (d >= 0 ? queries.blockedOnChain(s, d) : "?"));
        }
        return null;
      }

      @Override
      public Violation onTerminal(KState s) {
        if (stuck.allExited(s)) {
          return null;
        }
        if (stuck.lostWakeup(s) != null) {
          return null;
        }
        if (stuck.allBlockedOnLocks(s)) {
          return Violation.of(name(), "blocked", "no task can run: " + stuck.unfinished(s));
        }
        return Violation.of(name(), "stuck", "no task can run, and not all have finished: " + stuck.unfinished(s));
      }
    };
  }

  /** Its monitors remember nothing: workers of the parallel search evaluate it on their model copies. */
  @Override
  public schedcheck.checker.Property<KState, schedcheck.model.kernel.StepInfo> replica(
      schedcheck.checker.Model<KState, schedcheck.model.kernel.StepInfo> copy) {
    return new Deadlock((KernelModel) copy);
  }
}
