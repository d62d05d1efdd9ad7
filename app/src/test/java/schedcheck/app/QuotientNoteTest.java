package schedcheck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import schedcheck.checker.FairCycles;
import schedcheck.checker.SearchResult;
import schedcheck.checker.Verdict;

/**
 * The note of a quotient liveness pass says "decided" only after a complete search: a pass a
 * limit cut found no fair cycle in what it explored, which decides nothing.
 */
class QuotientNoteTest {

  private static FairCycles.Quotient quotient(Verdict verdict) {
    SearchResult r = new SearchResult("liveness", verdict, List.of(), 100, 250, 7, 0.1,
        verdict == Verdict.INCOMPLETE ? Map.of("liveness time", 1L) : Map.of());
    return new FairCycles.Quotient(r, true, null, 3, 100, 250, 300, 750, 0);
  }

  @Test
  void completePassSaysDecided() {
    assertEquals("liveness on the symmetry quotient: 3 renamings; decided on 300 (state, renaming) nodes, 750 edges",
        Checking.quotientNote(quotient(Verdict.HOLDS)));
  }

  @Test
  void cutPassDoesNotSayDecided() {
    assertEquals("liveness on the symmetry quotient: 3 renamings; cut by a limit after 300 (state, renaming) nodes,"
        + " 750 edges, with no fair cycle among them", Checking.quotientNote(quotient(Verdict.INCOMPLETE)));
  }
}
