package schedcheck.model.scenario;

/**
 * Bad input: says where (file, line, column), what was expected and what was found.
 * The command prints {@link #getMessage()} and exits with status 2.
 */
public final class ScenarioException extends Exception {
  private static final long serialVersionUID = 1L;
  private final SourcePos pos;

  public ScenarioException(SourcePos pos, String message) {
    super(pos + ": " + message);
    this.pos = pos;
  }

  public SourcePos pos() {
    return pos;
  }
}
