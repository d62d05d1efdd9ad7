package schedcheck.model.kernel;

import java.util.Arrays;

/** An immutable kernel state: a canonical {@code int[]} encoding under a {@link Layout}. */
public final class KState extends StateView {
  private int hash;
  /** A view of a scratch buffer that changes under it: its hash is never cached. */
  private final boolean live;

  KState(Layout layout, int[] v) {
    this(layout, v, false);
  }

  KState(Layout layout, int[] v, boolean live) {
    super(layout, v);
    this.live = live;
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
      if (!live) {
        hash = h;
      }
    }
    return h;
  }
}
