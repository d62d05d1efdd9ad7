package schedcheck.checker;

/**
 * A successor state that a model built in a scratch buffer of its own and has not yet made
 * into a state object (see {@link Successors#next(Object, long, Scratch)}): most successors
 * are states already seen, and those are never copied out of the buffer.
 */
public interface Scratch<S> {

  /** The state, as an object of its own that the caller may keep (a copy of the buffer). */
  S copy();

  /**
   * The state without a copy: valid only until the call of {@link Successors#next(Object,
   * long, Scratch)} that handed in this scratch returns (the model then reuses the buffer).
   * Whoever keeps it longer must take a {@link #copy()}.
   */
  S view();

  /**
   * The state in the form {@link Model#pack} gives (what the frontier holds), made straight
   * from the buffer; by default a {@link #copy()} (the form of {@link Model#pack}'s default).
   */
  default Object packed() {
    return copy();
  }
}
