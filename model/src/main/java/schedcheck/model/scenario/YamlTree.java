package schedcheck.model.scenario;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Typed, positioned access to a composed YAML node tree. Every accessor checks the node's
 * shape and throws a {@link ScenarioException} at the node's position when it does not fit.
 * Scalars are interpreted here, not by the YAML schema: a plain scalar that looks like an
 * integer is an integer, {@code true}/{@code false} a boolean, an empty one or {@code null}/{@code ~}
 * null; a quoted scalar is always a string.
 */
final class YamlTree {

  enum ScalarKind { NULL, BOOLEAN, INTEGER, NUMBER, STRING }

  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  private static final Pattern BOOLEAN = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern NULL = Pattern.compile("|~|null|Null|NULL");

  /** A key of a mapping with its value. */
  record Entry(ScalarNode key, Node value) {
    String name() {
      return key.getValue();
    }
  }

  private final String file;

  YamlTree(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  // ---------------------------------------------------------------- positions and errors

  SourcePos pos(Node node) {
    return pos(node.getStartMark());
  }

  SourcePos pos(Optional<Mark> mark) {
    return mark.map(m -> new SourcePos(file, m.getLine() + 1, m.getColumn() + 1))
        .orElse(new SourcePos(file, 1, 1));
  }

  ScenarioException error(Node node, String message) {
    return new ScenarioException(pos(node), message);
  }

  /** "line 4" or "line 4, column 3", for pointing back at an earlier definition. */
  static String where(Node node) {
    return node.getStartMark()
        .map(m -> "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
        .orElse("an earlier line");
  }

  static int index(Node node) {
    return node.getStartMark().map(Mark::getIndex).orElse(0);
  }

  // ---------------------------------------------------------------- classification

  static ScalarKind kind(ScalarNode s) {
    if (s.getScalarStyle() != ScalarStyle.PLAIN) {
      return ScalarKind.STRING;
    }
    String v = s.getValue();
    if (NULL.matcher(v).matches()) {
      return ScalarKind.NULL;
    }
    if (BOOLEAN.matcher(v).matches()) {
      return ScalarKind.BOOLEAN;
    }
    if (INTEGER.matcher(v).matches()) {
      return ScalarKind.INTEGER;
    }
    if (NUMBER.matcher(v).matches()) {
      return ScalarKind.NUMBER;
    }
    return ScalarKind.STRING;
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode s && kind(s) == ScalarKind.NULL;
  }

  /** What a node is, for "found ..." in messages. Never recurses (aliases may make cycles). */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (node instanceof ScalarNode s) {
      String v = s.getValue();
      switch (kind(s)) {
        case NULL:
          return v.isEmpty() ? "nothing" : "null";
        case BOOLEAN:
          return "a boolean " + v;
        case INTEGER:
          return "an integer " + abbreviate(v);
        case NUMBER:
          return "a number " + abbreviate(v);
        default:
          return "a string " + quote(v);
      }
    }
    return "a YAML node";
  }

  /** {@code 'text'}, shortened and with line breaks made visible. */
  static String quote(String text) {
    return "'" + abbreviate(text) + "'";
  }

  static String abbreviate(String text) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < text.length() && b.length() < 40; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        b.append("\\n");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (b.length() >= 40) {
      b.setLength(37);
      b.append("...");
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- shapes

  /**
   * The entries of a mapping, in file order. Checks that every key is a scalar, that no key
   * appears twice and, when {@code allowed} is not null, that every key is one of them.
   */
  Map<String, Entry> mapping(Node node, String what, List<String> allowed) throws ScenarioException {
    if (!(node instanceof MappingNode m)) {
      throw error(node, "expected a mapping for " + what + ", found " + describe(node));
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode key)) {
        throw error(k, "expected a key name in " + what + ", found " + describe(k));
      }
      String name = key.getValue();
      Entry first = entries.get(name);
      if (first != null) {
        throw error(key, "duplicate key " + quote(name) + " in " + what + " (first defined at "
            + where(first.key()) + ")");
      }
      if (allowed != null && !allowed.contains(name)) {
        throw error(key, "unknown key " + quote(name) + " in " + what + "; expected one of: "
            + String.join(", ", allowed));
      }
      entries.put(name, new Entry(key, t.getValueNode()));
    }
    return entries;
  }

  List<Node> sequence(Node node, String what) throws ScenarioException {
    if (!(node instanceof SequenceNode s)) {
      throw error(node, "expected a list for " + what + ", found " + describe(node));
    }
    return s.getValue();
  }

  ScalarNode scalar(Node node, String what) throws ScenarioException {
    if (!(node instanceof ScalarNode s)) {
      throw error(node, "expected " + what + ", found " + describe(node));
    }
    return s;
  }

  /** A string: a quoted scalar or a plain one that is not null, a boolean or a number. */
  String string(Node node, String what) throws ScenarioException {
    ScalarNode s = scalar(node, what);
    if (kind(s) != ScalarKind.STRING) {
      throw error(node, "expected " + what + ", found " + describe(node));
    }
    return s.getValue();
  }

  /** Any non-null scalar's text (numbers and booleans as written). */
  String text(Node node, String what) throws ScenarioException {
    ScalarNode s = scalar(node, what);
    if (kind(s) == ScalarKind.NULL) {
      throw error(node, "expected " + what + ", found " + describe(node));
    }
    return s.getValue();
  }

  /** A string matching {@code pattern}; {@code what} names it, e.g. "a task name". */
  String name(Node node, String what, Pattern pattern, String patternText) throws ScenarioException {
    String v = string(node, what);
    if (!pattern.matcher(v).matches()) {
      throw error(node, "expected " + what + " (" + patternText + "), found " + quote(v));
    }
    return v;
  }

  boolean bool(Node node, String what) throws ScenarioException {
    if (node instanceof ScalarNode s && kind(s) == ScalarKind.BOOLEAN) {
      return s.getValue().equalsIgnoreCase("true");
    }
    throw error(node, "expected true or false for " + what + ", found " + describe(node));
  }

  /**
   * An integer in {@code [min, max]}.
   *
   * @param what the key, e.g. "'cpus'"
   * @param range what is expected, e.g. "an integer >= 1"
   */
  long integer(Node node, String what, long min, long max, String range) throws ScenarioException {
    if (!(node instanceof ScalarNode s) || kind(s) != ScalarKind.INTEGER) {
      throw error(node, "expected " + range + " for " + what + ", found " + describe(node));
    }
    BigInteger v = new BigInteger(s.getValue().startsWith("+") ? s.getValue().substring(1) : s.getValue());
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw error(node, "expected " + range + " for " + what + ", found " + abbreviate(s.getValue())
          + (v.bitLength() > 63 ? " (out of range)" : ""));
    }
    return v.longValue();
  }
}
