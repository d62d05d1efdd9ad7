package schedcheck.model.kernel;

import java.util.Arrays;

/** An immutable kernel state: a canonical {@code int[]} encoding under a {@link Layout}. */
public final class KState extends StateView {
  private int hash;

  KState(Layout layout, int[] v) {
    super(layout, v);
  }

  /** A mutable copy for a step to work on. */
  Work edit() {
    return new Work(layout, v.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KState k && Arrays.equals(k.v, v);
  }

  /** Computed on first use: the checker itself only ever asks for fingerprints. */
  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(v) | 1;
      hash = h;
    }
    return h;
  }
}
