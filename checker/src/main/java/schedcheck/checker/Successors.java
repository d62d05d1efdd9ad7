package schedcheck.checker;

/** Receives the steps a {@link Model} generates for one state. */
public interface Successors<S, A> {

  /** One enabled step and the state it leads to. */
  void next(A action, S state);

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
