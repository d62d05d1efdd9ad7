package schedcheck.jqwik;

import java.util.List;

/**
 * A piece of a generated program: one statement, or a protocol fragment of a few lines (a
 * futex wait loop, a store then a wake, a mutex critical section, ...). Lines may name a
 * local label as {@code @}, {@code @e} ...: {@link Program#lines()} gives each piece's labels
 * names of their own.
 *
 * @param kind what the piece is, e.g. {@code wait-loop}, {@code store-wake}, {@code load} (for statistics)
 * @param lines its statements and labels
 */
public record Piece(String kind, List<String> lines) {
  public Piece {
    lines = List.copyOf(lines);
  }

  /** A one-statement piece whose kind is the statement's first word (after {@code r =}). */
  static Piece statement(String line) {
    String[] w = line.split(" ");
    return new Piece(w.length > 2 && w[1].equals("=") ? w[2] : w[0], List.of(line));
  }

  @Override
  public String toString() {
    return String.join("; ", lines);
  }
}
