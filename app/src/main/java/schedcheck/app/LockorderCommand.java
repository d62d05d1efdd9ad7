package schedcheck.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import schedcheck.checker.Progress;
import schedcheck.checker.StopFlag;
import schedcheck.model.clients.ClientGenerator;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.ScenarioException;
import schedcheck.model.scenario.ScenarioParser;

/**
 * {@code schedcheck lockorder --order "pi_lock < rq_lock < wait_lock < blocked_lock"}: does
 * the kernel as modeled (driven by generated most-general clients, and by any scenario files
 * given), plus an optional new path, respect a proposed lock order? See {@link Lockordering}
 * for the search and {@link LockorderReport} for the answer.
 */
@Command(name = "lockorder", mixinStandardHelpOptions = true,
    description = "Check a proposed lock order against the kernel model driven by generated clients.")
final class LockorderCommand implements Callable<Integer> {
  static final String DOCUMENTED_ORDER = "pi_lock < rq_lock < wait_lock < blocked_lock";
  static final String PATH_TASK = "path";
  private static final List<String> KERNEL_CLASSES = List.of("pi_lock", "rq_lock", "wait_lock", "blocked_lock", "hb_lock");
  private static final Pattern CLASS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "Scenario files to run as well (as written).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--order", paramLabel = "ORDER",
      description = "The proposed order, e.g. \"" + DOCUMENTED_ORDER + "\", or a file holding it (default: that one, the kernel's documented order).")
  String order;

  @Option(names = "--compare", paramLabel = "ORDER2", description = "A second order (or file): print which observed edges each allows or forbids.")
  String compare;

  @Option(names = "--version", paramLabel = "V", defaultValue = "v7.2",
      description = "The Proxy Execution version: v6.17, v7.1, v7.2 (default), or none (proxy off).")
  String version;

  @Option(names = "--variants", paramLabel = "V", split = ",", description = "Extra kernel variants (schedcheck list variants).")
  List<String> variants = new ArrayList<>();

  @Option(names = "--path", paramLabel = "FRAGMENT",
      description = "A new kernel path as a program fragment run as an extra task, e.g. \"spin_lock wait_lock(A); spin_lock pi_lock(self)\".")
  String path;

  @Option(names = "--tasks", defaultValue = "2", description = "Client tasks (default 2).")
  int tasks;

  @Option(names = "--cpus", defaultValue = "2", description = "Cpus (default 2).")
  int cpus;

  @Option(names = "--mutexes", defaultValue = "2", description = "Mutexes (default 2).")
  int mutexes;

  @Option(names = "--words", defaultValue = "1", description = "Futex words (default 1).")
  int words;

  @Option(names = "--ops", defaultValue = "2", description = "Operations per client program, at most (default 2).")
  int ops;

  @Option(names = "--placements", defaultValue = "all",
      description = "Where the client tasks start: all (every placement, default) or spread (task i on cpu i mod cpus).")
  String placements;

  @Option(names = "--no-clients", description = "Run only the scenario files (and no generated clients).")
  boolean noClients;

  @Option(names = "--time", defaultValue = "50s", description = "Stop after this long (default 50s): the rest is reported as cut.")
  String time;

  @Option(names = "--max-states", paramLabel = "N", description = "At most N states per run (verdict incomplete if cut).")
  Long maxStates;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--dot", description = "Print the lock-class graph in Graphviz DOT instead of text.")
  boolean dot;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** What the command was asked, parsed and checked. */
  record Question(List<String> order, String orderText, List<String> compare, String compareText, String kernel,
      ClientGenerator generator, String pathProgram, String pathText, List<Lockordering.Run> runs) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StopFlag stop = new StopFlag();
    CountDownLatch reported = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      // SIGINT or SIGTERM: stop the search and let the main thread report what it has.
      stop.set();
      try {
        reported.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "schedcheck-interrupt");
    // Installed first: generating and parsing the clients takes seconds of its own.
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Question q;
      Duration limit;
      try {
        limit = Durations.parse(time);
        if (limit.isZero()) {
          throw new IllegalArgumentException("--time must be longer than zero, found '" + time + "'");
        }
        if (maxStates != null && maxStates < 1) {
          throw new IllegalArgumentException("--max-states must be a whole number >= 1, found " + maxStates);
        }
        q = question();
      } catch (IllegalArgumentException e) {
        err.println("schedcheck: " + e.getMessage());
        return Main.BAD_INPUT;
      } catch (BadInput e) {
        err.println(e.getMessage());
        return Main.BAD_INPUT;
      }
      long deadline = System.nanoTime() + limit.toNanos();
      Lockordering.Result r = Lockordering.run(q.runs(), maxStates == null ? -1 : maxStates, deadline, stop,
          Progress.NONE);
      LockorderReport report = new LockorderReport(q, r);
      if (json) {
        out.println(report.json());
      } else if (dot) {
        out.print(report.dot());
      } else {
        out.print(report.text());
      }
      out.flush();
      return report.status();
    } finally {
      out.flush();
      err.flush();
      reported.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it returns now that the report is out
      }
    }
  }

  /** Bad input with its place already in the message (file:line:col: ...). */
  static final class BadInput extends Exception {
    BadInput(String message) {
      super(message);
    }
  }

  Question question() throws BadInput {
    ClientGenerator.Bounds bounds = new ClientGenerator.Bounds(tasks, cpus, mutexes, words, ops);
    String kernel = kernelLines();
    List<Lockordering.Run> runs = new ArrayList<>();
    Set<String> extraClasses = new LinkedHashSet<>();
    for (Path f : files) {
      try {
        Scenario s = ScenarioParser.parse(f);
        if (s.kernel().detail() == Scenario.Detail.SYSCALL) {
          int line = 1;
          int col = 1;
          List<String> text = Files.readAllLines(f, StandardCharsets.UTF_8);
          for (int i = 0; i < text.size(); i++) {
            int at = text.get(i).indexOf("detail:");
            if (at >= 0) {
              line = i + 1;
              col = at + 1;
              break;
            }
          }
          throw new BadInput(f + ":" + line + ":" + col + ": lockorder follows the kernel's own locks, which"
              + " kernel.detail: syscall does not model; check this file with 'schedcheck check' or leave"
              + " kernel.detail out");
        }
        extraClasses.addAll(s.locks());
        runs.add(new Lockordering.Run(s, f.toString()));
      } catch (ScenarioException e) {
        throw new BadInput(e.getMessage());
      } catch (IOException e) {
        throw new BadInput(f + ": cannot read: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
      }
    }
    String pathProgram = null;
    Set<String> fixedTasks = new LinkedHashSet<>();
    Set<String> fixedMutexes = new LinkedHashSet<>();
    Set<String> fixedWords = new LinkedHashSet<>();
    int extraCpu = -1;
    if (path != null) {
      pathProgram = pathProgram(path);
      Matcher m = CLASS.matcher(pathProgram);
      while (m.find()) {
        String w = m.group();
        for (int i = 0; i < tasks; i++) {
          if (w.equals(ClientGenerator.taskName(i))) {
            fixedTasks.add(w);
          }
        }
        for (int i = 0; i < mutexes; i++) {
          if (w.equals(ClientGenerator.mutexName(i))) {
            fixedMutexes.add(w);
          }
        }
        for (int i = 0; i < words; i++) {
          if (w.equals(ClientGenerator.wordName(i))) {
            fixedWords.add(w);
          }
        }
      }
      extraCpu = tasks % cpus;
    }
    if (!placements.equals("all") && !placements.equals("spread")) {
      throw new BadInput("schedcheck: --placements must be all or spread, found '" + placements + "'");
    }
    ClientGenerator gen = new ClientGenerator(bounds, fixedTasks, fixedMutexes, fixedWords, extraCpu)
        .allPlacements(placements.equals("all"));
    if (!noClients) {
      List<ClientGenerator.Combination> combos = gen.combinations();
      int i = 0;
      for (ClientGenerator.Combination c : combos) {
        String name = "clients-" + (++i);
        String text = gen.scenario(name, c, kernel, PATH_TASK, pathProgram);
        Scenario s;
        try {
          s = ScenarioParser.parse(text, name);
        } catch (ScenarioException e) {
          throw translate(e, text, pathProgram);
        }
        runs.add(new Lockordering.Run(s, c.summary()));
      }
    } else if (files.isEmpty()) {
      throw new BadInput("schedcheck: --no-clients needs scenario files to run");
    } else if (path != null) {
      throw new BadInput("schedcheck: --path runs against the generated clients; leave out --no-clients"
          + " (or write the path as a task of the scenario file)");
    }
    Set<String> known = new LinkedHashSet<>(KERNEL_CLASSES);
    known.addAll(extraClasses);
    List<String> ord = order(order == null ? DOCUMENTED_ORDER : order, "--order", known);
    List<String> cmp = compare == null ? null : order(compare, "--compare", known);
    return new Question(ord, String.join(" < ", ord), cmp, cmp == null ? null : String.join(" < ", cmp),
        kernelSummary(), gen, pathProgram, path, runs);
  }

  private String kernelLines() throws BadInput {
    StringBuilder sb = new StringBuilder();
    List<String> vs = new ArrayList<>();
    switch (version) {
      case "none", "off" -> sb.append("  proxy: false\n");
      case "v6.17", "6.17", "pe-v6.17" -> vs.add("pe-v6.17");
      case "v7.1", "7.1", "pe-v7.1" -> vs.add("pe-v7.1");
      case "v7.2", "7.2", "pe-v7.2" -> vs.add("pe-v7.2");
      default -> throw new BadInput("schedcheck: --version must be v6.17, v7.1, v7.2 or none, found '" + version + "'");
    }
    vs.addAll(variants);
    if (!vs.isEmpty()) {
      sb.append("  variants: [").append(String.join(", ", vs)).append("]\n");
    }
    // Validate the kernel as the scenario language does, and report it as the options' error.
    String probe = "name: probe\ncpus: 1\nkernel:\n" + sb + "tasks:\n  t1:\n    program: yield\n";
    try {
      ScenarioParser.parse(probe, "probe");
    } catch (ScenarioException e) {
      String msg = e.getMessage();
      int i = msg.indexOf(": ", msg.indexOf("probe:") + 6);
      throw new BadInput("schedcheck: --version/--variants: " + (i >= 0 ? msg.substring(i + 2) : msg));
    }
    return sb.toString();
  }

  private String kernelSummary() {
    String v = switch (version) {
      case "none", "off" -> "proxy off";
      default -> "pe-" + (version.startsWith("pe-") ? version.substring(3) : version.startsWith("v") ? version : "v" + version);
    };
    return variants.isEmpty() ? v : v + ", variants " + String.join(", ", variants);
  }

  /**
   * The fragment as a program: statements separated by ';' (or lines), {@code self} as the
   * path task's own name, and whatever it still holds at its end released there (innermost
   * first), as the kernel path would.
   */
  static String pathProgram(String fragment) {
    List<String> stmts = new ArrayList<>();
    for (String s : fragment.split("[;\n]")) {
      if (!s.isBlank()) {
        stmts.add(s.strip().replaceAll("\\(\\s*self\\s*\\)", "(" + PATH_TASK + ")"));
      }
    }
    List<String[]> held = new ArrayList<>();
    for (String s : stmts) {
      String[] w = s.split("\\s+");
      if ((w[0].equals("spin_lock") || w[0].equals("spin_lock_nested")) && w.length > 1) {
        held.add(new String[] {"spin_unlock", w[1]});
      } else if (w[0].equals("lock") && w.length > 1) {
        held.add(new String[] {"unlock", w[1]});
      } else if ((w[0].equals("spin_unlock") || w[0].equals("unlock")) && w.length > 1) {
        for (int i = held.size() - 1; i >= 0; i--) {
          if (held.get(i)[1].equals(w[1])) {
            held.remove(i);
            break;
          }
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String s : stmts) {
      sb.append(s).append('\n');
    }
    for (int i = held.size() - 1; i >= 0; i--) {
      sb.append(held.get(i)[0]).append(' ').append(held.get(i)[1]).append('\n');
    }
    return sb.toString();
  }

  /** A scenario error in the generated text, told as a place in {@code --path} when it is there. */
  private BadInput translate(ScenarioException e, String text, String pathProgram) {
    String msg = e.getMessage();
    Matcher m = Pattern.compile("^[^:]*:(\\d+):(\\d+): (.*)$", Pattern.DOTALL).matcher(msg);
    int first = ClientGenerator.firstProgramLine(text, PATH_TASK);
    if (pathProgram != null && m.matches() && first > 0) {
      int line = Integer.parseInt(m.group(1));
      int col = Integer.parseInt(m.group(2));
      int k = line - first;
      String[] stmts = pathProgram.split("\n");
      if (k >= 0 && k < stmts.length) {
        int at = locate(path, stmts[k]);
        return new BadInput("--path:1:" + (at + Math.max(1, col - 6)) + ": " + m.group(3)
            .replace("(" + PATH_TASK + ")", "(self)"));
      }
    }
    return new BadInput("schedcheck: internal error: a generated client does not parse (" + msg
        + "); please report this as a bug");
  }

  private static int locate(String fragment, String stmt) {
    String probe = stmt.replace("(" + PATH_TASK + ")", "(self)");
    int i = fragment.indexOf(probe);
    if (i < 0) {
      i = fragment.indexOf(stmt.split("\\s+")[0]);
    }
    return Math.max(0, i);
  }

  /** Parses an order ({@code a < b < c}) or the file that holds one. */
  static List<String> order(String arg, String option, Set<String> known) throws BadInput {
    String text = arg;
    String where = option;
    Path p = Path.of(arg.isBlank() || arg.contains("<") ? "." : arg);
    if (!arg.contains("<") && Files.isRegularFile(p)) {
      try {
        text = Files.readString(p, StandardCharsets.UTF_8);
        where = arg;
      } catch (IOException e) {
        throw new BadInput(arg + ": cannot read: " + e.getMessage());
      }
    }
    List<String> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int ln = 0; ln < lines.length; ln++) {
      String line = lines[ln];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      int col = 0;
      String[] parts = line.split("<", -1);
      for (int pi = 0; pi < parts.length; pi++) {
        String part = parts[pi];
        String name = part.strip();
        int at = col + part.indexOf(name) + 1;
        col += part.length() + 1;
        if (name.isEmpty()) {
          if (pi == 0 || pi == parts.length - 1) {
            continue; // an order may go on over lines: "a <" then "b < c"
          }
          throw new BadInput(where + ":" + (ln + 1) + ":" + at + ": expected a lock class between '<', e.g. \""
              + DOCUMENTED_ORDER + "\"");
        }
        if (!CLASS.matcher(name).matches()) {
          throw new BadInput(where + ":" + (ln + 1) + ":" + at + ": '" + name + "' is not a lock class name;"
              + " write classes separated by '<', e.g. \"" + DOCUMENTED_ORDER + "\"");
        }
        if (!known.contains(name)) {
          throw new BadInput(where + ":" + (ln + 1) + ":" + at + ": unknown lock class '" + name + "'; known: "
              + String.join(", ", known));
        }
        if (out.contains(name)) {
          throw new BadInput(where + ":" + (ln + 1) + ":" + at + ": '" + name + "' appears twice in the order");
        }
        out.add(name);
      }
    }
    if (out.size() < 2) {
      throw new BadInput(where + ":1:1: an order needs at least two lock classes, e.g. \"" + DOCUMENTED_ORDER + "\"");
    }
    return out;
  }
}
