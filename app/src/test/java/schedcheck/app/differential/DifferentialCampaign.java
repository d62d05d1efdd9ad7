package schedcheck.app.differential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Example;
import net.jqwik.api.Tag;

/**
 * The long differential campaign, outside the default suite (tag {@code campaign}): {@code
 * bench/differential [TRIES [SEED [MINUTES]]]}, or {@code mvn -B -q test -Pdifferential
 * -Ddifferential.tries=20000 -Ddifferential.seed=1}. It generates {@code differential.tries}
 * scenarios from {@code differential.seed} (stopping early after {@code differential.minutes}
 * if given), compares each (see {@link Differential}), writes every disagreeing scenario with
 * both results to {@code differential.out} (default {@code target/differential/}, at most 25
 * per category) and prints a summary: scenarios run, skipped (a bound cut a search),
 * agreements, disagreements by category, and the rate. With {@code -Ddifferential.clean=true} it
 * runs only scenarios whose text touches no known finding (no kernel lock instances, recursive
 * locks, unlocks by a non-owner, used futex results, waits after the task's own wake, yields
 * holding a spinlock), so that every steps/syscall difference left is news. With {@code
 * -Ddifferential.umcg=true} it runs only scenarios whose programs use UMCG (both versions, as
 * drawn), counting only those. With {@code -Ddifferential.proxy=true} (Proxy Execution heavy) it
 * runs only scenarios with {@code kernel.proxy} on whose programs lock a mutex (every version as
 * drawn), counting only those.
 */
@Tag("campaign")
class DifferentialCampaign {

  /**
   * {@code spec} made symmetric: its first task's first three chunks, with its priority, start
   * cpu and affinity, as {@code copies} identical tasks (ReferenceSymmetryTest's construction).
   */
  static ScenarioGenerator.Spec symmetric(ScenarioGenerator.Spec spec, int copies) {
    ScenarioGenerator.TaskSpec t = spec.tasks().get(0);
    ScenarioGenerator.TaskSpec one = new ScenarioGenerator.TaskSpec(t.prio(), t.cpu(), t.cpu() >= 0 ? t.affinity() : 0,
        t.chunks().subList(0, Math.min(3, t.chunks().size())), t.repeat());
    return new ScenarioGenerator.Spec(spec.cpus(), spec.proxy(), spec.version(), spec.x0(), spec.y0(),
        java.util.Collections.nCopies(copies, one), spec.umcg());
  }

  @Example
  void campaign() throws IOException {
    int tries = Integer.getInteger("differential.tries", 1000);
    long seed = Long.getLong("differential.seed", 1L);
    double minutes = Double.parseDouble(System.getProperty("differential.minutes", "0"));
    Path out = Path.of(System.getProperty("differential.out", "target/differential"));
    Files.createDirectories(out);
    // -Ddifferential.loops=true: scenarios with infinite executions (ScenarioGenerator.loopingSpecs),
    // starvation compared too, the fairness settings taken in turn
    boolean loops = Boolean.getBoolean("differential.loops");
    RandomGenerator<ScenarioGenerator.Spec> gen =
        (loops ? ScenarioGenerator.loopingSpecs() : ScenarioGenerator.specs()).generator(1000);
    Map<String, Integer> liveness = new TreeMap<>();
    Random random = new Random(seed);
    Map<String, Integer> categories = new TreeMap<>();
    Map<String, Integer> verdicts = new TreeMap<>();
    int run = 0;
    int skipped = 0;
    int agree = 0;
    int disagree = 0;
    int unexplained = 0;
    int filtered = 0;
    int reduced = 0;
    int umcg = 0;
    int v091 = 0;
    int porReduced = 0;
    boolean clean = Boolean.getBoolean("differential.clean");
    // -Ddifferential.umcg=true runs only the generated scenarios whose programs use UMCG
    boolean umcgOnly = Boolean.getBoolean("differential.umcg");
    int notUmcg = 0;
    // -Ddifferential.proxy=true runs only the generated scenarios under Proxy Execution that lock a mutex
    boolean proxyOnly = Boolean.getBoolean("differential.proxy");
    int notProxy = 0;
    Map<String, Integer> legitimate = new TreeMap<>();
    // -Ddifferential.only=I checks scenario I of the seed alone (the others are generated, not run)
    int only = Integer.getInteger("differential.only", -1);
    // -Ddifferential.symmetric=true: each generated scenario made symmetric (its first task's
    // first three chunks, copied two or three times), every property but lock-order
    boolean symmetricOnly = Boolean.getBoolean("differential.symmetric");
    if (symmetricOnly) {
      System.setProperty(Differential.NO_LOCK_ORDER, "true");
    }
    // -Ddifferential.noLockOrder=true: every property but lock-order, so that symmetry applies
    boolean noLockOrder = Boolean.getBoolean(Differential.NO_LOCK_ORDER);
    int symmetric = 0;
    long t0 = System.nanoTime();
    System.out.printf("differential campaign: %d tries, seed %d, syscall level %s%n", tries, seed,
        Differential.syscallAvailable() ? "compared" : "not available yet (steps only)");
    for (int i = 0; i < tries; i++) {
      double elapsed = (System.nanoTime() - t0) / 60e9;
      if (minutes > 0 && elapsed > minutes) {
        System.out.printf("stopping after %.1f minutes%n", elapsed);
        break;
      }
      ScenarioGenerator.Spec spec = gen.next(random).value();
      if (symmetricOnly) {
        if (spec.usesUmcg()) {
          i--; // UMCG rules symmetry out: a symmetric campaign counts only the scenarios it runs
          continue;
        }
        spec = symmetric(spec, 2 + random.nextInt(2));
      }
      if (clean && Differential.Hints.touchesKnownFinding(spec.render(null, "random"))) {
        filtered++;
        i--; // a clean campaign counts only the scenarios it runs
        continue;
      }
      if (umcgOnly && !spec.usesUmcg()) {
        notUmcg++;
        i--; // a UMCG campaign counts only the scenarios it runs
        continue;
      }
      if (proxyOnly && !(spec.proxy() && spec.render(null, "random").matches("(?s).*(?m)^\\s+(lock|\\w+ = lock_interruptible) \\w+$.*"))) {
        notProxy++;
        i--; // a Proxy Execution campaign counts only the scenarios it runs
        continue;
      }
      if (only >= 0 && i != only) {
        continue;
      }
      schedcheck.properties.Starvation.Fairness fairness = ScenarioGenerator.FAIRNESS.get(i % ScenarioGenerator.FAIRNESS.size());
      Differential.Outcome o = loops ? Differential.compareLiveness(spec, fairness) : Differential.compare(spec);
      run++;
      if (loops) {
        String f = "fairness " + fairness.words();
        String sym = Differential.symmetricTasks(spec) ? ", identical tasks" : "";
        for (var r : new Differential.Run[] {o.bfs(), o.syscall()}) {
          if (r == null) {
            continue;
          }
          String level = r.label().startsWith("steps") ? "steps" : "syscall";
          String v = r.error() != null ? "error" : !r.complete() ? "incomplete"
              : r.violated().containsKey("starvation") ? "starvation " + r.violated().get("starvation").replaceAll("\\).*", ")")
              : "no starvation";
          liveness.merge(level + ", " + f + ": " + v, 1, Integer::sum);
          if (!sym.isEmpty()) {
            liveness.merge(level + sym + ": " + v, 1, Integer::sum);
          }
        }
      }
      if (noLockOrder && Differential.syscallAvailable()) {
        symmetric += new schedcheck.model.reference.ReferenceModel(Differential.parseSyscall(
            Differential.withoutLockOrder(spec.render(null, "random")), "random.yaml")).withSymmetry().groupSize() > 1 ? 1 : 0;
      }
      umcg += spec.usesUmcg() ? 1 : 0;
      v091 += spec.v091() ? 1 : 0;
      if (o.reduced()) {
        reduced++;
      }
      if (o.porReduced()) {
        porReduced++;
      }
      verdicts.merge("steps " + DifferentialTest.verdict(o.bfs()), 1, Integer::sum);
      if (o.syscall() != null) {
        verdicts.merge("syscall " + DifferentialTest.verdict(o.syscall()), 1, Integer::sum);
      }
      if (!o.agrees()) {
        disagree++;
        if (!KnownDisagreements.unexplained(o).isEmpty()) {
          unexplained++;
        }
        for (String full : o.disagreements()) {
          // the legitimate difference a classifier named (its text ends the brackets), by the end of its text
          if (full.endsWith("(legitimate)]")) {
            String k = full.substring(0, full.length() - 1);
            legitimate.merge("..." + k.substring(Math.max(k.lastIndexOf("[with ") + 6, k.length() - 90)), 1, Integer::sum);
          }
          // a steps/syscall category names the known findings it may come from in brackets:
          // counted under its base, explained or not
          String c = full.replaceFirst(" \\[with .*", "")
              + (KnownDisagreements.why(full) == null ? "  (unexplained)" : full.contains("[with ") ? "  (explained by a finding in the same scenario)" : "");
          int n = categories.merge(c, 1, Integer::sum);
          if (n <= 25) {
            String slug = c.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
            write(out.resolve(slug + "-" + n + ".yaml"), "# seed " + seed + ", scenario " + i + ": " + full + "\n" + o.report().replace("name: random", "name: " + slug + "-" + n));
          }
        }
      } else if (o.skipped() != null) {
        skipped++;
      } else {
        agree++;
      }
      if (run % 500 == 0) {
        System.out.printf("  %d scenarios, %d disagreements, %.1f scenarios/s%n", run, disagree,
            run / ((System.nanoTime() - t0) / 1e9));
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    StringBuilder b = new StringBuilder();
    b.append(String.format("differential campaign summary (seed %d, syscall level %s)%n", seed,
        Differential.syscallAvailable() ? "compared" : "not compared"));
    b.append(String.format("  scenarios run:  %d in %.0f s (%.1f/s)%n", run, secs, run / secs));
    if (clean) {
      b.append(String.format("  clean: %d generated scenarios left out because they touch a known finding%n", filtered));
    }
    if (umcgOnly) {
      b.append(String.format("  UMCG only: %d generated scenarios left out because no program uses UMCG%n", notUmcg));
    }
    if (proxyOnly) {
      b.append(String.format("  Proxy Execution only: %d generated scenarios left out (proxy off, or no mutex locked)%n", notProxy));
    }
    b.append(String.format("  agreements:     %d%n", agree));
    b.append(String.format("  UMCG:           %d scenarios, %d of them on umcg-v0.9.1%n", umcg, v091));
    if (noLockOrder) {
      b.append(String.format("  no lock-order: %d scenarios with a symmetry at syscall (searched reduced, compared)%n", symmetric));
    }
    b.append(String.format("  mover reduction: %d scenarios with fewer states than without it (all compared with it off)%n",
        reduced));
    b.append(String.format("  partial-order reduction: %d scenarios with fewer states than without it (all compared with it off)%n",
        porReduced));
    b.append(String.format("  skipped:        %d (a bound cut a search, nothing else disagreed)%n", skipped));
    b.append(String.format("  disagreements:  %d scenarios%n", disagree));
    categories.forEach((c, n) -> {
      String why = c.endsWith("(unexplained)") ? null : c.contains("(explained by") ? "see the brackets in the files"
          : KnownDisagreements.why(c);
      b.append(String.format("    %5d  %s%n           %s%n", n, c, why == null ? "NEW: no known finding explains it" : "known, " + why));
    });
    b.append(String.format("  scenarios with a disagreement no known finding explains: %d%n", unexplained));
    b.append("  legitimate differences named by a classifier (disagreements):\n");
    legitimate.forEach((c, n) -> b.append(String.format("    %5d  %s%n", n, c)));
    if (loops) {
      b.append("  looping scenarios, starvation at each level (complete searches; kind in brackets):\n");
      liveness.forEach((c, n) -> b.append(String.format("    %5d  %s%n", n, c)));
    }
    b.append("  verdicts:\n");
    verdicts.forEach((c, n) -> b.append(String.format("    %5d  %s%n", n, c)));
    b.append("  disagreeing scenarios (with both results) in ").append(out.toAbsolutePath()).append('\n');
    System.out.print(b);
    write(out.resolve("summary-seed-" + seed + ".txt"), b.toString());
  }

  private static void write(Path p, String text) {
    try {
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
