package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of its own state-space reductions the kernel model applies ({@code check
 * --no-movers}; {@code --no-reduction} switches them all off, symmetry too). Partial-order
 * reduction is not implemented (issue 8): no switch pretends otherwise.
 *
 * @param movers merge the steps an actor takes under its own locks into the transition before
 *     them (Lipton's movers, see {@link Movers})
 */
public record Reduction(boolean movers) {

  /** Every reduction the model has. */
  public static final Reduction ALL = new Reduction(true);
  /** The kernel's every small step as a transition of its own. */
  public static final Reduction NONE = new Reduction(false);

  public boolean any() {
    return movers;
  }

  /** For the holds line and the JSON, e.g. {@code [movers]}; empty when none is on. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    if (movers) {
      out.add("movers");
    }
    return out;
  }
}
