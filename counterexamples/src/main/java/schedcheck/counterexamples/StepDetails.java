package schedcheck.counterexamples;

import java.util.ArrayList;
import java.util.List;
import schedcheck.model.kernel.KState;
import schedcheck.model.kernel.KernelModel;
import schedcheck.model.kernel.Layout;
import schedcheck.model.kernel.StepInfo;
import schedcheck.model.scenario.Expr;
import schedcheck.model.scenario.Stmt;

/**
 * What a step's own text and note leave out but a reader needs: the value a load (or cas,
 * xchg, fetch_add) read into its register, the value a futex value check compared, and
 * whether an {@code if} branch was taken. Derived from the states before and after the step.
 */
public final class StepDetails {
  private StepDetails() {}

  /** The details of step {@code i} (0-based) of the trace, e.g. {@code read go = 1}; empty when none. */
  public static String of(KernelModel model, Trace trace, int i) {
    Trace.Step step = trace.steps().get(i);
    StepInfo info = step.step();
    int t = info.task();
    if (t < 0 || info.kind() == StepInfo.Kind.SCHED || info.kind() == StepInfo.Kind.EXIT) {
      return "";
    }
    Layout layout = model.layout();
    KState before = trace.before(i);
    KState after = step.after();
    Stmt st = StateJson.statementAt(layout, t, before.pc(t));
    if (st == null) {
      return "";
    }
    List<String> regs = layout.scenario.tasks().get(t).program().registers();
    if (info.kind() == StepInfo.Kind.USER && before.depth(t) == 0) {
      if (st instanceof Stmt.If f) {
        boolean taken = f.op().test(eval(before, t, f.left()), eval(before, t, f.right()));
        return taken ? "taken: " + eval(before, t, f.left()) + " " + f.op().symbol + " " + eval(before, t, f.right())
            : "not taken: " + eval(before, t, f.left()) + " " + negate(f.op()) + " " + eval(before, t, f.right());
      }
      if (st instanceof Stmt.Load l) {
        return "read " + layout.wordName(l.word()) + " = " + after.reg(t, l.reg());
      }
      if (st instanceof Stmt.Cas c) {
        return "read " + layout.wordName(c.word()) + " = " + after.reg(t, c.reg()) + ", now "
            + after.word(c.word());
      }
      if (st instanceof Stmt.Xchg x) {
        return "read " + layout.wordName(x.word()) + " = " + after.reg(t, x.reg()) + ", now "
            + after.word(x.word());
      }
      if (st instanceof Stmt.FetchAdd x) {
        return "read " + layout.wordName(x.word()) + " = " + after.reg(t, x.reg()) + ", now "
            + after.word(x.word());
      }
      if (st instanceof Stmt.Assert a) {
        int l = eval(before, t, a.left());
        int r = eval(before, t, a.right());
        return a.op().test(l, r) ? "holds: " + l + " " + a.op().symbol + " " + r
            : "FAILS: " + l + " " + negate(a.op()) + " " + r;
      }
      if (st instanceof Stmt.Assign a && a.reg() >= 0 && a.reg() < regs.size()) {
        return regs.get(a.reg()) + " = " + after.reg(t, a.reg());
      }
    }
    if (info.text().contains("value check") && info.note().isEmpty()) {
      int word = -1;
      Expr expected = null;
      if (st instanceof Stmt.FutexWait w) {
        word = w.word();
        expected = w.expected();
      } else if (st instanceof Stmt.FutexSwap w) {
        word = w.waitWord();
        expected = w.expected();
      }
      if (word >= 0) {
        int[] fw = model.queries().futexWait(after, t);
        int want = fw != null && fw[0] == word ? fw[1] : eval(before, t, expected);
        int now = before.word(word);
        return now == want ? "read " + layout.wordName(word) + " = " + now + " == " + want + ": queue and sleep"
            : "passed on a value read earlier: " + layout.wordName(word) + " is " + now + " now, not " + want
                + "; queue and sleep";
      }
    }
    return "";
  }

  private static String negate(Stmt.Op op) {
    return switch (op) {
      case EQ -> "!=";
      case NE -> "==";
      case LT -> ">=";
      case LE -> ">";
      case GT -> "<=";
      case GE -> "<";
    };
  }

  /** An operand's value in state s for task t (registers and words as they are in s). */
  static int eval(KState s, int t, Expr e) {
    int v = 0;
    for (Expr.Term term : e.terms()) {
      int x = switch (term.kind()) {
        case LITERAL -> term.value();
        case REGISTER -> s.reg(t, term.value());
        case WORD -> s.word(term.value());
      };
      v += term.negative() ? -x : x;
    }
    return v;
  }

  /** The details of every step, in order (empty strings where there are none). */
  public static List<String> all(KernelModel model, Trace trace) {
    List<String> out = new ArrayList<>(trace.length());
    for (int i = 0; i < trace.length(); i++) {
      out.add(of(model, trace, i));
    }
    return out;
  }
}
