package schedcheck.app;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import schedcheck.model.kernel.Variant;
import schedcheck.model.kernel.Variants;
import schedcheck.model.scenario.Scenario;
import schedcheck.properties.PropertyRegistry;

/** {@code schedcheck list variants|properties}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List kernel variants or properties.")
final class ListCommand implements Callable<Integer> {

  @Parameters(paramLabel = "WHAT", description = "variants or properties")
  String what;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    switch (what) {
      case "variants" -> {
        int w = Variants.all().stream().mapToInt(v -> v.name().length()).max().orElse(10);
        for (Variant v : Variants.all()) {
          String bug = v.reproduces().isEmpty() ? "" : "  [known-bugs " + v.reproduces() + "]";
          out.printf("%-" + w + "s  %s%s%s%n", v.name(), v.summary(), bug, appliesTo(v));
          for (Variants.StepSource src : Variants.sources(v)) {
            out.printf("%-" + w + "s    %s %s%n%-" + w + "s        source: %s%n", "",
                src.reconstruction() ? "RECONSTRUCTED" : "merged       ", src.steps(), "", src.source());
          }
        }
      }
      case "properties" -> {
        for (String p : Scenario.PROPERTIES) {
          out.println(p + (PropertyRegistry.supported(p) ? "" : "  (not supported yet)"));
        }
      }
      default -> {
        spec.commandLine().getErr().println("schedcheck: list what? 'variants' or 'properties', not '" + what + "'");
        return Main.BAD_INPUT;
      }
    }
    return Main.HOLDS;
  }

  /** Which kernels a variant can be combined with (the scenario parser enforces it). */
  static String appliesTo(Variant v) {
    if (Variants.isVersion(v)) {
      return "  [needs proxy: true]";
    }
    if (Variants.isUmcgVersion(v.name())) {
      return "  [UMCG version (default: PeterZ's rework, Jan 2022); needs a program that uses UMCG; also at detail: syscall]";
    }
    var versions = Variants.versionsFor(v);
    if (versions.isEmpty()) {
      return "  [any version, proxy on or off]";
    }
    if (versions.equals(Variants.PE_VERSIONS)) {
      return "  [needs proxy: true; every version]";
    }
    return "  [needs proxy: true and " + String.join(" or ", versions.stream().map(Variant::name).toList()) + "]";
  }
}
