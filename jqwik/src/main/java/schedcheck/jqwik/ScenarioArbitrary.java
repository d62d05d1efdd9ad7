package schedcheck.jqwik;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.arbitraries.ArbitraryDecorator;
import schedcheck.api.Detail;
import schedcheck.api.Property;
import schedcheck.api.Scenario;
import schedcheck.api.ScenarioBuilder;

/**
 * Generated whole scenarios ({@link ScenarioArbitraries#scenarios}); each setter returns a
 * configured copy. A scenario is built through {@link Scenario#builder}, so it is a valid file
 * ({@link Scenario#yaml()} shows it) and declares only the mutexes its programs use.
 */
public final class ScenarioArbitrary extends ArbitraryDecorator<Scenario> {
  private final List<String> words;
  private final List<String> mutexes;
  private int minCpus = 1;
  private int maxCpus = 2;
  private int minTasks = 1;
  private int maxTasks = 3;
  private int maxPieces = 3;
  private Arbitrary<Boolean> proxy = Arbitraries.just(true);
  private Arbitrary<List<String>> variants = Arbitraries.just(List.of());
  private Arbitrary<Integer> priorities = Arbitraries.just(120);
  private Detail detail;
  private Property[] check;
  private long stateBound = 200_000;

  ScenarioArbitrary(List<String> words, List<String> mutexes) {
    this.words = List.copyOf(words);
    this.mutexes = List.copyOf(mutexes);
  }

  private ScenarioArbitrary copy() {
    ScenarioArbitrary c = new ScenarioArbitrary(words, mutexes);
    c.minCpus = minCpus;
    c.maxCpus = maxCpus;
    c.minTasks = minTasks;
    c.maxTasks = maxTasks;
    c.maxPieces = maxPieces;
    c.proxy = proxy;
    c.variants = variants;
    c.priorities = priorities;
    c.detail = detail;
    c.check = check;
    c.stateBound = stateBound;
    return c;
  }

  /** Cpus from {@code min} to {@code max}. */
  public ScenarioArbitrary cpus(int min, int max) {
    ScenarioArbitrary c = copy();
    c.minCpus = min;
    c.maxCpus = max;
    return c;
  }

  /** Tasks from {@code min} to {@code max} (named t1, t2, ...). */
  public ScenarioArbitrary tasks(int min, int max) {
    ScenarioArbitrary c = copy();
    c.minTasks = min;
    c.maxTasks = max;
    return c;
  }

  /** At most this many pieces per program. */
  public ScenarioArbitrary piecesPerTask(int max) {
    ScenarioArbitrary c = copy();
    c.maxPieces = max;
    return c;
  }

  /** Proxy Execution both on and off (shrinking toward on). */
  public ScenarioArbitrary proxyOnAndOff() {
    ScenarioArbitrary c = copy();
    c.proxy = Arbitraries.of(true, false);
    return c;
  }

  /** {@code kernel.variants} drawn from {@code v}, e.g. {@link ScenarioArbitraries#proxyVersions()} (used only with proxy on). */
  public ScenarioArbitrary variants(Arbitrary<List<String>> v) {
    ScenarioArbitrary c = copy();
    c.variants = v;
    return c;
  }

  /** Task priorities drawn from {@code p}, e.g. {@link ScenarioArbitraries#priorities()}. */
  public ScenarioArbitrary priorities(Arbitrary<Integer> p) {
    ScenarioArbitrary c = copy();
    c.priorities = p;
    return c;
  }

  /** {@code kernel.detail} of every scenario. */
  public ScenarioArbitrary detail(Detail d) {
    ScenarioArbitrary c = copy();
    c.detail = d;
    return c;
  }

  /** {@code check:} of every scenario (default: every property). */
  public ScenarioArbitrary check(Property... properties) {
    ScenarioArbitrary c = copy();
    c.check = properties.clone();
    return c;
  }

  /** {@code bounds.states} of every scenario (default 200,000): a cut search is {@code incomplete}. */
  public ScenarioArbitrary stateBound(long states) {
    ScenarioArbitrary c = copy();
    c.stateBound = states;
    return c;
  }

  private record TaskSpec(int prio, Program program) {}

  @Override
  protected Arbitrary<Scenario> arbitrary() {
    Arbitrary<TaskSpec> task = Combinators.combine(priorities, ScenarioArbitraries.programs(words, mutexes, maxPieces))
        .as(TaskSpec::new);
    return Combinators.combine(Arbitraries.integers().between(minCpus, maxCpus), proxy, variants,
            task.list().ofMinSize(minTasks).ofMaxSize(maxTasks))
        .as(this::build);
  }

  private Scenario build(int cpus, boolean proxyOn, List<String> vs, List<TaskSpec> tasks) {
    ScenarioBuilder b = Scenario.builder("generated").cpus(cpus).proxy(proxyOn);
    if (proxyOn && !vs.isEmpty() && detail != Detail.SYSCALL) {
      b.variants(vs.toArray(String[]::new));
    }
    if (detail != null) {
      b.detail(detail);
    }
    for (String w : words) {
      b.word(w, 0);
    }
    Set<String> used = new LinkedHashSet<>();
    List<List<String>> programs = new ArrayList<>();
    for (TaskSpec t : tasks) {
      List<String> lines = t.program().lines();
      programs.add(lines);
      for (String line : lines) {
        String[] w = line.split(" ");
        String last = w[w.length - 1];
        if (mutexes.contains(last) && (line.startsWith("lock ") || line.startsWith("unlock ")
            || line.contains("lock_interruptible "))) {
          used.add(last);
        }
      }
    }
    List<String> ms = new ArrayList<>(mutexes);
    ms.retainAll(used);
    if (!ms.isEmpty()) {
      b.mutexes(ms.toArray(String[]::new));
    }
    for (int i = 0; i < tasks.size(); i++) {
      TaskSpec t = tasks.get(i);
      List<String> lines = programs.get(i);
      b.task("t" + (i + 1), s -> {
        if (t.prio() != 120) {
          s.prio(t.prio());
        }
        s.program(lines);
      });
    }
    if (check != null) {
      b.check(check);
    }
    b.stateBound(stateBound);
    return b.build();
  }
}
