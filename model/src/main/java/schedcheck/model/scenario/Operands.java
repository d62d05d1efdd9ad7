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

  /** Whether the line has no operand left (an optional operand was left out). */
  boolean atEnd();

  /**
   * One of {@code words}, an identifier (its index in {@code words}); otherwise fails with
   * "expected {@code what}, found ...".
   */
  int oneOf(String what, String... words) throws ScenarioException;

  /** A parse error at the next operand (or at the line's end). */
  ScenarioException errorHere(String message);

  /**
   * A task id: a task name alone on the rest of the line (that task's index + 1, as a literal),
   * or else an expression (whose value is taken as the id).
   */
  Expr taskId() throws ScenarioException;
}
