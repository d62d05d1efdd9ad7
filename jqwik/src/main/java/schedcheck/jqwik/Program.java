package schedcheck.jqwik;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated task program: a list of {@link Piece}s. jqwik shrinks it by dropping pieces and
 * by shrinking each piece toward simpler choices, so a failing program shrinks to the few
 * pieces that matter.
 */
public record Program(List<Piece> pieces) {
  public Program {
    pieces = List.copyOf(pieces);
  }

  /** The program's lines, each piece's labels renamed to {@code l<piece>}, {@code l<piece>e}. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      String label = "l" + (i + 1);
      for (String line : pieces.get(i).lines()) {
        out.add(line.replace("@", label));
      }
    }
    if (out.isEmpty()) {
      out.add("work");
    }
    return out;
  }

  @Override
  public String toString() {
    return String.join("; ", lines());
  }
}
