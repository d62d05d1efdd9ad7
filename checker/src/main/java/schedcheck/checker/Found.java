package schedcheck.checker;

import java.util.List;

/**
 * A violation with the execution that leads to it, and the executions of its witnesses
 * (in the order of {@link Violation#witnesses()}); for a liveness violation, the execution
 * is a lasso (prefix then loop, see {@link #loopStart()}).
 */
public record Found(Violation violation, Path path, List<Path> witnessPaths, int loopStart) {

  public Found {
    witnessPaths = List.copyOf(witnessPaths);
  }

  /** A violation at the end of a finite execution (not a lasso). */
  public Found(Violation violation, Path path, List<Path> witnessPaths) {
    this(violation, path, witnessPaths, -1);
  }

  /**
   * Whether this is a lasso: an infinite execution that takes the first {@link #loopStart()}
   * steps of {@link #path()} once (the prefix), then the rest (the loop) for ever; the loop
   * ends in the state it started from.
   */
  public boolean isLasso() {
    return loopStart >= 0;
  }
}
