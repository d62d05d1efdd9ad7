package schedcheck.checker;

import java.util.Arrays;

/**
 * An execution as the search stores it: which initial state, then for every step its
 * position among the successors of the state before it. {@link Replay} turns it back into
 * states and steps.
 */
public record Path(int initial, int[] steps) {

  public Path {
    steps = steps.clone();
  }

  public int length() {
    return steps.length;
  }

  /** This path with one more step. */
  public Path then(int index) {
    int[] s = Arrays.copyOf(steps, steps.length + 1);
    s[steps.length] = index;
    return new Path(initial, s);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Path p && p.initial == initial && Arrays.equals(p.steps, steps);
  }

  @Override
  public int hashCode() {
    return 31 * initial + Arrays.hashCode(steps);
  }

  @Override
  public String toString() {
    return "Path[" + initial + ":" + Arrays.toString(steps) + "]";
  }
}
