package schedcheck.counterexamples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import schedcheck.checker.Found;
import schedcheck.checker.Path;
import schedcheck.checker.Violation;
import schedcheck.checker.Witness;
import schedcheck.model.kernel.KernelModel;

class TimelineRendererTest {
  static final Violation LOST = Violation.of("lost-wakeup", "",
      "t2 sleeps on w waiting for w == 0, but w = 1 and no task is left to wake it");

  private final KernelModel model = new KernelModel(Fixtures.f1());
  private final Fixtures.Stuck stuck = Fixtures.findStuck(model);

  private String render() {
    return new TimelineRenderer().render(model, Trace.replay(model, stuck.path()), LOST);
  }

  @Test
  void showsTheInterleaving() {
    String text = render();
    assertTrue(text.startsWith("violated: lost-wakeup\n"), text);
    assertTrue(text.contains("cpu0"));
    assertTrue(text.contains("cpu1"));
    assertTrue(text.contains("t2 futex_wait W3: set_current_state(TASK_INTERRUPTIBLE); futex_queue"), text);
    assertTrue(text.contains("futex_wake K5"), text);
    assertTrue(text.contains("-> t2 sleeps"), text);
    assertTrue(text.contains("[holds hb(w).lock]"), text);
    assertTrue(text.contains("why: " + LOST.message()), text);
  }

  @Test
  void stepsSitInTheirCpusColumn() {
    String[] lines = render().split("\n");
    String header = Arrays.stream(lines).filter(l -> l.startsWith(" #")).findFirst().orElseThrow();
    int col1 = header.indexOf("cpu1");
    String w3 = Arrays.stream(lines).filter(l -> l.contains("futex_wait W3")).findFirst().orElseThrow();
    assertEquals(col1, w3.indexOf("t2 futex_wait W3"), "t2 ran on cpu1");
    String k5 = Arrays.stream(lines).filter(l -> l.contains("futex_wake K5")).findFirst().orElseThrow();
    assertTrue(k5.indexOf("t1 futex_wake K5") < col1, "t1 ran on cpu0");
  }

  @Test
  void showsTheFinalState() {
    String text = render();
    String fin = text.substring(text.indexOf("final state"));
    assertTrue(fin.contains("  t2: INTERRUPTIBLE, on_rq=0"), fin);
    assertTrue(fin.contains("waiting on w: went to sleep on w == 0, now w = 1"), fin);
    assertTrue(fin.contains("futex_q still queued on hb(w)"), fin);
    assertTrue(fin.contains("  t1: DEAD(exited)"), fin);
    assertTrue(fin.contains("  memory: w = 1"), fin);
    assertTrue(fin.contains("  cpu0: curr idle, rq []"), fin);
    assertTrue(fin.contains("futex bucket hb(w): waiters = 1, chain [t2]"), fin);
    assertTrue(fin.contains("locks held: none"), fin);
  }

  @Test
  void linesStayShort() {
    for (String line : render().split("\n")) {
      assertTrue(line.length() < 160, line.length() + ": " + line);
    }
    String narrow = new TimelineRenderer(80).table(model, Trace.replay(model, stuck.path()));
    for (String line : narrow.split("\n")) {
      assertTrue(line.length() <= 80, line.length() + ": " + line);
    }
    assertTrue(narrow.contains("-> t2 sleeps"), narrow);
  }

  @Test
  void rendersWitnesses() {
    Path prefix = new Path(stuck.path().initial(), Arrays.copyOf(stuck.path().steps(), 4));
    Violation v = new Violation("lock-order", "cycle", "hb(w).lock -> rq_lock(1) -> hb(w).lock",
        List.of(new Witness("hb(w).lock -> rq_lock(1)", 0, 0)));
    Found found = new Found(v, stuck.path(), List.of(prefix));
    String text = new TimelineRenderer().render(model, found);
    assertTrue(text.startsWith("violated: lock-order (cycle)\n"), text);
    assertTrue(text.contains("witness 1/1: hb(w).lock -> rq_lock(1)"), text);
    String w = text.substring(text.indexOf("witness 1/1"));
    // heading, column header, rule, then the witness's 4 steps
    String[] lines = w.split("\n");
    assertEquals(3 + 4, lines.length, w);
    assertTrue(lines[6].startsWith("4 |"), w);
  }

  @Test
  void showsASpinningTask() {
    Fixtures.Stuck spin = Fixtures.findFirst(model, s -> model.spinningOn(s, 1) >= 0);
    Trace t = Trace.replay(model, spin.path());
    String fin = new TimelineRenderer().finalState(model, t.last());
    assertTrue(fin.contains("spinning on hb(w).lock (held by t1)"), fin);
    assertTrue(fin.contains("locks held: hb(w).lock by t1"), fin);
    assertEquals("hb(w).lock", StateJson.of(model, t.last()).get("tasks").get(1).get("spinning_on").asText());
  }
}
