package schedcheck.model.kernel;

/**
 * A named local of a {@link KFunction}, declared once when the function is built
 * ({@link KFunction#local}, {@link KFunction#taskLocal}, {@link KFunction#taskIndexLocal},
 * {@link KFunction#bits}) and read and written by steps with {@link Ctx#get} and
 * {@link Ctx#set}. A local does its own encoding in the frame slot it occupies, so step
 * bodies see plain values: a task local reads -1 for "no task".
 *
 * <p>The encodings are those the frames always had (state counts and fingerprints depend on
 * them): a {@link Kind#VALUE} is stored as is, a {@link Kind#TASK} as {@code task + 1} with 0
 * for none, a {@link Kind#TASK_INDEX} as the task index itself (never none). A {@link #bits}
 * local is a bit field of a slot that another local of the function owns.
 */
public final class Local {

  /** What a local holds, and so how it is encoded in its slot. */
  public enum Kind {
    /** A number (word, value, mutex, cpu, flag, count): stored as is. */
    VALUE,
    /** A task or none: stored as {@code task + 1}, 0 for none; reads -1 for none. */
    TASK,
    /** A task, always one: stored as the task index. */
    TASK_INDEX
  }

  public final KFunction function;
  public final String name;
  /** The frame slot (0 is the first local). */
  public final int slot;
  public final Kind kind;
  /** For a bit field: its lowest bit and its mask (after shifting); mask -1 for the whole slot. */
  final int shift;
  final int mask;

  Local(KFunction function, String name, int slot, Kind kind, int shift, int mask) {
    this.function = function;
    this.name = name;
    this.slot = slot;
    this.kind = kind;
    this.shift = shift;
    this.mask = mask;
  }

  /** Whether this local holds a task (with or without "none"). */
  public boolean holdsTask() {
    return kind != Kind.VALUE;
  }

  /** Whether this local is a bit field sharing its slot. */
  boolean isBits() {
    return mask != -1;
  }

  /** The value a slot holding {@code raw} gives this local. */
  int decode(int raw) {
    if (mask != -1) {
      return (raw >>> shift) & mask;
    }
    return kind == Kind.TASK ? raw - 1 : raw;
  }

  /** The slot's new content when this local is set to {@code value} in a slot holding {@code raw}. */
  int encode(int raw, int value) {
    if (mask != -1) {
      return (raw & ~(mask << shift)) | ((value & mask) << shift);
    }
    return kind == Kind.TASK ? value + 1 : value;
  }

  @Override
  public String toString() {
    return function.name + "." + name;
  }
}
