package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM during a check (issue 6, finding 7), on a real {@code java} process:
 * the file in progress ends with its partial result ({@code incomplete}, cut {@code
 * interrupted}, the states so far, any violation already found with its trace), the files
 * not started are listed as not checked, and the exit status is the shell's 128 + signal
 * (130 for SIGINT, 143 for SIGTERM).
 */
class InterruptTest {

  /** The futex token ring at N = 4 with no bound: tens of millions of states. */
  static String ring(String extraTask, String check) {
    StringBuilder b = new StringBuilder("name: ring4\ncpus: 5\nkernel:\n  proxy: false\nmemory:\n"
        + "  f0: 1\n  f1: 0\n  f2: 0\n  f3: 0\ntasks:\n");
    for (int i = 0; i < 4; i++) {
      int next = (i + 1) % 4;
      b.append("  t").append(i).append(":\n    cpu: ").append(i).append("\n    program: |\n")
          .append("      loop:\n      r = xchg f").append(i).append(" 0\n      if r != 1 goto wait\n")
          .append("      store f").append(next).append(" 1\n      r = futex_wake f").append(next).append(" 1\n")
          .append("      wait:\n      r = futex_wait f").append(i).append(" 0\n      goto loop\n");
    }
    b.append(extraTask);
    b.append("check: ").append(check).append("\n");
    return b.toString();
  }

  static final class Running {
    final Process p;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    final List<Thread> pumps = new ArrayList<>();

    Running(Process p) {
      this.p = p;
      pumps.add(pump(p.getInputStream(), out));
      pumps.add(pump(p.getErrorStream(), err));
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[8192];
        try {
          for (int n; (n = in.read(buf)) >= 0; ) {
            synchronized (to) {
              to.write(buf, 0, n);
            }
          }
        } catch (IOException ignored) {
          // the process ended
        }
      });
      t.setDaemon(true);
      t.start();
      return t;
    }

    String out() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }

    String err() {
      synchronized (err) {
        return err.toString(StandardCharsets.UTF_8);
      }
    }

    /** Waits until stdout contains {@code s}, then a little longer so the next file is under way. */
    void awaitOut(String s) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!out().contains(s)) {
        assertTrue(p.isAlive(), "ended early: " + out() + err());
        assertTrue(System.nanoTime() < end, "never printed '" + s + "': " + out() + err());
        Thread.sleep(50);
      }
      Thread.sleep(1500);
      assertTrue(p.isAlive(), "the long file ended by itself: " + out() + err());
    }

    int finish() throws InterruptedException {
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "did not end after the signal: " + out() + err());
      for (Thread t : pumps) {
        t.join(10_000); // everything the process wrote
      }
      return p.exitValue();
    }
  }

  static Running start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xss16m");
    cmd.add("-Xmx768m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return new Running(new ProcessBuilder(cmd).start());
  }

  /** Whether this JVM (and so its children) ignores SIGINT, as a background job of a shell without job control does. */
  static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String l : Files.readAllLines(status)) {
      if (l.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(l.substring(7).trim(), 16) & 2) != 0;
      }
    }
    return false;
  }

  static void signal(Process p, String sig) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start();
    assertEquals(0, kill.waitFor());
  }

  @Test
  void sigintReportsTheFileInProgressAndListsTheRest(@TempDir Path dir) throws Exception {
    assumeFalse(sigintIgnored(), "SIGINT is ignored in this process tree (a background job): cannot test it");
    Path ring = dir.resolve("ring.yaml");
    Files.writeString(ring, ring("", "[lost-wakeup, deadlock]"));
    Running r = start("check", "../examples/futex-wait-wake.yaml", ring.toString(), "../examples/swap-ping-pong.yaml");
    r.awaitOut("futex-wait-wake.yaml: holds");
    signal(r.p, "INT");
    assertEquals(130, r.finish(), r.out() + r.err());
    String out = r.out();
    assertTrue(out.contains(ring + ": incomplete"), out);
    assertTrue(out.contains("bound 'interrupted' cut the search: interrupted (SIGINT or SIGTERM) with "), out);
    assertTrue(out.matches("(?s).*ring\\.yaml: incomplete\\s+[0-9,]+ states.*"), out);
    assertTrue(out.contains("no violation found, but the search was not complete"), out);
    assertTrue(out.contains("interrupted: not checked: ../examples/swap-ping-pong.yaml"), out);
    assertFalse(out.contains("swap-ping-pong.yaml: holds"), out);
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void sigtermKeepsAViolationAlreadyFoundWithItsTrace(@TempDir Path dir) throws Exception {
    // with --explore-all the search goes on after t4's failed assert; SIGTERM
    // ends it: the violation is reported with its trace, in the JSON too
    Path ring = dir.resolve("ring.yaml");
    Files.writeString(ring, ring("  t4:\n    cpu: 4\n    program: |\n      r = load f1\n      assert r == 7\n",
        "[lost-wakeup, deadlock, assertions]"));
    Running r = start("check", "--json", "--explore-all", "../examples/futex-wait-wake.yaml", ring.toString(),
        "../examples/swap-ping-pong.yaml");
    r.awaitOut("\"verdict\":\"holds\"");
    // SIGTERM, as Process.destroy() sends it; but Process.destroy() also closes our end of the
    // pipes, which would lose the report, so through the process handle
    assertTrue(r.p.toHandle().destroy());
    assertEquals(143, r.finish(), r.out() + r.err());
    List<JsonNode> lines = CliExpectAndInputTest.jsonLines(r.out());
    assertEquals(3, lines.size(), r.out());
    JsonNode ringReport = lines.get(1);
    assertEquals(ring.toString(), ringReport.get("file").asText());
    assertEquals("violated", ringReport.get("verdict").asText());
    assertEquals("assertions", ringReport.get("property").asText());
    assertTrue(ringReport.get("trace").size() > 0, ringReport.toString());
    assertTrue(ringReport.get("cuts").get("interrupted").asLong() > 0, ringReport.get("cuts").toString());
    assertTrue(ringReport.get("states").asLong() > 1000, ringReport.get("states").toString());
    assertEquals("assertions", ringReport.get("violations").get(0).get("property").asText());
    JsonNode rest = lines.get(2);
    assertEquals("../examples/swap-ping-pong.yaml", rest.get("file").asText());
    assertEquals("not checked", rest.get("verdict").asText());
    assertEquals("interrupted", rest.get("reason").asText());
  }
}
