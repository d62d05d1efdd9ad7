package schedcheck.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import schedcheck.app.CheckRun;
import schedcheck.app.CheckText;
import schedcheck.checker.Found;

/**
 * What checking a {@link Scenario} found: the verdict, the violated property and its
 * counterexample (as steps, and as the reports {@code schedcheck check} prints), and the
 * figures of the search. Immutable; the reports are rendered on first use.
 */
public final class Result {
  private final Scenario scenario;
  private final CheckRun run;
  private final Options options;
  private String report;
  private String json;
  private List<Step> trace;

  Result(Scenario scenario, CheckRun run, Options options) {
    this.scenario = scenario;
    this.run = run;
    this.options = options;
  }

  /**
   * One step of a counterexample, as the {@code --json} report's {@code trace} has it.
   *
   * @param step its number in the report's timeline (from 1)
   * @param task the task that took it, or null for a cpu's own scheduler step
   * @param cpu the cpu it ran on
   * @param kind {@code user} (a statement), {@code kernel} (a kernel small step), {@code sched}, ...
   * @param text the statement or the kernel step, e.g. {@code r = load flag}
   * @param note what came of it, e.g. {@code read flag = 0} (may be empty)
   */
  public record Step(int step, String task, int cpu, String kind, String text, String note) {
    @Override
    public String toString() {
      return step + ": " + (task == null ? "cpu" + cpu : task + "@cpu" + cpu) + " " + text
          + (note == null || note.isEmpty() ? "" : "  -> " + note);
    }
  }

  /** The scenario checked. */
  public Scenario scenario() {
    return scenario;
  }

  public Verdict verdict() {
    return switch (run.verdict()) {
      case HOLDS -> Verdict.HOLDS;
      case VIOLATED -> Verdict.VIOLATED;
      case INCOMPLETE -> Verdict.INCOMPLETE;
    };
  }

  /** Whether every reachable state was explored and nothing checked is violated. */
  public boolean holds() {
    return verdict() == Verdict.HOLDS;
  }

  /** Whether a checked property is violated. */
  public boolean violated() {
    return verdict() == Verdict.VIOLATED;
  }

  /** Whether {@code p} is among the properties found violated (the first one, or others found with it). */
  public boolean violates(Property p) {
    for (Found f : run.result().violations()) {
      if (f.violation().property().equals(p.id())) {
        return true;
      }
    }
    return false;
  }

  /** The property whose counterexample this is (the first violation found, or the expected one), if violated. */
  public Optional<Property> property() {
    return run.property() == null ? Optional.empty() : Optional.of(Property.of(run.property()));
  }

  /** Every property found violated, in the order the report lists them (one unless the search went on). */
  public List<Property> violatedProperties() {
    return run.result().violations().stream().map(f -> Property.of(f.violation().property())).distinct().toList();
  }

  /** The kind of violation within its property ({@code cycle}, {@code stuck}, {@code INV-2}, ...), or null. */
  public String kind() {
    Found f = run.result().firstViolation();
    return f == null ? null : f.violation().kind();
  }

  /** The violation in one sentence, or null. */
  public String message() {
    Found f = run.result().firstViolation();
    return f == null ? null : f.violation().message();
  }

  /**
   * Whether the counterexample is a lasso (an infinite execution: a prefix, then a loop that
   * repeats for ever, for {@code starvation} and a fair lost wakeup), whose loop starts after
   * {@link #loopStart()} steps.
   */
  public boolean isLasso() {
    return run.loopStart() >= 0;
  }

  /** For a lasso, the number of steps before its loop; else -1. */
  public int loopStart() {
    return run.loopStart();
  }

  /**
   * The counterexample's steps (minimized, as the reports show them); empty when nothing is
   * violated. Builds the JSON report on first use.
   */
  public List<Step> trace() {
    if (trace == null) {
      List<Step> out = new ArrayList<>();
      JsonNode t = jsonTree().get("trace");
      if (t != null && t.isArray()) {
        for (JsonNode n : t) {
          out.add(new Step(n.get("step").asInt(), n.get("task").isNull() ? null : n.get("task").asText(),
              n.get("cpu").asInt(), n.get("kind").asText(), n.get("text").asText(), n.get("note").asText()));
        }
      }
      trace = List.copyOf(out);
    }
    return trace;
  }

  /** Distinct states explored. */
  public long states() {
    return run.result().states();
  }

  public long transitions() {
    return run.result().transitions();
  }

  /** The longest execution explored, in steps. */
  public int depth() {
    return run.result().maxDepth();
  }

  /** Wall-clock seconds the search took. */
  public double seconds() {
    return run.result().seconds();
  }

  /** The bounds or limits that cut the search ({@code states}, {@code depth}, {@code time}, ...) and by how much. */
  public Map<String, Long> cuts() {
    return new LinkedHashMap<>(run.result().cuts());
  }

  /** The report's extra lines (why a verdict is incomplete, the fairness assumed, ...). */
  public List<String> notes() {
    return List.copyOf(run.notes());
  }

  /** The scenario's {@code expect:} as written, if any. */
  public Optional<String> expected() {
    return Optional.ofNullable(run.expected());
  }

  /** Whether the verdict is the one the scenario's {@code expect:} names; true when it has none. */
  public boolean asExpected() {
    return run.asExpected();
  }

  /** The verdict as the reports write it: {@code holds}, {@code incomplete}, {@code violated: lost-wakeup}. */
  public String verdictText() {
    return run.verdictText();
  }

  /**
   * The text report {@code schedcheck check} prints for this scenario (its source in place of
   * the file name): verdict, figures, and for a violation the counterexample's per-cpu
   * timeline, final state, why and explanation, in the options' view and width. Rendered on
   * first use (milliseconds).
   */
  public String report() {
    if (report == null) {
      report = CheckText.text(scenario.source(), run, options.view(), options.width(), options.toCheckOptions());
    }
    return report;
  }

  /** The {@code --json} report of this scenario (one line), as {@code schedcheck check --json} prints it. */
  public String json() {
    if (json == null) {
      json = CheckText.json(scenario.source(), run, options.toCheckOptions());
    }
    return json;
  }

  private JsonNode jsonTree() {
    try {
      return new ObjectMapper().readTree(json());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The report's first line, e.g. {@code flag: violated: lost-wakeup}. */
  @Override
  public String toString() {
    return scenario.source() + ": " + verdictText();
  }
}
