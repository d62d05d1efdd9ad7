package schedcheck.checker;

/**
 * Watches one search. Every method returns {@code null} when nothing is wrong.
 *
 * <p>Each distinct state is passed to {@link #onState} once, when first reached; every
 * generated step to {@link #onTransition}, also when it leads to a state seen before;
 * every state without successors to {@link #onTerminal}.
 */
public interface Monitor<S, A> {

  default Violation onState(S state) {
    return null;
  }

  /**
   * @param fromId the search's id of {@code from}, usable in a {@link Witness}
   * @param index the position of this step among the successors of {@code from}
   */
  default Violation onTransition(S from, long fromId, A action, int index, S to) {
    return null;
  }

  default Violation onTerminal(S state) {
    return null;
  }
}
