package schedcheck.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import schedcheck.model.kernel.Variants;
import schedcheck.model.scenario.Scenario;

/**
 * What a {@code holds} rests on: sequentially consistent memory, the kernel detail level and
 * version, the bounds it ran under, and the chance that a fingerprint collision hid a state.
 */
final class Assumptions {
  private Assumptions() {}

  /**
   * An upper bound on the probability that two of {@code n} distinct states share a 64-bit
   * fingerprint (so that one was never explored): n(n-1)/2 pairs, each colliding with
   * probability 2^-64, at most n^2 / 2^65 (the birthday bound; it assumes the hash spreads
   * states uniformly).
   */
  static double collisionProbability(long n) {
    double p = (double) n * (double) n / Math.pow(2, 65);
    return Math.min(1.0, p);
  }

  /**
   * One line, e.g. {@code rests on: sequentially consistent memory; kernel detail steps, proxy
   * pe-v7.2; bounds none; fingerprint collision probability <= 6.3e-16}.
   */
  static String text(CheckRun run) {
    return "rests on: sequentially consistent memory; kernel " + kernel(run.scenario()) + "; bounds "
        + bounds(run.scenario()) + "; fingerprint collision probability <= "
        + format(collisionProbability(run.result().states()));
  }

  static ObjectNode json(CheckRun run) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    Scenario sc = run.scenario();
    o.put("memory", "sequentially consistent");
    o.put("detail", sc.kernel().detail().word());
    o.put("kernel", kernel(sc));
    o.put("bounds", bounds(sc));
    o.put("fingerprint_bits", 64);
    o.put("fingerprint_collision_probability", collisionProbability(run.result().states()));
    o.put("text", text(run));
    return o;
  }

  static String format(double p) {
    return p == 0 ? "0" : String.format(Locale.ROOT, "%.1e", p);
  }

  private static String kernel(Scenario sc) {
    Scenario.Kernel k = sc.kernel();
    String detail = "detail " + k.detail().word();  // e.g. "detail steps, proxy pe-v7.2, futex-f1-..."
    if (k.detail() == Scenario.Detail.SYSCALL) {
      return detail + " (each system call one atomic step, the kernel assumed correct), proxy "
          + (k.proxy() ? "on (donation)" : "off")
          + k.variants().stream().filter(Variants::isUmcgVersion).map(v -> ", " + v).collect(java.util.stream.Collectors.joining());
    }
    List<String> parts = new ArrayList<>();
    if (!k.proxy()) {
      parts.add("proxy off");
    } else {
      String version = Variants.PE_V7_2.name();
      for (var v : Variants.PE_VERSIONS) {
        if (k.variants().contains(v.name())) {
          version = v.name();
        }
      }
      parts.add("proxy " + version);
    }
    for (String v : k.variants()) {
      if (!v.startsWith("pe-v")) {
        parts.add(v);
      }
    }
    return detail + ", " + String.join(", ", parts);
  }

  private static String bounds(Scenario sc) {
    Scenario.Bounds b = sc.bounds();
    List<String> parts = new ArrayList<>();
    if (b.preemptions() >= 0) {
      parts.add("preemptions " + b.preemptions());
    }
    if (b.depth() >= 0) {
      parts.add("depth " + b.depth());
    }
    if (b.states() >= 0) {
      parts.add("states " + b.states());
    }
    if (b.time() != null) {
      parts.add("time " + b.time());
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts) + " (they cut nothing)";
  }
}
