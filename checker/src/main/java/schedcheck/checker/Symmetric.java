package schedcheck.checker;

/**
 * A model whose fingerprints identify states up to a finite group G of renamings (symmetry
 * reduction): {@link Model#fingerprint}(x) is the fingerprint of one canonical image g(x) of x,
 * g in G, and the model's steps commute with every renaming (y is a successor of x exactly
 * when h(y) is a successor of h(x), for every h in G). A renamed image of a reachable state
 * need not be reachable itself (an image of the initial state, say, may never be reached):
 * nothing here needs it to be, because the quotient is explored, and the product listed, only
 * from the initial states (with the identity), so every node stands for a real reachable
 * state. {@link FairCycles} uses it to explore only the quotient (one state per orbit)
 * and to decide its goals on the product of the quotient with G (Emerson and Sistla's
 * annotated quotient structure), when the property is {@link LivenessProperty#equivariant}.
 * A model implements it; {@code groupSize() == 1} means no symmetry is in use. Elements are
 * numbered 0 .. groupSize() - 1, 0 the identity.
 */
public interface Symmetric<S> {

  /** The number of elements of G; 1 when no symmetry is in use. */
  int groupSize();

  /** The element "first b, then a": (a o b)(x) = a(b(x)). */
  int compose(int a, int b);

  /** The inverse of element a. */
  int inverse(int a);

  /**
   * An element g such that g(state) is the canonical image whose fingerprint {@link
   * Model#fingerprint}(state) is; 0 when the state is fingerprinted as itself.
   */
  int canonicalizer(S state);
}
