package schedcheck.jqwik;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the README's jqwik property ({@code example.WakerProperties}, left out of the suite by its
 * name) the way a user's build would, and checks how it fails: jqwik finds a waker that loses
 * the waiter's wakeup and shrinks it to the two statements in the wrong order.
 */
class ReadmeJqwikExampleTest {

  record Outcome(List<TestExecutionResult> failures, List<ReportEntry> reports) {}

  static Outcome run(String className) throws java.io.IOException {
    // a fresh jqwik database: no failing sample remembered from an earlier run, so the search
    // and the shrinking start from the seed every time
    java.nio.file.Path db = java.nio.file.Files.createTempFile("jqwik-readme", ".database");
    java.nio.file.Files.delete(db);
    List<TestExecutionResult> failures = new ArrayList<>();
    List<ReportEntry> reports = new ArrayList<>();
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(className))
        .configurationParameter("jqwik.database", db.toString())
        .configurationParameter("jqwik.reporting.usejunitplatform", "true")
        .build();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
          failures.add(result);
        }
      }

      @Override
      public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        reports.add(entry);
      }
    });
    return new Outcome(failures, reports);
  }

  @Test
  void thePropertyFindsTheLostWakeupAndShrinksIt() throws java.io.IOException {
    Outcome o = run("example.WakerProperties");
    assertEquals(1, o.failures().size(), o.toString());
    Throwable t = o.failures().get(0).getThrowable().orElseThrow();
    String m = t.getMessage();
    assertTrue(m.startsWith("expected flag to hold, but it is violated: lost-wakeup"), m);
    // the shrunk waker: wake first, then store, nothing else
    assertTrue(m.contains("  waker:\n    program: |\n      r = futex_wake flag 1\n      store flag 1\ncheck:"), m);
    String all = o.reports().toString();
    assertTrue(all.contains("Shrunk Sample"), all);
    assertTrue(all.contains("arg0: [\"r = futex_wake flag 1\", \"store flag 1\"]"), all);
    assertTrue(all.contains("wake first") && all.contains("store first"), all);
  }
}
