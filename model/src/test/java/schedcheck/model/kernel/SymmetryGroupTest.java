package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import schedcheck.checker.Successors;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;

/**
 * The symmetry group's tables, which the liveness pass on the quotient ({@code
 * FairCycles.quotient}) composes renamings with: the elements are closed under composition, 0
 * is the identity, every element has its inverse, composition is associative, and the table
 * says what renaming twice does (renaming by b, then by a, is renaming by compose(a, b)) on
 * reachable states. The canonicalizer is the element whose image is the canonical form, also
 * when it comes from the model's cache of the last fingerprint.
 */
class SymmetryGroupTest {

  static Scenario scenario(String file) throws Exception {
    Path p = Path.of("..").resolve(file);
    String text = Files.readString(p);
    if (text.contains("\nbounds:")) {
      text = text.substring(0, text.indexOf("\nbounds:") + 1); // the ring at N = 4, unbounded
    }
    return ScenarioParser.parse(text, p.getFileName().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bench/scenarios/futex-ring-n3.yaml", "bench/scenarios/futex-ring-n4-bounded.yaml",
      "bench/scenarios/futex-mutex-3.yaml", "bench/scenarios/futex-mutex.yaml", "examples/proxy/many-waiters.yaml",
      "examples/liveness/spin-race.yaml"})
  void theRenamingsFormAGroupAndTheTableSaysWhatRenamingTwiceDoes(String file) throws Exception {
    KernelModel model = new KernelModel(scenario(file)).withSymmetry();
    Symmetry sym = model.symmetry();
    assertTrue(sym != null && sym.isGroup(), file + ": no group");
    int n = sym.order();
    assertEquals(n, model.groupSize());
    assertTrue(n >= 2);
    for (int a = 0; a < n; a++) {
      assertEquals(a, sym.compose(a, 0), "0 is the identity");
      assertEquals(a, sym.compose(0, a), "0 is the identity");
      assertEquals(0, sym.compose(a, sym.inverse(a)), "inverse");
      assertEquals(0, sym.compose(sym.inverse(a), a), "inverse");
      Set<Integer> row = new HashSet<>();
      for (int b = 0; b < n; b++) {
        row.add(sym.compose(a, b));
        for (int c = 0; c < n; c++) {
          assertEquals(sym.compose(sym.compose(a, b), c), sym.compose(a, sym.compose(b, c)), "associative");
        }
      }
      assertEquals(n, row.size(), "a row of the table is a permutation of the elements");
    }
    Layout L = model.layout();
    int checked = 0;
    List<KState> states = reachable(model, 400);
    for (KState s : states) {
      if (!sym.renamable(s.v)) {
        continue;
      }
      int[] m = SymmetryTest.mask(L, sym, s.v.clone());
      int[] once = new int[m.length];
      int[] twice = new int[m.length];
      int[] direct = new int[m.length];
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          sym.rename(m, b, once);
          sym.rename(SymmetryTest.mask(L, sym, once.clone()), a, twice);
          sym.rename(m, sym.compose(a, b), direct);
          assertArrayEquals(SymmetryTest.mask(L, sym, direct.clone()), SymmetryTest.mask(L, sym, twice.clone()),
              file + ": rename by " + b + " then " + a + " is not rename by " + sym.compose(a, b));
        }
      }
      // the canonicalizer's image is the canonical form; the model's cached one is the same
      int[] canonical = sym.canonical(s.v).clone();
      int c = sym.lastCanonicalizer();
      sym.rename(m, c, once);
      assertArrayEquals(canonical, SymmetryTest.mask(L, sym, once.clone()), file + ": canonicalizer");
      model.fingerprint(s);
      assertEquals(c, model.canonicalizer(s), "the canonicalizer of the state fingerprinted last");
      checked++;
    }
    assertTrue(checked >= states.size() / 2, file + ": only " + checked + " renamable states");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bench/scenarios/futex-ring-n3.yaml", "bench/scenarios/futex-mutex-3.yaml"})
  void theCanonicalizerOfEachSuccessorIsThatOfItsOwnFingerprint(String file) throws Exception {
    KernelModel model = new KernelModel(scenario(file)).withSymmetry();
    KernelModel fresh = new KernelModel(scenario(file)).withSymmetry();
    List<int[]> pairs = new ArrayList<>();
    int nontrivial = 0;
    for (KState s : reachable(model, 300)) {
      model.successors(s, new Successors<>() {
        @Override
        public void next(StepInfo action, KState t) {
          model.fingerprint(t);
          pairs.add(new int[] {model.canonicalizer(t), fresh.canonicalizer(new KState(t.layout, t.v.clone()))});
        }

        @Override
        public void next(StepInfo action, long fingerprint, schedcheck.checker.Scratch<KState> target) {
          // as the liveness pass asks: right after the model fingerprinted its buffer
          int cached = model.canonicalizer(target.view());
          KState v = target.view();
          pairs.add(new int[] {cached, fresh.canonicalizer(new KState(v.layout, v.v.clone()))});
        }

        @Override
        public void cut(String bound) {}
      });
    }
    for (int[] p : pairs) {
      assertEquals(p[1], p[0], file + ": a stale canonicalizer");
      nontrivial += p[0] != 0 ? 1 : 0;
    }
    assertTrue(nontrivial > 0, "every successor canonical as it is");
  }

  @ParameterizedTest
  @ValueSource(strings = {"examples/atomic-counter.yaml"})
  void noSymmetryIsAGroupOfOne(String file) throws Exception {
    KernelModel plain = new KernelModel(scenario(file));
    assertEquals(1, plain.groupSize());
    assertEquals(0, plain.canonicalizer(plain.initialStates().get(0)));
    assertFalse(plain.symmetry() != null);
  }

  static List<KState> reachable(KernelModel model, int cap) {
    List<KState> out = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    ArrayDeque<KState> queue = new ArrayDeque<>(model.initialStates());
    for (KState s : queue) {
      seen.add(model.fingerprint(s));
    }
    while (!queue.isEmpty() && out.size() < cap) {
      KState s = queue.poll();
      out.add(s);
      model.successors(s, new Successors<>() {
        @Override
        public void next(StepInfo action, KState t) {
          if (seen.add(model.fingerprint(t))) {
            queue.add(t);
          }
        }

        @Override
        public void cut(String bound) {}
      });
    }
    return out;
  }
}
