package schedcheck.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import schedcheck.checker.Found;
import schedcheck.counterexamples.Minimizer;
import schedcheck.counterexamples.Trace;

/** The report line that says how big a counterexample was as found and as shown. */
final class MinimizedText {
  private MinimizedText() {}

  /** The sizes of the first violation's trace as found and as shown, or null (no kernel trace). */
  static Minimizer.Result sizes(CheckRun run) {
    Found f = run.result().firstViolation();
    if (f == null || run.trace() == null || run.model() == null || f.isLasso()) {
      return null;
    }
    Trace found = Trace.replay(run.model(), f.path());
    return new Minimizer.Result(run.trace(), Minimizer.size(found), Minimizer.size(run.trace()));
  }

  /** E.g. {@code minimized: 87 steps, 16 switches, ... (as found: 87 steps, 25 switches, ...)}. */
  static String line(CheckRun run) {
    Minimizer.Result r = sizes(run);
    if (r == null) {
      return null;
    }
    if (!run.result().firstViolation().witnessPaths().isEmpty()) {
      return "counterexample: " + r.after().text() + " (shown as found: the cycle spans several executions)";
    }
    return r.changed() ? "minimized: " + r.after().text() + " (as found: " + r.before().text() + ")"
        : "counterexample: " + r.after().text() + " (as found: no reordering of it has fewer switches)";
  }

  /** Adds {@code "minimized": {"before": SIZE, "after": SIZE}} for a kernel-model violation. */
  static void json(CheckRun run, ObjectNode o) {
    Minimizer.Result r = sizes(run);
    if (r == null) {
      return;
    }
    ObjectNode m = o.putObject("minimized");
    size(m.putObject("before"), r.before());
    size(m.putObject("after"), r.after());
  }

  private static void size(ObjectNode o, Minimizer.Size s) {
    o.put("steps", s.steps());
    o.put("switches", s.switches());
    o.put("preemptions", s.preemptions());
    o.put("tasks", s.tasks());
    o.put("cpus", s.cpus());
  }
}
