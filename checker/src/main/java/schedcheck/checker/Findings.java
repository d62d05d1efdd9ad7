package schedcheck.checker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The violations a graph search ({@link Exploration}, {@link ParallelExploration}) has found,
 * with the rule both follow (see {@link BreadthFirst}): stopping at the first violation, or
 * keeping the first violation of each property and stopping at {@link Limits#stopAt()}. A
 * violation is located by the paths to its state and its witnesses' states.
 */
final class Findings {
  private final boolean stopAtFirst;
  private final String stopAt;
  private final List<Found> found = new ArrayList<>();
  private final Set<String> reported = new HashSet<>();

  Findings(Limits limits) {
    this.stopAtFirst = limits.stopAtFirstViolation();
    this.stopAt = limits.stopAt();
  }

  /**
   * Records {@code v}, found at state {@code atId} (followed by step {@code stepIndex} when it
   * is {@code >= 0}) of a search that has stored {@code stored} states, reached by {@code
   * pathTo}. Returns whether the search must stop now.
   */
  boolean report(Violation v, int atId, int stepIndex, int stored, IntFunction<Path> pathTo) {
    if (stopAtFirst) {
      found.add(locate(v, atId, stepIndex, stored, pathTo));
      return true;
    }
    if (reported.add(v.property())) {
      found.add(locate(v, atId, stepIndex, stored, pathTo));
      return v.property().equals(stopAt);
    }
    return false;
  }

  /** Whether a violation of {@code property} is already recorded (when not stopping at the first). */
  boolean reported(String property) {
    return reported.contains(property);
  }

  List<Found> found() {
    return found;
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  private static Found locate(Violation v, int atId, int stepIndex, int stored, IntFunction<Path> pathTo) {
    Path path = pathTo.apply(atId);
    if (stepIndex >= 0) {
      path = path.then(stepIndex);
    }
    List<Path> witnessPaths = new ArrayList<>(v.witnesses().size());
    for (Witness w : v.witnesses()) {
      if (w.stateId() < 0 || w.stateId() >= stored) {
        throw new IllegalStateException("violation of " + v.property() + ": witness '" + w.label()
            + "' refers to state id " + w.stateId() + ", but the search has stored only " + stored + " states");
      }
      Path wp = pathTo.apply((int) w.stateId());
      witnessPaths.add(w.index() >= 0 ? wp.then(w.index()) : wp);
    }
    return new Found(v, path, witnessPaths);
  }
}
