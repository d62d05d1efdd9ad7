package schedcheck.checker;

/**
 * A further execution that a violation refers to (for a lock dependency cycle, the
 * execution that first took each edge): the path to state {@code stateId} of the search,
 * then the step at {@code index} among its successors (or none when {@code index < 0}).
 */
public record Witness(String label, long stateId, int index) {}
