package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Which state-space reductions the kernel model applies. Each can be switched off on its own
 * ({@code check --no-movers}, {@code --no-por}); {@code --no-reduction} switches all off.
 *
 * @param movers merge the steps an actor takes under its own locks into the transition before
 *     them (Lipton's movers, see {@link Movers})
 * @param por partial-order reduction of what remains (not implemented yet: always off)
 */
public record Reduction(boolean movers, boolean por) {

  /** Every reduction the model has. */
  public static final Reduction ALL = new Reduction(true, false);
  /** The kernel's every small step as a transition of its own. */
  public static final Reduction NONE = new Reduction(false, false);

  public boolean any() {
    return movers || por;
  }

  /** For the holds line and the JSON, e.g. {@code [movers]}; empty when none is on. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    if (movers) {
      out.add("movers");
    }
    if (por) {
      out.add("por");
    }
    return out;
  }
}
