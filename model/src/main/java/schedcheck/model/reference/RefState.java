package schedcheck.model.reference;

import java.util.Arrays;

/**
 * One state of the reference semantics: a canonical {@code int[]} laid out by {@link
 * RefShape} (read it through {@link ReferenceModel}'s queries or {@link RefShape}). Immutable
 * once built; equal situations have equal arrays.
 */
public final class RefState {
  final int[] v;

  RefState(int[] v) {
    this.v = v;
  }

  /** A copy of the raw ints (for tests and fingerprints). */
  public int[] ints() {
    return v.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RefState s && Arrays.equals(s.v, v);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(v);
  }

  @Override
  public String toString() {
    return "RefState" + Arrays.toString(v);
  }
}
