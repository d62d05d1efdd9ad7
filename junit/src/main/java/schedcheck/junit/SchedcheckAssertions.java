package schedcheck.junit;

import org.opentest4j.AssertionFailedError;
import schedcheck.api.Options;
import schedcheck.api.Property;
import schedcheck.api.Result;
import schedcheck.api.Scenario;

/**
 * JUnit 5 assertions over model checks. Each one checks the scenario (the whole search, on the
 * calling thread: see {@link Scenario#check(Options)} for the cost) and, when the verdict is
 * not the one asserted, fails with an {@link AssertionFailedError} whose message is the
 * verdict, the report {@code schedcheck check} prints (the counterexample's per-cpu timeline,
 * final state and explanation) and the scenario as a YAML file, ready to save and rerun with
 * {@code schedcheck check}. Each returns the {@link Result} for further assertions.
 *
 * <pre>{@code
 * import static schedcheck.junit.SchedcheckAssertions.*;
 *
 * assertHolds(Scenario.load(Path.of("examples/futex-wait-wake.yaml")));
 * assertViolates(Property.LOST_WAKEUP, Scenario.load(Path.of("examples/f1-unlocked-check.yaml")));
 * }</pre>
 */
public final class SchedcheckAssertions {
  private SchedcheckAssertions() {}

  /** Asserts that {@code scenario} holds: every reachable state explored, no checked property violated. */
  public static Result assertHolds(Scenario scenario) {
    return assertHolds(scenario, Options.defaults());
  }

  /** As {@link #assertHolds(Scenario)}, with the options' strategy, limits, fairness and report view. */
  public static Result assertHolds(Scenario scenario, Options options) {
    Result r = scenario.check(options);
    if (!r.holds()) {
      throw failure("expected " + scenario.name() + " to hold", "holds", r);
    }
    return r;
  }

  /**
   * Asserts that {@code scenario} violates {@code property}. The search goes on past other
   * properties' violations until it finds this one (as a file with {@code expect: violated: P}
   * does); the result's counterexample is this property's.
   */
  public static Result assertViolates(Property property, Scenario scenario) {
    return assertViolates(property, scenario, Options.defaults());
  }

  /** As {@link #assertViolates(Property, Scenario)}, with the options. */
  public static Result assertViolates(Property property, Scenario scenario, Options options) {
    if (!scenario.properties().contains(property)) {
      throw new AssertionFailedError(scenario.name() + " does not check " + property.id() + " (its check: "
          + scenario.properties().stream().map(Property::id).toList() + ")");
    }
    Result r = scenario.expectingViolation(property).check(options);
    if (!r.violated() || r.property().orElse(null) != property) {
      throw failure("expected " + scenario.name() + " to violate " + property.id(), "violated: " + property.id(), r);
    }
    return r;
  }

  /**
   * Asserts that the verdict is the one the scenario's {@code expect:} names ({@code holds} or
   * {@code violated: P}), as {@code schedcheck check --check-expect} does; a scenario without
   * {@code expect:} must hold.
   */
  public static Result assertAsExpected(Scenario scenario) {
    return assertAsExpected(scenario, Options.defaults());
  }

  /** As {@link #assertAsExpected(Scenario)}, with the options. */
  public static Result assertAsExpected(Scenario scenario, Options options) {
    if (scenario.expected().isEmpty()) {
      return assertHolds(scenario, options);
    }
    Result r = scenario.check(options);
    if (!r.asExpected()) {
      throw failure(scenario.source() + " expects " + scenario.expected().get(), scenario.expected().get(), r);
    }
    return r;
  }

  private static AssertionFailedError failure(String what, String expected, Result r) {
    StringBuilder b = new StringBuilder(what).append(", but it is ").append(r.verdictText()).append("\n\n");
    b.append(r.report().stripTrailing()).append("\n\nthe scenario (").append(r.scenario().source()).append("):\n").append(r.scenario().yaml());
    return new AssertionFailedError(b.toString(), expected, r.verdictText());
  }
}
