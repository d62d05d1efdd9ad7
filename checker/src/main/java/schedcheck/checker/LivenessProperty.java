package schedcheck.checker;

import java.util.List;

/**
 * A liveness property over infinite executions, checked by {@link FairCycles}: for each of
 * its goals g (at most 32), no <em>fair</em> cycle may be reachable that has a state marked
 * for g ({@link #stateGoals}) and no edge marked for g ({@link #edgeGoals}). For starvation
 * the goals are the tasks: a state is marked when the task waits or is entitled to run, an
 * edge when the task completes a statement.
 *
 * <p>Fairness is weak fairness per class (at most 64 classes): a class is <em>enabled</em> in
 * a state when some step out of it {@linkplain #serves serves} the class; an infinite
 * execution is fair when every class that is enabled in all but finitely many of its states is
 * served infinitely often. Each class is one acceptance set of a generalized Büchi automaton.
 * Classes in {@link #strongClasses} are strongly fair instead: served infinitely often when
 * enabled infinitely often.
 *
 * <p>The states handed to {@link #stateGoals}, {@link #edgeGoals}, {@link #serves} and
 * {@link #enabled} may be views valid only during the call ({@link Scratch#view()}, {@link
 * Model#unpack}): a property computes its bits and keeps no state.
 */
public interface LivenessProperty<S, A> {

  /** The name a violation is reported under, unless {@link #describe} says otherwise. */
  String name();

  /** The number of goals, at most 32. */
  int goals();

  /** The goals whose bad cycles may pass through s (bit g for goal g). */
  int stateGoals(S s);

  /** The goals an edge makes progress on: a bad cycle for g never takes such an edge. */
  int edgeGoals(S from, A action, S to);

  /** The fairness classes an edge serves (bit k for class k, at most 64 classes). */
  long serves(S from, A action, S to);

  /**
   * The fairness classes enabled in s, given those served by some step out of it ({@code
   * servedOut}); by default exactly those. A property may add classes that a state predicate
   * enables (a task entitled to a cpu), which the execution must then serve.
   */
  default long enabled(S s, long servedOut) {
    return servedOut;
  }

  /**
   * How much of each action {@link #edgeGoals} and {@link #serves} read (the actions handed
   * to {@link #describe} are always replayed in full); by default {@link ActionDetail#FULL}.
   */
  default ActionDetail actionDetail() {
    return ActionDetail.FULL;
  }

  /** The classes that are strongly fair; by default none. */
  default long strongClasses() {
    return 0;
  }

  /**
   * A violation for a fair bad cycle of goal g, given the cycle's states (the first is the
   * loop's entry, also reached again at the end) and steps; or null when this cycle does not
   * count (the search then looks for another).
   */
  Violation describe(int goal, List<S> loopStates, List<A> loopActions);

  /**
   * Whether this property's labels commute with the renamings of the model's {@link Symmetric}
   * group: for every element h, stateGoals(h(x)) = renameGoals(stateGoals(x), h), edgeGoals
   * likewise, and serves and enabled with renameClasses. False by default: {@link FairCycles}
   * then explores every state.
   */
  default boolean equivariant() {
    return false;
  }

  /** The goal bits of h(x), given those of x (only called when {@link #equivariant}). */
  default int renameGoals(int goals, int element) {
    throw new UnsupportedOperationException("not equivariant");
  }

  /** The fairness-class bits of h(x), given those of x (only called when {@link #equivariant}). */
  default long renameClasses(long classes, int element) {
    throw new UnsupportedOperationException("not equivariant");
  }
}
