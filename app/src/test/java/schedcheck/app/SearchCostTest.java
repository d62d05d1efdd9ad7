package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Why a search took over a second: {@link SearchCost}'s causes, and {@code schedcheck bench}'s JSON. */
class SearchCostTest {

  /** A holding steps-level search of {@code states} states; times as given (-1: no liveness pass / one run). */
  static SearchCost cost(long states, double safety, double liveness, double cold, double warm, Map<String, Long> cuts) {
    return new SearchCost("steps", List.of("lost-wakeup", "deadlock"), states, 3 * states, 120, safety,
        liveness < 0 ? -1 : states, liveness, cold, warm, 1, "off", false, cuts, false);
  }

  @Test
  void eachCauseInItsOrder() {
    // the cold search within a second: nothing to say, whatever else holds
    assertEquals(SearchCost.UNDER, cost(10, 0.5, 0.4, 0.95, 0.2, Map.of()).cause());
    assertEquals("", cost(10, 0.5, 0.4, 0.95, 0.2, Map.of()).why());
    // cold over, warm under: the JIT, even for a slow-per-state search
    assertEquals(SearchCost.JIT, cost(10, 0.5, -1, 1.4, 0.5, Map.of()).cause());
    // a limit stopped it: first, even when the liveness pass dominates
    assertEquals(SearchCost.CUT, cost(2_000_000, 4, 5, 10, 9, Map.of("states", 0L)).cause());
    assertEquals(SearchCost.CUT, cost(2_000_000, 4, 5, 10, 9, Map.of("liveness time", 3L)).cause());
    // a depth bound is no limit of the search's size: the cause is the search's own
    assertEquals(SearchCost.LIVENESS, cost(2_000_000, 4, 5, 10, 9, Map.of("depth", 3L)).cause());
    // liveness at half the warm time or more
    assertEquals(SearchCost.LIVENESS, cost(225_437, 1.0, 1.0, 2.5, 2.0, Map.of()).cause());
    assertEquals(SearchCost.STATE_SPACE, cost(779_784, 1.4, 1.3, 3.1, 2.7, Map.of()).cause());
    // below 100,000 states a second (safety search, warm)
    assertEquals(SearchCost.PER_STATE, cost(99_000, 1.0, 0.1, 1.5, 1.1, Map.of()).cause());
    assertEquals(SearchCost.STATE_SPACE, cost(101_000, 1.0, 0.1, 1.5, 1.1, Map.of()).cause());
    // one run only: no warm figure, so no JIT verdict; the cold run's figures are used
    assertEquals(SearchCost.STATE_SPACE, cost(779_784, 1.4, 1.3, 2.7, -1, Map.of()).cause());
    assertEquals(2.7, cost(779_784, 1.4, 1.3, 2.7, -1, Map.of()).seconds());
  }

  @Test
  void theTextGivesTheFiguresAndSettings() {
    String live = cost(225_437, 1.0, 1.5, 3.0, 2.5, Map.of()).why();
    assertTrue(live.startsWith("liveness pass 60 % (1.50 of 2.50 s, 225,437 states)"), live);
    assertTrue(live.contains("225,437 states, 676,311 transitions, depth 120"), live);
    assertTrue(live.contains("2.50 s warm, 3.00 s cold"), live);
    assertTrue(live.endsWith("steps, check lost-wakeup+deadlock, no symmetry, POR off (applies: --por)"), live);
    String space = cost(1_200_000, 3, -1, 4, 3, Map.of()).why();
    assertTrue(space.startsWith("state space: 1.2 M states, 3.6 M transitions, depth 120; 3.00 s warm, 4.00 s cold;"),
        space);
    String jit = cost(10, 0.5, -1, 1.4, 0.5, Map.of()).why();
    assertTrue(jit.startsWith("JIT warm-up: a warm run takes 0.50 s, the cold one 1.40 s"), jit);
    String cut = cost(2_000_000, 4, 5, 10, 9, Map.of("states", 0L)).why();
    assertTrue(cut.startsWith("cut by a limit (states) at 2.0 M states"), cut);
    String once = cost(50_000, 1.0, -1, 1.2, -1, Map.of()).why();
    assertTrue(once.contains("; 1.20 s in one (cold) run;") && !once.contains("warm"), once);
    String slow = cost(50_000, 1.0, -1, 1.2, 1.1, Map.of()).why();
    assertTrue(slow.startsWith("per-state cost: 50,000 states/s, 3.0 transitions a state"), slow);
    SearchCost sym = new SearchCost("steps", List.of("deadlock"), 2_000_000, 1, 1, 2, -1, -1, 3, 2, 6, "on", true,
        Map.of(), true);
    assertTrue(sym.why().endsWith("steps, check deadlock, symmetry x6, POR on, movers; stopped at a violation"),
        sym.why());
    SearchCost ref = new SearchCost("syscall", List.of("deadlock"), 2_000_000, 1, 1, 2, -1, -1, 3, 2, -1, "n/a", false,
        Map.of(), false);
    assertTrue(ref.why().endsWith("; syscall, check deadlock"), ref.why());
  }

  @Test
  void benchJsonSaysWhatTheSearchRanWith() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    // two interchangeable tasks on two cpus: symmetry folds pairs of states
    CliTest.Result r = CliTest.run("bench", "--json", "--repeat", "2", "../examples/racy-counter.yaml");
    assertEquals(0, r.status(), r.err());
    JsonNode o = mapper.readTree(r.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    assertEquals("steps", o.get("detail").asText());
    assertTrue(o.get("symmetry_order").asInt() > 1, o.toString());
    assertTrue(List.of("off", "n/a").contains(o.get("por").asText()), o.toString());
    assertTrue(o.get("check").isArray() && o.get("check").size() > 0, o.toString());
    assertTrue(o.get("cold_seconds").asDouble() > 0 && o.get("warm_seconds").asDouble() > 0, o.toString());
    // a few hundred states: well under a second, so no reason is given
    assertEquals(SearchCost.UNDER, o.get("cause").asText());
    assertEquals("", o.get("why").asText());
    // the reference semantics: the ring's 3 rotations (RefSymmetry), no POR
    CliTest.Result s = CliTest.run("bench", "--json", "../bench/scenarios/futex-ring-n3-syscall.yaml");
    assertEquals(0, s.status(), s.err());
    JsonNode p = mapper.readTree(s.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    assertEquals("syscall", p.get("detail").asText());
    assertEquals(3, p.get("symmetry_order").asInt());
    assertEquals("n/a", p.get("por").asText());
    assertEquals(-1, p.get("warm_seconds").asDouble(), "one run: no warm figure");
    assertEquals(p.get("cold_seconds").asDouble(),
        p.get("seconds").asDouble() + p.get("liveness_seconds").asDouble(), 1e-9);
  }
}
