package schedcheck.model.scenario;

import java.util.List;

/**
 * An operand: a sum of terms, each an integer literal, a register or a memory word (read
 * atomically as part of the step that evaluates it).
 */
public record Expr(List<Term> terms) {

  public Expr {
    terms = List.copyOf(terms);
  }

  public enum Kind { LITERAL, REGISTER, WORD }

  /**
   * @param negative whether the term is subtracted
   * @param value the literal, the register index (into {@link Program#registers()}) or the
   *     memory word index (into {@link Scenario#memory()})
   */
  public record Term(boolean negative, Kind kind, int value) {}

  public static Expr literal(int v) {
    return new Expr(List.of(new Term(v < 0, Kind.LITERAL, Math.abs(v))));
  }

  /** Whether evaluating it reads shared memory. */
  public boolean readsMemory() {
    return terms.stream().anyMatch(t -> t.kind() == Kind.WORD);
  }
}
