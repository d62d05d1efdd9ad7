package schedcheck.model.scenario;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import schedcheck.model.kernel.Variant;
import schedcheck.model.kernel.Variants;

/**
 * Reads a scenario file (see the scenario language contract) into a validated
 * {@link Scenario}. Every problem with the input is a {@link ScenarioException} that names the
 * file, the 1-based line and column in the file, what was expected and what was found; no
 * other exception escapes for any input.
 */
public final class ScenarioParser {

  /** The largest {@code cpus} accepted. */
  public static final int MAX_CPUS = 1024;
  /** The kernel model keeps runqueues as bit masks over tasks. */
  public static final int MAX_TASKS = 30;
  /** Missed-wake bookkeeping is a bit mask over memory words. */
  public static final int MAX_WORDS = 31;

  static final Pattern SCENARIO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  static final String SCENARIO_NAME_TEXT = "letters, digits, '_', '.' and '-', starting with a letter or '_'";
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final String IDENTIFIER_TEXT = "letters, digits and '_', starting with a letter or '_'";

  static final List<String> TOP_KEYS = List.of(
      "name", "description", "cpus", "kernel", "memory", "mutexes", "locks", "tasks", "check", "bounds", "expect");
  static final List<String> KERNEL_KEYS = List.of("proxy", "variants", "detail", "lock-order", "futex-buckets");
  static final List<String> TASK_KEYS = List.of("cpu", "prio", "affinity", "program");
  static final List<String> BOUNDS_KEYS = List.of("preemptions", "depth", "states", "time");
  /** The kernel's spinlock classes, which {@code kernel.lock-order} may name. */
  static final List<String> KERNEL_LOCK_CLASSES =
      List.of("pi_lock", "rq_lock", "wait_lock", "blocked_lock", "hb_lock");

  private static final int DEFAULT_PRIO = 120;
  private static final Pattern VIOLATED = Pattern.compile("violated\\s*:\\s*(.*)", Pattern.DOTALL);
  private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

  private final String text;
  private final YamlTree y;
  /** The variants kernel.variants names, with their nodes (for the subsystems' checks once the programs are known). */
  private final Map<String, Node> namedVariants = new LinkedHashMap<>();
  private String[] rawLines;

  private ScenarioParser(String text, String file) {
    this.text = text;
    this.y = new YamlTree(file);
  }

  /**
   * The largest scenario file read (1 MiB). Scenarios are a few hundred bytes; a larger file
   * is rejected by its size before a byte is read, so that a huge or generated file costs
   * neither time nor memory.
   */
  public static final long MAX_FILE_BYTES = 1L << 20;

  /** Reads and parses a scenario file (UTF-8) of at most {@link #MAX_FILE_BYTES}. */
  public static Scenario parse(Path file) throws ScenarioException, IOException {
    String name = file.toString();
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new ScenarioException(new SourcePos(name, 1, 1), String.format(java.util.Locale.ROOT,
          "the file is %,d bytes, over the limit of %,d bytes (1 MiB) for a scenario file;"
              + " a scenario is a few hundred bytes: is this the right file?", size, MAX_FILE_BYTES));
    }
    return parse(decode(Files.readAllBytes(file), name), name);
  }

  /**
   * Parses a scenario's text.
   *
   * @param fileName the name errors and {@link Scenario#file()} use
   */
  public static Scenario parse(String text, String fileName) throws ScenarioException {
    Objects.requireNonNull(text, "text");
    String file = fileName == null ? "<input>" : fileName;
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    try {
      return new ScenarioParser(text, file).scenario();
    } catch (StackOverflowError e) {
      throw new ScenarioException(new SourcePos(file, 1, 1), "the file is nested too deeply to read");
    } catch (RuntimeException e) {
      // A safety net: every known problem is reported precisely above; this is a bug.
      throw new ScenarioException(new SourcePos(file, 1, 1),
          "internal error while reading the scenario (" + e + "); please report this as a bug");
    }
  }

  private static String decode(byte[] bytes, String file) throws ScenarioException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = decoder.decode(in, out, true);
    if (!r.isError()) {
      r = decoder.flush(out);
    }
    out.flip();
    if (r.isError()) {
      String before = out.toString();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < before.length(); i++) {
        char c = before.charAt(i);
        if (c == '\n' || (c == '\r' && (i + 1 >= before.length() || before.charAt(i + 1) != '\n'))) {
          line++;
          lineStart = i + 1;
        }
      }
      throw new ScenarioException(new SourcePos(file, line, before.length() - lineStart + 1),
          "expected UTF-8 text, found a byte sequence that is not UTF-8");
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- YAML

  private Node compose() throws ScenarioException {
    LoadSettings settings = LoadSettings.builder()
        .setLabel(y.file())
        .setAllowDuplicateKeys(false)
        .setAllowRecursiveKeys(false)
        .setAllowNonScalarKeys(true) // 3.x rejects them without a position; the parser reports them itself, at file:line:col
        .setUseMarks(true)
        .build();
    Optional<Node> root;
    try {
      root = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> problemMark = e.getProblemMark();
      Optional<Mark> at = problemMark.isPresent() ? problemMark : e.getContextMark();
      String problem = (e.getProblem() != null ? e.getProblem() : firstLine(e.getMessage())).trim();
      StringBuilder msg = new StringBuilder("malformed YAML: ");
      String context = e.getContext() == null ? "" : e.getContext().trim();
      String contextAt = e.getContextMark()
          .map(m -> " (line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ")")
          .orElse("");
      if (context.isEmpty() || problemMark.isEmpty()) {
        msg.append(problem);
      } else if (context.startsWith("while")) {
        // "expected ',' or ']', but got ..." while parsing a flow sequence
        msg.append(problem).append(" (").append(context).append(contextAt.isEmpty() ? "" : " started at")
            .append(contextAt.replace("(", "").replace(")", "")).append(')');
      } else {
        // "expected a single document in the stream", "but found another document"
        msg.append(context).append(contextAt).append(", ").append(problem);
      }
      throw new ScenarioException(y.pos(at), msg.toString());
    } catch (ReaderException e) {
      throw new ScenarioException(positionOfCodePoint(e.getPosition()), String.format(
          "malformed YAML: expected a printable character, found U+%04X, which YAML does not allow",
          e.getCodePoint()));
    } catch (YamlEngineException e) {
      throw new ScenarioException(new SourcePos(y.file(), 1, 1),
          "malformed YAML: " + firstLine(String.valueOf(e.getMessage())));
    } catch (IllegalArgumentException e) {
      // snakeyaml-engine builds a Tag from a tag such as "!%a" (a bad URI escape) without
      // checking it and throws this; the mark is lost, so the position is the file's start.
      throw new ScenarioException(new SourcePos(y.file(), 1, 1),
          "malformed YAML: an invalid tag (" + firstLine(String.valueOf(e.getMessage())) + ")");
    }
    if (root.isEmpty()) {
      throw new ScenarioException(new SourcePos(y.file(), 1, 1),
          "expected a mapping with the scenario's keys (name, cpus, tasks, ...), found an empty file");
    }
    return root.get();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown problem";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private SourcePos positionOfCodePoint(int codePoint) {
    int line = 1;
    int col = 1;
    int cps = 0;
    for (int i = 0; i < text.length() && cps < codePoint; i += Character.charCount(text.codePointAt(i)), cps++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new SourcePos(y.file(), line, col);
  }

  private String rawLine(int zeroBased) {
    if (rawLines == null) {
      rawLines = LINE_BREAK.split(text, -1);
    }
    return zeroBased >= 0 && zeroBased < rawLines.length ? rawLines[zeroBased] : null;
  }

  // ---------------------------------------------------------------- the scenario

  /** A name declared somewhere in the file, for the check that namespaces do not clash. */
  private record Decl(String name, String kind, Node node) {}

  private Scenario scenario() throws ScenarioException {
    Node root = compose();
    Map<String, YamlTree.Entry> top = y.mapping(root, "the scenario", TOP_KEYS);
    String name = y.name(required(top, "name", root), "a scenario name", SCENARIO_NAME, SCENARIO_NAME_TEXT);
    String description = present(top, "description")
        ? y.text(top.get("description").value(), "a description (a string)")
        : "";
    int cpus = (int) y.integer(required(top, "cpus", root), "'cpus'", 1, MAX_CPUS,
        "an integer from 1 to " + MAX_CPUS);

    List<Decl> decls = new ArrayList<>();

    List<Scenario.Word> memory = new ArrayList<>();
    Map<String, Integer> words = new LinkedHashMap<>();
    if (present(top, "memory")) {
      for (YamlTree.Entry e : y.mapping(top.get("memory").value(), "'memory'", null).values()) {
        String w = y.name(e.key(), "a memory word name", IDENTIFIER, IDENTIFIER_TEXT);
        int initial = (int) y.integer(e.value(), "memory word '" + w + "'", Integer.MIN_VALUE,
            Integer.MAX_VALUE, "an integer");
        if (memory.size() == MAX_WORDS) {
          throw y.error(e.key(), "at most " + MAX_WORDS + " memory words are supported, found more");
        }
        words.put(w, memory.size());
        memory.add(new Scenario.Word(w, initial));
        decls.add(new Decl(w, "memory word", e.key()));
      }
    }

    List<String> mutexes = nameList(top, "mutexes", "a mutex name", "mutex", decls);
    List<String> locks = nameList(top, "locks", "a lock class name", "lock class", decls);
    if (present(top, "locks")) {
      List<Node> nodes = y.sequence(top.get("locks").value(), "'locks'");
      for (int i = 0; i < nodes.size(); i++) {
        if (KERNEL_LOCK_CLASSES.contains(locks.get(i))) {
          throw y.error(nodes.get(i), "'" + locks.get(i) + "' is a kernel lock class; an extra lock class "
              + "in 'locks' needs another name (kernel classes: " + String.join(", ", KERNEL_LOCK_CLASSES) + ")");
        }
      }
    }

    Scenario.Kernel kernel = kernel(top, locks);

    Node tasksNode = required(top, "tasks", root);
    Map<String, YamlTree.Entry> taskEntries = y.mapping(tasksNode, "'tasks'", null);
    if (taskEntries.isEmpty()) {
      throw y.error(tasksNode, "expected at least one task under 'tasks', found an empty mapping");
    }
    if (taskEntries.size() > MAX_TASKS) {
      throw y.error(tasksNode, "at most " + MAX_TASKS + " tasks are supported, found " + taskEntries.size());
    }
    Map<String, Integer> taskIndex = new LinkedHashMap<>();
    for (YamlTree.Entry e : taskEntries.values()) {
      String t = y.name(e.key(), "a task name", SCENARIO_NAME, SCENARIO_NAME_TEXT);
      taskIndex.put(t, taskIndex.size());
      decls.add(new Decl(t, "task", e.key()));
    }
    checkClashes(decls);

    ProgramParser.Names names = new ProgramParser.Names(
        words, indexOf(mutexes), indexOf(locks), taskIndex, cpus);
    List<Scenario.Task> tasks = new ArrayList<>();
    int i = 0;
    for (YamlTree.Entry e : taskEntries.values()) {
      tasks.add(task(i++, e, cpus, names));
    }

    Umcg.check(tasks, namedVariants, y); // UMCG's checks of the whole scenario (docs/umcg.md)
    List<String> check = check(top);
    Scenario.Bounds bounds = bounds(top);
    Scenario.Expect expect = expect(top);
    return new Scenario(y.file(), name, description, cpus, kernel, memory, mutexes, locks, tasks, check,
        bounds, expect);
  }

  /** The value of a required top-level key; missing, it is an error at the enclosing mapping. */
  private Node required(Map<String, YamlTree.Entry> top, String key, Node root) throws ScenarioException {
    YamlTree.Entry e = top.get(key);
    if (e == null) {
      throw y.error(root, "missing required key '" + key + "' in the scenario");
    }
    return e.value();
  }

  /** Whether the key is there with a non-null value (an empty value means the default). */
  private static boolean present(Map<String, YamlTree.Entry> map, String key) {
    YamlTree.Entry e = map.get(key);
    return e != null && !YamlTree.isNull(e.value());
  }

  private static Map<String, Integer> indexOf(List<String> names) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String n : names) {
      m.put(n, m.size());
    }
    return m;
  }

  /** A list of distinct identifiers under a top-level key, empty if absent. */
  private List<String> nameList(Map<String, YamlTree.Entry> top, String key, String what, String kind,
      List<Decl> decls) throws ScenarioException {
    List<String> out = new ArrayList<>();
    if (!present(top, key)) {
      return out;
    }
    Map<String, Node> seen = new HashMap<>();
    for (Node n : y.sequence(top.get(key).value(), "'" + key + "'")) {
      String v = y.name(n, what, IDENTIFIER, IDENTIFIER_TEXT);
      Node first = seen.putIfAbsent(v, n);
      if (first != null) {
        throw y.error(n, "duplicate " + kind + " '" + v + "' in '" + key + "' (first at "
            + YamlTree.where(first) + ")");
      }
      out.add(v);
      decls.add(new Decl(v, kind, n));
    }
    return out;
  }

  /** Memory words, mutexes, extra lock classes and tasks need distinct names. */
  private void checkClashes(List<Decl> decls) throws ScenarioException {
    List<Decl> ordered = new ArrayList<>(decls);
    ordered.sort(Comparator.comparingInt(d -> YamlTree.index(d.node())));
    Map<String, Decl> byName = new HashMap<>();
    for (Decl d : ordered) {
      Decl first = byName.putIfAbsent(d.name(), d);
      if (first != null) {
        throw y.error(d.node(), "the name '" + d.name() + "' of this " + d.kind() + " is already used by the "
            + first.kind() + " at " + YamlTree.where(first.node())
            + "; memory words, mutexes, lock classes and tasks need distinct names");
      }
    }
  }

  private Scenario.Kernel kernel(Map<String, YamlTree.Entry> top, List<String> locks) throws ScenarioException {
    boolean proxy = true;
    List<String> variants = List.of();
    List<String> lockOrder = Scenario.DEFAULT_LOCK_ORDER;
    int futexBuckets = 0;
    Scenario.Detail detail = Scenario.Detail.STEPS;
    if (!present(top, "kernel")) {
      return new Scenario.Kernel(proxy, variants, lockOrder, futexBuckets);
    }
    Map<String, YamlTree.Entry> k = y.mapping(top.get("kernel").value(), "'kernel'", KERNEL_KEYS);
    if (k.containsKey("proxy")) {
      proxy = y.bool(k.get("proxy").value(), "'kernel.proxy'");
    }
    Map<String, Node> variantNodes = new LinkedHashMap<>();
    if (present(k, "variants")) {
      List<String> vs = new ArrayList<>();
      for (Node n : y.sequence(k.get("variants").value(), "'kernel.variants'")) {
        String v = y.text(n, "a kernel variant name");
        if (v.isBlank()) {
          throw y.error(n, "expected a kernel variant name, found an empty string");
        }
        if (!schedcheck.model.kernel.Variants.names().contains(v)) {
          throw y.error(n, "expected a kernel variant (one of: "
              + String.join(", ", schedcheck.model.kernel.Variants.names())
              + "; see 'schedcheck list variants'), found '" + v + "'");
        }
        if (vs.contains(v)) {
          throw y.error(n, "kernel variant '" + v + "' is named twice");
        }
        vs.add(v);
        variantNodes.put(v, n);
      }
      variants = vs;
      checkVariants(variantNodes, proxy, k.containsKey("proxy") ? k.get("proxy").value() : null);
    }
    if (present(k, "lock-order")) {
      Node lo = k.get("lock-order").value();
      List<String> order = new ArrayList<>();
      Map<String, Node> seen = new HashMap<>();
      List<String> known = new ArrayList<>(KERNEL_LOCK_CLASSES);
      known.addAll(locks);
      for (Node n : y.sequence(lo, "'kernel.lock-order'")) {
        String c = y.name(n, "a lock class name", IDENTIFIER, IDENTIFIER_TEXT);
        if (!known.contains(c)) {
          throw y.error(n, "expected a lock class (one of: " + String.join(", ", known) + "), found '" + c + "'");
        }
        Node first = seen.putIfAbsent(c, n);
        if (first != null) {
          throw y.error(n, "duplicate lock class '" + c + "' in 'kernel.lock-order' (first at "
              + YamlTree.where(first) + ")");
        }
        order.add(c);
      }
      lockOrder = order;
    }
    if (k.containsKey("futex-buckets")) {
      futexBuckets = (int) y.integer(k.get("futex-buckets").value(), "'kernel.futex-buckets'", 1,
          Integer.MAX_VALUE, "an integer >= 1");
    }
    if (present(k, "detail")) {
      Node n = k.get("detail").value();
      String d = y.text(n, "'steps' or 'syscall'");
      detail = switch (d) {
        case "steps" -> Scenario.Detail.STEPS;
        case "syscall" -> Scenario.Detail.SYSCALL;
        default -> throw y.error(n, "expected 'steps' (the kernel's own small steps) or 'syscall' (each system "
            + "call one atomic step), found '" + d + "'");
      };
    }
    // A UMCG version (umcg-v0.9.1) is an API, not a kernel bug: the reference semantics has its own.
    if (detail == Scenario.Detail.SYSCALL && variants.stream().anyMatch(v -> !Variants.isUmcgVersion(v))) {
      throw y.error(k.get("variants").value(), "kernel variants do not apply with 'kernel.detail: syscall' (the"
          + " reference semantics assumes a correct kernel); remove 'variants', or use 'detail: steps' to check them");
    }
    return new Scenario.Kernel(proxy, variants, lockOrder, futexBuckets, detail);
  }

  /**
   * Rejects variants that cannot go together or would silently do nothing: two Proxy
   * Execution versions, a {@code pe-*} variant with {@code proxy: false}, and a bug variant
   * whose step is not in the version in force (it names the version it needs).
   *
   * @param named the variants in file order, each with its node
   * @param proxyNode the {@code kernel.proxy} value, or null when the default (true) applies
   */
  private void checkVariants(Map<String, Node> named, boolean proxy, Node proxyNode) throws ScenarioException {
    namedVariants.putAll(named);
    Variant version = null;
    Node versionNode = null;
    for (Map.Entry<String, Node> e : named.entrySet()) {
      Variant v = Variants.byName(e.getKey());
      if (!Variants.isVersion(v)) {
        continue;
      }
      if (version != null) {
        throw y.error(e.getValue(), "kernel.variants names two Proxy Execution versions, '" + version.name()
            + "' (at " + YamlTree.where(versionNode) + ") and '" + v.name() + "': a scenario runs one kernel;"
            + " keep one of them (to check several versions, write one file per version)");
      }
      version = v;
      versionNode = e.getValue();
    }
    for (Map.Entry<String, Node> e : named.entrySet()) {
      Variant v = Variants.byName(e.getKey());
      if (!proxy && Variants.needsProxy(v)) {
        throw y.error(e.getValue(), "kernel variant '" + v.name() + "' changes Proxy Execution, but 'kernel.proxy'"
            + " is false" + (proxyNode == null ? "" : " (at " + YamlTree.where(proxyNode) + ")")
            + ": remove the variant, or write 'proxy: true'");
      }
    }
    Variant inForce = version == null ? Variants.PE_V7_2 : version;
    for (Map.Entry<String, Node> e : named.entrySet()) {
      Variant v = Variants.byName(e.getKey());
      List<Variant> versions = Variants.versionsFor(v);
      if (!versions.isEmpty() && !versions.contains(inForce)) {
        List<String> names = versions.stream().map(Variant::name).toList();
        throw y.error(e.getValue(), "kernel variant '" + v.name() + "' changes a step of Proxy Execution "
            + String.join(" or ", names) + " only, but this file runs " + inForce.name()
            + (version == null ? " (the default)" : "") + ", where it would change nothing: write 'variants: ["
            + names.get(0) + ", " + v.name() + "]'" + (version == null ? "" : " instead of " + inForce.name()));
      }
    }
  }

  // ---------------------------------------------------------------- tasks

  private Scenario.Task task(int index, YamlTree.Entry entry, int cpus, ProgramParser.Names names)
      throws ScenarioException {
    String name = entry.name();
    String what = "task '" + name + "'";
    Node body = entry.value();
    Map<String, YamlTree.Entry> f = y.mapping(body, what, TASK_KEYS);
    if (!f.containsKey("program")) {
      throw y.error(body, "missing required key 'program' in " + what);
    }
    String cpuRange = cpus == 1 ? "the cpu number 0 (the scenario has 1 cpu)"
        : "a cpu number from 0 to " + (cpus - 1) + " (the scenario has " + cpus + " cpus)";

    List<Integer> affinity = new ArrayList<>();
    if (f.containsKey("affinity")) {
      Node a = f.get("affinity").value();
      Map<Integer, Node> seen = new HashMap<>();
      for (Node n : y.sequence(a, "the affinity of " + what)) {
        int c = (int) y.integer(n, "the affinity of " + what, 0, cpus - 1, cpuRange);
        Node first = seen.putIfAbsent(c, n);
        if (first != null) {
          throw y.error(n, "duplicate cpu " + c + " in the affinity of " + what + " (first at "
              + YamlTree.where(first) + ")");
        }
        affinity.add(c);
      }
      if (affinity.isEmpty()) {
        throw y.error(a, "expected at least one cpu in the affinity of " + what + ", found an empty list");
      }
      Collections.sort(affinity);
    } else {
      for (int c = 0; c < cpus; c++) {
        affinity.add(c);
      }
    }

    int cpu;
    if (f.containsKey("cpu")) {
      Node c = f.get("cpu").value();
      cpu = (int) y.integer(c, "the cpu of " + what, 0, cpus - 1, cpuRange);
      if (!affinity.contains(cpu)) {
        throw y.error(c, "cpu " + cpu + " of " + what + " is not in its affinity " + affinity
            + "; a task must start on a cpu it may run on");
      }
    } else {
      cpu = index % cpus;
      if (!affinity.contains(cpu)) {
        cpu = affinity.get(0);
      }
    }

    int prio = DEFAULT_PRIO;
    if (f.containsKey("prio")) {
      prio = (int) y.integer(f.get("prio").value(), "the prio of " + what, Integer.MIN_VALUE,
          Integer.MAX_VALUE, "an integer");
    }

    List<ProgramParser.Line> lines = programLines(f.get("program").value(), what);
    Program program = ProgramParser.parse(y.file(), names, lines);
    return new Scenario.Task(name, cpu, prio, affinity, program, y.pos(entry.key()));
  }

  /** The program's lines, each with its position in the file. */
  private List<ProgramParser.Line> programLines(Node node, String what) throws ScenarioException {
    ScalarNode s = y.scalar(node, "a program for " + what + " (a string, normally a '|' block)");
    if (YamlTree.kind(s) == YamlTree.ScalarKind.NULL) {
      throw y.error(node, "expected a program for " + what + " (a string, normally a '|' block), found "
          + YamlTree.describe(node));
    }
    String value = s.getValue();
    String[] vlines = value.split("\n", -1);
    SourcePos at = y.pos(node);
    Mark start = s.getStartMark().orElse(null);
    List<ProgramParser.Line> lines = new ArrayList<>(vlines.length);
    ScalarStyle style = s.getScalarStyle();
    if (style == ScalarStyle.FOLDED) {
      throw y.error(node, "expected a literal block ('|') for the program of " + what
          + ", found a folded block ('>'), which joins the statements' lines");
    }
    if (style == ScalarStyle.LITERAL && start != null) {
      // Literal blocks keep their lines: value line i is file line (header line + 1 + i).
      for (int i = 0; i < vlines.length; i++) {
        String v = vlines[i];
        int fileLine = start.getLine() + 1 + i;
        String raw = rawLine(fileLine);
        if (v.isBlank()) {
          lines.add(new ProgramParser.Line(v, fileLine + 1, 1, true));
        } else if (raw != null && raw.endsWith(v)) {
          lines.add(new ProgramParser.Line(v, fileLine + 1, raw.length() - v.length() + 1, true));
        } else {
          lines.add(new ProgramParser.Line(v, at.line(), at.column(), false));
        }
      }
      return lines;
    }
    int endLine = s.getEndMark().map(Mark::getLine).orElse(start == null ? 0 : start.getLine());
    if (start != null && endLine > start.getLine()) {
      throw y.error(node, "expected the program of " + what + " on one line or as a literal block; "
          + "a program on several lines must be written 'program: |' with the statements indented below it");
    }
    if (vlines.length == 1 && start != null) {
      String raw = rawLine(start.getLine());
      int off = start.getColumn() + (style == ScalarStyle.PLAIN ? 0 : 1);
      if (raw != null && off <= raw.length() && raw.startsWith(value, off)) {
        lines.add(new ProgramParser.Line(value, start.getLine() + 1, off + 1, true));
        return lines;
      }
    }
    for (String v : vlines) {
      lines.add(new ProgramParser.Line(v, at.line(), at.column(), false));
    }
    return lines;
  }

  // ---------------------------------------------------------------- check, bounds, expect

  private List<String> check(Map<String, YamlTree.Entry> top) throws ScenarioException {
    if (!present(top, "check")) {
      return Scenario.DEFAULT_CHECK;
    }
    Node list = top.get("check").value();
    List<String> check = new ArrayList<>();
    Map<String, Node> seen = new HashMap<>();
    for (Node n : y.sequence(list, "'check'")) {
      String p = property(n);
      Node first = seen.putIfAbsent(p, n);
      if (first != null) {
        throw y.error(n, "duplicate property '" + p + "' in 'check' (first at " + YamlTree.where(first) + ")");
      }
      check.add(p);
    }
    if (check.isEmpty()) {
      throw y.error(list, "expected at least one property in 'check' (or no 'check' for all of them), "
          + "found an empty list");
    }
    return check;
  }

  private String property(Node n) throws ScenarioException {
    String what = "a property name (one of: " + String.join(", ", Scenario.PROPERTIES) + ")";
    String p = y.text(n, what);
    if (!Scenario.PROPERTIES.contains(p)) {
      throw y.error(n, "expected " + what + ", found '" + YamlTree.abbreviate(p) + "'");
    }
    return p;
  }

  private Scenario.Bounds bounds(Map<String, YamlTree.Entry> top) throws ScenarioException {
    if (!present(top, "bounds")) {
      return Scenario.Bounds.none();
    }
    Map<String, YamlTree.Entry> b = y.mapping(top.get("bounds").value(), "'bounds'", BOUNDS_KEYS);
    int preemptions = -1;
    int depth = -1;
    long states = -1;
    Duration time = null;
    if (b.containsKey("preemptions")) {
      preemptions = (int) y.integer(b.get("preemptions").value(), "'bounds.preemptions'", 0,
          Integer.MAX_VALUE, "an integer >= 0");
    }
    if (b.containsKey("depth")) {
      depth = (int) y.integer(b.get("depth").value(), "'bounds.depth'", 1, Integer.MAX_VALUE,
          "an integer >= 1");
    }
    if (b.containsKey("states")) {
      states = y.integer(b.get("states").value(), "'bounds.states'", 1, Long.MAX_VALUE, "an integer >= 1");
    }
    if (b.containsKey("time")) {
      time = duration(b.get("time").value());
    }
    return new Scenario.Bounds(preemptions, depth, states, time);
  }

  /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 1h30m}: units h, m, s, ms in that order. */
  private Duration duration(Node node) throws ScenarioException {
    String expected = "expected a duration such as 500ms, 30s, 10m, 1h or 1h30m for 'bounds.time', found ";
    if (!(node instanceof ScalarNode s) || YamlTree.kind(s) == YamlTree.ScalarKind.NULL) {
      throw y.error(node, expected + YamlTree.describe(node));
    }
    String v = s.getValue().trim();
    String[] units = {"h", "m", "s", "ms"};
    long[] millisPer = {3_600_000L, 60_000L, 1_000L, 1L};
    int nextUnit = 0;
    int i = 0;
    long millis = 0;
    try {
      while (i < v.length()) {
        int j = i;
        while (j < v.length() && Character.isDigit(v.charAt(j)) && v.charAt(j) < 128) {
          j++;
        }
        if (j == i || j - i > 12) {
          throw y.error(node, expected + YamlTree.describe(node));
        }
        long amount = Long.parseLong(v.substring(i, j));
        int unit = -1;
        if (v.startsWith("ms", j)) {
          unit = 3;
        } else if (j < v.length()) {
          unit = List.of("h", "m", "s").indexOf(String.valueOf(v.charAt(j)));
        }
        if (unit < nextUnit) {
          throw y.error(node, expected + YamlTree.describe(node));
        }
        millis = Math.addExact(millis, Math.multiplyExact(amount, millisPer[unit]));
        nextUnit = unit + 1;
        i = j + units[unit].length();
      }
    } catch (ArithmeticException e) {
      throw y.error(node, expected + YamlTree.describe(node) + " (out of range)");
    }
    if (nextUnit == 0) {
      throw y.error(node, expected + YamlTree.describe(node));
    }
    if (millis == 0) {
      throw y.error(node, "expected a positive duration for 'bounds.time', found " + YamlTree.describe(node));
    }
    return Duration.ofMillis(millis);
  }

  private Scenario.Expect expect(Map<String, YamlTree.Entry> top) throws ScenarioException {
    if (!present(top, "expect")) {
      return null;
    }
    Node node = top.get("expect").value();
    String expected = "expected 'holds' or 'violated: <property>' for 'expect', found ";
    String property;
    if (node instanceof ScalarNode s) {
      String v = s.getValue().trim();
      if (v.equals("holds")) {
        return new Scenario.Expect(true, null);
      }
      Matcher m = VIOLATED.matcher(v);
      if (!m.matches() || YamlTree.kind(s) != YamlTree.ScalarKind.STRING) {
        throw y.error(node, expected + YamlTree.describe(node));
      }
      property = m.group(1).trim();
      if (!Scenario.PROPERTIES.contains(property)) {
        throw y.error(node, "expected a property name (one of: " + String.join(", ", Scenario.PROPERTIES)
            + ") after 'violated:', found '" + YamlTree.abbreviate(property) + "'");
      }
    } else if (node instanceof MappingNode) {
      Map<String, YamlTree.Entry> m = y.mapping(node, "'expect'", List.of("violated"));
      if (m.isEmpty()) {
        throw y.error(node, expected + "an empty mapping");
      }
      property = property(m.get("violated").value());
    } else {
      throw y.error(node, expected + YamlTree.describe(node));
    }
    return new Scenario.Expect(false, property);
  }
}
