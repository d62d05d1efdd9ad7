package schedcheck.checker;

import java.util.List;

/**
 * Depth-first search ({@code dfs}), iterative: an explicit stack of states (with their ids),
 * never recursion, so the depth of the state space is bounded by memory, not by the thread
 * stack. When a state is expanded its new successors are pushed so that the first successor
 * is expanded first. Parent links are stored as in {@link BreadthFirst}, whose Javadoc gives
 * the semantics both strategies share: same verdicts, and the same number of states (and
 * transitions) when the whole bounded space is explored.
 *
 * <p>Under a depth limit a state can be reached first by a long execution and later by a
 * shorter one; DFS then records the shorter parent link and depth and expands the state
 * again, so that it ends up exploring exactly the states within the bound, like BFS. A
 * repeated expansion only propagates depths: its steps are not counted again nor shown to
 * the monitors again, and its model cuts and terminal check are not repeated. Without a depth
 * limit each state is expanded once and traces are not necessarily shortest.
 */
public final class DepthFirst implements Search {

  public DepthFirst() {}

  @Override
  public String name() {
    return "dfs";
  }

  @Override
  public <S, A> SearchResult run(
      Model<S, A> model,
      List<? extends Property<S, A>> properties,
      Limits limits,
      Progress progress) {
    return new Exploration<>(name(), model, properties, limits, progress, true).run();
  }
}
