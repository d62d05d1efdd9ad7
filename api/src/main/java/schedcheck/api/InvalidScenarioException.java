package schedcheck.api;

/**
 * A scenario that does not parse or is not valid: the message names the file (or, for a
 * scenario built in code, {@code <built NAME>} followed by the YAML it was written as),
 * the line and column, what was expected and what was found, as {@code schedcheck check}
 * prints it before it exits with status 2.
 */
public final class InvalidScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
