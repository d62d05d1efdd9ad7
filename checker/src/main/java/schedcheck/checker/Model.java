package schedcheck.checker;

import java.util.List;

/**
 * A transition system the checker can explore. The checker knows nothing else about it.
 *
 * <p>Successors must be generated in a fixed order: the checker stores only the index of
 * the step taken and rebuilds traces by replaying from the initial state.
 *
 * @param <S> a state; treated as immutable by the checker
 * @param <A> a step label (what happened), handed to monitors and traces
 */
public interface Model<S, A> {

  /** The initial states, in a fixed order. */
  List<S> initialStates();

  /**
   * Generates the enabled steps of {@code state}, in a fixed order, by calling
   * {@link Successors#next}; steps that a bound of the model itself (not of the search)
   * suppressed are reported with {@link Successors#cut}.
   */
  void successors(S state, Successors<S, A> out);

  /**
   * A compact form of {@code state} for the search's frontier (the states waiting to be
   * expanded), read back by {@link #unpack}; by default the state itself. It must not share
   * storage with {@code state}. A model that builds successors in a scratch buffer packs them
   * there ({@link Scratch#packed()}) in the same form.
   */
  default Object pack(S state) {
    return state;
  }

  /**
   * The state {@code packed} ({@link #pack} or {@link Scratch#packed()}) came from. It may be
   * the same object each time, overwritten by the next call: a search expands one unpacked
   * state at a time and keeps none after expanding it (monitors keep ids, not states). By
   * default {@code packed} itself.
   */
  @SuppressWarnings("unchecked")
  default S unpack(Object packed) {
    return (S) packed;
  }

  /** A 64-bit fingerprint of the canonical state: equal states have equal fingerprints. */
  long fingerprint(S state);

  /**
   * Whether the model bounds itself (it reports suppressed steps with {@link
   * Successors#cut(String, Object)}) and so keeps bookkeeping in its states that {@link
   * #unboundedFingerprint} leaves out.
   */
  default boolean boundsItself() {
    return false;
  }

  /**
   * The fingerprint of {@code state} without the bookkeeping of the model's own bounds (a
   * count of preemptions, say): two states that differ only there have the same one.
   */
  default long unboundedFingerprint(S state) {
    return fingerprint(state);
  }

  /**
   * This model without its own bounds (the same states and steps, but no step suppressed):
   * replays a lasso whose loop takes a step the bound suppressed ({@link FairCycles} joins
   * states by {@link #unboundedFingerprint}). The successors of a state must come in the
   * order in which this model reports them, suppressed ones included.
   */
  default Model<S, A> withoutOwnBounds() {
    return this;
  }

  /**
   * Who takes {@code action}: steps with the same id belong to one actor (a thread, a task,
   * a cpu). Only {@link RandomSearch}'s PCT mode asks, to give actors priorities; the checker
   * attaches no other meaning to it. The default puts every step in one actor (PCT then
   * picks uniformly among all steps, as a random walk does).
   */
  default int actor(A action) {
    return 0;
  }

  /**
   * An independent copy of this model for another thread (the same initial states,
   * successors in the same order, the same fingerprints), sharing no mutable state with this
   * one; or null when the model cannot be copied: {@link ParallelBreadthFirst} then searches
   * with one thread. A model with scratch buffers is not thread-safe, hence copies. Packed
   * forms travel between the threads: once this model has packed a state, a copy made after
   * that must {@link #unpack} what this model packs, and this model what the copy packs.
   */
  default Model<S, A> replica() {
    return null;
  }
}
