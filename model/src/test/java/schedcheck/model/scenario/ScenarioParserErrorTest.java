package schedcheck.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed scenarios: each error's exact position and the key phrase of its message. */
class ScenarioParserErrorTest {

  /** Lines 1-8; a program's statements start at line 9, column 7. */
  private static final String BASE = """
      name: t
      cpus: 2
      memory:
        req: 0
      mutexes: [A]
      tasks:
        t1:
          program: |
      """;

  private static String program(String... lines) {
    StringBuilder b = new StringBuilder(BASE);
    for (String l : lines) {
      b.append("      ").append(l).append('\n');
    }
    return b.toString();
  }

  private static ScenarioException error(String text) {
    return assertThrows(ScenarioException.class, () -> ScenarioParser.parse(text, "bad.yaml"));
  }

  private static void assertError(String text, int line, int column, String phrase) {
    ScenarioException e = error(text);
    String msg = e.getMessage();
    assertEquals(new SourcePos("bad.yaml", line, column), e.pos(), msg);
    assertTrue(msg.startsWith("bad.yaml:" + line + ":" + column + ": "), msg);
    assertTrue(msg.contains(phrase), () -> "'" + phrase + "' not in: " + msg);
  }

  @Test
  void baseIsValid() throws Exception {
    ScenarioParser.parse(program("r = load req", "lock A"), "ok.yaml");
  }

  // ---------------------------------------------------------------- programs

  @Test
  void unknownStatement() {
    assertError(program("r = load req", "  frobnicate req"), 10, 9, "unknown statement 'frobnicate'");
  }

  @Test
  void undefinedLabel() {
    assertError(program("top:", "if req == 0 goto bottom"), 10, 24, "undefined label 'bottom'");
  }

  @Test
  void undefinedRegisterOrWord() {
    assertError(program("r = load req", "assert r == rq + 1"), 10, 19, "undefined register or memory word 'rq'");
  }

  @Test
  void storeToARegister() {
    assertError(program("r = 1", "store r 2"), 10, 13, "expected a memory word (one of: req), found 'r'");
  }

  @Test
  void assignToMemoryWord() {
    assertError(program("req = 1"), 9, 7, "'req' is a memory word; use store");
  }

  @Test
  void registerMustBeLowercase() {
    assertError(program("Reg = 1"), 9, 7, "expected a register name");
  }

  @Test
  void duplicateLabel() {
    assertError(program("again:", "work", "again: yield"), 11, 7, "duplicate label 'again' (first defined at line 9, column 7)");
  }

  @Test
  void spinLockOfUnknownLock() {
    assertError(program("spin_lock L9"), 9, 17, "unknown spinlock 'L9'");
  }

  @Test
  void hbLockIsTheKernels() {
    assertError(program("spin_lock hb_lock"), 9, 17, "hb_lock is the futex bucket lock");
  }

  @Test
  void lockOfUnknownMutex() {
    assertError(program("lock B"), 9, 12, "expected a mutex (one of: A), found 'B'");
  }

  @Test
  void signalOfUnknownTask() {
    assertError(program("signal t9"), 9, 14, "expected a task name (one of: t1), found 't9'");
  }

  @Test
  void signalNeedsATask() {
    assertError(program("signal"), 9, 13, "expected a task name (one of: t1), found end of line");
  }

  @Test
  void signalOfAMemoryWord() {
    assertError(program("signal req"), 9, 14, "expected a task name (one of: t1), found 'req'");
  }

  @Test
  void signalTakesOneTask() {
    assertError(program("signal t1 t1"), 9, 17, "expected end of line, found 't1'");
  }

  @Test
  void lockInterruptibleOfUnknownMutex() {
    assertError(program("e = lock_interruptible B"), 9, 30, "expected a mutex (one of: A), found 'B'");
  }

  @Test
  void lockInterruptibleNeedsARegister() {
    assertError(program("lock_interruptible A"), 9, 7, "'lock_interruptible' needs a register for its result");
  }

  @Test
  void lockInterruptibleOfAMemoryWord() {
    assertError(program("e = lock_interruptible req"), 9, 30, "expected a mutex (one of: A), found 'req'");
  }

  @Test
  void rqLockOfMissingCpu() {
    assertError(program("work", "spin_lock rq_lock(5)"), 10, 25, "expected a cpu number below 2 in rq_lock(...), found 5");
  }

  @Test
  void piLockOfUnknownTask() {
    assertError(program("spin_lock pi_lock(t9)"), 9, 25, "expected a task name (one of: t1), found 't9'");
  }

  @Test
  void hugeIntegerLiteral() {
    assertError(program("r = 99999999999999999999"), 9, 11, "expected an integer literal of at most 2147483647");
  }

  @Test
  void missingOperand() {
    assertError(program("r = cas req 1"), 9, 20, "expected an integer, a register or a memory word, found end of line");
  }

  @Test
  void trailingTokens() {
    assertError(program("yield now  # comment"), 9, 13, "expected end of line, found 'now'");
  }

  @Test
  void badComparison() {
    assertError(program("r = 1", "if r = 1 goto x", "x:"), 10, 12, "expected a comparison (== != < <= > >=), found '='");
  }

  @Test
  void unexpectedCharacter() {
    assertError(program("r = 1 * 2"), 9, 13, "unexpected character '*'");
  }

  @Test
  void resultOfLoadNeedsARegister() {
    assertError(program("load req"), 9, 7, "'load' needs a register for its result");
  }

  @Test
  void quotedOneLineProgramErrorColumn() {
    String text = BASE.replace("program: |", "program: \"work; yield\"");
    assertError(text, 8, 19, "unexpected character ';'");
  }

  @Test
  void foldedProgram() {
    assertError(BASE.replace("program: |", "program: >") + "      work\n", 8, 14, "found a folded block ('>')");
  }

  @Test
  void multiLinePlainProgram() {
    assertError(BASE.replace("program: |", "program:") + "      work\n      yield\n", 9, 7,
        "a program on several lines must be written 'program: |'");
  }

  // ---------------------------------------------------------------- YAML and structure

  @Test
  void badIndentation() {
    assertError("name: t\ncpus: 1\n tasks: {}\n", 3, 7, "malformed YAML: mapping values are not allowed here");
  }

  @Test
  void unclosedFlowList() {
    assertError("name: t\ncpus: 1\nmutexes: [A, B\ntasks: {}\n", 4, 6, "malformed YAML");
  }

  @Test
  void invalidTagIsMalformedYaml() {
    // Found by ScenarioParserFuzzTest: snakeyaml-engine threw IllegalArgumentException.
    assertError("!%a", 1, 1, "malformed YAML: an invalid tag");
  }

  @Test
  void emptyFile() {
    assertError("# nothing\n", 1, 1, "found an empty file");
  }

  @Test
  void topLevelNotAMapping() {
    assertError("- name: t\n", 1, 1, "expected a mapping for the scenario, found a list");
  }

  @Test
  void stringForCpus() {
    assertError(program("work").replace("cpus: 2", "cpus: two"), 2, 7, "expected an integer from 1 to 1024 for 'cpus', found a string 'two'");
  }

  @Test
  void zeroCpus() {
    assertError(program("work").replace("cpus: 2", "cpus: 0"), 2, 7, "for 'cpus', found 0");
  }

  @Test
  void listForMemory() {
    assertError("name: t\ncpus: 1\nmemory: [req, rsp]\n", 3, 9, "expected a mapping for 'memory', found a list");
  }

  @Test
  void nonIntegerMemoryValue() {
    assertError(BASE.replace("req: 0", "req: zero") + "      work\n", 4, 8, "expected an integer for memory word 'req', found a string 'zero'");
  }

  @Test
  void duplicateTaskNames() {
    assertError(program("work") + "  t1:\n    program: yield\n", 10, 3, "duplicate key 't1' in 'tasks' (first defined at line 7, column 3)");
  }

  @Test
  void duplicateMemoryWord() {
    assertError(BASE.replace("  req: 0\n", "  req: 0\n  req: 1\n") + "      work\n", 5, 3, "duplicate key 'req'");
  }

  @Test
  void missingName() {
    assertError(program("work").replace("name: t\n", "# no name\n"), 2, 1, "missing required key 'name'");
  }

  @Test
  void missingCpus() {
    assertError(program("work").replace("cpus: 2\n", ""), 1, 1, "missing required key 'cpus'");
  }

  @Test
  void missingTasks() {
    assertError("name: t\ncpus: 1\n", 1, 1, "missing required key 'tasks'");
  }

  @Test
  void emptyTasks() {
    assertError("name: t\ncpus: 1\ntasks: {}\n", 3, 8, "expected at least one task");
  }

  @Test
  void missingProgram() {
    assertError(BASE.replace("    program: |\n", "    cpu: 1\n    prio: 3\n"), 8, 5, "missing required key 'program' in task 't1'");
  }

  @Test
  void unknownTopLevelKey() {
    assertError(program("work") + "cpu: 1\n", 10, 1, "unknown key 'cpu' in the scenario; expected one of: name, description, cpus,");
  }

  @Test
  void unknownTaskKey() {
    assertError(BASE.replace("    program: |\n", "    priority: 3\n    program: |\n") + "      work\n", 8, 5,
        "unknown key 'priority' in task 't1'; expected one of: cpu, prio, affinity, program");
  }

  @Test
  void unknownKernelKey() {
    assertError(program("work") + "kernel:\n  preempt: full\n", 11, 3, "unknown key 'preempt' in 'kernel'; expected one of: proxy, variants, detail, lock-order, futex-buckets");
  }

  @Test
  void proxyNotABoolean() {
    assertError(program("work") + "kernel:\n  proxy: yes\n", 11, 10, "expected true or false for 'kernel.proxy', found a string 'yes'");
  }

  @Test
  void unknownPropertyInCheck() {
    assertError(program("work") + "check: [deadlock, livelock]\n", 10, 19, "expected a property name (one of: lost-wakeup,");
  }

  @Test
  void duplicatePropertyInCheck() {
    assertError(program("work") + "check:\n  - deadlock\n  - deadlock\n", 12, 5, "duplicate property 'deadlock' in 'check'");
  }

  @Test
  void badExpect() {
    assertError(program("work") + "expect: fails\n", 10, 9, "expected 'holds' or 'violated: <property>' for 'expect', found a string 'fails'");
  }

  @Test
  void expectOfUnknownProperty() {
    assertError(program("work") + "expect:\n  violated: livelock\n", 11, 13, "expected a property name");
  }

  @Test
  void expectOfUnknownPropertyInAString() {
    assertError(program("work") + "expect: \"violated: livelock\"\n", 10, 9, "after 'violated:', found 'livelock'");
  }

  @Test
  void expectWithTwoKeys() {
    assertError(program("work") + "expect: {violated: deadlock, holds: true}\n", 10, 30, "unknown key 'holds' in 'expect'");
  }

  @Test
  void twoDocuments() {
    assertError(program("work") + "---\nname: u\n", 10, 1, "expected a single document in the stream");
  }

  @Test
  void undefinedAlias() {
    assertError(program("work") + "bounds: {depth: *d}\n", 10, 17, "found undefined alias d");
  }

  @Test
  void cpuOutOfRange() {
    assertError(BASE.replace("    program: |\n", "    cpu: 2\n    program: |\n") + "      work\n", 8, 10,
        "expected a cpu number from 0 to 1 (the scenario has 2 cpus) for the cpu of task 't1', found 2");
  }

  @Test
  void affinityWithoutCpu() {
    assertError(BASE.replace("    program: |\n", "    cpu: 1\n    affinity: [0]\n    program: |\n") + "      work\n", 8, 10,
        "cpu 1 of task 't1' is not in its affinity [0]");
  }

  @Test
  void affinityDuplicateCpu() {
    assertError(BASE.replace("    program: |\n", "    affinity: [1, 0, 1]\n    program: |\n") + "      work\n", 8, 22,
        "duplicate cpu 1 in the affinity of task 't1'");
  }

  @Test
  void emptyAffinity() {
    assertError(BASE.replace("    program: |\n", "    affinity: []\n    program: |\n") + "      work\n", 8, 15,
        "expected at least one cpu in the affinity");
  }

  @Test
  void nameClash() {
    assertError(BASE.replace("mutexes: [A]", "mutexes: [A, req]") + "      work\n", 5, 14,
        "the name 'req' of this mutex is already used by the memory word at line 4, column 3");
  }

  @Test
  void taskNamedLikeAMutex() {
    assertError(BASE.replace("  t1:", "  A:") + "      work\n", 7, 3, "already used by the mutex");
  }

  @Test
  void kernelClassAsExtraLock() {
    assertError(program("work") + "locks: [L1, rq_lock]\n", 10, 13, "'rq_lock' is a kernel lock class");
  }

  @Test
  void unknownLockOrderClass() {
    assertError(program("work") + "kernel: {lock-order: [pi_lock, L1]}\n", 10, 32, "expected a lock class (one of: pi_lock,");
  }

  @Test
  void badScenarioName() {
    assertError(BASE.replace("name: t", "name: 9lives") + "      work\n", 1, 7, "expected a scenario name");
  }

  @Test
  void badDuration() {
    assertError(program("work") + "bounds:\n  time: 10 minutes\n", 11, 9,
        "expected a duration such as 500ms, 30s, 10m, 1h or 1h30m for 'bounds.time', found a string '10 minutes'");
  }

  @Test
  void durationUnitsOutOfOrder() {
    assertError(program("work") + "bounds: {time: 30m1h}\n", 10, 16, "expected a duration");
  }

  @Test
  void unknownBoundsKey() {
    assertError(program("work") + "bounds:\n  steps: 3\n", 11, 3, "unknown key 'steps' in 'bounds'; expected one of: preemptions, depth, states, time");
  }

  @Test
  void hugeYamlInteger() {
    assertError(program("work") + "bounds:\n  states: 123456789012345678901234567890\n", 11, 11,
        "expected an integer >= 1 for 'bounds.states', found 123456789012345678901234567890 (out of range)");
  }

  @Test
  void nonKeyScalar() {
    assertError(program("work") + "? [a]\n: 1\n", 10, 3, "expected a key name in the scenario, found a list");
  }

  @Test
  void badUtf8File(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bin.yaml");
    Files.write(f, new byte[] {'n', 'a', 'm', 'e', ':', ' ', 't', '\n', 'c', 'p', 'u', 's', ':', ' ', (byte) 0xC3, '\n'});
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(f));
    assertEquals(new SourcePos(f.toString(), 2, 7), e.pos());
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void controlCharacter() {
    assertError("name: t\ncpus: \u0001\n", 2, 7, "U+0001");
  }
}
