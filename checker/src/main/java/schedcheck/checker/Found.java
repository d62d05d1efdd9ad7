package schedcheck.checker;

import java.util.List;

/**
 * A violation with the execution that leads to it, and the executions of its witnesses
 * (in the order of {@link Violation#witnesses()}).
 */
public record Found(Violation violation, Path path, List<Path> witnessPaths) {

  public Found {
    witnessPaths = List.copyOf(witnessPaths);
  }
}
