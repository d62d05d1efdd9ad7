package schedcheck.model.kernel;

import java.util.function.Function;
import java.util.function.ToIntFunction;
import schedcheck.model.scenario.Expr;
import schedcheck.model.scenario.Operands;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.model.scenario.SourcePos;
import schedcheck.model.scenario.Stmt;
import schedcheck.model.scenario.SyscallSyntax;

/**
 * One system call, registered once in {@link Syscalls}: how it is written ({@link
 * SyscallSyntax}: keyword, forms, operands and their parse errors), the kernel function a
 * task enters with it, and how the statement's operands become that function's first locals.
 * The result goes to the statement's {@link Stmt.Call#reg()} when the function returns from
 * the task's outermost frame ({@code Kernel.returnToUser}); its text in traces is the
 * statement's text followed by the entry step's label.
 */
public interface Syscall extends SyscallSyntax {

  /** The kernel function the system call enters. */
  KFunction entry(Kernel kernel);

  /** The entry function's first locals for statement {@code st}, expressions evaluated by {@code eval}. */
  int[] locals(Stmt.Call st, ToIntFunction<Expr> eval);

  /**
   * For a statement that runs in user space alone (it reads or writes user memory, as UMCG's
   * {@code umcg_pop} takes a worker off a list in the task's user memory): its effect as one
   * atomic user step, else null (a system call: {@link #entry}). Such a registration has no
   * entry function; its result goes to the statement's {@link Stmt.Call#reg()} at once.
   */
  default UserOp userOp() {
    return null;
  }

  /** A user-space statement's effect: returns its result (ignored when it has no register). */
  @FunctionalInterface
  interface UserOp {
    int run(Ctx c, Stmt.Call st, ToIntFunction<Expr> eval);
  }

  /** A registration of a statement that runs in user space alone (see {@link #userOp}). */
  static <S extends Stmt.Call> Syscall userSpace(String keyword, boolean bare, boolean withResult, Class<S> type,
      Parser parser, UserOp op) {
    return new Named(keyword, bare, withResult) {
      @Override
      public Stmt.Call parse(Operands in, SourcePos at, String text, int reg) throws ScenarioException {
        Stmt.Call st = parser.parse(in, at, text, reg);
        return type.cast(st);
      }

      @Override
      public KFunction entry(Kernel kernel) {
        return null;
      }

      @Override
      public int[] locals(Stmt.Call st, ToIntFunction<Expr> eval) {
        return new int[0];
      }

      @Override
      public UserOp userOp() {
        return op;
      }
    };
  }

  /** Parses a statement's operands (see {@link SyscallSyntax#parse}). */
  @FunctionalInterface
  interface Parser {
    Stmt.Call parse(Operands in, SourcePos at, String text, int reg) throws ScenarioException;
  }

  /** Makes the operands of a statement of type S the entry locals. */
  @FunctionalInterface
  interface Locals<S extends Stmt.Call> {
    int[] of(S st, ToIntFunction<Expr> eval);
  }

  /**
   * A registration from its parts.
   *
   * @param type the statement's record type (its {@link Stmt.Call#keyword()} is {@code keyword})
   */
  static <S extends Stmt.Call> Syscall of(String keyword, boolean bare, boolean withResult, Class<S> type,
      Parser parser, Function<Kernel, KFunction> entry, Locals<S> locals) {
    return new Named(keyword, bare, withResult) {
      @Override
      public Stmt.Call parse(Operands in, SourcePos at, String text, int reg) throws ScenarioException {
        return parser.parse(in, at, text, reg);
      }

      @Override
      public KFunction entry(Kernel kernel) {
        return entry.apply(kernel);
      }

      @Override
      public int[] locals(Stmt.Call st, ToIntFunction<Expr> eval) {
        return locals.of(type.cast(st), eval);
      }
    };
  }

  /** The parts every registration has: its keyword and forms (the two factories above share them). */
  abstract class Named implements Syscall {
    private final String keyword;
    private final boolean bare;
    private final boolean withResult;

    Named(String keyword, boolean bare, boolean withResult) {
      this.keyword = keyword;
      this.bare = bare;
      this.withResult = withResult;
    }

    @Override
    public String keyword() {
      return keyword;
    }

    @Override
    public boolean bare() {
      return bare;
    }

    @Override
    public boolean withResult() {
      return withResult;
    }

    @Override
    public String toString() {
      return keyword;
    }
  }
}
