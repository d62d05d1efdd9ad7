package schedcheck.app.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;
import org.junit.jupiter.api.Test;
import schedcheck.app.CheckOptions;
import schedcheck.app.CheckRun;
import schedcheck.app.Checking;
import schedcheck.checker.FairCycles;
import schedcheck.checker.Limits;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.properties.PropertySet;
import schedcheck.properties.Starvation;

/**
 * The liveness pass on the symmetry quotient ({@link FairCycles#quotient}, what {@code check}
 * runs first with symmetry on) decides exactly what the unreduced pass decides: for every goal,
 * whether a candidate fair cycle exists (the component a lasso is built on, before the
 * property's {@code describe} judges it), on every shipped example and bench scenario with
 * symmetric tasks and a liveness property, and on random scenarios of the differential
 * generator made symmetric (a task's program given to two or three tasks). Its deliberate
 * flaws ({@link FairCycles.Flaw}: every renaming sigma taken as the identity, labels left
 * unrenamed) are caught by the same comparison. {@code -Dquotient.random.scenarios=N}
 * (default 150) and {@code -Dquotient.random.seed=S} for a longer run.
 */
class QuotientLivenessTest {

  /** Above this many states a scenario is left out (the default suite stays fast). */
  static final long CAP = 60_000;

  /**
   * Candidate goals of the unreduced graph and of the product, or null when the quotient does
   * not apply (no symmetry, not equivariant, a bound of the model's own) or a graph is too big.
   * Fails loudly when the two differ: that is a bug of the quotient pass.
   */
  static int[] compare(String what, Scenario sc, Starvation.Fairness fairness, List<String> bad) {
    return compare(what, sc, fairness, bad, CAP);
  }

  /** The random looping scenarios' cap: the few big ones are left out, so that the default suite stays fast. */
  static final long LOOPING_CAP = 12_000;

  /** As {@link #compare(String, Scenario, Starvation.Fairness, List)}, graphs above {@code cap} states left out. */
  static int[] compare(String what, Scenario sc, Starvation.Fairness fairness, List<String> bad, long cap) {
    KernelModel q = new KernelModel(sc).withSymmetry();
    if (q.groupSize() <= 1) {
      return null;
    }
    Starvation liveQ = PropertySet.liveness(q, sc.check(), fairness);
    if (liveQ == null || FairCycles.quotientRefused(q, liveQ, Limits.none()) != null) {
      return null;
    }
    int product = FairCycles.candidateGoals(q, liveQ, true, cap);
    if (product == -2) {
      return null;
    }
    KernelModel full = new KernelModel(sc);
    int plain = FairCycles.candidateGoals(full, PropertySet.liveness(full, sc.check(), fairness), false, 4 * cap);
    if (plain == -2) {
      return null;
    }
    if (plain != product) {
      bad.add(what + ": unreduced candidates " + Integer.toBinaryString(plain) + ", product "
          + Integer.toBinaryString(product));
    }
    return new int[] {plain, product};
  }

  static List<Path> shipped() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String dir : List.of("examples", "bench/scenarios")) {
      try (Stream<Path> s = Files.walk(Path.of("..", dir))) {
        s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(out::add);
      }
    }
    return out;
  }

  /** The shipped files (and ones with unfair spinlocks) the quotient applies to, with their outcome. */
  static int shippedComparisons(List<String> bad, int[] violatedHolding) throws Exception {
    int compared = 0;
    for (Path p : shipped()) {
      Scenario sc = ScenarioParser.parse(p);
      if (sc.kernel().detail() == Scenario.Detail.SYSCALL) {
        continue;
      }
      for (Starvation.Fairness f : List.of(Starvation.Fairness.defaults(), new Starvation.Fairness(false, false),
          new Starvation.Fairness(true, true))) {
        int[] r = compare(p + " fairness " + f.words(), sc, f, bad);
        if (r != null) {
          compared++;
          violatedHolding[r[0] != 0 ? 0 : 1]++;
        }
      }
    }
    return compared;
  }

  @Test
  void theProductDecidesAsTheUnreducedPassOnEveryShippedFile() throws Exception {
    List<String> bad = new ArrayList<>();
    int[] vh = new int[2];
    int compared = shippedComparisons(bad, vh);
    System.out.printf("quotient liveness on shipped files: %d compared (%d with a candidate cycle, %d without),"
        + " %d disagreements%n", compared, vh[0], vh[1], bad.size());
    assertTrue(bad.isEmpty(), String.join("\n", bad));
    assertTrue(compared >= 12, "too few shipped files with symmetric tasks: " + compared);
    assertTrue(vh[0] >= 1 && vh[1] >= 5, "violated " + vh[0] + ", holding " + vh[1]);
  }

  /** Random scenarios of the differential generator with one program given to several tasks. */
  record Generated(String yaml, Scenario scenario) {}

  static List<Generated> symmetricRandom(int wanted, long seed) {
    RandomGenerator<ScenarioGenerator.Spec> gen = ScenarioGenerator.specs().generator(1000);
    Random random = new Random(seed);
    List<Generated> out = new ArrayList<>();
    for (int i = 0; i < 30 * wanted && out.size() < wanted; i++) {
      ScenarioGenerator.Spec s = gen.next(random).value();
      if (s.usesUmcg()) {
        continue;
      }
      ScenarioGenerator.TaskSpec first = s.tasks().get(0);
      int copies = 2 + random.nextInt(2);
      List<ScenarioGenerator.TaskSpec> tasks = new ArrayList<>();
      boolean pinned = random.nextBoolean();
      for (int c = 0; c < copies; c++) {
        tasks.add(new ScenarioGenerator.TaskSpec(first.prio(), pinned ? c % s.cpus() : -1, 0, first.chunks()));
      }
      if (random.nextBoolean() && s.tasks().size() > 1) {
        ScenarioGenerator.TaskSpec other = s.tasks().get(1);
        tasks.add(new ScenarioGenerator.TaskSpec(other.prio(), pinned ? copies % s.cpus() : -1, 0, other.chunks()));
      }
      ScenarioGenerator.Spec sym = new ScenarioGenerator.Spec(s.cpus(), s.proxy(), s.version(), s.x0(), s.y0(), tasks);
      Scenario sc;
      String yaml = sym.render(null, "quotient-random");
      try {
        sc = Differential.parse(yaml, "quotient-random.yaml");
      } catch (RuntimeException e) {
        continue;
      }
      if (new KernelModel(sc).withSymmetry().groupSize() > 1) {
        out.add(new Generated(yaml, sc));
      }
    }
    return out;
  }

  /**
   * Random scenarios with infinite executions ({@link ScenarioGenerator#loopingSpecs()}: loops
   * without a counter, programs that repeat for ever) with one program given to two or three
   * tasks (whether it repeats included), and sometimes another task: where starvation and
   * livelock actually occur, so that the product's violated side is compared at random too.
   */
  static List<Generated> symmetricLooping(int wanted, long seed) {
    RandomGenerator<ScenarioGenerator.Spec> gen = ScenarioGenerator.loopingSpecs().generator(1000);
    Random random = new Random(seed);
    List<Generated> out = new ArrayList<>();
    for (int i = 0; i < 30 * wanted && out.size() < wanted; i++) {
      ScenarioGenerator.Spec s = gen.next(random).value();
      ScenarioGenerator.TaskSpec first = s.tasks().get(0);
      int copies = 2 + random.nextInt(2);
      List<ScenarioGenerator.TaskSpec> tasks = new ArrayList<>();
      boolean pinned = random.nextBoolean();
      // two shapes, half and half: the copies repeat for ever and another task runs its
      // program once (a waiter, a locker, a poller that may starve while the copies run), or
      // the copies run once and another task repeats for ever (a hog, a looping locker or
      // waker the copies may wait on for ever); the other task is the spec's last
      boolean copiesRepeat = random.nextBoolean();
      for (int c = 0; c < copies; c++) {
        tasks.add(new ScenarioGenerator.TaskSpec(first.prio(), pinned ? c % s.cpus() : -1, 0, first.chunks(),
            copiesRepeat));
      }
      if (!copiesRepeat || random.nextInt(4) != 0) {
        ScenarioGenerator.TaskSpec other = s.tasks().get(s.tasks().size() - 1);
        tasks.add(new ScenarioGenerator.TaskSpec(other.prio(), pinned ? copies % s.cpus() : -1, 0, other.chunks(),
            !copiesRepeat));
      }
      ScenarioGenerator.Spec sym = new ScenarioGenerator.Spec(s.cpus(), s.proxy(), s.version(), s.x0(), s.y0(), tasks);
      Scenario sc;
      // every property but lock-order, so that the whole check uses symmetry (see starves)
      String yaml = Differential.withoutLockOrder(sym.render(null, "quotient-looping"));
      try {
        sc = Differential.parse(yaml, "quotient-looping.yaml");
      } catch (RuntimeException e) {
        continue;
      }
      if (new KernelModel(sc).withSymmetry().groupSize() > 1) {
        out.add(new Generated(yaml, sc));
      }
    }
    return out;
  }

  /**
   * Whether {@code check} (every property, exploring everything, under {@code fairness}) finds
   * {@code starvation} violated, with symmetry (the liveness pass on the quotient first) and
   * without (the unreduced pass alone); a difference is added to {@code bad}. Null when a
   * search was cut.
   */
  static Boolean starves(String what, Scenario sc, Starvation.Fairness fairness, List<String> bad) {
    CheckOptions o = CheckOptions.defaults().withFairness(fairness).exploringEverything();
    CheckRun with = Checking.check(sc, o, Progress.NONE);
    CheckRun without = Checking.check(sc, o.withSymmetry(false), Progress.NONE);
    if (!with.result().cuts().isEmpty() || !without.result().cuts().isEmpty()
        || with.verdict() == Verdict.INCOMPLETE || without.verdict() == Verdict.INCOMPLETE) {
      return null;
    }
    boolean a = with.result().violations().stream().anyMatch(f -> f.violation().property().equals("starvation"));
    boolean b = without.result().violations().stream().anyMatch(f -> f.violation().property().equals("starvation"));
    if (a != b) {
      bad.add(what + ": starvation " + (a ? "" : "not ") + "violated with symmetry, " + (b ? "" : "not ")
          + "without");
    }
    return b;
  }

  /**
   * The product against the unreduced pass on random looping symmetric scenarios, the three
   * {@code --fairness} settings in turn; and the whole check's starvation verdict with symmetry
   * against without. Here the violated side occurs at random: many scenarios have a candidate
   * fair cycle, and many violate starvation (a livelock, a wait or a runnable task for ever).
   */
  @Example
  void theProductDecidesAsTheUnreducedPassOnRandomLoopingScenarios() {
    int wanted = Integer.getInteger("quotient.looping.scenarios", 30);
    long seed = Long.getLong("quotient.looping.seed", 51);
    List<String> bad = new ArrayList<>();
    int compared = 0;
    int[] vh = new int[2];
    int[] starved = new int[2];
    int i = 0;
    for (Generated g : symmetricLooping(wanted, seed)) {
      Starvation.Fairness f = ScenarioGenerator.FAIRNESS.get(i++ % ScenarioGenerator.FAIRNESS.size());
      String what = g.yaml() + "(fairness " + f.words() + ")";
      int[] r = compare(what, g.scenario(), f, bad, LOOPING_CAP);
      if (r == null) {
        continue;
      }
      compared++;
      vh[r[0] != 0 ? 0 : 1]++;
      Boolean st = starves(what, g.scenario(), f, bad);
      if (st != null) {
        starved[st ? 0 : 1]++;
      }
    }
    System.out.printf("quotient liveness on random looping symmetric scenarios (seed %d): %d compared (%d with a"
        + " candidate cycle, %d without); whole check: %d starve, %d do not; %d disagreements%n", seed, compared,
        vh[0], vh[1], starved[0], starved[1], bad.size());
    assertTrue(bad.isEmpty(), String.join("\n----\n", bad));
    assertTrue(compared >= wanted / 2, "too few random looping scenarios the quotient applies to: " + compared);
    // seed 51, 30 scenarios: about one in five has a candidate cycle and starves
    assertTrue(vh[0] >= wanted / 8 && vh[1] >= wanted / 8, "candidate cycles in " + vh[0] + ", none in " + vh[1]);
    assertTrue(starved[0] >= wanted / 8 && starved[1] >= wanted / 8, "starve " + starved[0] + ", not " + starved[1]);
  }

  @Example
  void theProductDecidesAsTheUnreducedPassOnRandomSymmetricScenarios() {
    int wanted = Integer.getInteger("quotient.random.scenarios", 150);
    long seed = Long.getLong("quotient.random.seed", 45);
    List<String> bad = new ArrayList<>();
    int compared = 0;
    int[] vh = new int[2];
    for (Generated g : symmetricRandom(wanted, seed)) {
      int[] r = compare(g.yaml(), g.scenario(), Starvation.Fairness.defaults(), bad);
      if (r != null) {
        compared++;
        vh[r[0] != 0 ? 0 : 1]++;
      }
    }
    System.out.printf("quotient liveness on random symmetric scenarios (seed %d): %d compared (%d with a candidate"
        + " cycle, %d without), %d disagreements%n", seed, compared, vh[0], vh[1], bad.size());
    assertTrue(bad.isEmpty(), String.join("\n----\n", bad));
    assertTrue(compared >= wanted / 3, "too few random scenarios the quotient applies to: " + compared);
    assertTrue(vh[0] >= 3 && vh[1] >= 3, "violated " + vh[0] + ", holding " + vh[1]);
  }

  @Example
  void eachDeliberateFlawIsCaught() throws Exception {
    for (FairCycles.Flaw flaw : List.of(FairCycles.Flaw.SIGMA, FairCycles.Flaw.LABELS)) {
      List<String> bad = new ArrayList<>();
      FairCycles.flaw = flaw;
      try {
        shippedComparisons(bad, new int[2]);
        for (Generated g : symmetricRandom(60, 45)) {
          compare(g.yaml(), g.scenario(), Starvation.Fairness.defaults(), bad);
        }
        // the random looping scenarios alone catch it too: their violated side is compared
        List<String> looping = new ArrayList<>();
        int k = 0;
        for (Generated g : symmetricLooping(30, 51)) {
          compare(g.yaml(), g.scenario(), ScenarioGenerator.FAIRNESS.get(k++ % 3), looping, LOOPING_CAP);
        }
        System.out.printf("quotient liveness with flaw %s: %d disagreements on random looping scenarios%n", flaw,
            looping.size());
        assertFalse(looping.isEmpty(), "flaw " + flaw + " not caught by the random looping scenarios");
      } finally {
        FairCycles.flaw = FairCycles.Flaw.NONE;
      }
      System.out.printf("quotient liveness with flaw %s: %d disagreements%n", flaw, bad.size());
      assertFalse(bad.isEmpty(), "flaw " + flaw + " not caught");
    }
  }

  /**
   * spin-race with unfair spinlocks ({@code --fairness sched}): the task that wants L once
   * starves while the two symmetric loopers win every race. The product finds the candidate
   * cycle, so the check reruns the unreduced pass and reports its lasso and counts; with the
   * default fairness the product decides {@code holds} on the quotient's states.
   */
  @Test
  void starvationIsFoundThroughTheProductAndReportedFromTheUnreducedPass() throws Exception {
    Path file = Path.of("..", "examples", "liveness", "spin-race.yaml");
    Scenario sc = ScenarioParser.parse(file);
    Starvation.Fairness unfair = Starvation.Fairness.parse("sched");
    CheckOptions options = CheckOptions.defaults().withFairness(unfair);
    FairCycles.Quotient q = quotientOf(sc, options);
    assertNotNull(q);
    assertFalse(q.decided(), "a candidate cycle must send the check to the unreduced pass");
    assertEquals(1, q.candidates() & 1, "the task that wants L once (goal 0) starves");
    CheckRun run = Checking.check(file, options, Progress.NONE);
    assertEquals(Verdict.VIOLATED, run.verdict());
    assertEquals("starvation", run.result().firstViolation().violation().property());
    KernelModel full = new KernelModel(sc);
    SearchResult unreduced = FairCycles.run(full, PropertySet.liveness(full, sc.check(), unfair), Limits.none(),
        Progress.NONE);
    assertEquals(unreduced.states(), run.liveness().states(), "the counts are the unreduced pass's");
    assertEquals(unreduced.firstViolation().path(), run.result().firstViolation().path(), "and so is the lasso");
    assertTrue(run.notes().stream().noneMatch(n -> n.startsWith(Checking.QUOTIENT_NOTE)));

    CheckRun fair = Checking.check(file, CheckOptions.defaults(), Progress.NONE);
    assertEquals(Verdict.HOLDS, fair.verdict());
    FairCycles.Quotient holds = quotientOf(sc, CheckOptions.defaults());
    assertTrue(holds.decided());
    assertEquals(holds.quotientStates(), fair.liveness().states(), "the quotient's states are reported");
    assertTrue(holds.productNodes() > holds.quotientStates());
    assertTrue(fair.notes().stream().anyMatch(n -> n.startsWith(Checking.QUOTIENT_NOTE)));
    CheckRun noSymmetry = Checking.check(file, CheckOptions.defaults().withSymmetry(false), Progress.NONE);
    assertEquals(Verdict.HOLDS, noSymmetry.verdict());
    // spin-race's initial state is its own image under the swap of the loopers, so the product
    // has a node for it with each element: more nodes than the unreduced graph has states
    assertTrue(holds.productNodes() >= noSymmetry.liveness().states(), "a real state without a product node");
    assertTrue(holds.quotientStates() < noSymmetry.liveness().states(), "no reduction");
  }

  static FairCycles.Quotient quotientOf(Scenario sc, CheckOptions options) {
    KernelModel q = new KernelModel(sc).withSymmetry();
    return FairCycles.quotient(q, PropertySet.liveness(q, sc.check(), options.fairness()), Limits.none(),
        Progress.NONE, 0);
  }
}
