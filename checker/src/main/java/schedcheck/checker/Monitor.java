package schedcheck.checker;

/**
 * Watches one search. Every method returns {@code null} when nothing is wrong.
 *
 * <p>Each distinct state is passed to {@link #onState} once, when first reached; every
 * generated step to {@link #onTransition}, also when it leads to a state seen before;
 * every state without successors to {@link #onTerminal}. The states handed to any of these
 * may be views that change after the call returns (see {@link Model#unpack}, {@link
 * Scratch#view()}): a monitor keeps state ids (for {@link Witness}es), not states.
 */
public interface Monitor<S, A> {

  default Violation onState(S state) {
    return null;
  }

  /**
   * <p>{@code from} and {@code to} may be views ({@link Scratch#view()}, {@link
   * Model#unpack}), valid only during this call: a monitor keeps ids, or copies what it needs.
   *
   * @param fromId the search's id of {@code from}, usable in a {@link Witness}
   * @param index the position of this step among the successors of {@code from}
   */
  default Violation onTransition(S from, long fromId, A action, int index, S to) {
    return null;
  }

  default Violation onTerminal(S state) {
    return null;
  }

  /**
   * Whether {@link #onTransition} reads the action it is handed (then the model must describe
   * every step in full). By default: whether this monitor overrides {@link #onTransition}.
   */
  default boolean readsActions() {
    try {
      return getClass()
              .getMethod("onTransition", Object.class, long.class, Object.class, int.class, Object.class)
              .getDeclaringClass()
          != Monitor.class;
    } catch (NoSuchMethodException e) {
      return true;
    }
  }

  /**
   * How much of each action {@link #onTransition} reads: by default {@link
   * ActionDetail#FULL} when {@link #readsActions()}, else {@link ActionDetail#NONE}. A
   * monitor that reads only a step's facts (the locks it took, say) and never its text
   * returns {@link ActionDetail#FACTS}, so that the model need not write the text of every
   * step.
   */
  default ActionDetail actionDetail() {
    return readsActions() ? ActionDetail.FULL : ActionDetail.NONE;
  }
}
