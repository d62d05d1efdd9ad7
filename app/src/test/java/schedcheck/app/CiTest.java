package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** For CI: the summary line, --ci exit statuses, --junit, progress lines for logs. */
class CiTest {
  static final String EX = CliTest.EX;

  @Test
  void multiFileRunEndsWithASummaryLine() {
    CliTest.Result r = CliTest.run("check", EX + "f1-unlocked-check.yaml", EX + "futex-wait-wake.yaml");
    String last = r.out().strip().lines().reduce((a, b) -> b).orElse("");
    // (the default width, 156, fits it on one line)
    assertEquals("summary: 2 files: 1 violated, 1 holds, 0 incomplete; 0 mismatches against expect, 0 errors", last);
    assertTrue(!CliTest.run("check", EX + "f1-unlocked-check.yaml").out().contains("summary:"));
  }

  static Path mismatch(Path dir, String name, String from, String to) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, Files.readString(Path.of(EX + from)).replace(to.split("=>")[0], to.split("=>")[1]));
    return f;
  }

  @Test
  void ciExitStatusesTellMismatchesApart(@TempDir Path dir) throws IOException {
    // expects a violation, holds instead
    Path holdsButExpectsViolation = mismatch(dir, "m5.yaml", "futex-wait-wake.yaml", "expect: holds=>expect:\n  violated: lost-wakeup");
    assertEquals(1, CliTest.run("check", holdsButExpectsViolation.toString()).status(), "the contract: a mismatch is 1");
    assertEquals(5, CliTest.run("check", "--ci", holdsButExpectsViolation.toString()).status());
    // expects holds, a bound cuts: incomplete
    Path incomplete = dir.resolve("m6.yaml");
    Files.writeString(incomplete, Files.readString(Path.of(EX + "futex-wait-wake.yaml")));
    CliTest.Result r6 = CliTest.run("check", "--ci", "--max-states", "3", incomplete.toString());
    assertEquals(6, r6.status(), r6.out());
    assertEquals(1, CliTest.run("check", "--max-states", "3", incomplete.toString()).status());
    // a violation stays 1, with or without --ci; a holds that matches is 0
    assertEquals(1, CliTest.run("check", "--ci", EX + "f1-unlocked-check.yaml").status());
    assertEquals(0, CliTest.run("check", "--ci", EX + "futex-wait-wake.yaml").status());
    // the worst wins: violation over mismatch over incomplete-vs-holds
    assertEquals(1, CliTest.run("check", "--ci", holdsButExpectsViolation.toString(), EX + "f1-unlocked-check.yaml").status());
    assertEquals(5, CliTest.run("check", "--ci", "--max-states", "3", holdsButExpectsViolation.toString(), incomplete.toString()).status());
  }

  @Test
  void junitXmlHasOneTestCasePerFile(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "name: x\ncpus: 0\n");
    Path mism = mismatch(dir, "m.yaml", "futex-wait-wake.yaml", "expect: holds=>expect:\n  violated: deadlock");
    Path xml = dir.resolve("out/junit.xml");
    CliTest.Result r = CliTest.run("check", "--junit", xml.toString(), EX + "f1-unlocked-check.yaml",
        EX + "futex-wait-wake.yaml", mism.toString(), bad.toString());
    assertEquals(2, r.status(), r.err());
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    Element suite = d.getDocumentElement();
    assertEquals("testsuite", suite.getTagName());
    assertEquals("4", suite.getAttribute("tests"));
    assertEquals("1", suite.getAttribute("failures"));
    assertEquals("1", suite.getAttribute("errors"));
    NodeList cases = suite.getElementsByTagName("testcase");
    assertEquals(4, cases.getLength());
    assertEquals("f1-unlocked-check.yaml", ((Element) cases.item(0)).getAttribute("name"));
    assertEquals(0, ((Element) cases.item(0)).getElementsByTagName("failure").getLength(), "an expected violation passes");
    Element failure = (Element) ((Element) cases.item(2)).getElementsByTagName("failure").item(0);
    assertEquals("holds, expected violated: deadlock", failure.getAttribute("message"));
    assertEquals(1, ((Element) cases.item(3)).getElementsByTagName("error").getLength());
  }

  @Test
  void progressLinesForLogsSayStatesAndMemory() {
    StringWriter w = new StringWriter();
    double old = LogProgress.intervalSeconds;
    try {
      LogProgress.intervalSeconds = 1.0;
      LogProgress p = new LogProgress("p5.yaml", new PrintWriter(w));
      p.update(100, 200, 10, 5, 0.5);
      assertEquals("", w.toString(), "nothing before the first interval");
      p.update(123_456, 200_000, 1_234, 40, 1.5);
      p.update(130_000, 210_000, 1_000, 41, 1.7);
      String s = w.toString();
      assertEquals(1, s.lines().count(), s);
      assertTrue(s.startsWith("schedcheck: p5.yaml: 123,456 states (82,304/s), queue 1,234, depth 40, 1.5 s, heap "), s);
      assertTrue(s.contains(" MiB used of "), s);
    } finally {
      LogProgress.intervalSeconds = old;
    }
  }
}
