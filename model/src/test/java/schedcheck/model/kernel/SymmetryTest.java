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
      "examples/racy-critical-section.yaml", "bench/scenarios/futex-ring-n3.yaml",
      "bench/scenarios/futex-ring-n3-f1.yaml", "examples/protocol-deadlock.yaml"})
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
    assertTrue(fm.paired());
    assertEquals(2, fm.order(), "the swap of the two tasks with the swap of their cpus (of 2! x 2!)");
    Symmetry fm3 = new KernelModel(load("bench/scenarios/futex-mutex-3.yaml")).withSymmetry().symmetry();
    assertEquals(2, fm3.order(), "of 3! tasks x 2! cpus, only t1 <-> t3 (both start on cpu0), cpus fixed");
    KernelModel fmModel = new KernelModel(load("examples/futex-mutex.yaml"));
    assertEquals(4, Symmetry.unpaired(fmModel.layout(), fmModel.kernel()).order(), "2! tasks x 2! cpus");
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
    assertEquals(2, symmetry.order());
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

  /** The futex ring of three tasks with {@code kernel: {futex-buckets: B}} (0: the file's default). */
  static Scenario ring(int buckets, String extra) throws Exception {
    String text = java.nio.file.Files.readString(Path.of("..", "bench", "scenarios", "futex-ring-n3.yaml"));
    if (buckets > 0) {
      text = text.replace("  proxy: false\n", "  proxy: false\n  futex-buckets: " + buckets + "\n");
    }
    text = text.replace("      goto loop\n", extra + "      goto loop\n");
    return ScenarioParser.parse(text, "ring.yaml");
  }

  /**
   * The ring's tasks differ only by a renaming of words: its automorphisms are the three
   * rotations (task i to i+1 with word fi to f(i+1)); the reflections are not (t0 would have to
   * wait on f0 and wake f2). With all three cpus interchangeable: 3 x 3! renamings.
   */
  @Test
  void theFutexRingsRotationsAreItsSymmetries() throws Exception {
    Symmetry sym = new KernelModel(load("bench/scenarios/futex-ring-n3.yaml")).withSymmetry().symmetry();
    assertNotNull(sym);
    assertEquals(List.of(List.of(0, 1, 2)), sym.groups());
    assertEquals(3, sym.order(), "each rotation with its own rotation of the cpus (of 3 x 3!)");
    assertTrue(sym.renamesCpus());
    assertTrue(sym.renamesWords());
    Set<String> got = new HashSet<>();
    for (int k = 0; k < sym.perms().length; k++) {
      got.add(java.util.Arrays.toString(sym.perms()[k]) + java.util.Arrays.toString(sym.wordPerms()[k]));
    }
    assertEquals(Set.of("[0, 1, 2][0, 1, 2]", "[1, 2, 0][1, 2, 0]", "[2, 0, 1][2, 0, 1]"), got);
    assertEquals("[0, 1, 2][0, 1, 2]", java.util.Arrays.toString(sym.perms()[0])
        + java.util.Arrays.toString(sym.wordPerms()[0]), "identity first");
    // protocol-deadlock: t1 waits on b and wakes a, t2 the other way round
    Symmetry pd = new KernelModel(load("examples/protocol-deadlock.yaml")).withSymmetry().symmetry();
    assertEquals(List.of(List.of(0, 1)), pd.groups());
    assertEquals("[1, 0]", java.util.Arrays.toString(pd.wordPerms()[1]));
    // identical tasks keep their words: the renamings are those of the tasks alone, as before
    Symmetry fm3 = new KernelModel(load("bench/scenarios/futex-mutex-3.yaml")).withSymmetry().symmetry();
    assertTrue(!fm3.renamesWords());
  }

  /**
   * Renaming words must commute with the futex hash: with one bucket for all three words the
   * rotations still are symmetries (the bucket stays), and every renaming is an automorphism of
   * the reachable states; with two buckets (f0 and f2 share one, f1 has its own) no rotation
   * maps the buckets onto buckets, and the ring is not reduced.
   */
  @Test
  void wordRenamingCommutesWithTheFutexHash() throws Exception {
    Scenario one = ring(1, "");
    Symmetry s1 = new KernelModel(one).withSymmetry().symmetry();
    assertNotNull(s1);
    assertEquals(3, s1.order());
    automorphism("ring, one bucket", one, false, 2500);
    automorphism("ring, one bucket (depth-first)", one, true, 2500);
    KernelModel two = new KernelModel(ring(2, ""));
    assertSame(two, two.withSymmetry(), "f0, f2 in bucket 0 and f1 in bucket 1: the rotation breaks the hash");
  }

  /**
   * An {@code assert} that names a word breaks the would-be symmetry unless the renaming maps
   * it onto the other tasks' asserts: every task asserting about f0 (rotated, t1 would have to
   * assert about f1) is not reduced; each task asserting about its own word is.
   */
  @Test
  void anAssertNamingAWordBreaksTheSymmetry() throws Exception {
    KernelModel same = new KernelModel(ring(0, "      assert f0 <= 1\n"));
    assertSame(same, same.withSymmetry(), "every task asserts about f0: no rotation maps that onto itself");
    String text = java.nio.file.Files.readString(Path.of("..", "bench", "scenarios", "futex-ring-n3.yaml"));
    for (int i = 0; i < 3; i++) {
      text = text.replace("      r = futex_wait f" + i + " 0", "      assert f" + i + " <= 1\n      r = futex_wait f" + i + " 0");
    }
    Scenario own = ScenarioParser.parse(text, "ring-own-asserts.yaml");
    Symmetry sym = new KernelModel(own).withSymmetry().symmetry();
    assertNotNull(sym, "each task asserts about its own word: still the rotations");
    assertEquals(3, sym.order());
  }

  /**
   * FUTEX_SWAP names two words (uaddr, uaddr2 in its frame): a two-task swap ring, each task
   * handing the token to the other with futex_swap, is symmetric under swapping the tasks and
   * their words, and every renaming is an automorphism on its reachable states.
   */
  @Test
  void aFutexSwapRingIsRenamedWithBothItsWords() throws Exception {
    String text = """
        name: swap-ring
        cpus: 2
        kernel: {proxy: false}
        memory: {a: 1, b: 0}
        tasks:
          t1:
            program: |
              loop:
              r = xchg a 0
              if r != 1 goto wait
              store b 1
              r = futex_swap b a 0
              goto loop
              wait:
              r = futex_wait a 0
              goto loop
          t2:
            program: |
              loop:
              r = xchg b 0
              if r != 1 goto wait
              store a 1
              r = futex_swap a b 0
              goto loop
              wait:
              r = futex_wait b 0
              goto loop
        check: [lost-wakeup, deadlock]
        """;
    Scenario sc = ScenarioParser.parse(text, "swap-ring.yaml");
    Symmetry sym = new KernelModel(sc).withSymmetry().symmetry();
    assertNotNull(sym);
    assertEquals(4, sym.order());
    assertTrue(!sym.paired(), "FUTEX_SWAP wakes onto the waker's cpu: tasks x cpus, not paired");
    automorphism("swap ring", sc, false, 3000);
    automorphism("swap ring (depth-first)", sc, true, 3000);
  }

  /** The word-valued locals Symmetry renames are exactly the futex functions' uaddr locals. */
  @Test
  void wordLocalsAreTheFutexAddresses() throws Exception {
    Kernel k = new Kernel(new Layout(load("examples/swap-ping-pong.yaml")));
    for (KStep s : k.steps()) {
      int[] declared = Symmetry.WORD_LOCALS.getOrDefault(s.function.name, new int[0]);
      int[] uaddr = s.function.locals().stream().filter(l -> l.name.startsWith("uaddr")).mapToInt(l -> l.slot)
          .toArray();
      assertEquals(java.util.Arrays.toString(uaddr), java.util.Arrays.toString(declared), s.function.name);
    }
    assertTrue(Symmetry.WORD_LOCALS.keySet().stream().allMatch(Symmetry.TASK_LOCALS::containsKey));
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

  /**
   * The paired group (issue 8): where no task changes cpu, symmetry renames with the elements
   * of tasks x cpus that keep every task on its start cpu (3 of the ring's 18, 2 of
   * futex-mutex-3's 12). On every reachable state (up to a cap) this checks the premise (each
   * task on its start cpu, task_cpu and wake_cpu) and that the paired group merges exactly
   * what the full one does: for every element g of tasks x cpus whose image of the state keeps
   * the tasks on their start cpus (the only images that can be reachable), the paired
   * canonical form of the image is the state's own. A paired group that missed an element
   * (e.g. pairing a task renaming with the wrong cpu renaming) fails here; one with an
   * element that is no automorphism fails {@link #everyRenamingIsAnAutomorphismOnReachableStates}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"examples/futex-mutex.yaml", "bench/scenarios/futex-mutex-3.yaml",
      "bench/scenarios/futex-ring-n3.yaml", "bench/scenarios/futex-ring-n3-f1.yaml", "examples/protocol-deadlock.yaml",
      "examples/futex-mutex-broken.yaml"})
  void thePairedGroupMergesWhatTasksTimesCpusMerges(String file) throws Exception {
    KernelModel plain = new KernelModel(load(file));
    Layout L = plain.layout();
    Symmetry paired = Symmetry.of(L, plain.kernel());
    Symmetry full = Symmetry.unpaired(L, plain.kernel());
    assertNotNull(paired, file);
    assertTrue(paired.paired(), file + ": tasks stay on their cpus");
    assertTrue(!full.paired());
    assertTrue(paired.order() < full.order(), file + ": " + paired.order() + " of " + full.order());
    List<Scenario.Task> tasks = plain.scenario().tasks();
    Set<KState> seen = new HashSet<>();
    ArrayDeque<KState> queue = new ArrayDeque<>(plain.initialStates());
    seen.addAll(queue);
    int[] image = new int[L.size];
    int images = 0;
    while (!queue.isEmpty() && seen.size() < 4000) {
      KState s = queue.poll();
      for (int t = 0; t < L.tasks; t++) {
        assertEquals(tasks.get(t).cpu(), s.v[L.task(t, Layout.T_CPU)], file + ": task " + t + " left its cpu");
        assertEquals(tasks.get(t).cpu(), s.v[L.task(t, Layout.T_WAKE_CPU)], file + ": task " + t + "'s wake_cpu");
      }
      int[] own = paired.canonical(s.v).clone();
      for (int g = 0; g < full.order(); g++) {
        full.rename(s.v, g, image);
        boolean home = true;
        for (int t = 0; t < L.tasks; t++) {
          home &= image[L.task(t, Layout.T_CPU)] == tasks.get(t).cpu();
        }
        if (home) {
          images++;
          assertArrayEquals(own, paired.canonical(image.clone()).clone(),
              file + ": an image the full group reaches is not in the paired orbit");
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
    assertTrue(images > seen.size() / 2, file);
  }

  /** Proxy execution and FUTEX_SWAP move tasks between cpus: there the group stays tasks x cpus. */
  @Test
  void noPairingWhereTasksMayChangeCpu() throws Exception {
    Symmetry pe = new KernelModel(load("examples/proxy/many-waiters.yaml")).withSymmetry().symmetry();
    assertTrue(!pe.paired());
    assertTrue(!Symmetry.tasksStayOnTheirCpu(new KernelModel(load("examples/swap-ping-pong.yaml")).layout()));
  }

  /** The futex token ring of n tasks on n cpus (bench/scenarios/futex-ring-n3.yaml's program). */
  static Scenario ringOf(int n) throws Exception {
    StringBuilder b = new StringBuilder("name: ring" + n + "\ncpus: " + n + "\nkernel: {proxy: false}\nmemory:\n");
    for (int i = 0; i < n; i++) {
      b.append("  f").append(i).append(": ").append(i == 0 ? 1 : 0).append('\n');
    }
    b.append("tasks:\n");
    for (int i = 0; i < n; i++) {
      b.append("  t").append(i).append(":\n    program: |\n").append("""
                loop:
                r = xchg f%1$d 0
                if r != 1 goto wait
                store f%2$d 1
                r = futex_wake f%2$d 1
                wait:
                r = futex_wait f%1$d 0
                goto loop
          """.formatted(i, (i + 1) % n).indent(6));
    }
    b.append("check: [lost-wakeup, deadlock]\n");
    return ScenarioParser.parse(b.toString(), "ring" + n + ".yaml");
  }

  /**
   * The paired group is built from the task renamings, not by filtering every cpu renaming:
   * the ring of 4 has 4 elements (of 4 x 4! = 96), and the ring of 6, whose 6 x 6! = 4,320
   * would exceed {@link Symmetry#MAX_PERMS} (so that before, its cpus were not renamed and its
   * rotations merged no reachable states), has its 6 rotations, each an automorphism.
   */
  @Test
  void largerRingsAreReducedByTheirRotationsWithTheirCpus() throws Exception {
    Symmetry four = new KernelModel(ringOf(4)).withSymmetry().symmetry();
    assertTrue(four.paired());
    assertEquals(4, four.order());
    Scenario six = ringOf(6);
    Symmetry sym = new KernelModel(six).withSymmetry().symmetry();
    assertTrue(sym.paired());
    assertTrue(sym.renamesCpus());
    assertEquals(6, sym.order());
    automorphism("ring of 6", six, false, 300);
  }
}
