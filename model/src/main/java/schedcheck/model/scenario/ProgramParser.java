package schedcheck.model.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import schedcheck.model.kernel.Syscall;
import schedcheck.model.kernel.Syscalls;

/**
 * The program language of a task: a tokenizer per line and a recursive-descent parser per
 * statement, resolving every name against the scenario's declarations.
 *
 * <p>Two passes: the first tokenizes every line, records the labels (to the index of the
 * statement they precede) and the registers the program assigns; the second parses and
 * resolves the statements, numbering registers in order of first appearance.
 */
final class ProgramParser {

  /**
   * One line of program text and where it is in the file.
   *
   * @param line the 1-based file line of the text
   * @param column the 1-based file column of the text's first character
   * @param exact whether {@code line}/{@code column} locate the text itself; if not, they
   *     are the position of the whole program, used for everything on the line
   */
  record Line(String text, int line, int column, boolean exact) {}

  /** What programs may name, each name to its index. */
  record Names(
      Map<String, Integer> words,
      Map<String, Integer> mutexes,
      Map<String, Integer> locks,
      Map<String, Integer> tasks,
      int cpus) {}

  static final Pattern REGISTER = Pattern.compile("[a-z_][a-z0-9_]*");

  /** The largest lockdep subclass of {@code spin_lock_nested} (MAX_LOCKDEP_SUBCLASSES - 1). */
  static final int MAX_SUBCLASS = 7;

  /**
   * The statements that start with a keyword, as the "unknown statement" message lists them:
   * the built-in ones in their historical order (the message is part of the contract), then
   * any other system call registered in {@link Syscalls} that may be written bare. Read from
   * the registry when a parser is made (a registration after that is seen by the next one).
   */
  private final List<String> keywordStatements = keywordStatements();

  /**
   * The operations of {@code r = op ...}: the memory operations and every registered system
   * call with a result.
   */
  private final Set<String> valueOps = valueOps();

  private static List<String> keywordStatements() {
    List<String> out = new ArrayList<>(List.of(
        "store", "lock", "unlock", "spin_lock", "spin_lock_nested", "spin_unlock", "if", "goto", "enter", "leave",
        "assert", "yield", "work", "futex_wait", "futex_wake", "futex_swap", "signal"));
    for (Syscall sc : Syscalls.all()) {
      if (sc.bare() && !out.contains(sc.keyword())) {
        out.add(sc.keyword());
      }
    }
    return List.copyOf(out);
  }

  private static Set<String> valueOps() {
    Set<String> out = new HashSet<>(List.of("load", "cas", "xchg", "fetch_add"));
    for (Syscall sc : Syscalls.all()) {
      if (sc.withResult()) {
        out.add(sc.keyword());
      }
    }
    return Set.copyOf(out);
  }

  private enum Type { IDENT, INT, SYM, END }

  /** A token: {@code start}/{@code end} are indices into the line's text. */
  private record Token(Type type, String text, int start, int end) {
    boolean is(String symbol) {
      return type == Type.SYM && text.equals(symbol);
    }

    String describe() {
      return type == Type.END ? "end of line" : "'" + YamlTree.abbreviate(text) + "'";
    }
  }

  private final String file;
  private final Names names;
  private final List<Line> lines;

  private final Map<String, Integer> labels = new LinkedHashMap<>();
  private final Map<String, SourcePos> labelPos = new HashMap<>();
  private final Set<String> assigned = new HashSet<>();
  private final List<String> registers = new ArrayList<>();
  private final Map<String, Integer> registerIndex = new HashMap<>();

  // the line being parsed
  private Line line;
  private List<Token> toks;
  private int p;

  private ProgramParser(String file, Names names, List<Line> lines) {
    this.file = file;
    this.names = names;
    this.lines = lines;
  }

  static Program parse(String file, Names names, List<Line> lines) throws ScenarioException {
    return new ProgramParser(file, names, lines).program();
  }

  private Program program() throws ScenarioException {
    int n = lines.size();
    List<List<Token>> lexed = new ArrayList<>(n);
    int[] stmtStart = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      line = lines.get(i);
      List<Token> ts = lex(line);
      lexed.add(ts);
      int s = 0;
      if (ts.size() >= 3 && ts.get(0).type == Type.IDENT && ts.get(1).is(":")) {
        Token label = ts.get(0);
        SourcePos first = labelPos.get(label.text);
        if (first != null) {
          throw error(label, "duplicate label '" + label.text + "' (first defined at line "
              + first.line() + ", column " + first.column() + ")");
        }
        labels.put(label.text, count);
        labelPos.put(label.text, pos(label.start));
        s = 2;
      }
      if (ts.get(s).type == Type.END) {
        stmtStart[i] = -1;
        continue;
      }
      stmtStart[i] = s;
      count++;
      if (ts.get(s).type == Type.IDENT && ts.get(s + 1).is("=")) {
        assigned.add(ts.get(s).text);
      }
    }
    List<Stmt> statements = new ArrayList<>(count);
    for (int i = 0; i < n; i++) {
      if (stmtStart[i] < 0) {
        continue;
      }
      line = lines.get(i);
      toks = lexed.get(i);
      p = stmtStart[i];
      statements.add(statement());
    }
    return new Program(statements, labels, registers);
  }

  // ---------------------------------------------------------------- tokenizer

  private List<Token> lex(Line l) throws ScenarioException {
    String s = l.text();
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (c == '#') {
        break;
      }
      if (isIdentStart(c)) {
        int j = i + 1;
        while (j < n && isIdentPart(s.charAt(j))) {
          j++;
        }
        out.add(new Token(Type.IDENT, s.substring(i, j), i, j));
        i = j;
        continue;
      }
      if (c >= '0' && c <= '9') {
        int j = i + 1;
        while (j < n && isIdentPart(s.charAt(j))) {
          j++;
        }
        String text = s.substring(i, j);
        if (!text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
          throw new ScenarioException(pos(l, i),
              "expected an integer literal (decimal digits), found '" + YamlTree.abbreviate(text) + "'");
        }
        out.add(new Token(Type.INT, text, i, j));
        i = j;
        continue;
      }
      char d = i + 1 < n ? s.charAt(i + 1) : 0;
      if ((c == '=' || c == '!' || c == '<' || c == '>') && d == '=') {
        out.add(new Token(Type.SYM, s.substring(i, i + 2), i, i + 2));
        i += 2;
        continue;
      }
      if ("=<>+-():,.".indexOf(c) >= 0) {
        out.add(new Token(Type.SYM, String.valueOf(c), i, i + 1));
        i++;
        continue;
      }
      int cp = s.codePointAt(i);
      String shown = cp >= 0x20 && cp != 0x7f && !Character.isWhitespace(cp) && Character.isDefined(cp)
          ? "'" + new String(Character.toChars(cp)) + "'"
          : String.format("U+%04X", cp);
      throw new ScenarioException(pos(l, i), "unexpected character " + shown
          + "; expected a statement: names, integers, = == != < <= > >= + - ( ) : and # comments");
    }
    int end = out.isEmpty() ? 0 : out.get(out.size() - 1).end;
    out.add(new Token(Type.END, "", end, end));
    return out;
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || (c >= '0' && c <= '9');
  }

  // ---------------------------------------------------------------- cursor

  private Token peek() {
    return toks.get(p);
  }

  private Token peek(int ahead) {
    return toks.get(Math.min(p + ahead, toks.size() - 1));
  }

  private Token next() {
    Token t = toks.get(p);
    if (t.type != Type.END) {
      p++;
    }
    return t;
  }

  private SourcePos pos(int index) {
    return pos(line, index);
  }

  private SourcePos pos(Line l, int index) {
    return l.exact()
        ? new SourcePos(file, l.line(), l.column() + index)
        : new SourcePos(file, l.line(), l.column());
  }

  private ScenarioException error(Token t, String message) {
    return new ScenarioException(pos(t.start), message);
  }

  private ScenarioException expected(String what, Token found) {
    return error(found, "expected " + what + ", found " + found.describe());
  }

  private void expectSymbol(String symbol) throws ScenarioException {
    Token t = next();
    if (!t.is(symbol)) {
      throw expected("'" + symbol + "'", t);
    }
  }

  private void expectEnd() throws ScenarioException {
    Token t = peek();
    if (t.type != Type.END) {
      throw expected("end of line", t);
    }
  }

  // ---------------------------------------------------------------- statements

  private Stmt statement() throws ScenarioException {
    Token first = peek();
    SourcePos at = pos(first.start);
    int last = toks.get(toks.size() - 1).start;
    String text = line.text().substring(first.start, last).trim();
    Stmt s;
    if (first.type == Type.IDENT && peek(1).is("=")) {
      s = assignment(at, text);
    } else if (first.type == Type.IDENT) {
      s = keywordStatement(at, text);
    } else {
      throw expected("a statement", first);
    }
    expectEnd();
    return s;
  }

  private Stmt keywordStatement(SourcePos at, String text) throws ScenarioException {
    Token kw = next();
    switch (kw.text) {
      case "store": {
        int w = word();
        return new Stmt.Store(at, text, w, expr(false));
      }
      case "spin_lock":
        return new Stmt.SpinLock(at, text, lockRef());
      case "spin_lock_nested": {
        // Extension: lockdep's spin_lock_nested(L, subclass), subclass 0..7 (MAX_LOCKDEP_SUBCLASSES).
        LockRef l = lockRef();
        Token n = next();
        if (n.type != Type.INT) {
          throw expected("a lockdep subclass (an integer from 0 to " + (MAX_SUBCLASS) + ", e.g. 1 for"
              + " SINGLE_DEPTH_NESTING) after the lock", n);
        }
        return new Stmt.SpinLock(at, text, l, literal(n, MAX_SUBCLASS));
      }
      case "spin_unlock":
        return new Stmt.SpinUnlock(at, text, lockRef());
      case "if": {
        Expr a = expr(false);
        Stmt.Op op = comparison();
        Expr b = expr(false);
        Token g = next();
        if (g.type != Type.IDENT || !g.text.equals("goto")) {
          throw expected("'goto'", g);
        }
        return new Stmt.If(at, text, a, op, b, label());
      }
      case "goto":
        return new Stmt.Goto(at, text, label());
      case "enter":
        return new Stmt.Enter(at, text);
      case "leave":
        return new Stmt.Leave(at, text);
      case "assert": {
        Expr a = expr(false);
        Stmt.Op op = comparison();
        return new Stmt.Assert(at, text, a, op, expr(false));
      }
      case "yield":
        return new Stmt.Yield(at, text);
      case "work":
        return new Stmt.Work(at, text);
      default:
        Syscall sc = Syscalls.of(kw.text);
        if (sc != null && sc.bare()) {
          return sc.parse(operands, at, text, -1);
        }
        if (valueOps.contains(kw.text)) {
          throw error(kw, "'" + kw.text + "' needs a register for its result: write 'r = "
              + kw.text + " ...'");
        }
        throw error(kw, "unknown statement '" + YamlTree.abbreviate(kw.text)
            + "'; expected an assignment 'r = ...' or one of: " + String.join(", ", keywordStatements));
    }
  }

  private Stmt assignment(SourcePos at, String text) throws ScenarioException {
    Token target = next();
    next(); // '='
    if (names.words().containsKey(target.text)) {
      throw error(target, "'" + target.text + "' is a memory word; use store");
    }
    if (!REGISTER.matcher(target.text).matches()) {
      throw error(target, "expected a register name (lowercase letters, digits and '_'), found '"
          + target.text + "'");
    }
    int reg = register(target.text);
    Token op = peek();
    if (op.type == Type.IDENT && valueOps.contains(op.text) && isOperation(op)) {
      next();
      return operation(op.text, reg, at, text);
    }
    return new Stmt.Assign(at, text, reg, expr(false));
  }

  /**
   * Whether {@code op} (a word like {@code load}) starts an operation rather than naming a
   * register or memory word in an expression: it does unless it is followed by nothing or an
   * operator and names a word or an assigned register.
   */
  private boolean isOperation(Token op) {
    Token after = peek(1);
    if (after.type == Type.END || after.is("+") || after.is("-")) {
      return !(names.words().containsKey(op.text) || assigned.contains(op.text));
    }
    return true;
  }

  private Stmt operation(String op, int reg, SourcePos at, String text) throws ScenarioException {
    switch (op) {
      case "load":
        return new Stmt.Load(at, text, reg, word());
      case "cas": {
        int w = word();
        Expr old = expr(true);
        return new Stmt.Cas(at, text, reg, w, old, expr(false));
      }
      case "xchg": {
        int w = word();
        return new Stmt.Xchg(at, text, reg, w, expr(false));
      }
      case "fetch_add": {
        int w = word();
        return new Stmt.FetchAdd(at, text, reg, w, expr(false));
      }
      default:
        // a registered system call with a result (valueOps holds no other)
        return Syscalls.of(op).parse(operands, at, text, reg);
    }
  }

  /** This parser's operand grammar, as system call registrations see it. */
  private final Operands operands = new Operands() {
    @Override
    public int word() throws ScenarioException {
      return ProgramParser.this.word();
    }

    @Override
    public int mutex() throws ScenarioException {
      return ProgramParser.this.mutex();
    }

    @Override
    public int task() throws ScenarioException {
      return ProgramParser.this.task();
    }

    @Override
    public Expr expr(boolean anotherFollows) throws ScenarioException {
      return ProgramParser.this.expr(anotherFollows);
    }

    @Override
    public LockRef lockRef() throws ScenarioException {
      return ProgramParser.this.lockRef();
    }

    @Override
    public boolean atEnd() {
      return peek().type == Type.END;
    }

    @Override
    public int oneOf(String what, String... words) throws ScenarioException {
      Token k = next();
      if (k.type == Type.IDENT) {
        int i = List.of(words).indexOf(k.text);
        if (i >= 0) {
          return i;
        }
      }
      throw expected(what, k);
    }

    @Override
    public ScenarioException errorHere(String message) {
      return error(peek(), message);
    }

    @Override
    public Expr taskId() throws ScenarioException {
      return tid();
    }
  };

  // ---------------------------------------------------------------- operands

  /** A task id ({@link Operands#taskId}): a task name alone (its index + 1), or an expression. */
  private Expr tid() throws ScenarioException {
    Token n = peek();
    if (n.type == Type.IDENT && names.tasks().containsKey(n.text) && !names.words().containsKey(n.text)
        && !assigned.contains(n.text) && peek(1).type == Type.END) {
      next();
      int tid = names.tasks().get(n.text) + 1;
      return new Expr(List.of(new Expr.Term(false, Expr.Kind.LITERAL, tid)));
    }
    return expr(false);
  }

  private int register(String name) {
    return registerIndex.computeIfAbsent(name, n -> {
      registers.add(n);
      return registers.size() - 1;
    });
  }

  /**
   * A chain of terms joined by {@code +}/{@code -}; each term may carry one leading {@code -}.
   *
   * @param anotherFollows another operand follows on the line (cas's {@code old}): then a
   *     {@code -} with a space before and none after ({@code cas X 0 -1}) starts that operand
   */
  private Expr expr(boolean anotherFollows) throws ScenarioException {
    List<Expr.Term> terms = new ArrayList<>();
    terms.add(term(false));
    while (peek().is("+") || peek().is("-")) {
      Token op = peek();
      if (anotherFollows && op.is("-") && toks.get(p - 1).end < op.start && peek(1).start == op.end
          && peek(1).type != Type.END) {
        break;
      }
      next();
      terms.add(term(op.is("-")));
    }
    return new Expr(terms);
  }

  private Expr.Term term(boolean subtracted) throws ScenarioException {
    boolean negative = subtracted;
    if (peek().is("-")) {
      next();
      negative = !negative;
    }
    Token t = next();
    if (t.type == Type.INT) {
      return new Expr.Term(negative, Expr.Kind.LITERAL, literal(t, Integer.MAX_VALUE));
    }
    if (t.type == Type.IDENT) {
      Integer w = names.words().get(t.text);
      if (w != null) {
        return new Expr.Term(negative, Expr.Kind.WORD, w);
      }
      if (assigned.contains(t.text)) {
        return new Expr.Term(negative, Expr.Kind.REGISTER, register(t.text));
      }
      throw error(t, "undefined register or memory word '" + t.text + "'" + otherMeaning(t.text));
    }
    throw expected("an integer, a register or a memory word", t);
  }

  /** " ('A' is a mutex)" and the like, or "". */
  private String otherMeaning(String name) {
    if (names.mutexes().containsKey(name)) {
      return " ('" + name + "' is a mutex)";
    }
    if (names.locks().containsKey(name)) {
      return " ('" + name + "' is a lock class)";
    }
    if (names.tasks().containsKey(name)) {
      return " ('" + name + "' is a task)";
    }
    if (labels.containsKey(name)) {
      return " ('" + name + "' is a label)";
    }
    if (REGISTER.matcher(name).matches()) {
      return "; a register must be assigned somewhere in the program";
    }
    return "";
  }

  private int literal(Token t, long max) throws ScenarioException {
    String digits = t.text;
    long v = digits.length() > 12 ? Long.MAX_VALUE : Long.parseLong(digits);
    if (v > max) {
      throw error(t, "expected an integer literal of at most " + max + ", found "
          + YamlTree.abbreviate(digits) + " (out of range)");
    }
    return (int) v;
  }

  private int word() throws ScenarioException {
    Token t = next();
    Integer w = t.type == Type.IDENT ? names.words().get(t.text) : null;
    if (w == null) {
      throw expected("a memory word" + oneOf(names.words(), "no memory words are declared"), t);
    }
    return w;
  }

  private int mutex() throws ScenarioException {
    Token t = next();
    Integer m = t.type == Type.IDENT ? names.mutexes().get(t.text) : null;
    if (m == null) {
      throw expected("a mutex" + oneOf(names.mutexes(), "no mutexes are declared"), t);
    }
    return m;
  }

  private static String oneOf(Map<String, Integer> known, String none) {
    if (known.isEmpty()) {
      return " (" + none + ")";
    }
    List<String> list = new ArrayList<>(known.keySet());
    String shown = list.size() <= 12
        ? String.join(", ", list)
        : String.join(", ", list.subList(0, 12)) + ", ...";
    return " (one of: " + shown + ")";
  }

  private LockRef lockRef() throws ScenarioException {
    Token t = next();
    String kinds = "a spinlock (an extra class from 'locks'" + (names.locks().isEmpty() ? ""
        : ": " + String.join(", ", names.locks().keySet()))
        + ", or pi_lock(t), rq_lock(c), wait_lock(M), blocked_lock(t))";
    if (t.type != Type.IDENT) {
      throw expected(kinds, t);
    }
    switch (t.text) {
      case "pi_lock":
      case "blocked_lock": {
        expectSymbol("(");
        int task = task();
        expectSymbol(")");
        return new LockRef(t.text.equals("pi_lock") ? LockRef.Kind.PI_LOCK : LockRef.Kind.BLOCKED_LOCK, task);
      }
      case "rq_lock": {
        expectSymbol("(");
        Token c = next();
        if (c.type != Type.INT) {
          throw expected("a cpu number", c);
        }
        long cpu = c.text.length() > 12 ? Long.MAX_VALUE : Long.parseLong(c.text);
        if (cpu >= names.cpus()) {
          throw error(c, "expected a cpu number below " + names.cpus() + " in rq_lock(...), found "
              + YamlTree.abbreviate(c.text) + " (the scenario has " + names.cpus()
              + (names.cpus() == 1 ? " cpu)" : " cpus)"));
        }
        expectSymbol(")");
        return new LockRef(LockRef.Kind.RQ_LOCK, (int) cpu);
      }
      case "wait_lock": {
        expectSymbol("(");
        int m = mutex();
        expectSymbol(")");
        return new LockRef(LockRef.Kind.WAIT_LOCK, m);
      }
      case "hb_lock":
        throw error(t, "hb_lock is the futex bucket lock, taken only by the kernel's futex code; expected "
            + kinds);
      default: {
        Integer l = names.locks().get(t.text);
        if (l == null) {
          throw error(t, "unknown spinlock '" + t.text + "'; expected " + kinds);
        }
        return new LockRef(LockRef.Kind.EXTRA, l);
      }
    }
  }

  /** A task name inside parentheses; task names may contain '.' and '-' (written without spaces). */
  private int task() throws ScenarioException {
    Token first = next();
    if (first.type != Type.IDENT) {
      throw expected("a task name" + oneOf(names.tasks(), "no tasks"), first);
    }
    StringBuilder name = new StringBuilder(first.text);
    int end = first.end;
    while (peek().type != Type.END && !peek().is(")") && peek().start == end) {
      Token t = next();
      name.append(t.text);
      end = t.end;
    }
    Integer task = names.tasks().get(name.toString());
    if (task == null) {
      throw error(first, "expected a task name" + oneOf(names.tasks(), "no tasks") + ", found '"
          + YamlTree.abbreviate(name.toString()) + "'");
    }
    return task;
  }

  private Stmt.Op comparison() throws ScenarioException {
    Token t = next();
    if (t.type == Type.SYM) {
      for (Stmt.Op op : Stmt.Op.values()) {
        if (op.symbol.equals(t.text)) {
          return op;
        }
      }
    }
    throw expected("a comparison (== != < <= > >=)", t);
  }

  private int label() throws ScenarioException {
    Token t = next();
    if (t.type != Type.IDENT) {
      throw expected("a label", t);
    }
    Integer target = labels.get(t.text);
    if (target == null) {
      throw error(t, "undefined label '" + t.text + "'" + (labels.isEmpty() ? " (the program has no labels)"
          : " (labels: " + String.join(", ", labels.keySet()) + ")"));
    }
    return target;
  }
}
