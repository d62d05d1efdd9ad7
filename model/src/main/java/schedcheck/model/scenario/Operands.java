package schedcheck.model.scenario;

/**
 * The operand grammar a system call's statement is parsed with (see {@link SyscallSyntax}):
 * each method reads the next operand of the line and resolves it against the scenario's
 * declarations, or fails with the parser's own message at the operand's file:line:col.
 */
public interface Operands {

  /** A declared memory word (its index). */
  int word() throws ScenarioException;

  /** A declared mutex (its index). */
  int mutex() throws ScenarioException;

  /** A task name (its index). */
  int task() throws ScenarioException;

  /**
   * An expression: terms joined by {@code +}/{@code -}.
   *
   * @param anotherFollows another operand follows on the line (then {@code x -1} is two
   *     operands, as in cas's {@code old})
   */
  Expr expr(boolean anotherFollows) throws ScenarioException;

  /** A spinlock reference. */
  LockRef lockRef() throws ScenarioException;
}
