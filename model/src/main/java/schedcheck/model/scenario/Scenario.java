package schedcheck.model.scenario;

import java.time.Duration;
import java.util.List;

/**
 * A parsed, validated scenario file (see the scenario language contract). Lists keep the
 * file's order, which fixes every index used in programs.
 */
public record Scenario(
    String file,
    String name,
    String description,
    int cpus,
    Kernel kernel,
    List<Word> memory,
    List<String> mutexes,
    List<String> locks,
    List<Task> tasks,
    List<String> check,
    Bounds bounds,
    Expect expect) {

  public Scenario {
    memory = List.copyOf(memory);
    mutexes = List.copyOf(mutexes);
    locks = List.copyOf(locks);
    tasks = List.copyOf(tasks);
    check = List.copyOf(check);
  }

  /** The property names, in the contract's order. */
  public static final List<String> PROPERTIES =
      List.of("lost-wakeup", "deadlock", "starvation", "mutual-exclusion", "lock-order", "assertions", "invariants");

  /** What an omitted {@code check} means: every property. */
  public static final List<String> DEFAULT_CHECK = PROPERTIES;

  /** The default kernel lock order, outermost first. */
  public static final List<String> DEFAULT_LOCK_ORDER = List.of("pi_lock", "rq_lock", "wait_lock", "blocked_lock");

  /**
   * @param proxy proxy execution on
   * @param variants named kernel variants, as written
   * @param lockOrder declared spinlock class order, outermost first
   * @param futexBuckets number of futex hash buckets ({@code 0}: one per memory word); an
   *     extension key {@code futex-buckets}, so that tests can put two futexes in one bucket
   */
  public record Kernel(boolean proxy, List<String> variants, List<String> lockOrder, int futexBuckets, Detail detail) {
    public Kernel {
      variants = List.copyOf(variants);
      lockOrder = List.copyOf(lockOrder);
    }

    /** The kernel's own small steps ({@code kernel.detail: steps}, the default). */
    public Kernel(boolean proxy, List<String> variants, List<String> lockOrder, int futexBuckets) {
      this(proxy, variants, lockOrder, futexBuckets, Detail.STEPS);
    }

    public Kernel withDetail(Detail d) {
      return new Kernel(proxy, variants, lockOrder, futexBuckets, d);
    }
  }

  /**
   * {@code kernel.detail}: {@code steps} runs the kernel's own small steps; {@code syscall}
   * runs each system call as one atomic step with the contract's meaning (the reference
   * semantics, the kernel assumed correct).
   */
  public enum Detail {
    STEPS, SYSCALL;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** This scenario with another {@code kernel.detail}. */
  public Scenario withDetail(Detail d) {
    return new Scenario(file, name, description, cpus, kernel.withDetail(d), memory, mutexes, locks, tasks, check,
        bounds, expect);
  }

  public record Word(String name, int initial) {}

  /**
   * @param cpu the cpu it starts on
   * @param prio lower is more important
   * @param affinity the cpus it may run on, ascending
   */
  public record Task(String name, int cpu, int prio, List<Integer> affinity, Program program, SourcePos pos) {
    public Task {
      affinity = List.copyOf(affinity);
    }
  }

  /** Each field is {@code -1} / {@code null} when absent. */
  public record Bounds(int preemptions, int depth, long states, Duration time) {
    public static Bounds none() {
      return new Bounds(-1, -1, -1, null);
    }
  }

  /** {@code expect: holds} ({@code property == null}) or {@code violated: <property>}. */
  public record Expect(boolean holds, String property) {}
}
