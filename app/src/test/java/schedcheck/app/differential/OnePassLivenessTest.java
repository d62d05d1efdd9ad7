package schedcheck.app.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import net.jqwik.api.Example;
import org.junit.jupiter.api.Test;
import schedcheck.app.CheckOptions;
import schedcheck.app.CheckRun;
import schedcheck.app.Checking;
import schedcheck.app.ReferenceChecking;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.FairCycles;
import schedcheck.checker.Found;
import schedcheck.checker.Limits;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Reduction;
import schedcheck.model.reference.ReferenceModel;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.properties.PropertySet;
import schedcheck.properties.Starvation;
import schedcheck.properties.reference.RefStarvation;

/**
 * One exploration instead of two ({@link FairCycles#recording}): the quotient graph the safety
 * search records as it goes is the one the liveness pass's own exploration ({@link
 * FairCycles#quotient}) stores. Compared at both kernel levels ({@code steps} and {@code
 * syscall}) on every shipped example and bench scenario with symmetric tasks and a liveness
 * property (three fairness settings) and on random symmetric scenarios of the differential
 * generator: the quotient's states and edges, the product's nodes and edges, the goals with a
 * candidate cycle and the result; and whole checks with {@code -Dschedcheck.liveness.onePass}
 * on and off: verdicts, counts, counterexamples and notes. Limits that cut the safety search
 * still end in {@code incomplete}, and the cases one pass does not fit fall back.
 */
class OnePassLivenessTest {

  static final long CAP = 60_000;
  /** Whole checks of more states are left out (cut by it both ways: the same fallback). */
  static final long CHECK_CAP = 20_000;
  static final String SWITCH = "schedcheck.liveness.onePass";

  /** The two quotients agree (or null when the quotient does not apply or is over the cap); a difference goes to bad. */
  static FairCycles.Quotient compareKernel(String what, Scenario sc, Starvation.Fairness f, List<String> bad) {
    KernelModel q = new KernelModel(sc).withSymmetry();
    if (q.groupSize() <= 1) {
      return null;
    }
    Starvation live = PropertySet.liveness(q, sc.check(), f);
    Limits limits = Limits.none().withMaxStates(CAP);
    if (live == null || FairCycles.quotientRefused(q, live, limits) != null) {
      return null;
    }
    FairCycles.Quotient explored = FairCycles.quotient(q, live, limits, Progress.NONE, 0);
    if (explored.quotientStates() >= CAP) {
      return null;
    }
    KernelModel r = new KernelModel(sc).withSymmetry();
    Starvation liveR = PropertySet.liveness(r, sc.check(), f);
    FairCycles.Recording<schedcheck.model.kernel.KState, schedcheck.model.kernel.StepInfo> rec =
        FairCycles.recording(r, liveR, limits);
    SearchResult safety = new BreadthFirst().run(r, List.of(), limits, Progress.NONE, rec);
    return same(what, explored, safety, rec.decide(safety), bad);
  }

  /** As {@link #compareKernel} at {@code kernel.detail: syscall}. */
  static FairCycles.Quotient compareSyscall(String what, Scenario sc, Starvation.Fairness f, List<String> bad) {
    sc = sc.withDetail(Scenario.Detail.SYSCALL);
    ReferenceModel q = new ReferenceModel(sc).withSymmetry();
    if (q.groupSize() <= 1) {
      return null;
    }
    RefStarvation live = SyscallQuotientLivenessTest.live(q, sc, f);
    Limits limits = Limits.none().withMaxStates(CAP);
    if (live == null || FairCycles.quotientRefused(q, live, limits) != null) {
      return null;
    }
    FairCycles.Quotient explored = FairCycles.quotient(q, live, limits, Progress.NONE, 0);
    if (explored.quotientStates() >= CAP) {
      return null;
    }
    ReferenceModel r = new ReferenceModel(sc).withSymmetry();
    var rec = FairCycles.recording(r, SyscallQuotientLivenessTest.live(r, sc, f), limits);
    SearchResult safety = new BreadthFirst().run(r, List.of(), limits, Progress.NONE, rec);
    return same(what, explored, safety, rec.decide(safety), bad);
  }

  static FairCycles.Quotient same(String what, FairCycles.Quotient explored, SearchResult safety,
      FairCycles.Quotient recorded, List<String> bad) {
    if (recorded == null) {
      bad.add(what + ": a complete search without properties did not decide");
      return explored;
    }
    String a = text(explored);
    String b = text(recorded);
    if (!a.equals(b)) {
      bad.add(what + ":\n  explored " + a + "\n  recorded " + b);
    }
    if (safety.states() != explored.quotientStates() || safety.transitions() != explored.quotientEdges()) {
      bad.add(what + ": the safety search stored " + safety.states() + " states, " + safety.transitions()
          + " transitions; the quotient " + explored.quotientStates() + ", " + explored.quotientEdges());
    }
    return explored;
  }

  /** Everything a quotient pass tells but its seconds. */
  static String text(FairCycles.Quotient q) {
    SearchResult r = q.result();
    return String.format("decided %s why %s group %d quotient %d/%d product %d/%d candidates %s result %s",
        q.decided(), q.why(), q.groupSize(), q.quotientStates(), q.quotientEdges(), q.productNodes(),
        q.productEdges(), Integer.toBinaryString(q.candidates()),
        r == null ? "-" : r.verdict() + " " + r.states() + "/" + r.transitions() + " depth " + r.maxDepth()
            + " cuts " + r.cuts() + " found " + r.violations().size());
  }

  static final List<Starvation.Fairness> FAIRNESS = List.of(Starvation.Fairness.defaults(),
      new Starvation.Fairness(false, false), new Starvation.Fairness(true, true));

  @Test
  void theRecordedQuotientIsTheExploredOneOnEveryShippedFile() throws Exception {
    List<String> bad = new ArrayList<>();
    int[] kernel = new int[2];
    int[] syscall = new int[2];
    for (Path p : QuotientLivenessTest.shipped()) {
      Scenario sc = ScenarioParser.parse(p);
      for (Starvation.Fairness f : FAIRNESS) {
        if (sc.kernel().detail() != Scenario.Detail.SYSCALL) {
          count(kernel, compareKernel(p + " fairness " + f.words(), sc, f, bad));
        }
        count(syscall, compareSyscall(p + " at syscall, fairness " + f.words(), sc, f, bad));
      }
    }
    System.out.printf("one-pass liveness on shipped files: kernel %d decided + %d with a candidate, syscall %d + %d,"
        + " %d disagreements%n", kernel[0], kernel[1], syscall[0], syscall[1], bad.size());
    assertTrue(bad.isEmpty(), String.join("\n", bad));
    assertTrue(kernel[0] >= 10 && kernel[1] >= 1, "kernel level: too few compared");
    assertTrue(syscall[0] >= 10 && syscall[1] >= 1, "syscall level: too few compared");
  }

  static void count(int[] decidedCandidate, FairCycles.Quotient q) {
    if (q != null) {
      decidedCandidate[q.decided() ? 0 : 1]++;
    }
  }

  @Example
  void theRecordedQuotientIsTheExploredOneOnRandomSymmetricScenarios() {
    int wanted = Integer.getInteger("quotient.random.scenarios", 150);
    long seed = Long.getLong("quotient.random.seed", 49);
    List<String> bad = new ArrayList<>();
    int[] kernel = new int[2];
    int[] syscall = new int[2];
    int i = 0;
    for (QuotientLivenessTest.Generated g : QuotientLivenessTest.symmetricRandom(wanted, seed)) {
      Starvation.Fairness f = FAIRNESS.get(i++ % FAIRNESS.size());
      count(kernel, compareKernel(g.yaml() + "fairness " + f.words(), g.scenario(), f, bad));
      count(syscall, compareSyscall(g.yaml() + "at syscall, fairness " + f.words(), g.scenario(), f, bad));
    }
    System.out.printf("one-pass liveness on random symmetric scenarios (seed %d): kernel %d decided + %d with a"
        + " candidate, syscall %d + %d, %d disagreements%n", seed, kernel[0], kernel[1], syscall[0], syscall[1],
        bad.size());
    assertTrue(bad.isEmpty(), String.join("\n----\n", bad));
    assertTrue(kernel[0] + kernel[1] >= wanted / 3 && kernel[1] >= 3, "kernel level: too few compared");
    assertTrue(syscall[0] >= wanted / 3, "syscall level: too few compared");
  }

  // ------------------------------------------------------------ whole checks, one pass on and off

  static <T> T withOnePass(boolean on, Supplier<T> body) {
    String old = System.getProperty(SWITCH);
    System.setProperty(SWITCH, String.valueOf(on));
    try {
      return body.get();
    } finally {
      if (old == null) {
        System.clearProperty(SWITCH);
      } else {
        System.setProperty(SWITCH, old);
      }
    }
  }

  static CheckOptions options(Starvation.Fairness f, long maxStates, Duration maxTime, long maxMemory) {
    return new CheckOptions("bfs", maxStates, -1, maxTime, false, true, f, null, maxMemory, 1, true, Reduction.NONE);
  }

  /** What a check tells (but its seconds), to compare two checks of one file. */
  static String text(CheckRun run) {
    StringBuilder b = new StringBuilder();
    b.append(run.verdict()).append(" notes ").append(run.notes()).append('\n');
    b.append("search ").append(counts(run.result())).append('\n');
    b.append("liveness ").append(run.liveness() == null ? "-" : counts(run.liveness())).append('\n');
    b.append("trace ").append(run.trace() == null ? "-" : run.trace().path()).append(" steps ")
        .append(run.trace() == null ? "-" : run.trace().steps().size()).append('\n');
    b.append("reference ").append(run.reference() == null ? "-" : run.reference().firstPath()).append('\n');
    return b.toString();
  }

  static String counts(SearchResult r) {
    StringBuilder b = new StringBuilder();
    b.append(r.verdict()).append(' ').append(r.states()).append('/').append(r.transitions()).append(" depth ")
        .append(r.maxDepth()).append(" cuts ").append(r.cuts());
    for (Found f : r.violations()) {
      b.append(" [").append(f.violation().property()).append(' ').append(f.violation().kind()).append(' ')
          .append(f.path()).append(" loop ").append(f.loopStart()).append(" witnesses ").append(f.witnessPaths())
          .append(']');
    }
    return b.toString();
  }

  /** Checks {@code sc} with one pass on and off; null when the search is over the cap (the same options both times). */
  static String[] both(Scenario sc, CheckOptions o) {
    String off = withOnePass(false, () -> text(Checking.check(sc, o, Progress.NONE)));
    if (off.contains("states=")) {
      return null; // cut by the cap: the same fallback both ways, nothing to compare
    }
    long before = FairCycles.Recording.decisions();
    String on = withOnePass(true, () -> text(Checking.check(sc, o, Progress.NONE)));
    return new String[] {off, on, String.valueOf(FairCycles.Recording.decisions() - before)};
  }

  @Test
  void aCheckReportsTheSameWithOnePassOnAndOffOnEveryShippedFile() throws Exception {
    List<String> bad = new ArrayList<>();
    int[] compared = new int[2];
    int[] recorded = new int[2];
    for (Path p : QuotientLivenessTest.shipped()) {
      Scenario file = ScenarioParser.parse(p);
      if (!file.check().contains("starvation") && !file.check().contains("lost-wakeup")) {
        continue;
      }
      List<Scenario> levels = file.kernel().detail() == Scenario.Detail.SYSCALL ? List.of(file)
          : List.of(file, file.withDetail(Scenario.Detail.SYSCALL));
      for (Scenario sc : levels) {
        int level = sc.kernel().detail() == Scenario.Detail.SYSCALL ? 1 : 0;
        if ((level == 0 ? new KernelModel(sc).withSymmetry().groupSize()
            : new ReferenceModel(sc).withSymmetry().groupSize()) <= 1) {
          continue; // no quotient, nothing recorded: the same path both ways
        }
        for (Starvation.Fairness f : List.of(Starvation.Fairness.defaults(), new Starvation.Fairness(false, false))) {
          String[] r = both(sc, options(f, CHECK_CAP, null, -1));
          if (r == null) {
            continue;
          }
          compared[level]++;
          recorded[level] += Integer.parseInt(r[2]);
          if (!r[0].equals(r[1])) {
            bad.add(p + " " + sc.kernel().detail() + " fairness " + f.words() + ":\n  off " + r[0] + "  on  " + r[1]);
          }
        }
      }
    }
    System.out.printf("one-pass liveness, whole checks on and off: kernel %d compared (%d recorded), syscall %d (%d),"
        + " %d differ%n", compared[0], recorded[0], compared[1], recorded[1], bad.size());
    assertTrue(bad.isEmpty(), String.join("\n", bad));
    assertTrue(recorded[0] >= 5 && recorded[1] >= 5, "one pass applied too rarely: " + recorded[0] + ", " + recorded[1]);
  }

  static final Path RING = Path.of("..", "bench", "scenarios", "futex-ring-n4-syscall.yaml");

  /**
   * A state, time or memory limit that cuts the recording safety search ends in {@code
   * incomplete} (the recorded graph is not decided on; the quotient pass runs as before), with
   * the same report as with one pass off where the cut is deterministic (states, time 0).
   */
  @Test
  void aLimitThatCutsTheRecordingSearchEndsIncomplete() throws Exception {
    Scenario sc = ScenarioParser.parse(RING);
    CheckRun full = withOnePass(true, () -> Checking.check(sc, CheckOptions.defaults(), Progress.NONE));
    assertEquals(Verdict.HOLDS, full.verdict());
    for (CheckOptions o : List.of(options(Starvation.Fairness.defaults(), 5_000, null, -1),
        options(Starvation.Fairness.defaults(), -1, Duration.ZERO, -1))) {
      long before = FairCycles.Recording.decisions();
      CheckRun on = withOnePass(true, () -> Checking.check(sc, o, Progress.NONE));
      assertEquals(before, FairCycles.Recording.decisions(), "a cut graph was decided on");
      CheckRun off = withOnePass(false, () -> Checking.check(sc, o, Progress.NONE));
      assertEquals(Verdict.INCOMPLETE, on.verdict());
      assertEquals(text(off), text(on));
    }
    // one byte of heap: the first check of the memory in use (after 1,024 expansions of the
    // 12,390 states, the recorded graph among what is in use) cuts the search
    CheckOptions tiny = options(Starvation.Fairness.defaults(), -1, null, 1);
    CheckRun on = withOnePass(true, () -> Checking.check(sc, tiny, Progress.NONE));
    assertEquals(Verdict.INCOMPLETE, on.verdict());
    assertTrue(on.result().cuts().containsKey("memory"), on.result().cuts().toString());
    assertTrue(on.result().states() < full.result().states());
  }

  /** Where the safety search does not store the quotient, nothing is recorded. */
  @Test
  void oneHappensOnlyWhereTheSafetySearchStoresTheQuotient() throws Exception {
    Scenario sc = ScenarioParser.parse(Path.of("..", "bench", "scenarios", "futex-ring-n3.yaml"));
    Limits none = Limits.none();
    assertNotNull(recording(sc, CheckOptions.defaults(), none));
    assertNull(recording(sc, CheckOptions.defaults().withSymmetry(false), none), "no symmetry");
    assertNull(recording(sc, CheckOptions.defaults().withStrategy("dfs"), none), "dfs");
    assertNull(recording(sc, CheckOptions.defaults().withWorkers(2), none), "parallel");
    assertNull(recording(sc, CheckOptions.defaults().withStrategy("random"), none), "random");
    assertNull(recording(sc, CheckOptions.defaults().withReduction(Reduction.ALL), none), "movers");
    assertNull(recording(sc, CheckOptions.defaults().withReduction(Reduction.POR), none), "por");
    assertNull(recording(sc, CheckOptions.defaults(), none.withMaxDepth(50)), "depth bound");
    assertNull(withOnePass(false, () -> recording(sc, CheckOptions.defaults(), none)), "switched off");

    Scenario ref = ScenarioParser.parse(Path.of("..", "bench", "scenarios", "futex-ring-n3-syscall.yaml"));
    ReferenceModel searched = ReferenceChecking.searchedModel(new ReferenceModel(ref), CheckOptions.defaults());
    assertNotNull(ReferenceChecking.recording(searched, true, false, CheckOptions.defaults(),
        new BreadthFirst(), none));
    assertNull(ReferenceChecking.recording(searched, true, false, CheckOptions.defaults(),
        Checking.strategy("dfs"), none), "dfs");
    assertNull(ReferenceChecking.recording(searched, true, false, CheckOptions.defaults(),
        Checking.strategy("bfs", 2), none), "parallel");
    assertNull(ReferenceChecking.recording(searched, true, false, CheckOptions.defaults(),
        new BreadthFirst(), none.withMaxDepth(50)), "depth bound");
    assertNull(withOnePass(false, () -> ReferenceChecking.recording(searched, true, false, CheckOptions.defaults(),
        new BreadthFirst(), none)), "switched off");
  }

  static Object recording(Scenario sc, CheckOptions o, Limits limits) {
    KernelModel model = new KernelModel(sc, Checking.reductionFor(sc, o));
    return Checking.recording(sc, model, Objects.requireNonNull(Checking.searchedModel(model, o)), o,
        schedcheck.app.Sampling.search(o), limits);
  }
}
