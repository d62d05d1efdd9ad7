package schedcheck.model.scenario;

/**
 * How a system call is written in a program: its keyword, whether it may stand alone ({@code
 * futex_wait W 0}, result discarded) or be assigned ({@code r = futex_wait W 0}), and its
 * operands. The parser knows no system call of its own: it asks the registry
 * ({@code schedcheck.model.kernel.Syscalls}) for the keyword. The kernel half of the same
 * registration is {@code schedcheck.model.kernel.Syscall}.
 */
public interface SyscallSyntax {

  /** The statement's keyword, e.g. {@code futex_wait}. */
  String keyword();

  /** Whether the statement may be written without a result register. */
  boolean bare();

  /** Whether the statement may be written {@code r = keyword ...} (it has a result). */
  boolean withResult();

  /**
   * Parses the operands after the keyword (the parser then expects the end of the line).
   *
   * @param reg the result register, or -1 when written bare
   */
  Stmt.Call parse(Operands in, SourcePos at, String text, int reg) throws ScenarioException;
}
