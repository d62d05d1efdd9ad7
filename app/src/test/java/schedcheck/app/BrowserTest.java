package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real browser: headless chromium loads a shipped example's report,
 * no script error or console.error happens, there is one lane per cpu, and stepping to the
 * last step shows the violating state. Skipped when there is no chromium on PATH ({@code
 * .ci/run} installs Debian's {@code chromium} when it is missing).
 */
class BrowserTest {

  static String chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    return null;
  }

  static String dumpDom(String browser, Path profile, String url) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--virtual-time-budget=3000", "--dump-dom", url));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
    assertEquals(0, p.exitValue(), "chromium exit status");
    return dom;
  }

  @Test
  void p5ReportLoadsWithoutErrorsOneLanePerCpuAndEndsInTheViolation(@TempDir Path dir) throws Exception {
    String browser = chromium();
    Assumptions.assumeTrue(browser != null, "no chromium on PATH (.ci/run installs it)");
    Path html = dir.resolve("p5.html");
    CliTest.Result r = CliTest.run("check", "--report", html.toString(), CliTest.EX + "proxy/p5-stale-owner.yaml");
    assertEquals(1, r.status(), r.err());
    String page = Files.readString(html);
    assertTrue(!page.contains("http://") || page.indexOf("http://") == page.indexOf("http://www.w3.org/2000/svg"),
        "no external resources");
    assertTrue(!page.contains("<script src") && !page.contains("<link"), "self-contained");

    String dom = dumpDom(browser, dir.resolve("profile"), html.toUri() + "#last");
    Matcher body = Pattern.compile("<body data-errors=\"(\\d+)\" data-step=\"(\\d+)\"").matcher(dom);
    assertTrue(body.find(), dom.length() > 2000 ? dom.substring(0, 2000) : dom);
    assertEquals("0", body.group(1), "script errors or console.error calls");
    assertEquals("87", body.group(2), "#last opens the last step");
    assertEquals(2, countOf(dom, "class=\"lane\""), "one lane per cpu");
    // P5 migrates x to cpu1 and force-returns it: two migration lines
    assertEquals(2, countOf(dom, "class=\"migration\""), "x's two migrations");
    assertTrue(dom.contains("step 87 of 87") && dom.contains("[violated: invariants (INV-2)]"), "the violating step");
    // the violating state: x executes on cpu0 while it is on_rq MIGRATING (2)
    Matcher state = Pattern.compile("<pre id=\"state\">([^<]*)</pre>").matcher(dom);
    assertTrue(state.find());
    assertTrue(state.group(1).contains("cpu0: curr x, donor y"), state.group(1));
    assertTrue(state.group(1).replaceAll("\\s+", "").contains("\"name\":\"x\",\"state\":\"UNINTERRUPTIBLE\",\"on_rq\":2"),
        state.group(1));

    String first = dumpDom(browser, dir.resolve("profile2"), html.toUri() + "#step=1");
    assertTrue(first.contains("data-step=\"1\"") && first.contains("data-errors=\"0\""));
  }

  @Test
  void aLassoReportShowsItsLoop(@TempDir Path dir) throws Exception {
    String browser = chromium();
    Assumptions.assumeTrue(browser != null, "no chromium on PATH (.ci/run installs it)");
    Path html = dir.resolve("pi.html");
    CliTest.Result r = CliTest.run("check", "--report", html.toString(), LivenessTest.LIVE.resolve("pi-hog-classic.yaml").toString());
    assertEquals(1, r.status(), r.err());
    String dom = dumpDom(browser, dir.resolve("profile"), html.toUri() + "#last");
    Matcher body = Pattern.compile("<body data-errors=\"(\\d+)\" data-step=\"(\\d+)\"").matcher(dom);
    assertTrue(body.find(), dom.length() > 2000 ? dom.substring(0, 2000) : dom);
    assertEquals("0", body.group(1), "script errors or console.error calls");
    Matcher loop = Pattern.compile("<p id=\"loop\" data-first=\"(\\d+)\" data-last=\"(\\d+)\">loop: steps (\\d+)\\.\\.(\\d+) repeat for ever")
        .matcher(dom);
    assertTrue(loop.find(), "the loop's label");
    assertEquals(body.group(2), loop.group(2), "the loop ends at the last step");
    assertEquals(1, countOf(dom, "class=\"loopband\""), "the loop's steps highlighted");
    assertTrue(dom.contains("[loop]"), "the last step is in the loop");
  }

  private static int countOf(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
