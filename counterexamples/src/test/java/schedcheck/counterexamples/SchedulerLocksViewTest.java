package schedcheck.counterexamples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import schedcheck.checker.BreadthFirst;
import schedcheck.checker.Found;
import schedcheck.checker.Limits;
import schedcheck.checker.Progress;
import schedcheck.checker.SearchResult;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.scenario.ScenarioParser;
import schedcheck.properties.PropertySet;

/**
 * Issue 6 finding 6: locks a cpu's scheduler context holds (under proxy execution
 * __schedule and find_proxy_task run as the cpu's own steps) are shown in the timeline's
 * holds column, in the final state and in the JSON state; and a task waiting for itself
 * through its own mutex is a cycle in the blocked_on chains, not a handoff.
 */
class SchedulerLocksViewTest {
  static final String SCHED_CYCLE = """
      name: sched-context-cycle
      cpus: 3
      mutexes: [A]
      tasks:
        owner:
          cpu: 1
          affinity: [1]
          program: |
            lock A
            work
            unlock A
        waiter:
          cpu: 0
          affinity: [0]
          program: |
            lock A
            unlock A
        t1:
          cpu: 2
          affinity: [2]
          program: |
            spin_lock wait_lock(A)
            spin_lock rq_lock(0)
            spin_unlock rq_lock(0)
            spin_unlock wait_lock(A)
      check: [deadlock]
      """;

  static Found violation(KernelModel model) {
    SearchResult r = new BreadthFirst().run(model, PropertySet.of(model, model.scenario().check()).forSearch(),
        Limits.none(), Progress.NONE);
    return r.firstViolation();
  }

  @Test
  void theSchedulerContextsLocksAreShown() throws Exception {
    KernelModel model = new KernelModel(ScenarioParser.parse(SCHED_CYCLE, "sched.yaml"));
    Found f = violation(model);
    assertEquals("cycle", f.violation().kind(), f.violation().message());
    Trace trace = Trace.replay(model, f.path());
    String text = new TimelineRenderer().render(model, f);
    assertTrue(text.contains("[cpu0 holds rq_lock(0)]"), text);
    String fin = new TimelineRenderer().finalState(model, trace.last());
    assertTrue(fin.matches("(?s).*scheduler: __schedule \\w+ > find_proxy_task F2  \\(next step\\).*"), fin);
    assertTrue(fin.contains("holds rq_lock(0)"), fin);
    assertTrue(fin.contains("spinning on wait_lock(A) (held by t1)"), fin);
    assertTrue(fin.contains("spinning on rq_lock(0) (held by cpu0)"), fin);
    JsonNode cpu0 = StateJson.of(model, trace.last()).get("cpus").get(0);
    assertEquals("rq_lock(0)", cpu0.get("locks").get(0).asText(), cpu0.toString());
    assertTrue(cpu0.get("scheduler").size() >= 2, cpu0.toString());
  }

  @Test
  void aSelfWaitIsACycleInTheBlockedOnChains() throws Exception {
    KernelModel model = new KernelModel(ScenarioParser.parse("""
        name: rec
        cpus: 1
        kernel: {proxy: false}
        mutexes: [A]
        tasks:
          t1:
            program: |
              lock A
              lock A
        """, "rec.yaml"));
    Found f = violation(model);
    Trace trace = Trace.replay(model, f.path());
    assertEquals(List.of("t1 -> A -> t1 (cycle)"), BlockedChains.of(trace.last()));
  }
}
