package schedcheck.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import schedcheck.app.CheckRun;
import schedcheck.app.Checking;
import schedcheck.checker.Progress;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.model.scenario.ScenarioParser;

/**
 * A parsed, valid scenario, ready to check: built in code ({@link #builder}), read from YAML
 * text ({@link #fromYaml}), a file ({@link #load}) or a classpath resource ({@link #resource}).
 * Every way goes through the scenario language's own parser, so a scenario means exactly what
 * the same YAML file means to {@code schedcheck check}; {@link #yaml()} is that file.
 *
 * <p>Immutable and cheap (parsing is microseconds); {@link #check()} is where the cost is.
 *
 * <pre>{@code
 * Scenario s = Scenario.load(Path.of("examples/f1-unlocked-check.yaml"));
 * Result r = s.check();
 * if (r.violated()) System.out.println(r.report());
 * }</pre>
 */
public final class Scenario {
  private final schedcheck.model.scenario.Scenario parsed;
  private final String yaml;
  private final String source;

  private Scenario(schedcheck.model.scenario.Scenario parsed, String yaml, String source) {
    this.parsed = parsed;
    this.yaml = yaml;
    this.source = source;
  }

  /** A builder for a scenario named {@code name}, mirroring the YAML file's keys. */
  public static ScenarioBuilder builder(String name) {
    return new ScenarioBuilder(name);
  }

  /**
   * A scenario from YAML text; errors name {@code <yaml>}.
   *
   * @throws InvalidScenarioException when it does not parse or is not valid (line and column in the message)
   */
  public static Scenario fromYaml(String yaml) {
    return fromYaml(yaml, "<yaml>");
  }

  /**
   * A scenario from YAML text; errors and the report's first line name {@code source}.
   *
   * @throws InvalidScenarioException when it does not parse or is not valid
   */
  public static Scenario fromYaml(String yaml, String source) {
    try {
      return new Scenario(ScenarioParser.parse(yaml, source), yaml, source);
    } catch (ScenarioException e) {
      throw new InvalidScenarioException(e.getMessage(), e);
    }
  }

  /**
   * A scenario file (UTF-8, at most 1 MiB). The report's first line names the file as given,
   * as {@code schedcheck check FILE} does.
   *
   * @throws InvalidScenarioException when it is not valid ({@code file:line:col: ...})
   * @throws UncheckedIOException when it cannot be read
   */
  public static Scenario load(Path file) {
    try {
      schedcheck.model.scenario.Scenario sc = ScenarioParser.parse(file);
      return new Scenario(sc, Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (ScenarioException e) {
      throw new InvalidScenarioException(e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * A scenario file on the classpath, e.g. {@code "scenarios/flag.yaml"} (no leading slash),
   * found by the thread's context class loader (else this library's).
   *
   * @throws IllegalArgumentException when there is no such resource
   * @throws InvalidScenarioException when it is not valid ({@code classpath:NAME:line:col: ...})
   */
  public static Scenario resource(String name) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = Scenario.class.getClassLoader();
    }
    try (InputStream in = cl.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no classpath resource '" + name + "'");
      }
      return fromYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + name);
    } catch (IOException e) {
      throw new UncheckedIOException("classpath:" + name + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Its {@code name:}. */
  public String name() {
    return parsed.name();
  }

  /** Where it came from: the file as given, {@code classpath:NAME}, {@code <yaml>} or {@code <built NAME>}. */
  public String source() {
    return source;
  }

  /** The YAML file this scenario is (for a built one, the file the builder wrote). */
  public String yaml() {
    return yaml;
  }

  /** {@code cpus:}. */
  public int cpus() {
    return parsed.cpus();
  }

  /** {@code kernel.proxy:}. */
  public boolean proxy() {
    return parsed.kernel().proxy();
  }

  /** {@code kernel.variants:} as written. */
  public List<String> variants() {
    return parsed.kernel().variants();
  }

  /** The task names, in the file's order. */
  public List<String> tasks() {
    return parsed.tasks().stream().map(schedcheck.model.scenario.Scenario.Task::name).toList();
  }

  /** The priority of a task ({@code prio:}, 120 unless set). */
  public int priority(String task) {
    return task(task).prio();
  }

  /** The statements of a task's program, one per entry as written (labels and comments left out). */
  public List<String> statements(String task) {
    return task(task).program().statements().stream().map(schedcheck.model.scenario.Stmt::text).toList();
  }

  /**
   * The kind of each statement of a task's program, as the language names it: {@code load},
   * {@code store}, {@code futex_wait}, {@code lock}, {@code spin_lock}, {@code if}, {@code
   * assign}, ... (for statistics over generated scenarios).
   */
  public List<String> statementKinds(String task) {
    return task(task).program().statements().stream()
        .map(st -> st.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT))
        .toList();
  }

  private schedcheck.model.scenario.Scenario.Task task(String name) {
    for (var t : parsed.tasks()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no task '" + name + "' in " + name() + " (tasks: " + tasks() + ")");
  }

  /** Its {@code kernel.detail}. */
  public Detail detail() {
    return parsed.kernel().detail() == schedcheck.model.scenario.Scenario.Detail.SYSCALL ? Detail.SYSCALL
        : Detail.STEPS;
  }

  /** The properties it checks ({@code check:}; all of them when the file leaves it out). */
  public List<Property> properties() {
    return parsed.check().stream().map(Property::of).toList();
  }

  /** Its {@code expect:} as written ({@code holds} or {@code violated: P}), if any. */
  public Optional<String> expected() {
    var e = parsed.expect();
    return e == null ? Optional.empty() : Optional.of(e.holds() ? "holds" : "violated: " + e.property());
  }

  /** This scenario at another {@code kernel.detail} (same programs; the YAML shown is the original's). */
  public Scenario withDetail(Detail d) {
    return new Scenario(parsed.withDetail(d == Detail.SYSCALL ? schedcheck.model.scenario.Scenario.Detail.SYSCALL
        : schedcheck.model.scenario.Scenario.Detail.STEPS), yaml, source);
  }

  /**
   * This scenario expecting {@code violated: P}: the search goes on past other properties'
   * violations until it finds P (or explores everything), as for a file with that
   * {@code expect}. What {@code assertViolates} checks.
   */
  public Scenario expectingViolation(Property p) {
    var s = parsed;
    return new Scenario(new schedcheck.model.scenario.Scenario(s.file(), s.name(), s.description(), s.cpus(),
        s.kernel(), s.memory(), s.mutexes(), s.locks(), s.tasks(), s.check(), s.bounds(),
        new schedcheck.model.scenario.Scenario.Expect(false, p.id())), yaml, source);
  }

  /** This scenario expecting {@code holds}. */
  public Scenario expectingHolds() {
    var s = parsed;
    return new Scenario(new schedcheck.model.scenario.Scenario(s.file(), s.name(), s.description(), s.cpus(),
        s.kernel(), s.memory(), s.mutexes(), s.locks(), s.tasks(), s.check(), s.bounds(),
        new schedcheck.model.scenario.Scenario.Expect(true, null)), yaml, source);
  }

  /** {@link #check(Options)} with {@link Options#defaults()}: what {@code schedcheck check FILE} does. */
  public Result check() {
    return check(Options.defaults());
  }

  /**
   * Model-checks this scenario: explores every interleaving (BFS by default) of its tasks'
   * steps at its {@code kernel.detail}, within its bounds and the options' limits, and
   * minimizes the first counterexample, exactly as {@code schedcheck check} does.
   *
   * <p>Cost: the whole search runs on the calling thread and holds every distinct state seen
   * in memory until it returns. The shipped examples take milliseconds to a few seconds and
   * up to some hundred thousand states; a scenario with more tasks, cpus or statements can grow
   * exponentially, so give a scenario under test {@code bounds} (or {@link Options#maxStates},
   * {@link Options#timeLimit}) when its size is not known: a bound that cuts makes the verdict
   * {@link Verdict#INCOMPLETE}, never {@link Verdict#HOLDS}. Safe to call from several threads
   * on different (or the same) scenarios.
   */
  public Result check(Options options) {
    CheckRun run = Checking.check(parsed, options.toCheckOptions(), Progress.NONE);
    return new Result(this, run, options);
  }

  @Override
  public String toString() {
    return "Scenario[" + name() + " from " + source + "]";
  }
}
