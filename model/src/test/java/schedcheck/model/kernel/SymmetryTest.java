package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import schedcheck.checker.Successors;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * Symmetry reduction renames tasks soundly: on every reachable state (up to a few thousand
 * per scenario) of the shipped scenarios with interchangeable tasks, and for every renaming,
 * the renamed state has the same successors as the state itself, renamed (compared by their
 * canonical fingerprints, cuts included) — the renaming is an automorphism of the transition
 * system, which is what makes storing one state per orbit sound. A field a renaming forgot
 * (a task reference it leaves as it is) breaks this on the first state that uses it.
 */
class SymmetryTest {

  static Scenario load(String path) throws Exception {
    return ScenarioParser.parse(Path.of("..").resolve(path));
  }

  /** The successors of s, each renamed by p, as masked arrays (sorted by their text). */
  static List<String> renamedSuccessors(KernelModel plain, Symmetry sym, KState s, int p) {
    List<String> out = new ArrayList<>();
    int[] image = new int[plain.layout().size];
    plain.successors(s, new Successors<>() {
      @Override
      public void next(StepInfo action, KState t) {
        sym.rename(t.v, p, image);
        out.add(java.util.Arrays.toString(mask(plain.layout(), sym, image.clone())));
      }

      @Override
      public void cut(String bound) {
        out.add("cut " + bound);
      }

      @Override
      public void cut(String bound, KState wouldBe) {
        sym.rename(wouldBe.v, p, image);
        out.add("cut " + bound + java.util.Arrays.toString(mask(plain.layout(), sym, image.clone())));
      }
    });
    Collections.sort(out);
    return out;
  }

  /** The successors of s as masked arrays (sorted by their text). */
  static List<String> masked(KernelModel plain, Symmetry sym, KState s) {
    return renamedSuccessors(plain, sym, s, 0);
  }

  static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  /**
   * v with the locals a renaming does not know zeroed (those of kernel frames whose function
   * is not in {@link Symmetry#TASK_LOCALS}: states with them are never merged, so only the
   * rest must correspond exactly), and the slots dead at their frame's step zeroed as {@link
   * Symmetry#canonical} does.
   */
  static int[] mask(Layout L, Symmetry sym, int[] v) {
    for (int t = 0; t < L.tasks; t++) {
      for (int f = 0; f < v[L.task(t, Layout.T_DEPTH)]; f++) {
        if (!sym.knownStep(v[L.frame(t, f)])) {
          for (int i = 1; i < L.frameSize; i++) {
            v[L.frame(t, f) + i] = 0;
          }
        }
      }
    }
    if (sym.renamable(v)) {
      sym.maskDead(v);
    }
    return v;
  }

  @ParameterizedTest
  @ValueSource(strings = {"examples/atomic-counter.yaml", "examples/racy-counter.yaml",
      "bench/scenarios/futex-mutex-3.yaml", "examples/futex-mutex.yaml", "examples/futex-mutex-broken.yaml",
      "examples/racy-critical-section.yaml"})
  void everyRenamingIsAnAutomorphismOnReachableStates(String file) throws Exception {
    automorphism(file, load(file), false, 3000);
    automorphism(file + " (depth-first)", load(file), true, 1500);
  }

  /**
   * Two identical tasks that start on different cpus, each allowed on both: only renaming the
   * cpus along with the tasks relates their states (futex-mutex: 20,272 states, 10,148 orbits).
   */
  @Test
  void cpusAreRenamedWhenEveryTaskMayRunEverywhere() throws Exception {
    Symmetry fm = new KernelModel(load("examples/futex-mutex.yaml")).withSymmetry().symmetry();
    assertTrue(fm.renamesCpus());
    assertEquals(4, fm.order());
    Symmetry fm3 = new KernelModel(load("bench/scenarios/futex-mutex-3.yaml")).withSymmetry().symmetry();
    assertEquals(12, fm3.order(), "3! tasks x 2! cpus");
    Symmetry one = new KernelModel(load("examples/racy-counter.yaml")).withSymmetry().symmetry();
    assertTrue(!one.renamesCpus(), "one cpu");
    String pinned = """
        name: pinned
        cpus: 2
        memory: {w: 0}
        tasks:
          a: {cpu: 0, affinity: [0], program: "store w 1"}
          b: {cpu: 0, affinity: [0], program: "store w 1"}
        check: [deadlock]
        """;
    Symmetry p = new KernelModel(ScenarioParser.parse(pinned, "pinned.yaml")).withSymmetry().symmetry();
    assertTrue(!p.renamesCpus(), "a task that may not run on every cpu keeps the cpus apart");
    assertEquals(2, p.order());
  }

  /** Proxy execution's shipped examples with interchangeable tasks, breadth- and depth-first. */
  @ParameterizedTest
  @ValueSource(strings = {"examples/proxy/many-waiters.yaml", "examples/liveness/handoff-donor-bypass.yaml"})
  void everyRenamingIsAnAutomorphismUnderProxyExecution(String file) throws Exception {
    int[] bfs = automorphism(file, load(file), false, 2000);
    int[] dfs = automorphism(file + " (depth-first)", load(file), true, 2000);
    assertTrue(bfs[1] + dfs[1] > 0, file + ": no state with find_proxy_task running was checked");
  }

  /**
   * Hand-over-hand locking by three identical tasks on two cpus makes blocked_on chains of two
   * links (t3 -> A -> t1 -> B -> t2), so find_proxy_task loops (F11 back to F1) with a stale
   * owner in its dead slot, migrates donors (v7.1+) and force-returns them (v7.1): under every
   * merged version, the renaming must commute with all of it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"pe-v6.17", "pe-v7.1", "pe-v7.2"})
  void everyRenamingIsAnAutomorphismOnProxyChains(String version) throws Exception {
    String text = """
        name: hand-over-hand
        cpus: 2
        kernel: {variants: [%s]}
        mutexes: [A, B]
        tasks:
          t1:
            program: |
              lock A
              lock B
              unlock A
              unlock B
          t2:
            program: |
              lock A
              lock B
              unlock A
              unlock B
          t3:
            program: |
              lock A
              lock B
              unlock A
              unlock B
        check: [deadlock, mutual-exclusion, invariants]
        """.formatted(version);
    Scenario sc = ScenarioParser.parse(text, "hand-over-hand.yaml");
    int[] dfs = automorphism(version + " depth-first", sc, true, 4000);
    int[] bfs = automorphism(version + " breadth-first", sc, false, 1500);
    assertTrue(dfs[1] + bfs[1] > 0, version + ": no state with find_proxy_task running was checked");
    assertTrue(dfs[2] + bfs[2] > 0, version + ": no state with a dead, non-zero owner slot was checked");
  }

  /**
   * Checks, on up to {@code cap} reachable states of {@code sc} (breadth- or depth-first), that
   * every renaming maps the state's successors onto the renamed state's successors and keeps
   * its fingerprint. Returns {states checked, of them with find_proxy_task on a scheduler
   * frame, of them with a dead non-zero slot (masked by the canonical form)}.
   */
  static int[] automorphism(String file, Scenario sc, boolean depthFirst, int cap) {
    KernelModel plain = new KernelModel(sc);
    KernelModel sym = plain.withSymmetry();
    Symmetry symmetry = sym.symmetry();
    assertNotNull(symmetry, file + " has interchangeable tasks");
    Layout L = plain.layout();
    int renamed = 0;
    int walking = 0;
    int dead = 0;
    Set<KState> seen = new HashSet<>();
    ArrayDeque<KState> queue = new ArrayDeque<>(plain.initialStates());
    seen.addAll(queue);
    int[] image = new int[L.size];
    while (!queue.isEmpty() && seen.size() < cap) {
      KState s = depthFirst ? queue.pollLast() : queue.poll();
      assertTrue(symmetry.renamable(s.v), file + ": every reachable state can be renamed");
      renamed++;
      if (L.pe) {
        for (int c = 0; c < L.cpus; c++) {
          if (s.v[L.cpu(c, Layout.CPU_SDEPTH)] >= 2) {
            walking++;
          }
        }
        int[] m = s.v.clone();
        symmetry.maskDead(m);
        if (!java.util.Arrays.equals(m, s.v)) {
          dead++;
        }
      }
      int[] least = null;
      int[] masked = s.v.clone();
      symmetry.maskDead(masked);
      for (int p = 0; p < symmetry.order(); p++) {
        symmetry.rename(masked, p, image);
        if (least == null || java.util.Arrays.compare(image, least) < 0) {
          least = image.clone();
        }
      }
      assertArrayEquals(least, symmetry.canonical(s.v).clone(), file + ": canonical is the least image");
      for (int p = 0; p < symmetry.order(); p++) {
        symmetry.rename(s.v, p, image);
        KState t = new KState(L, image.clone());
        assertEquals(sym.fingerprint(s), sym.fingerprint(t), file + ": one orbit, one fingerprint");
        assertEquals(renamedSuccessors(plain, symmetry, s, p), masked(plain, symmetry, t),
            file + ": the successors of a renamed state are the renamed successors");
      }
      plain.successors(s, new Successors<>() {
        @Override
        public void next(StepInfo action, KState t) {
          if (seen.add(t)) {
            queue.add(t);
          }
        }

        @Override
        public void cut(String bound) {}
      });
    }
    assertTrue(renamed > 0, file);
    return new int[] {renamed, walking, dead};
  }

  @Test
  void canonicalIsTheLeastImageAndIdempotent() throws Exception {
    KernelModel sym = new KernelModel(load("bench/scenarios/futex-mutex-3.yaml")).withSymmetry();
    Symmetry symmetry = sym.symmetry();
    assertEquals(List.of(List.of(0, 1, 2)), symmetry.groups());
    assertEquals(12, symmetry.order());
    KState s = sym.initialStates().get(0);
    int[] c = symmetry.canonical(s.v).clone();
    assertArrayEquals(c, symmetry.canonical(c).clone(), "idempotent");
    int[] image = new int[c.length];
    for (int p = 0; p < symmetry.order(); p++) {
      symmetry.rename(s.v, p, image);
      assertTrue(java.util.Arrays.compare(c, image) <= 0, "least image");
      assertArrayEquals(c, symmetry.canonical(image.clone()).clone(), "orbit-invariant");
    }
  }

  @Test
  void symmetryUnderProxyExecution() throws Exception {
    KernelModel pe = new KernelModel(load("examples/proxy/many-waiters.yaml"));
    assertTrue(pe.layout().pe);
    Symmetry symmetry = pe.withSymmetry().symmetry();
    assertNotNull(symmetry, "three identical waiters, scheduler frames renamed");
    assertEquals(List.of(List.of(0, 1, 2)), symmetry.groups());
  }

  @Test
  void noSymmetryWhereTasksDifferOrHaveRolesOfTheirOwn() throws Exception {
    KernelModel plain = new KernelModel(load("examples/f7-swap-no-wake.yaml"));
    assertSame(plain, plain.withSymmetry(), "different programs: nothing to reduce");
    assertNull(plain.symmetry());
    String signal = """
        name: signalled
        cpus: 1
        memory: {w: 0}
        tasks:
          a: {program: "signal b"}
          b: {program: "signal b"}
          c: {program: "signal b"}
        check: [deadlock]
        """;
    KernelModel s = new KernelModel(ScenarioParser.parse(signal, "signalled.yaml"));
    assertSame(s, s.withSymmetry(), "a program that names a task rules symmetry out");
  }
}
