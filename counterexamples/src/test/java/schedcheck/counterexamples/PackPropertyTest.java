package schedcheck.counterexamples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Cell wrapping keeps every character and never exceeds the column. */
class PackPropertyTest {

  @Property
  void packKeepsWordsAndWidth(@ForAll @StringLength(max = 200) String a, @ForAll @StringLength(max = 60) String b,
      @ForAll @IntRange(min = 20, max = 80) int w) {
    String s1 = a.replaceAll("\\s", " ");
    String s2 = b.replaceAll("\\s", " ");
    List<String> lines = TimelineRenderer.pack(List.of(s1, s2), w, "   ");
    for (String l : lines) {
      assertTrue(l.length() <= w, l);
    }
    String joined = String.join("", lines).replace(" ", "");
    assertEquals((s1 + s2).replace(" ", ""), joined);
  }
}
