package schedcheck.model.kernel;

import java.util.Arrays;

/** An immutable kernel state: a canonical {@code int[]} encoding under a {@link Layout}. */
public final class KState extends StateView {
  private final int hash;

  KState(Layout layout, int[] v) {
    super(layout, v);
    this.hash = Arrays.hashCode(v);
  }

  /** A mutable copy for a step to work on. */
  Work edit() {
    return new Work(layout, v.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KState k && k.hash == hash && Arrays.equals(k.v, v);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
