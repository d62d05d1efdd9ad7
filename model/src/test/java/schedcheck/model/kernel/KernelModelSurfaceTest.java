package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import schedcheck.checker.Model;

/**
 * Issue 12 part 1 (duplicates D8): the model, the user-space interpreter and the queries are
 * separate, and a property or a view asks its questions of {@link KernelModel#queries()}, never
 * of the model. These tests fail if a query (or a method handing on to one) comes back to
 * {@link KernelModel}, and if its public surface grows beyond what the checker, the
 * reductions and the guard need without someone saying why here.
 */
class KernelModelSurfaceTest {

  /**
   * KernelModel's public methods that are not the checker's {@link Model} interface, each with
   * why it is on the model. A new one is added here with its reason, or (a question about a
   * state) goes to {@link KernelQueries} instead.
   */
  private static final Map<String, String> OWN = Map.ofEntries(
      Map.entry("scenario", "what the model is built from"),
      Map.entry("layout", "the state encoding: names and offsets properties and views read states with"),
      Map.entry("kernel", "the kernel functions and step table the model runs (views, lock classes)"),
      Map.entry("queries", "the questions properties and views ask of states"),
      Map.entry("withSymmetry", "symmetry reduction: a differently fingerprinting copy of the model"),
      Map.entry("symmetry", "symmetry reduction in force, or null"),
      Map.entry("reduction", "the reductions in force"),
      Map.entry("observing", "mover reduction: states the properties flag stay stored"),
      Map.entry("observingEach", "mover reduction, per copy of the model"),
      Map.entry("mergedSteps", "mover reduction: how many steps it merged"),
      Map.entry("porApplies", "partial-order reduction: whether the scenario qualifies (the report and the rerun ask)"),
      Map.entry("kernelPorApplies", "partial-order reduction: whether it reduces kernel steps here too (tests ask)"),
      Map.entry("withUnsoundPor", "test-only: a deliberately unsound POR, to show the proviso and visibility matter"),
      Map.entry("guardOf", "the model's own enabling condition (successors spins on it), run in its scratch context"),
      Map.entry("spinningOn", "guardOf of the task's next step, held: needs the model's scratch context too"));

  private static Set<String> names(Class<?> c, boolean publicOnly) {
    return Arrays.stream(c.getDeclaredMethods())
        .filter(m -> !m.isSynthetic() && !m.isBridge())
        .filter(m -> !publicOnly || Modifier.isPublic(m.getModifiers()))
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void kernelModelDeclaresNoQuery() {
    Set<String> model = names(KernelModel.class, false);
    Set<String> clash = new TreeSet<>();
    for (Class<?> q : List.of(KernelQueries.class, UmcgQueries.class)) {
      for (String n : names(q, true)) {
        if (model.contains(n)) {
          clash.add(q.getSimpleName() + "." + n);
        }
      }
    }
    assertEquals(Set.of(), clash,
        "KernelModel declares methods of the queries' names: ask model.queries() instead (docs/model-core.md)");
  }

  @Test
  void kernelModelHandsNothingOnToTheQueries() throws Exception {
    String src = Files.readString(Path.of("src/main/java/schedcheck/model/kernel/KernelModel.java"));
    List<String> calls = new ArrayList<>();
    Matcher m = Pattern.compile("\\bqueries\\s*(\\(\\s*\\))?\\s*\\.\\s*(\\w+)\\s*\\(").matcher(src);
    while (m.find()) {
      calls.add(m.group());
    }
    assertEquals(List.of(), calls, "KernelModel calls into its KernelQueries (a pass-through under another name?)");
    // The scan sees the field: it is there, built once, handed out by queries() only.
    assertTrue(src.contains("this.queries = new KernelQueries(layout, kernel);"), "the scan no longer matches KernelModel");
  }

  @Test
  void kernelModelsPublicSurfaceIsTheCheckersModelAndItsOwnList() {
    Set<String> checker = Arrays.stream(Model.class.getMethods()).map(Method::getName).collect(Collectors.toSet());
    // the checker's interface of symmetric models (the liveness pass on the quotient) is the checker's too
    Arrays.stream(schedcheck.checker.Symmetric.class.getMethods()).map(Method::getName).forEach(checker::add);
    Set<String> extra = new TreeSet<>(names(KernelModel.class, true));
    extra.removeAll(checker);
    assertEquals(new TreeSet<>(OWN.keySet()), extra,
        "KernelModel's public methods beyond checker.Model: add a new one to OWN with why it is on the model,"
            + " or put a question about states in KernelQueries");
  }
}
