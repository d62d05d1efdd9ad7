package schedcheck.checker;

/**
 * How much of each step's action a reader of a search needs ({@link Monitor#actionDetail()},
 * {@link Successors#actionDetail()}, {@link LivenessProperty#actionDetail()}); ordered, each
 * level includes the ones before it. A model may leave out of an action what no reader
 * needs, but hands over one action per step in every case. The checker attaches no meaning
 * to the parts beyond this order: a model documents which of its fields each level fills.
 */
public enum ActionDetail {
  /** Nothing beyond what identifies the step cheaply (for a kernel: cpu, task, kind). */
  NONE,
  /**
   * Also the facts a property reads that cost something to record (for a kernel: the
   * spinlocks taken during the step, with what was held), but no text meant for a person.
   */
  FACTS,
  /** Everything, the text for a person included (traces, reports). */
  FULL;

  /** The larger of the two. */
  public ActionDetail max(ActionDetail other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
