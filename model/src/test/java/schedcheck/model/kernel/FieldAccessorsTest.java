package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The typed task-field accessors of {@link Work} store exactly the encoding the state always
 * had (fingerprints and state counts rest on it) and read back what was written.
 */
class FieldAccessorsTest {

  @Test
  void accessorsKeepTheStateEncoding() throws Exception {
    Layout l = new Layout(SymmetryTest.load("examples/swap-ping-pong.yaml"));
    Work w = new Work(l, new int[l.size]);
    int t = 1;
    int u = 0;

    w.setFutexWord(t, 0);
    assertEquals(1, w.v[l.task(t, Layout.T_FQ_WORD)]);
    assertEquals(0, w.futexWord(t));
    w.setFutexWord(t, -1);
    assertEquals(0, w.v[l.task(t, Layout.T_FQ_WORD)]);
    assertEquals(-1, w.futexWord(t));

    w.setFutexLockPtr(t, true);
    assertEquals(1, w.v[l.task(t, Layout.T_FQ_LOCK_PTR)]);
    assertTrue(w.futexLockPtr(t));
    w.setFutexLockPtr(t, false);
    assertFalse(w.futexLockPtr(t));

    w.setWakeCpu(t, 1);
    assertEquals(1, w.v[l.task(t, Layout.T_WAKE_CPU)]);
    assertEquals(1, w.wakeCpu(t));

    // wake_q: 0 not queued, 1 the tail, next + 2
    assertFalse(w.onWakeQ(t));
    w.setWakeQNext(t, -1);
    assertEquals(Layout.WAKE_Q_TAIL, w.v[l.task(t, Layout.T_WAKE_Q_NEXT)]);
    assertTrue(w.onWakeQ(t));
    assertEquals(-1, w.wakeQNext(t));
    w.setWakeQNext(u, t);
    assertEquals(t + 2, w.v[l.task(u, Layout.T_WAKE_Q_NEXT)]);
    assertEquals(t, w.wakeQNext(u));
    w.clearWakeQ(t);
    assertEquals(0, w.v[l.task(t, Layout.T_WAKE_Q_NEXT)]);
    assertFalse(w.onWakeQ(t));

    w.setFlag(t, Layout.FLAG_CRITICAL, true);
    w.setFlag(t, Layout.FLAG_SIGPENDING, true);
    assertEquals(Layout.FLAG_CRITICAL | Layout.FLAG_SIGPENDING, w.flags(t));
    w.clearFlags(t);
    assertEquals(0, w.v[l.task(t, Layout.T_FLAGS)]);
  }

  @Test
  void findProxyResultsAreDistinct() {
    for (int p = 0; p < 30; p++) {
      assertTrue(Proxy.found(p) != Proxy.NONE && Proxy.found(p) != Proxy.IDLE);
      assertEquals(p, Proxy.foundTask(Proxy.found(p)));
    }
  }
}
