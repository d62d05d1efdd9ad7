package schedcheck.checker;

/** Receives the steps a {@link Model} generates for one state. */
public interface Successors<S, A> {

  /** One enabled step and the state it leads to. */
  void next(A action, S state);

  /**
   * One enabled step whose state is still in the model's scratch buffer: {@code fingerprint}
   * is {@link Model#fingerprint} of that state, computed in the buffer. The sink takes {@link
   * Scratch#copy()} only when it keeps the state (a state not seen before), and may look at
   * {@link Scratch#view()} during this call. A model that builds its successors in place
   * calls this instead of {@link #next(Object, Object)}; the two are otherwise the same step,
   * in the same fixed order. By default the state is copied and passed to {@link
   * #next(Object, Object)}, so every sink accepts both.
   */
  default void next(A action, long fingerprint, Scratch<S> target) {
    next(action, target.copy());
  }

  /**
   * Whether this sink reads the actions it is handed. When false, nothing looks at them
   * (no monitor watches transitions, no trace is being built): a model may then pass an
   * action that leaves out what only a person or a property would read (a step's text, what
   * came of it), but still one per step. True by default.
   */
  default boolean readsActions() {
    return true;
  }

  /**
   * How much of each action this sink reads (the finer form of {@link #readsActions()}): by
   * default {@link ActionDetail#FULL} when it reads actions, else {@link ActionDetail#NONE}.
   * A model that can leave parts out asks this rather than {@link #readsActions()}.
   */
  default ActionDetail actionDetail() {
    return readsActions() ? ActionDetail.FULL : ActionDetail.NONE;
  }

  /**
   * Whether the search has already stored the state with this {@link Model#fingerprint}
   * (found it, expanded or still waiting), asked while the model generates the successors of
   * the state being expanded. A model's partial-order reduction asks it for the cycle proviso:
   * it may expand a state by a subset of its steps only when they lead to states not stored
   * yet (each reduced edge then points to a state discovered after its source, so every cycle
   * of the reduced graph has a fully expanded state; sound under breadth-first and
   * depth-first order alike). By default {@code true}, "cannot tell": the model then expands
   * every state fully. A search answers only while its answer makes that argument hold (not
   * under a depth bound, where states are relinked or probed).
   */
  default boolean stored(long fingerprint) {
    return true;
  }

  /**
   * A step that would have been enabled but a bound of the model (for example a bound on
   * preemptions) suppressed it; the search can then no longer claim to be complete.
   */
  void cut(String bound);

  /**
   * As {@link #cut(String)}, naming the state the suppressed step would have led to. The
   * search then counts the cut only if, when it ends, no explored state has the same {@link
   * Model#unboundedFingerprint}: a suppressed step whose target was reached anyway (with
   * fewer preemptions, say) cut nothing.
   */
  default void cut(String bound, S wouldBe) {
    cut(bound);
  }
}
