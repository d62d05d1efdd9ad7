package schedcheck.model.kernel;

/**
 * A named kernel variant: a small change to the correct algorithm (skip a step, reorder two,
 * drop a re-check), or a kernel version.
 *
 * @param name as written in {@code kernel.variants}
 * @param summary one line: what it changes
 * @param reproduces the known-bugs entry it reproduces (e.g. {@code A.F1}), or empty
 */
public record Variant(String name, String summary, String reproduces) {}
