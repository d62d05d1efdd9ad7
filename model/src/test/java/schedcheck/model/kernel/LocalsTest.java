package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Named kernel-frame locals: each does the encoding the frames always had (a task local is
 * {@code task + 1} with 0 for none, a bit field shares its slot), they fit the frame, and the
 * task locals a function declares are exactly the ones the symmetry reduction renames.
 */
class LocalsTest {

  static Kernel kernel(String path) throws Exception {
    return new Kernel(new Layout(SymmetryTest.load(path)));
  }

  static Set<KFunction> functions(Kernel k) {
    Set<KFunction> fs = new LinkedHashSet<>();
    for (KStep s : k.steps()) {
      fs.add(s.function);
    }
    return fs;
  }

  @Test
  void encodingsAreTheFramesOwn() {
    KFunction f = new KFunction(new KFunction.StepTable(), "f");
    Local v = f.local("v");
    Local t = f.taskLocal("t");
    Local i = f.taskIndexLocal("i");
    Local walk = f.local("walk");
    Local flag = f.bits(walk, "flag", 0, 1);
    Local hops = f.bits(walk, "hops", 1, 0);
    assertEquals(Arrays.asList(0, 1, 2, 3, 3, 3), f.locals().stream().map(l -> l.slot).toList());
    assertEquals(4, f.slotCount());
    assertEquals(7, v.encode(0, 7));
    assertEquals(0, t.encode(0, -1));
    assertEquals(3, t.encode(0, 2));
    assertEquals(-1, t.decode(0));
    assertEquals(2, t.decode(3));
    assertEquals(2, i.encode(0, 2));
    assertEquals(2, i.decode(2));
    // hops * 2 + flag, as find_proxy_task's walk local always was
    int raw = flag.encode(0, 1);
    raw = hops.encode(raw, hops.decode(raw) + 1);
    raw = hops.encode(raw, hops.decode(raw) + 1);
    assertEquals(2 * 2 + 1, raw);
    assertEquals(1, flag.decode(raw));
    assertEquals(2, hops.decode(raw));
    assertEquals(4, flag.encode(raw, 0));
    // call arguments are encoded by the slot's owner
    assertEquals(3, f.encodeArg(1, 2));
    assertEquals(0, f.encodeArg(1, -1));
    assertTrue(t.holdsTask() && i.holdsTask() && !v.holdsTask() && !hops.holdsTask());
  }

  @Test
  void declarationMistakesAreCaught() {
    KFunction f = new KFunction(new KFunction.StepTable(), "f");
    f.local("a");
    assertThrows(IllegalStateException.class, () -> f.local("a"));
    assertThrows(IllegalStateException.class, () -> f.localNamed("b"));
    f.step("L1", "nothing", c -> c.ret(0));
    assertThrows(IllegalStateException.class, () -> f.local("late"));
    assertThrows(IllegalStateException.class, () -> f.encodeArg(1, 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"examples/futex-mutex.yaml", "examples/swap-ping-pong.yaml",
      "examples/proxy/p1-wake-without-return.yaml", "examples/proxy/p6-deactivate-before-idle.yaml",
      "examples/proxy/chain3-two-cpus.yaml", "examples/umcg/switch-to.yaml",
      "examples/umcg/server-block-wake.yaml"})
  void localsFitTheFrameAndSymmetryKnowsTheTaskLocals(String path) throws Exception {
    Kernel k = kernel(path);
    for (KFunction f : functions(k)) {
      assertTrue(f.slotCount() <= k.layout.nLocals, f.name + " has " + f.slotCount() + " slots");
      Integer cpu = Symmetry.CPU_LOCALS.get(f.name);
      if (cpu != null) {
        Local l = f.locals().stream().filter(x -> x.slot == cpu).findFirst().orElseThrow();
        assertTrue(!l.holdsTask() && (l.name.equals("cpu") || l.name.equals("target")), f.name + ": " + l);
      }
      int[] declared = Symmetry.TASK_LOCALS.get(f.name);
      if (declared == null) {
        continue;
      }
      // Symmetry's form: +slot for a task-or-none local, -(slot + 1) for a task index.
      int[] tasks = f.locals().stream().filter(Local::holdsTask)
          .mapToInt(l -> l.kind == Local.Kind.TASK ? l.slot : -(l.slot + 1)).sorted().toArray();
      int[] expected = declared.clone();
      Arrays.sort(expected);
      assertEquals(Arrays.toString(expected), Arrays.toString(tasks), f.name);
    }
  }

  @Test
  void everyFunctionSymmetryRenamesExists() throws Exception {
    Set<String> names = new LinkedHashSet<>();
    for (KFunction f : functions(kernel("examples/futex-mutex.yaml"))) {
      names.add(f.name);
    }
    for (String path : new String[] {"examples/swap-ping-pong.yaml", "examples/proxy/p1-wake-without-return.yaml",
        "examples/proxy/chain3-two-cpus.yaml"}) {
      for (KFunction f : functions(kernel(path))) {
        names.add(f.name);
      }
    }
    for (KFunction f : functions(kernel("examples/umcg/switch-to.yaml"))) {
      names.add(f.name);
    }
    for (Map.Entry<String, int[]> e : Symmetry.TASK_LOCALS.entrySet()) {
      assertTrue(names.contains(e.getKey()), e.getKey());
    }
  }
}
