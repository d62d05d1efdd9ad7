package schedcheck.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import schedcheck.checker.Found;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;

/**
 * The categories of wrong verdicts issue 6's independent campaign found, as small scenarios
 * in its style (futex ops, mutexes, spinlocks, every task on its own cpu, equal priorities,
 * proxy on and off, every merged PE version, each property checked alone): stuck lost
 * wakeups called deadlocks; self-deadlocks through a task's own mutex called {@code holds}
 * (or a lost wakeup beside one missed); lost wakeups from the sleeper's own wake; recursive
 * locks called lost wakeups. Each property checked alone is violated exactly when the
 * scenario violates it, with the same kind from BFS and DFS.
 */
class VerdictCategoriesTest {
  static final List<String> ALONE = List.of("lost-wakeup", "deadlock", "mutual-exclusion", "assertions",
      "lock-order", "invariants");

  /** A scenario, the properties it violates, and the deadlock kind if deadlock is among them. */
  record Case(String name, String memory, String mutexes, List<String> programs, Set<String> violated,
      String deadlockKind) {}

  static Case c(String name, String memory, String mutexes, Set<String> violated, String kind, String... programs) {
    return new Case(name, memory, mutexes, List.of(programs), violated, kind);
  }

  static final List<Case> CASES = List.of(
      // 1. stuck lost wakeups (not deadlocks)
      c("wake-before-wait", "{w: 0}", "[]", Set.of("lost-wakeup"), null,
          "r = futex_wait w 0", "r = futex_wake w 1"),
      c("word-changed", "{w: 0}", "[]", Set.of("lost-wakeup"), null,
          "r = load w\nif r != 0 goto done\nr = futex_wait w 0\ndone:", "store w 1"),
      c("swap-wake-before-wait", "{w: 0, x: 0}", "[]", Set.of("lost-wakeup"), null,
          "r = futex_swap x w 0", "r = futex_wake w 1"),
      c("lost-under-mutex", "{w: 0}", "[A]", Set.of("lost-wakeup"), null,
          "lock A\nunlock A\nr = futex_wait w 0", "lock A\nr = futex_wake w 1\nunlock A"),
      c("lost-under-spinlock", "{w: 0}", "[]", Set.of("lost-wakeup"), null,
          "spin_lock L\nspin_unlock L\nr = futex_wait w 0", "spin_lock L\nspin_unlock L\nr = futex_wake w 1"),
      // 2. self-deadlocks through a task's own mutex
      c("recursive", "{}", "[A]", Set.of("deadlock"), "cycle", "lock A\nlock A"),
      c("recursive-contended", "{}", "[A]", Set.of("deadlock"), "cycle", "lock A\nlock A", "lock A\nunlock A"),
      c("recursive-through-chain", "{}", "[A, B]", Set.of("deadlock"), "cycle",
          "lock B\nlock A\nlock A", "lock B\nunlock B"),
      c("recursive-interruptible", "{}", "[A]", Set.of("deadlock"), "cycle",
          "r = lock_interruptible A\nr = lock_interruptible A"),
      c("recursive-in-critical-section", "{}", "[A]", Set.of("deadlock"), "cycle",
          "lock A\nenter\nlock A\nleave", "lock A\nenter\nleave\nunlock A"),
      c("recursive-beside-lost-wakeup", "{w: 0}", "[A]", Set.of("deadlock", "lost-wakeup"), "cycle",
          "lock A\nlock A", "r = futex_wait w 0", "r = futex_wake w 1"),
      // 3. the sleeper's own wake is not its wake: stuck, a deadlock of kind stuck
      c("own-swap", "{w: 0}", "[]", Set.of("deadlock"), "stuck", "r = futex_swap w w 0"),
      c("own-wake-then-wait", "{w: 0}", "[]", Set.of("deadlock"), "stuck", "r = futex_wake w 1\nr = futex_wait w 0"),
      c("own-swap-beside-worker", "{w: 0}", "[]", Set.of("deadlock"), "stuck", "r = futex_swap w w 0", "work\nwork"));

  static String yaml(Case k, String kernel, String check) {
    StringBuilder b = new StringBuilder("name: " + k.name() + "\ncpus: " + k.programs().size() + "\nkernel: " + kernel
        + "\nmemory: " + k.memory() + "\nmutexes: " + k.mutexes() + "\nlocks: [L]\ntasks:\n");
    for (int i = 0; i < k.programs().size(); i++) {
      b.append("  t").append(i + 1).append(":\n    cpu: ").append(i).append("\n    program: |\n");
      for (String line : k.programs().get(i).split("\n")) {
        b.append("      ").append(line).append('\n');
      }
    }
    return b.append("check: [").append(check).append("]\n").toString();
  }

  static List<String> kernels(Case k) {
    List<String> out = new ArrayList<>(List.of("{proxy: false}", "{proxy: true}"));
    if (!k.mutexes().equals("[]")) {
      out.add("{proxy: true, variants: [pe-v6.17]}");
      out.add("{proxy: true, variants: [pe-v7.1]}");
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> eachPropertyAloneIsViolatedExactlyWhenItShouldBe() {
    List<DynamicTest> out = new ArrayList<>();
    for (Case k : CASES) {
      for (String kernel : kernels(k)) {
        for (String p : ALONE) {
          if (p.equals("lock-order") && !kernel.contains("false") && !k.mutexes().equals("[]")) {
            continue; // v7.2's mutex_unlock nests two blocked_locks: issue 6 finding 3, another part
          }
          out.add(DynamicTest.dynamicTest(k.name() + " " + kernel + " " + p, () -> {
            String yaml = yaml(k, kernel, p);
            SearchResult r = VerdictsTest.both(yaml);
            if (k.violated().contains(p)) {
              assertEquals(Verdict.VIOLATED, r.verdict(), yaml);
              Found f = r.firstViolation();
              assertEquals(p, f.violation().property(), yaml);
              if (p.equals("deadlock")) {
                assertEquals(k.deadlockKind(), f.violation().kind(), f.violation().message() + "\n" + yaml);
              }
            } else {
              assertEquals(Verdict.HOLDS, r.verdict(), r.firstViolation() + "\n" + yaml);
            }
          }));
        }
      }
    }
    return out.stream();
  }

  /** With every property checked, the first violation is one of those the scenario violates. */
  @TestFactory
  Stream<DynamicTest> everyPropertyTogether() {
    List<DynamicTest> out = new ArrayList<>();
    for (Case k : CASES) {
      for (String kernel : kernels(k)) {
        String check = String.join(", ", ALONE.stream()
            .filter(p -> !(p.equals("lock-order") && !kernel.contains("false") && !k.mutexes().equals("[]")))
            .toList());
        out.add(DynamicTest.dynamicTest(k.name() + " " + kernel, () -> {
          String yaml = yaml(k, kernel, check);
          SearchResult r = VerdictsTest.both(yaml);
          assertEquals(Verdict.VIOLATED, r.verdict(), yaml);
          String p = r.firstViolation().violation().property();
          assertEquals(true, k.violated().contains(p), p + ": " + r.firstViolation().violation().message() + "\n" + yaml);
        }));
      }
    }
    return out.stream();
  }

}
