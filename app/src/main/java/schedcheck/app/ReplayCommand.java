package schedcheck.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import schedcheck.checker.Violation;
import schedcheck.counterexamples.Names;
import schedcheck.counterexamples.Trace;
import schedcheck.counterexamples.TraceFile;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.properties.KernelProperty;
import schedcheck.properties.PropertySet;
import schedcheck.properties.Starvation;

/**
 * {@code schedcheck replay TRACE.json}: re-runs a saved counterexample against its scenario
 * and prints each step with only what it changed. Exit 1 when it still shows its violation;
 * 2 when it does not replay: not a trace file, the scenario missing or edited since (its
 * SHA-256 differs), a step the model no longer takes, or a violation it no longer shows.
 * A lasso (the document has {@code loop_start}) replays on the model without its own bounds;
 * its loop must return to the state after step {@code loop_start} and still be a fair bad
 * loop under the recorded {@code fairness}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay a trace file written by 'check --trace-out DIR' against its scenario.")
final class ReplayCommand implements Callable<Integer> {

  @Parameters(arity = "1", paramLabel = "TRACE", description = "A trace file (.trace.json).")
  Path traceFile;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A replay that cannot go on: the message says why (exit 2). */
  static final class Failed extends Exception {
    Failed(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      replay(out);
      return Main.VIOLATED;
    } catch (Failed e) {
      out.flush();
      err.println(traceFile + ": " + e.getMessage());
      return Main.BAD_INPUT;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private void replay(PrintWriter out) throws Failed {
    JsonNode doc = read();
    Path scenarioPath = scenarioPath(doc.path("scenario").path("file").asText());
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(scenarioPath);
    } catch (IOException e) {
      throw new Failed("cannot read the scenario " + scenarioPath + ": " + e.getMessage());
    }
    String want = doc.path("scenario").path("sha256").asText();
    String have = TraceFile.sha256(bytes);
    if (!want.equals(have)) {
      throw new Failed("the scenario " + scenarioPath + " was edited since this trace was written (sha256 "
          + abbrev(want) + " when written, " + abbrev(have) + " now); the trace may not mean the same any more:"
          + " check the file again with 'schedcheck check --trace-out DIR " + scenarioPath + "'");
    }
    Scenario sc;
    try {
      sc = Checking.load(scenarioPath);
    } catch (ScenarioException e) {
      throw new Failed("the scenario does not parse: " + e.getMessage());
    } catch (IOException e) {
      throw new Failed("cannot read the scenario " + scenarioPath + ": " + e.getMessage());
    }
    if (sc.kernel().detail() != Scenario.Detail.STEPS) {
      throw new Failed("the scenario is checked at kernel.detail: syscall; trace files are for the kernel's steps");
    }
    int loopStart = doc.has("loop_start") ? doc.path("loop_start").asInt(-1) : -1;
    if (doc.has("loop_start") && (!doc.path("loop_start").canConvertToInt() || loopStart < 0)) {
      throw new Failed("loop_start " + doc.path("loop_start") + " is not a step number");
    }
    // a lasso replays on the model without its own bounds, as check found and showed it
    KernelModel model = loopStart >= 0 ? new KernelModel(sc).withoutOwnBounds() : new KernelModel(sc);
    String property = doc.path("violation").path("property").asText();
    String kind = doc.path("violation").path("kind").asText();
    if (loopStart >= 0) {
      replayLasso(out, doc, sc, scenarioPath, model, property, kind, loopStart);
      return;
    }
    KernelProperty prop = PropertySet.of(model, sc.check()).checked().stream()
        .filter(p -> p.name().equals(property)).findFirst()
        .orElseThrow(() -> new Failed("the scenario does not check " + property + " (any more)"));

    List<Trace> witnesses = new ArrayList<>();
    for (JsonNode w : doc.path("witnesses")) {
      witnesses.add(replayExecution(model, w, "witness " + (witnesses.size() + 1)));
    }
    Trace trace = replayExecution(model, doc.path("execution"), "the execution");
    Violation v = Checking.Replays.violationAcross(model, prop, witnesses, trace);
    if (v == null || !v.kind().equals(kind)) {
      throw new Failed("the model no longer reproduces it: the replayed execution shows "
          + (v == null ? "no violation of " + property : property + " (" + v.kind() + ")") + ", not " + property
          + " (" + kind + "); the model changed since the trace was written");
    }

    out.println("replaying " + traceFile + ": scenario " + sc.name() + " (" + scenarioPath + ", unchanged), "
        + trace.length() + " steps" + (witnesses.isEmpty() ? "" : ", after " + witnesses.size() + " witness execution(s)"));
    out.println();
    var layout = model.layout();
    for (int i = 0; i < trace.length(); i++) {
      StepInfo s = trace.steps().get(i).step();
      out.println((i + 1) + ". cpu" + s.cpu() + " " + Names.task(layout, s.task()) + " " + s.text()
          + (s.note().isEmpty() ? "" : "  -> " + s.note()));
      for (String c : TraceFile.changes(model, trace.before(i), trace.steps().get(i).after())) {
        out.println("     " + c);
      }
    }
    out.println();
    out.println("reproduced: violated: " + v.property() + (v.kind().isEmpty() ? "" : " (" + v.kind() + ")") + ": "
        + v.message());
  }

  /**
   * A lasso: replays prefix and loop, then checks that the loop ends in the state it started
   * from (the state after step {@code loopStart}), so that it repeats for ever.
   */
  private void replayLasso(PrintWriter out, JsonNode doc, Scenario sc, Path scenarioPath, KernelModel model,
      String property, String kind, int k) throws Failed {
    if (!sc.check().contains(property)) {
      throw new Failed("the scenario does not check " + property + " (any more)");
    }
    Trace trace = replayExecution(model, doc.path("execution"), "the execution");
    int n = trace.length();
    if (k >= n) {
      throw new Failed("loop_start " + k + " leaves no loop: the execution has " + n + " steps");
    }
    KState entry = trace.before(k);
    KState end = trace.last();
    if (model.unboundedFingerprint(entry) != model.unboundedFingerprint(end)) {
      List<String> diff = TraceFile.changes(model, entry, end);
      throw new Failed("the loop no longer repeats: steps " + (k + 1) + ".." + n + " end in a state other than"
          + " the one after step " + k + (k == 0 ? " (the initial state)" : "") + " ("
          + String.join("; ", diff.subList(0, Math.min(3, diff.size()))) + (diff.size() > 3 ? "; ..." : "")
          + "): this is no lasso any more; the model or the trace changed since it was written");
    }
    out.println("replaying " + traceFile + ": scenario " + sc.name() + " (" + scenarioPath + ", unchanged), "
        + n + " steps: a lasso (prefix: steps 1.." + k + ", loop: steps " + (k + 1) + ".." + n + ")");
    out.println();
    var layout = model.layout();
    for (int i = 0; i < n; i++) {
      if (i == k) {
        out.println("---- loop: steps " + (k + 1) + ".." + n + " ----");
      }
      StepInfo s = trace.steps().get(i).step();
      out.println((i + 1) + ". cpu" + s.cpu() + " " + Names.task(layout, s.task()) + " " + s.text()
          + (s.note().isEmpty() ? "" : "  -> " + s.note()));
      for (String c : TraceFile.changes(model, trace.before(i), trace.steps().get(i).after())) {
        out.println("     " + c);
      }
    }
    out.println();
    out.println("loop: steps " + (k + 1) + ".." + n + " return to the state after step " + k
        + (k == 0 ? " (the initial state)" : "") + ": repeats for ever");
    Violation v = badLoop(doc, sc, model, trace, k, property, kind);
    out.println("reproduced: violated: " + v.property() + (v.kind().isEmpty() ? "" : " (" + v.kind() + ")") + ": "
        + v.message());
  }

  /**
   * The liveness violation the loop of a replayed lasso shows, as the liveness pass judges a
   * cycle: fair (under the trace's fairness, every weakly fair class enabled in all of its
   * states and every strongly fair class enabled in one is served by one of its steps) and bad
   * for some goal (a state marked for it, no step making progress on it).
   */
  private static Violation badLoop(JsonNode doc, Scenario sc, KernelModel model, Trace trace, int k, String property,
      String kind) throws Failed {
    Starvation.Fairness fairness;
    try {
      fairness = Starvation.Fairness.parse(doc.path("fairness").asText("sched,lock"));
    } catch (IllegalArgumentException e) {
      throw new Failed("fairness: " + e.getMessage());
    }
    Starvation live = PropertySet.liveness(model, sc.check(), fairness);
    if (live == null) {
      throw new Failed("the scenario checks neither starvation nor lost-wakeup (any more)");
    }
    int n = trace.length();
    List<KState> states = new ArrayList<>();
    List<StepInfo> actions = new ArrayList<>();
    long served = 0;
    long always = -1L;
    long some = 0;
    int marked = 0;
    int progress = 0;
    for (int i = k; i < n; i++) {
      KState s = trace.before(i);
      KState next = trace.steps().get(i).after();
      StepInfo a = trace.steps().get(i).step();
      states.add(s);
      actions.add(a);
      served |= live.serves(s, a, next);
      progress |= live.edgeGoals(s, a, next);
      marked |= live.stateGoals(s);
      long[] out = {0};
      model.successors(s, new schedcheck.checker.Successors<KState, StepInfo>() {
        @Override
        public void next(StepInfo action, KState to) {
          out[0] |= live.serves(s, action, to);
        }

        @Override
        public void cut(String bound) {}
      });
      long enabled = live.enabled(s, out[0]);
      always &= enabled;
      some |= enabled;
    }
    states.add(trace.last());
    long strong = live.strongClasses();
    long unserved = ((always & ~strong) | (some & strong)) & ~served;
    String why = "the loop is no " + property + " (" + kind + ") any more: ";
    if (unserved != 0) {
      throw new Failed(why + "it is not fair under fairness " + fairness.words()
          + " (a class it keeps enabled is never served); the model or the trace changed since it was written");
    }
    Violation other = null;
    for (int g = 0; g < live.goals(); g++) {
      if ((marked & (1 << g)) == 0 || (progress & (1 << g)) != 0) {
        continue;
      }
      Violation v = live.describe(g, states, actions);
      if (v != null && v.property().equals(property) && v.kind().equals(kind)) {
        return v;
      }
      if (v != null && other == null) {
        other = v;
      }
    }
    throw new Failed(why + (other == null ? "the liveness check finds no violation on it"
        : "it shows " + other.property() + " (" + other.kind() + ")") + "; the model or the trace changed since it was written");
  }

  private Trace replayExecution(KernelModel model, JsonNode execution, String what) throws Failed {
    List<StepInfo> steps;
    try {
      steps = TraceFile.schedule(model, execution);
    } catch (IllegalArgumentException e) {
      throw new Failed(what + ": " + e.getMessage());
    }
    int initial = execution.path("initial").asInt(-1);
    if (initial < 0 || initial >= model.initialStates().size()) {
      throw new Failed(what + " starts in initial state #" + initial + ", but the scenario has "
          + model.initialStates().size() + "; the model changed since the trace was written");
    }
    Trace t = Trace.replayByIdentity(model, initial, steps);
    if (t != null) {
      return t;
    }
    // find the first step that no longer replays, for the message
    for (int k = 1; k <= steps.size(); k++) {
      if (Trace.replayByIdentity(model, initial, steps.subList(0, k)) == null) {
        StepInfo s = steps.get(k - 1);
        throw new Failed(what + ": step " + k + " (cpu" + s.cpu() + " " + Names.task(model.layout(), s.task()) + " "
            + s.text() + ") is no longer possible there: the model no longer reproduces this trace");
      }
    }
    throw new Failed(what + " does not replay");
  }

  private JsonNode read() throws Failed {
    String text;
    try {
      text = Files.readString(traceFile);
    } catch (IOException e) {
      throw new Failed("cannot read: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
    }
    JsonNode doc;
    try {
      doc = new ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      String where = l == null ? "" : l.getLineNr() + ":" + l.getColumnNr() + ": ";
      throw new Failed(where + "not JSON: " + e.getOriginalMessage());
    }
    if (doc == null || !doc.isObject() || !TraceFile.SCHEMA.equals(doc.path("schema").asText())) {
      throw new Failed("not a schedcheck trace file (no \"schema\": \"" + TraceFile.SCHEMA + "\")");
    }
    if (doc.path("version").asInt(-1) != TraceFile.VERSION) {
      throw new Failed("trace file version " + doc.path("version") + ", but this schedcheck reads version "
          + TraceFile.VERSION);
    }
    return doc;
  }

  /** The scenario as named in the trace: as given, else relative to the trace file's directory. */
  private Path scenarioPath(String name) throws Failed {
    if (name.isEmpty()) {
      throw new Failed("the trace names no scenario file");
    }
    Path p = Path.of(name);
    if (Files.isRegularFile(p)) {
      return p;
    }
    Path dir = traceFile.toAbsolutePath().getParent();
    if (!p.isAbsolute() && dir != null && Files.isRegularFile(dir.resolve(p))) {
      return dir.resolve(p);
    }
    throw new Failed("the scenario " + name + " is not there (neither as given nor next to the trace file)");
  }

  private static String abbrev(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
