package schedcheck.jqwik;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import schedcheck.api.Scenario;

/**
 * jqwik arbitraries for schedcheck: statements and protocol pieces over the words and mutexes
 * you name, programs, cpus, priorities, kernel variants, and whole scenarios
 * ({@link #scenarios}). Everything shrinks toward fewer and simpler pieces, fewer tasks and
 * cpus, the default priority and no variants, so a failing property ends at a minimal
 * scenario. The pieces follow the differential test's generator (the protocols that find the
 * known futex and proxy bugs), without its noise.
 *
 * <p>Cost: generating is cheap; each try of a property that checks the scenario runs a model
 * check (milliseconds for two small tasks, more for three tasks on three cpus), so keep
 * {@code tries} in the hundreds and give scenarios a state bound ({@link ScenarioArbitrary#stateBound}).
 *
 * <pre>{@code
 * @Property(tries = 100)
 * void ticketLockIsMutuallyExclusive(@ForAll("clients") Scenario s) { ... }
 *
 * @Provide
 * Arbitrary<Scenario> clients() {
 *   return ScenarioArbitraries.scenarios(List.of("x"), List.of("A")).tasks(2, 3).cpus(1, 2);
 * }
 * }</pre>
 */
public final class ScenarioArbitraries {
  private ScenarioArbitraries() {}

  /** The single statements {@link #statements(List, List, Set)} can draw. */
  public enum Statement {
    /** {@code r = load X} */ LOAD,
    /** {@code store X 0|1} */ STORE,
    /** {@code r = cas X 0 1} (or 1 0) */ CAS,
    /** {@code r = xchg X 0|1} */ XCHG,
    /** {@code r = fetch_add X 1|-1} */ FETCH_ADD,
    /** {@code r = futex_wait X 0|1} */ FUTEX_WAIT,
    /** {@code r = futex_wake X 1|2} */ FUTEX_WAKE,
    /** {@code r = futex_swap W X 0} (needs two words) */ FUTEX_SWAP,
    /** {@code lock M} */ LOCK,
    /** {@code unlock M} */ UNLOCK,
    /** {@code work} */ WORK,
    /** {@code yield} */ YIELD
  }

  /** Every {@link Statement} that the given words and mutexes allow, equally likely. */
  public static Arbitrary<String> statements(List<String> words, List<String> mutexes) {
    return statements(words, mutexes, EnumSet.allOf(Statement.class));
  }

  /**
   * Single statements of the given kinds over {@code words} and {@code mutexes} (kinds that
   * need a word or mutex when none is given are left out). Shrinks toward the first kind
   * listed in {@link Statement}'s order, the first word and value 0... and {@code 1} for a
   * store, so that shrinking does not lose the store a protocol needs.
   */
  public static Arbitrary<String> statements(List<String> words, List<String> mutexes, Set<Statement> kinds) {
    List<Arbitrary<String>> choices = new ArrayList<>();
    for (Statement k : EnumSet.copyOf(kinds)) {
      Arbitrary<String> a = statement(k, words, mutexes);
      if (a != null) {
        choices.add(a);
      }
    }
    if (choices.isEmpty()) {
      throw new IllegalArgumentException("no statement of " + kinds + " can use words " + words + " and mutexes "
          + mutexes);
    }
    return Arbitraries.oneOf(choices);
  }

  private static Arbitrary<String> statement(Statement k, List<String> words, List<String> mutexes) {
    if (k == Statement.WORK) {
      return Arbitraries.just("work");
    }
    if (k == Statement.YIELD) {
      return Arbitraries.just("yield");
    }
    if (k == Statement.LOCK || k == Statement.UNLOCK) {
      return mutexes.isEmpty() ? null : Arbitraries.of(mutexes).map(m -> (k == Statement.LOCK ? "lock " : "unlock ") + m);
    }
    if (words.isEmpty() || (k == Statement.FUTEX_SWAP && words.size() < 2)) {
      return null;
    }
    Arbitrary<String> w = Arbitraries.of(words);
    Arbitrary<Integer> v = Arbitraries.of(1, 0);
    return switch (k) {
      case LOAD -> w.map(x -> "r = load " + x);
      case STORE -> Combinators.combine(w, v).as((x, n) -> "store " + x + " " + n);
      case CAS -> Combinators.combine(w, v).as((x, n) -> "r = cas " + x + " " + (1 - n) + " " + n);
      case XCHG -> Combinators.combine(w, v).as((x, n) -> "r = xchg " + x + " " + n);
      case FETCH_ADD -> Combinators.combine(w, v).as((x, n) -> "r = fetch_add " + x + " " + (n == 1 ? "1" : "-1"));
      case FUTEX_WAIT -> Combinators.combine(w, Arbitraries.of(0, 1)).as((x, n) -> "r = futex_wait " + x + " " + n);
      case FUTEX_WAKE -> Combinators.combine(w, Arbitraries.of(1, 2)).as((x, n) -> "r = futex_wake " + x + " " + n);
      case FUTEX_SWAP -> Combinators.combine(w, w).as((a, b) -> a.equals(b) ? null : "r = futex_swap " + a + " " + b + " 0")
          .filter(s -> s != null);
      default -> throw new IllegalStateException(k.toString());
    };
  }

  /**
   * Protocol pieces over {@code words} and {@code mutexes}, as the differential test's
   * generator draws them: a futex wait loop ({@code wait until X != 0}, at most two waits, so
   * every program ends or blocks), a store then a wake, the racy wake then store, a FUTEX_SWAP
   * hand-over, a mutex critical section ({@code lock; enter; leave; unlock}), two mutexes in
   * either order, an interruptible lock with its error branch, an unprotected critical section.
   * Shrinks toward the wait loop and the first word and mutex.
   */
  public static Arbitrary<Piece> protocols(List<String> words, List<String> mutexes) {
    List<Tuple.Tuple2<Integer, Arbitrary<Piece>>> choices = new ArrayList<>();
    if (!words.isEmpty()) {
      Arbitrary<String> w = Arbitraries.of(words);
      choices.add(Tuple.of(4, w.map(x -> new Piece("wait-loop", List.of("c = 0", "@:", "r = load " + x,
          "if r != 0 goto @e", "r = futex_wait " + x + " 0", "c = c + 1", "if c < 2 goto @", "@e:")))));
      choices.add(Tuple.of(4, w.map(x -> new Piece("store-wake", List.of("store " + x + " 1", "r = futex_wake " + x + " 1")))));
      choices.add(Tuple.of(1, w.map(x -> new Piece("wake-store", List.of("r = futex_wake " + x + " 1", "store " + x + " 1")))));
      if (words.size() > 1) {
        choices.add(Tuple.of(2, Combinators.combine(w, w).as((a, b) -> a.equals(b) ? null
            : new Piece("swap", List.of("store " + a + " 1", "r = futex_swap " + a + " " + b + " 0"))).filter(p -> p != null)));
      }
    }
    if (!mutexes.isEmpty()) {
      Arbitrary<String> m = Arbitraries.of(mutexes);
      choices.add(Tuple.of(4, m.map(x -> new Piece("lock-cs", List.of("lock " + x, "enter", "leave", "unlock " + x)))));
      if (mutexes.size() > 1) {
        choices.add(Tuple.of(2, Combinators.combine(m, m).as((a, b) -> a.equals(b) ? null
            : new Piece("lock-pair", List.of("lock " + a, "lock " + b, "unlock " + b, "unlock " + a))).filter(p -> p != null)));
      }
      choices.add(Tuple.of(1, m.map(x -> new Piece("lock-interruptible", List.of("r = lock_interruptible " + x,
          "if r != 0 goto @", "enter", "leave", "unlock " + x, "@:")))));
    }
    choices.add(Tuple.of(1, Arbitraries.just(new Piece("critical-section", List.of("enter", "leave")))));
    return Arbitraries.frequencyOf(choices);
  }

  /**
   * Programs of 1 to {@code maxPieces} pieces: protocol pieces ({@link #protocols}) and, one
   * time in four, single statements ({@link #statements(List, List)}).
   */
  public static Arbitrary<Program> programs(List<String> words, List<String> mutexes, int maxPieces) {
    Arbitrary<Piece> piece = Arbitraries.frequencyOf(
        Tuple.of(3, protocols(words, mutexes)),
        Tuple.of(1, statements(words, mutexes).map(Piece::statement)));
    return piece.list().ofMinSize(1).ofMaxSize(maxPieces).map(Program::new);
  }

  /** Cpu counts from 1 to {@code max}, shrinking toward 1. */
  public static Arbitrary<Integer> cpus(int max) {
    return Arbitraries.integers().between(1, max);
  }

  /** Task priorities: mostly the default 120, sometimes 110 or 100 (more important); shrinks toward 120. */
  public static Arbitrary<Integer> priorities() {
    return Arbitraries.frequency(Tuple.of(3, 120), Tuple.of(1, 110), Tuple.of(1, 100));
  }

  /**
   * {@code kernel.variants} lists: none, or one Proxy Execution version ({@code pe-v6.17},
   * {@code pe-v7.1}, {@code pe-v7.2}) as the differential test draws them; shrinks toward none.
   */
  public static Arbitrary<List<String>> proxyVersions() {
    return Arbitraries.frequency(Tuple.of(3, List.<String>of()), Tuple.of(2, List.of("pe-v6.17")),
        Tuple.of(2, List.of("pe-v7.1")), Tuple.of(1, List.of("pe-v7.2")));
  }

  /** {@code kernel.variants} lists: any subset of {@code names} (each in or out), in the order given; shrinks toward none. */
  public static Arbitrary<List<String>> variants(String... names) {
    return Arbitraries.of(false, true).list().ofSize(names.length).map(in -> {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        if (in.get(i)) {
          out.add(names[i]);
        }
      }
      return out;
    });
  }

  /**
   * Whole scenarios over {@code words} (each starting at 0) and {@code mutexes}: 1-2 cpus, 1-3
   * tasks with 1-3 pieces each, default priorities, Proxy Execution on, no variants, every
   * property checked, a state bound of 200,000; configure with the returned arbitrary's methods.
   */
  public static ScenarioArbitrary scenarios(List<String> words, List<String> mutexes) {
    return new ScenarioArbitrary(words, mutexes);
  }

  /**
   * Collects jqwik statistics ({@link Statistics#label}) of a scenario under the labels
   * {@code cpus}, {@code tasks}, {@code kernel} ({@code proxy on/off} and its variants) and
   * {@code statements} (each statement kind used, once per scenario): call it in a property
   * to see what the tries covered.
   */
  public static void collectStatistics(Scenario s) {
    Statistics.label("cpus").collect(s.cpus());
    Statistics.label("tasks").collect(s.tasks().size());
    Statistics.label("kernel").collect((s.proxy() ? "proxy on" : "proxy off")
        + (s.variants().isEmpty() ? "" : " " + String.join(",", s.variants())));
    java.util.TreeSet<String> kinds = new java.util.TreeSet<>();
    for (String t : s.tasks()) {
      kinds.addAll(s.statementKinds(t));
    }
    for (String k : kinds) {
      Statistics.label("statements").collect(k);
    }
  }
}
