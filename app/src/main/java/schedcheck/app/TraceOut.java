package schedcheck.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import schedcheck.checker.Found;
import schedcheck.counterexamples.Trace;
import schedcheck.counterexamples.TraceFile;
import schedcheck.properties.Starvation;

/** {@code check --trace-out DIR}: every violation of a kernel-model run as a trace file. */
final class TraceOut {
  private TraceOut() {}

  /**
   * Writes {@code DIR/<scenario name>.<property>.trace.json} per violation found; returns the
   * files written (none for a holding run or at {@code kernel.detail: syscall}).
   */
  static List<Path> write(Path dir, Path file, CheckRun run) throws IOException {
    return write(dir, file, run, Starvation.Fairness.defaults());
  }

  /** As {@link #write(Path, Path, CheckRun)}, a lasso's file naming the fairness its loop was found under. */
  static List<Path> write(Path dir, Path file, CheckRun run, Starvation.Fairness fairness) throws IOException {
    List<Path> out = new ArrayList<>();
    if (run.model() == null || run.result().violations().isEmpty()) {
      return out;
    }
    Files.createDirectories(dir);
    byte[] bytes = Files.readAllBytes(file);
    ObjectMapper mapper = new ObjectMapper();
    List<Found> found = run.result().violations();
    for (int i = 0; i < found.size(); i++) {
      Found f = found.get(i);
      // a lasso replays on the model without its own bounds (its loop may take a tick the
      // preemption bound suppressed), as check shows it
      var model = f.isLasso() ? run.model().withoutOwnBounds() : run.model();
      Trace t = i == 0 && run.trace() != null ? run.trace() : Trace.replay(model, f.path());
      List<Trace> ws = new ArrayList<>();
      for (var p : f.witnessPaths()) {
        ws.add(Trace.replay(model, p));
      }
      ObjectNode doc = TraceFile.of(model, file.toString(), bytes, f.violation(), t, ws, f.loopStart());
      if (f.isLasso()) {
        doc.put("fairness", fairness.words());
      }
      Path target = dir.resolve(safe(run.scenario().name()) + "." + f.violation().property() + ".trace.json");
      Files.writeString(target, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
      out.add(target);
    }
    return out;
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
