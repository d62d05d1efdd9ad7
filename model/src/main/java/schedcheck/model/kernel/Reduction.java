package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of its own state-space reductions the kernel model applies ({@code check --movers},
 * {@code --por}; {@code --no-reduction} switches them all off, symmetry too).
 *
 * @param movers merge the steps an actor takes under its own locks into the transition before
 *     them (Lipton's movers, see {@link Movers})
 * @param por partial-order reduction: ample sets of private user steps with the cycle proviso
 *     (see {@link Por}); not combined with the movers (with both on, only the movers apply)
 */
public record Reduction(boolean movers, boolean por) {

  /** The mover reduction alone (the name predates partial-order reduction, see {@link #POR}). */
  public static final Reduction ALL = new Reduction(true, false);
  /** Partial-order reduction alone. */
  public static final Reduction POR = new Reduction(false, true);
  /** The kernel's every small step as a transition of its own. */
  public static final Reduction NONE = new Reduction(false, false);

  /** The mover reduction or none ({@code por} off). */
  public Reduction(boolean movers) {
    this(movers, false);
  }

  public boolean any() {
    return movers || por;
  }

  /** The same without partial-order reduction. */
  public Reduction withoutPor() {
    return new Reduction(movers, false);
  }

  /** For the holds line and the JSON, e.g. {@code [movers]} or {@code [por]}; empty when none is on. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    if (movers) {
      out.add("movers");
    }
    if (por && !movers) {
      out.add("por");
    }
    return out;
  }
}
