package schedcheck.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Builds a {@link Scenario} in code, key by key as the YAML file has them (see
 * {@code docs/scenario-language.md}): {@link #build()} writes the file ({@link Scenario#yaml()})
 * and parses it with the scenario language's parser, so a built scenario means what the file
 * means and is validated the same way. Leaving a key out leaves it out of the file (its default).
 *
 * <pre>{@code
 * Scenario s = Scenario.builder("flag")
 *     .cpus(2)
 *     .word("flag", 0)
 *     .task("waiter", "r = load flag", "if r != 0 goto done", "r = futex_wait flag 0", "done:")
 *     .task("waker", "store flag 1", "r = futex_wake flag 1")
 *     .check(Property.LOST_WAKEUP)
 *     .build();
 * }</pre>
 *
 * <p>Not thread-safe; each {@code build()} returns a new immutable scenario.
 */
public final class ScenarioBuilder {
  private final String name;
  private String description;
  private int cpus = 1;
  private Boolean proxy;
  private final List<String> variants = new ArrayList<>();
  private Detail detail;
  private List<String> lockOrder;
  private Integer futexBuckets;
  private final Map<String, Object> memory = new LinkedHashMap<>();
  private final List<String> mutexes = new ArrayList<>();
  private final List<String> locks = new ArrayList<>();
  private final Map<String, Map<String, Object>> tasks = new LinkedHashMap<>();
  private List<String> check;
  private final Map<String, Object> bounds = new LinkedHashMap<>();
  private Object expect;

  ScenarioBuilder(String name) {
    this.name = name;
  }

  /** {@code description:}. */
  public ScenarioBuilder description(String text) {
    this.description = text;
    return this;
  }

  /** {@code cpus:} (written always; 1 unless set). */
  public ScenarioBuilder cpus(int n) {
    this.cpus = n;
    return this;
  }

  /** {@code kernel.proxy:} Proxy Execution on (the default) or off (classic sleeping mutexes). */
  public ScenarioBuilder proxy(boolean on) {
    this.proxy = on;
    return this;
  }

  /** {@code kernel.variants:} kernel versions and bug variants ({@code schedcheck list variants}), appended. */
  public ScenarioBuilder variants(String... names) {
    variants.addAll(Arrays.asList(names));
    return this;
  }

  /** {@code kernel.detail:}. */
  public ScenarioBuilder detail(Detail d) {
    this.detail = d;
    return this;
  }

  /** {@code kernel.lock-order:} spinlock classes, outermost first. */
  public ScenarioBuilder lockOrder(String... classes) {
    this.lockOrder = List.of(classes);
    return this;
  }

  /** {@code kernel.futex-buckets:} (an extension: word i hashes into bucket i mod n). */
  public ScenarioBuilder futexBuckets(int n) {
    this.futexBuckets = n;
    return this;
  }

  /** A word under {@code memory:} with its initial value. */
  public ScenarioBuilder word(String word, int initial) {
    memory.put(word, initial);
    return this;
  }

  /** Words under {@code memory:}, each starting at 0. */
  public ScenarioBuilder words(String... words) {
    for (String w : words) {
      memory.put(w, 0);
    }
    return this;
  }

  /** {@code mutexes:} kernel mutexes, appended. */
  public ScenarioBuilder mutexes(String... names) {
    mutexes.addAll(Arrays.asList(names));
    return this;
  }

  /** {@code locks:} extra spinlock classes, appended. */
  public ScenarioBuilder locks(String... names) {
    locks.addAll(Arrays.asList(names));
    return this;
  }

  /** A task with the default cpu, priority and affinity, running the program whose lines are given. */
  public ScenarioBuilder task(String task, String... programLines) {
    return task(task, List.of(programLines));
  }

  /** A task running the program whose lines are given. */
  public ScenarioBuilder task(String task, List<String> programLines) {
    return task(task, t -> t.program(programLines));
  }

  /** A task, configured by {@code spec}: {@code t -> t.cpu(0).prio(100).program("work")}. */
  public ScenarioBuilder task(String task, Consumer<TaskBuilder> spec) {
    TaskBuilder t = new TaskBuilder();
    spec.accept(t);
    tasks.put(task, t.yaml());
    return this;
  }

  /** {@code check:} the properties to check (left out: all of them). */
  public ScenarioBuilder check(Property... properties) {
    this.check = Arrays.stream(properties).map(Property::id).toList();
    return this;
  }

  /** {@code bounds.preemptions:} involuntary context switches per execution. */
  public ScenarioBuilder preemptionBound(int n) {
    bounds.put("preemptions", n);
    return this;
  }

  /** {@code bounds.depth:} steps per execution. */
  public ScenarioBuilder depthBound(int n) {
    bounds.put("depth", n);
    return this;
  }

  /** {@code bounds.states:} distinct states. */
  public ScenarioBuilder stateBound(long n) {
    bounds.put("states", n);
    return this;
  }

  /** {@code bounds.time:} wall clock (written in whole milliseconds, e.g. {@code 1500ms}). */
  public ScenarioBuilder timeBound(Duration d) {
    bounds.put("time", d.toMillis() + "ms");
    return this;
  }

  /** {@code expect: holds}. */
  public ScenarioBuilder expectHolds() {
    this.expect = "holds";
    return this;
  }

  /** {@code expect: violated: P}. */
  public ScenarioBuilder expectViolated(Property p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("violated", p.id());
    this.expect = m;
    return this;
  }

  /** The scenario file this builder writes (what {@link #build()} parses). */
  public String toYaml() {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("name", name);
    if (description != null) {
      file.put("description", description);
    }
    file.put("cpus", cpus);
    Map<String, Object> kernel = new LinkedHashMap<>();
    if (proxy != null) {
      kernel.put("proxy", proxy);
    }
    if (!variants.isEmpty()) {
      kernel.put("variants", variants);
    }
    if (detail != null) {
      kernel.put("detail", detail.word());
    }
    if (lockOrder != null) {
      kernel.put("lock-order", lockOrder);
    }
    if (futexBuckets != null) {
      kernel.put("futex-buckets", futexBuckets);
    }
    if (!kernel.isEmpty()) {
      file.put("kernel", kernel);
    }
    if (!memory.isEmpty()) {
      file.put("memory", memory);
    }
    if (!mutexes.isEmpty()) {
      file.put("mutexes", mutexes);
    }
    if (!locks.isEmpty()) {
      file.put("locks", locks);
    }
    file.put("tasks", tasks);
    if (check != null) {
      file.put("check", check);
    }
    if (!bounds.isEmpty()) {
      file.put("bounds", bounds);
    }
    if (expect != null) {
      file.put("expect", expect);
    }
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
        .setWidth(1000).build();
    return new Dump(settings).dumpToString(file);
  }

  /**
   * Writes the file and parses it.
   *
   * @throws InvalidScenarioException when the file would not be valid: the message names
   *     {@code <built NAME>}, the line and column, and shows the file with line numbers
   */
  public Scenario build() {
    String yaml = toYaml();
    String source = "<built " + name + ">";
    try {
      return Scenario.fromYaml(yaml, source);
    } catch (InvalidScenarioException e) {
      StringBuilder b = new StringBuilder(e.getMessage()).append("\nthe scenario built in code, as YAML:\n");
      String[] lines = yaml.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (i == lines.length - 1 && lines[i].isEmpty()) {
          break;
        }
        b.append(String.format("%4d  %s%n", i + 1, lines[i]));
      }
      throw new InvalidScenarioException(b.toString(), e.getCause());
    }
  }

  /** One task's keys: {@code cpu}, {@code prio}, {@code affinity}, {@code program}. */
  public static final class TaskBuilder {
    private Integer cpu;
    private Integer prio;
    private List<Integer> affinity;
    private List<String> program = List.of();

    TaskBuilder() {}

    /** {@code cpu:} the cpu it starts on (default: task index mod cpus). */
    public TaskBuilder cpu(int c) {
      this.cpu = c;
      return this;
    }

    /** {@code prio:} lower is more important (default 120). */
    public TaskBuilder prio(int p) {
      this.prio = p;
      return this;
    }

    /** {@code affinity:} the cpus it may run on (default: all). */
    public TaskBuilder affinity(Integer... cpus) {
      this.affinity = List.of(cpus);
      return this;
    }

    /** {@code program:} one statement or label per line. */
    public TaskBuilder program(String... lines) {
      return program(List.of(lines));
    }

    /** {@code program:} one statement or label per line. */
    public TaskBuilder program(List<String> lines) {
      this.program = List.copyOf(lines);
      return this;
    }

    Map<String, Object> yaml() {
      Map<String, Object> t = new LinkedHashMap<>();
      if (cpu != null) {
        t.put("cpu", cpu);
      }
      if (prio != null) {
        t.put("prio", prio);
      }
      if (affinity != null) {
        t.put("affinity", affinity);
      }
      t.put("program", String.join("\n", program) + "\n");
      return t;
    }
  }
}
