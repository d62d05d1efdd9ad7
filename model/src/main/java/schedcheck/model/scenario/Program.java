package schedcheck.model.scenario;

import java.util.List;
import java.util.Map;

/**
 * A parsed task program.
 *
 * @param statements in order
 * @param labels label name to statement index (the program's length for a label at the end)
 * @param registers register names, in order of first appearance; a register's index is its
 *     position here
 */
public record Program(List<Stmt> statements, Map<String, Integer> labels, List<String> registers) {
  public Program {
    statements = List.copyOf(statements);
    labels = Map.copyOf(labels);
    registers = List.copyOf(registers);
  }
}
