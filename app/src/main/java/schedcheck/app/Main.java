package schedcheck.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code schedcheck} command. */
@Command(
    name = "schedcheck",
    mixinStandardHelpOptions = true,
    version = "schedcheck 0.1.0",
    description = "Model-checks Linux scheduling and locking algorithms described by scenario files.",
    subcommands = {CheckCommand.class, ReplayCommand.class, LockorderCommand.class, ExploreCommand.class, ListCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** Exit status: every file holds. */
  public static final int HOLDS = 0;
  /** Exit status: some property is violated, or a verdict differs from the file's expect. */
  public static final int VIOLATED = 1;
  /** Exit status: bad input or usage. */
  public static final int BAD_INPUT = 2;
  /** Exit status: no violation, but a bound or limit cut some search short. */
  public static final int INCOMPLETE = 3;
  /** Exit status: schedcheck itself failed (a bug in the checker, never a verdict). */
  public static final int INTERNAL_ERROR = 4;
  /**
   * Exit status with {@code check --ci} only: a file expects {@code violated: P} and the
   * verdict is something else (holds, incomplete, or another property); without {@code --ci}
   * a mismatch is 1, as the contract says.
   */
  public static final int MISMATCH = 5;
  /** Exit status with {@code check --ci} only: a file expects {@code holds} and the verdict is {@code incomplete}. */
  public static final int INCOMPLETE_NOT_HOLDS = 6;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: check, replay, lockorder, explore, list or bench");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit status (for tests). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("schedcheck: " + ex.getMessage());
      ex.getCommandLine().getErr().println("(see 'schedcheck help " + ex.getCommandLine().getCommandName() + "')");
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      c.getErr().println("schedcheck: internal error: " + ex);
      for (StackTraceElement e : ex.getStackTrace()) {
        c.getErr().println("    at " + e);
      }
      c.getErr().println("This is a bug in schedcheck, not a verdict. Please report it with the scenario file.");
      return INTERNAL_ERROR;
    });
    return cl.execute(args);
  }
}
