package schedcheck.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import schedcheck.checker.SearchResult;

/** The liveness pass in the text and JSON reports: its figures, and the lasso's loop marked. */
final class LivenessReport {
  private LivenessReport() {}

  /** Cuts of the liveness pass are reported under this prefix, e.g. {@code liveness depth}. */
  static final String CUT_PREFIX = "liveness ";

  static void text(PrintWriter out, CheckRun run) {
    SearchResult l = run.liveness();
    if (l == null) {
      return;
    }
    out.printf("  liveness: %,d states, %,d transitions, %.2f s, fair cycles (SCC)%n",
        l.states(), l.transitions(), l.seconds());
  }

  static String cutText(String bound, long n) {
    String what = switch (bound) {
      case "depth" -> String.format("%,d steps lead beyond the depth bound", n);
      case "preemptions" -> String.format("%,d suppressed ticks lead to states the bound kept out", n);
      case "states" -> "stopped at the state limit";
      case "time" -> String.format("stopped at the time limit with %,d states queued", n);
      case "memory" -> "ran out of heap";
      default -> String.format("%,d steps not explored", n);
    };
    return what + " (liveness: the part cut off may close a cycle, so starvation is not ruled out)";
  }

  /** The lasso's loop in the JSON report: {@code lasso: {prefix: [1..k], loop: [k+1..n]}}. */
  static void json(ObjectNode o, CheckRun run) {
    SearchResult l = run.liveness();
    if (l != null) {
      ObjectNode n = o.putObject("liveness");
      n.put("states", l.states());
      n.put("transitions", l.transitions());
      n.put("seconds", Math.round(l.seconds() * 1000.0) / 1000.0);
    }
    int k = run.loopStart();
    if (k < 0) {
      return;
    }
    ObjectNode lasso = o.putObject("lasso");
    ArrayNode prefix = lasso.putArray("prefix");
    ArrayNode loop = lasso.putArray("loop");
    for (int i = 1; i <= run.result().firstViolation().path().length(); i++) {
      (i <= k ? prefix : loop).add(i);
    }
  }

  private static final Pattern ROW = Pattern.compile("^\\s*(\\d+) \\|");

  /** Marks the loop in a rendered timeline: a rule before its first step, and a closing line. */
  static String markLoop(String rendered, CheckRun run) {
    int k = run.loopStart();
    if (k < 0) {
      return rendered;
    }
    int n = run.result().firstViolation().path().length();
    StringBuilder b = new StringBuilder();
    boolean marked = false;
    for (String line : rendered.split("\n", -1)) {
      Matcher m = ROW.matcher(line);
      if (!marked && m.find() && Integer.parseInt(m.group(1)) == k + 1) {
        b.append("---- loop: steps ").append(k + 1).append("..").append(n)
            .append(" repeat for ever (").append(k == 0 ? "no prefix: the loop starts in the initial state"
                : "the prefix is steps 1.." + k).append(") ----\n");
        marked = true;
      }
      if (marked && line.startsWith("final state")) {
        b.append("---- end of loop: step ").append(n).append(" returns to the state after step ").append(k)
            .append(k == 0 ? " (the initial state)" : "").append(" ----\n\n");
        marked = false;
        line = line.replace("final state", "state at the loop's entry (and after every round)");
      }
      b.append(line).append('\n');
    }
    return b.substring(0, b.length() - 1);
  }
}
