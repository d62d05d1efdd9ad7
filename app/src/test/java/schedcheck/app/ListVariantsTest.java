package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code list variants} says, per Proxy Execution version, what each modeled step rests on. */
class ListVariantsTest {

  /** The lines of {@code out} from the one starting with {@code name} up to the next variant's. */
  static String section(String out, String name) {
    List<String> lines = out.lines().toList();
    StringBuilder sb = new StringBuilder();
    boolean in = false;
    for (String l : lines) {
      if (!l.startsWith(" ")) {
        if (in) {
          break;
        }
        in = l.startsWith(name + " ");
      }
      if (in) {
        sb.append(l).append('\n');
      }
    }
    return sb.toString();
  }

  @Test
  void versionsNameTheSourceOfEachStepAndMarkReconstructions() {
    CliTest.Result r = CliTest.run("list", "variants");
    assertEquals(0, r.status(), r.err());
    String v617 = section(r.out(), "pe-v6.17");
    assertTrue(v617.contains("no curr_in_chain") && v617.contains("7de9d4f94638"), v617);
    String v71 = section(r.out(), "pe-v7.1");
    assertTrue(v71.contains("merged") && v71.contains("b049b81bdff6"), v71);
    String v72 = section(r.out(), "pe-v7.2");
    assertTrue(v72.contains("RECONSTRUCTED") && v72.contains("ttwu_runnable"), v72);
    assertTrue(v72.contains("abc40cca0efd") && v72.contains("f0c1ecde6447"), v72);
    // A bug variant carries no source lines of its own.
    String p7 = section(r.out(), "pe-p7-migrate-curr");
    assertEquals(1, p7.lines().count(), p7);
  }

  @Test
  void umcgBugVariantsAreListedAfterTheProxyOnes() {
    CliTest.Result r = CliTest.run("list", "variants");
    assertEquals(0, r.status(), r.err());
    String u1 = section(r.out(), "umcg-u1-read-before-set-state");
    assertTrue(u1.contains("known-bugs B.U1"), u1);
    String u2 = section(r.out(), "umcg-u2-unvalidated-next-tid");
    assertTrue(u2.contains("known-bugs B.U2"), u2);
    // declared in the UMCG subsystem, listed by its rank after every Proxy Execution variant
    assertTrue(r.out().indexOf("pe-x-migrate-never-enqueues") < r.out().indexOf("umcg-u1-read-before-set-state"), r.out());
  }

  @Test
  void umcgV091IsListedAsAVersionBeforeTheUmcgBugs() {
    CliTest.Result r = CliTest.run("list", "variants");
    assertEquals(0, r.status(), r.err());
    String v = section(r.out(), "umcg-v0.9.1");
    assertTrue(v.contains("v0.9.1") && v.contains("idle") && v.contains("[UMCG version"), v);
    assertTrue(!v.contains("known-bugs"), v); // a version, not a bug
    assertTrue(r.out().indexOf("pe-x-migrate-never-enqueues") < r.out().indexOf("umcg-v0.9.1"), r.out());
    assertTrue(r.out().indexOf("umcg-v0.9.1") < r.out().indexOf("umcg-u1-read-before-set-state"), r.out());
  }
}
