package schedcheck.properties.reference;

import schedcheck.checker.Monitor;
import schedcheck.checker.Property;
import schedcheck.checker.Violation;
import schedcheck.model.reference.RefState;
import schedcheck.model.reference.RefStep;

/**
 * {@code deadlock}: a wait-for cycle in any state (kind {@code cycle}); at a state where no
 * task can run and not all have exited, kind {@code blocked} when every unfinished task is
 * blocked on a mutex or spins on a spinlock, else {@code stuck}, unless it is a lost wakeup
 * (whether or not {@code lost-wakeup} is checked: the contract).
 */
final class RefDeadlock implements Property<RefState, RefStep> {
  private final Waits waits;

  RefDeadlock(Waits waits) {
    this.waits = waits;
  }

  @Override
  public String name() {
    return "deadlock";
  }

  @Override
  public Monitor<RefState, RefStep> newMonitor() {
    return new Monitor<>() {
      @Override
      public Violation onState(RefState s) {
        String cycle = waits.cycle(s);
        return cycle == null ? null : Violation.of(name(), "cycle", "wait-for cycle: " + cycle);
      }

      @Override
      public Violation onTerminal(RefState s) {
        if (waits.allExited(s) || waits.lostWakeup(s) != null) {
          return null;
        }
        if (waits.allBlockedOnLocks(s)) {
          return Violation.of(name(), "blocked", "no task can run: " + waits.unfinished(s));
        }
        return Violation.of(name(), "stuck", "no task can run, and not all have finished: " + waits.unfinished(s));
      }
    };
  }

  /** Its monitors remember nothing: workers of the parallel search evaluate it on their model copies. */
  @Override
  public Property<RefState, RefStep> replica(schedcheck.checker.Model<RefState, RefStep> copy) {
    return new RefDeadlock(new Waits((schedcheck.model.reference.ReferenceModel) copy));
  }
}
