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

  /** Fingerprints (of the symmetric model) of the successors of s, sorted, then the cut count. */
  static List<Long> successors(KernelModel sym, KState s) {
    List<Long> out = new ArrayList<>();
    int[] cuts = {0};
    sym.successors(s, new Successors<>() {
      @Override
      public void next(StepInfo action, KState t) {
        out.add(sym.fingerprint(t));
      }

      @Override
      public void cut(String bound) {
        cuts[0]++;
      }

      @Override
      public void cut(String bound, KState wouldBe) {
        out.add(~sym.unboundedFingerprint(wouldBe));
      }
    });
    Collections.sort(out);
    out.add((long) cuts[0]);
    return out;
  }

  /** The successors of s, each renamed by p, as masked arrays (sorted by their text). */
  static List<String> renamedSuccessors(KernelModel plain, Symmetry sym, KState s, int[] p) {
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
    return renamedSuccessors(plain, sym, s, identity(plain.layout().tasks));
  }

  static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  /**
   * v with the locals a renaming does not know zeroed: those of kernel frames whose function
   * is not in {@link Symmetry#TASK_LOCALS} and the scheduler frames (states with them are
   * never merged, so only the rest must correspond exactly).
   */
  static int[] mask(Layout L, Symmetry sym, int[] v) {
    if (L.pe) {
      for (int c = 0; c < L.cpus; c++) {
        for (int f = 0; f < L.maxSchedFrames; f++) {
          for (int i = 1; i < L.frameSize; i++) {
            v[L.schedFrame(c, f) + i] = 0;
          }
        }
      }
    }
    for (int t = 0; t < L.tasks; t++) {
      for (int f = 0; f < v[L.task(t, Layout.T_DEPTH)]; f++) {
        if (!sym.knownStep(v[L.frame(t, f)])) {
          for (int i = 1; i < L.frameSize; i++) {
            v[L.frame(t, f) + i] = 0;
          }
        }
      }
    }
    return v;
  }

  @ParameterizedTest
  @ValueSource(strings = {"examples/atomic-counter.yaml", "examples/racy-counter.yaml",
      "bench/scenarios/futex-mutex-3.yaml"})
  void everyRenamingIsAnAutomorphismOnReachableStates(String file) throws Exception {
    Scenario sc = load(file);
    KernelModel plain = new KernelModel(sc);
    KernelModel sym = plain.withSymmetry();
    Symmetry symmetry = sym.symmetry();
    assertNotNull(symmetry, file + " has interchangeable tasks");
    int renamed = 0;
    Set<KState> seen = new HashSet<>();
    ArrayDeque<KState> queue = new ArrayDeque<>(plain.initialStates());
    seen.addAll(queue);
    int[] image = new int[plain.layout().size];
    while (!queue.isEmpty() && seen.size() < 3000) {
      KState s = queue.poll();
      assertTrue(symmetry.renamable(s.v), file + ": every reachable state can be renamed");
      if (symmetry.renamable(s.v)) {
        renamed++;
        List<Long> mine = successors(sym, s);
        for (int[] p : symmetry.perms()) {
          symmetry.rename(s.v, p, image);
          KState t = new KState(plain.layout(), image.clone());
          assertEquals(sym.fingerprint(s), sym.fingerprint(t), file + ": one orbit, one fingerprint");
          assertEquals(renamedSuccessors(plain, symmetry, s, p), masked(plain, symmetry, t),
              file + ": the successors of a renamed state are the renamed successors");
        }
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
    assertTrue(renamed > seen.size() / 10, file + ": only " + renamed + " of " + seen.size() + " states renamable");
  }

  @Test
  void canonicalIsTheLeastImageAndIdempotent() throws Exception {
    KernelModel sym = new KernelModel(load("bench/scenarios/futex-mutex-3.yaml")).withSymmetry();
    Symmetry symmetry = sym.symmetry();
    assertEquals(List.of(List.of(0, 1, 2)), symmetry.groups());
    assertEquals(6, symmetry.order());
    KState s = sym.initialStates().get(0);
    int[] c = symmetry.canonical(s.v).clone();
    assertArrayEquals(c, symmetry.canonical(c).clone(), "idempotent");
    int[] image = new int[c.length];
    for (int[] p : symmetry.perms()) {
      symmetry.rename(s.v, p, image);
      assertTrue(java.util.Arrays.compare(c, image) <= 0, "least image");
      assertArrayEquals(c, symmetry.canonical(image.clone()).clone(), "orbit-invariant");
    }
  }

  @Test
  void noSymmetryUnderProxyExecutionsSchedulerFrames() throws Exception {
    KernelModel pe = new KernelModel(load("examples/proxy/many-waiters.yaml"));
    assertSame(pe, pe.withSymmetry());
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
