package schedcheck.checker;

import java.util.List;

/**
 * A property violation found by a monitor.
 *
 * @param property the property's name
 * @param kind a finer classification (for {@code deadlock}: {@code cycle}, {@code blocked},
 *     {@code stuck}); may be empty
 * @param message why the property fails, for a person
 * @param witnesses further executions the violation refers to; usually empty
 */
public record Violation(String property, String kind, String message, List<Witness> witnesses) {

  public Violation {
    kind = kind == null ? "" : kind;
    witnesses = List.copyOf(witnesses);
  }

  public static Violation of(String property, String kind, String message) {
    return new Violation(property, kind, message, List.of());
  }
}
