package schedcheck.checker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Liveness checking ({@code liveness}): fair cycles by SCC decomposition, with lasso
 * counterexamples.
 *
 * <p><b>Algorithm.</b> Generalized Büchi emptiness by SCC decomposition (Couvreur 1999, in
 * the explicit two-pass form): a breadth-first pass stores the reachable graph (states as
 * fingerprints with BFS parent links, every edge as a target id, its position among the
 * successors, the goals it progresses and the fairness classes it serves); then, for each
 * goal g of the {@link LivenessProperty}, an iterative Tarjan decomposition of the subgraph
 * without g's progress edges. A strongly connected component is a violation when it has a
 * state marked for g and meets every acceptance set: for each fairness class k, an edge
 * inside it serves k, or a state in it has k disabled (weak fairness: a class enabled
 * throughout must be served). Weak fairness never gets better on a smaller component, so the
 * maximal components decide. Strong fairness classes ({@link LivenessProperty#strongClasses}:
 * served infinitely often if enabled infinitely often) are Streett conditions: a component
 * that has a state enabling such a class but no edge serving it is decomposed again without
 * those states (Emerson-Lei), at most once per strong class along any branch.
 *
 * <p><b>Cost.</b> Time O(goals x (V + E)) after one pass over the state space (with {@link
 * #PARALLEL_ANALYSIS}, on a graph of 100,000 states or more, the goals are first decided on two
 * threads, see {@code Run.decideInParallel}); memory per
 * state: the fingerprint table (about 28 bytes with its links) and 11 bytes of edge offsets,
 * a label number and flags; per edge 6 bytes (its target, and the number of its label: the
 * pairs of progress goals and served classes are few, so each distinct pair is stored once),
 * in pages that grow without copying. An edge's source and its position among the source's
 * steps are not stored: a state's edges are consecutive, and walks know where they come from.
 * The fingerprint table is dropped before the analysis ({@link
 * FingerprintSet#forgetFingerprints}), whose arrays take 16 bytes a state and stacks as deep
 * as its search goes.
 *
 * <p><b>Lassos.</b> The prefix is the BFS path to the component's entry (its state closest to
 * an initial state); the loop starts and ends at the entry and greedily walks, by breadth-first
 * search inside the component, to the nearest edge or state that meets an acceptance set not
 * yet met, then back to the entry. Both parts are shortest for what they must visit, not a
 * globally shortest lasso (hard even to approximate).
 *
 * <p><b>Bounds.</b> States are joined by {@link Model#unboundedFingerprint}, and a step that
 * the model's own bound suppressed ({@link Successors#cut(String, Object)}) is an edge like
 * any other when its target is in the graph, so a bound on preemptions that cut nothing
 * leaves the exact graph of the unbounded model; such a step in a lasso replays on {@link
 * Model#withoutOwnBounds}. A suppressed step, or a step beyond the depth bound, whose target
 * is not in the graph cuts: the verdict is then at best {@code INCOMPLETE}, never {@code
 * HOLDS}, because the cut part may close a cycle. The state and time limits and running out
 * of heap cut as in {@link BreadthFirst}; the component analysis still runs on the partial
 * graph, and a fair cycle found there is a real one.
 *
 * <p><b>Symmetry</b> ({@link #quotient}; Emerson and Sistla, "Utilizing symmetry when model
 * checking under fairness assumptions", TOPLAS 1997: the annotated quotient structure). On a
 * {@link Symmetric} model whose fingerprints identify the states of an orbit of a group G, and
 * an {@linkplain LivenessProperty#equivariant equivariant} property, the pass stores one state
 * per orbit and generates successors only for it: a stored node s has a representative r(s),
 * the state first reached (the one expanded; states are never renamed), and its canonicalizer
 * c_s. An edge r(s) -> y to the orbit of stored t keeps, besides its target and label, the
 * renaming sigma = inverse(c_y) o c_t (two bytes), so that y = sigma(r(t)): c_y(y) and
 * c_t(r(t)) are the same canonical image. The full graph is then implicit as the product of
 * the quotient with G: node (s, g) stands for the real state g(r(s)); its edges are (t, g o
 * sigma_e) for s's edges e, labelled with e's labels renamed by g, and its own labels (goals,
 * enabled classes) are r(s)'s renamed by g. Its part reachable from the initial states' nodes
 * is listed breadth-first and every goal decided on it by the decomposition of the unreduced
 * pass (Tarjan, Emerson-Lei for strong classes) in its deciding form ({@code decides}: does a
 * candidate component exist), with integer table lookups where the unreduced pass ran the
 * kernel's steps (on the futex ring at N = 3: 260,648 states expanded instead of 779,784).
 *
 * <p>Why the product decides what the unreduced pass decides. The projection (s, g) -> g(r(s))
 * maps the edges of (s, g) one-to-one onto those of g(r(s)) with the same labels: r(s)'s
 * successors are exactly s's edges (the quotient expands r(s) fully, one edge per successor,
 * even when several go to one orbit), the model's steps commute with g (so g(r(s))'s
 * successors are the images g(y) = g(sigma(r(t))) of r(s)'s), and the property's labels
 * commute with g (equivariance). Hence a fair bad cycle of the product (for goal k: a state
 * marked for k, no edge progressing k, every acceptance set met) projects onto a closed walk of
 * real states with the same labels, which is a fair bad cycle of the real system, reachable
 * because the projection of a product path from (s0, 0) is a real path from s0. Conversely,
 * a real fair bad cycle C reachable from s0 lifts edge by edge from (s0, 0) (each real edge
 * out of g(r(s)) is the image of exactly one edge of s); lifting C again and again from the
 * node over its start gives nodes over that start state, of which there are at most |G|, so
 * some node recurs, and the lift between its two visits is a product cycle whose labels are
 * those of C repeated: fair and bad for the same goal. So for every goal the product has a
 * candidate component iff the real graph has. A state the model keeps as itself (canonicalizer
 * 0, not renamable) is its own canonical image and sigma is derived the same way. The product
 * may list one real state more than once ((s, g) and (s, g') when g^-1 g' fixes r(s)): copies
 * with the same futures, which change no verdict. Product node ids are s * |G| + g, so the
 * analysis takes the unreduced pass's arrays per node of the whole product (17 bytes; the
 * quotient's own graph is a third of the ring's), plus a list of the reached nodes.
 *
 * <p>Verdicts only from the quotient, counterexamples from the unreduced pass: when no goal
 * has a candidate component the result is {@code HOLDS} (or {@code INCOMPLETE} when a limit cut
 * the quotient), with the quotient's states and edges as its counts; when some goal has one,
 * {@link Quotient#decided} is false and the caller runs {@link #run} on the unreduced model and
 * reports exactly what it reports (the same lasso, counts and report as without the quotient;
 * its {@code describe} may also reject every lasso, then that pass's {@code HOLDS} stands on a
 * complete search of its own). The quotient does not apply ({@link #quotientRefused}) without
 * symmetry (a group of one), with a property that is not equivariant, with a model that bounds
 * itself (its bound's bookkeeping is joined by {@link Model#unboundedFingerprint}, which knows
 * no orbits) or with a depth bound (the depth of a quotient state is not that of the states it
 * stands for).
 *
 * <p><i>One exploration instead of two</i> ({@link #recording}). Without {@code --por} or the
 * movers, the safety search (sequential BFS on the symmetric model, no depth bound) stores the
 * very states of this pass's quotient, in the same order, with the same ids: same model,
 * fingerprints and successor order. So {@link BreadthFirst#run(Model, List, Limits, Progress,
 * Recording)} hands a {@link Recording} every state it stores and every step it generates (the
 * source being expanded, the step's position, the target's id, the action, the target's view),
 * and the recording keeps what this pass's own exploration keeps: the target, sigma ({@link
 * Symmetric#canonicalizer} of the view, taken right after its fingerprint, before the safety
 * monitors look) and the property's labels, in the same columns. After a complete safety
 * search without violation the goals are decided on the product at once ({@link
 * Recording#decide}: the same {@link Quotient}, counts included); the quotient is not explored
 * again (on the futex ring at N = 3 that exploration was about two thirds of the pass's time).
 * The search keeps the ids of states met again for it (4 bytes a slot more). Anything else (a
 * violation found, a state, time or memory limit or a cut of the model, DFS, random or
 * parallel search, {@code --por}, the movers, a depth bound, {@code
 * -Dschedcheck.liveness.onePass=false}) leaves the recording undecided and the caller runs
 * {@link #quotient} as before. The price: the labels are computed and the edge columns (8 bytes
 * an edge) filled even when the safety search then stops at a violation and the recording is
 * dropped. The recorded graph is heap like any other, so a memory limit counts it.
 */
public final class FairCycles {

  public static final String NAME = "liveness";

  /** {@code -Dschedcheck.profile=true}: where the pass's time goes, on standard error. */
  static final boolean PROFILE = Boolean.getBoolean("schedcheck.profile");

  /**
   * Whether a graph's goals are first decided on two threads ({@code Run.decideInParallel});
   * the verdict and every report are the same either way. Off by default: on the futex ring
   * at N = 4 (109 M states, 4 goals, every one holding) the analysis took 84.8 s with it and
   * 75.9 s without (one run each, a shared 2-core machine): the decompositions are bound by
   * memory, not by a core. On with {@code -Dschedcheck.liveness.parallel=true}; tests switch it.
   */
  static boolean PARALLEL_ANALYSIS = Boolean.getBoolean("schedcheck.liveness.parallel");

  /**
   * Graphs of fewer states are analysed on one thread (a second one's arrays and start are not
   * worth it); {@code -Dschedcheck.liveness.parallelMinStates=0} decides every graph's goals on
   * two threads (to compare reports with and without, as the tests do).
   */
  static int PARALLEL_MIN_STATES = Integer.getInteger("schedcheck.liveness.parallelMinStates", 100_000);

  /** What the last run on this thread's analysis did: {state visits, deciding passes}. */
  static final ThreadLocal<long[]> LAST_ANALYSIS = new ThreadLocal<>();

  private FairCycles() {}

  public static <S, A> SearchResult run(
      Model<S, A> model, LivenessProperty<S, A> property, Limits limits, Progress progress) {
    return run(model, property, limits, progress, 0);
  }

  /**
   * As {@link #run(Model, LivenessProperty, Limits, Progress)}, with the visited set sized for
   * {@code expectedStates} from the start (e.g. the count of a complete safety search of the
   * same model): growing it by doubling would leave every smaller table behind as garbage in
   * the old generation, where it stays in the peak memory. Only a hint: more states still fit.
   */
  public static <S, A> SearchResult run(
      Model<S, A> model, LivenessProperty<S, A> property, Limits limits, Progress progress, int expectedStates) {
    return new Run<>(model, property, limits, progress, expectedStates, false).run();
  }

  /**
   * What {@link #quotient} did: {@code result} is the verdict when {@code decided} (holds, or
   * incomplete when a limit cut the quotient and no candidate was found in what was explored);
   * otherwise ({@code result} null) the caller runs {@link #run} on the unreduced model and
   * reports exactly what it reports, and {@code why} says why: the pass does not apply (no
   * symmetry, a property that is not {@linkplain LivenessProperty#equivariant equivariant}, a
   * bound of the model's own, a depth bound), or the product has a candidate fair cycle for
   * some goal (a violation, or one the property's {@code describe} may reject: the unreduced
   * pass builds and judges the lasso). {@code quotientStates}/{@code quotientEdges}: what was
   * explored with the model's successors; {@code productNodes}/{@code productEdges}: the
   * reachable part of the product the goals were decided on; {@code candidates}: the goals
   * with a candidate component, bit g for goal g.
   */
  public record Quotient(SearchResult result, boolean decided, String why, int groupSize, long quotientStates,
      long quotientEdges, long productNodes, long productEdges, int candidates) {}

  /**
   * Why {@link #quotient} does not apply to {@code model} and {@code property} under {@code
   * limits}, or null when it does.
   */
  public static <S, A> String quotientRefused(Model<S, A> model, LivenessProperty<S, A> property, Limits limits) {
    if (!(model instanceof Symmetric<?> sym) || sym.groupSize() <= 1) {
      return "no symmetry";
    }
    if ((long) sym.groupSize() > 0xFFFF) {
      return "group too large";
    }
    if (!property.equivariant()) {
      return "property not equivariant";
    }
    if (model.boundsItself()) {
      return "the model bounds itself";
    }
    if (limits.maxDepth() >= 0) {
      return "depth bound";
    }
    return null;
  }

  /**
   * The liveness pass on the symmetry quotient (see "Symmetry" in the class comment): explores
   * one state per orbit of {@code model}'s {@link Symmetric} group and decides every goal on the
   * product of that quotient with the group. Decides only a verdict without violation; see
   * {@link Quotient} for when the caller must run the unreduced pass instead.
   */
  public static <S, A> Quotient quotient(
      Model<S, A> model, LivenessProperty<S, A> property, Limits limits, Progress progress, int expectedStates) {
    String refused = quotientRefused(model, property, limits);
    if (refused != null) {
      return new Quotient(null, false, refused, 1, 0, 0, 0, 0, 0);
    }
    return new Run<>(model, property, limits, progress, expectedStates, true).runQuotient(false);
  }

  /**
   * The quotient pass's graph recorded during the safety search instead of explored again (see
   * "One exploration instead of two" in the class comment): a recorder for {@link
   * BreadthFirst#run(Model, List, Limits, Progress, Recording)} on exactly {@code model}, the
   * symmetric model the safety search runs on; null when the quotient does not apply ({@link
   * #quotientRefused}). After the search, {@link Recording#decide} decides the goals on the
   * product as {@link #quotient} would have, or returns null when the search's graph is not the
   * quotient's (a violation or a cut ended it early): the caller then runs {@link #quotient} as
   * without the recorder.
   */
  public static <S, A> Recording<S, A> recording(Model<S, A> model, LivenessProperty<S, A> property, Limits limits) {
    if (quotientRefused(model, property, limits) != null) {
      return null;
    }
    return new Recording<>(new Run<>(model, property, limits, Progress.NONE, -1, true));
  }

  /**
   * The quotient graph of a safety search, recorded as it goes ({@link #recording}). {@link
   * BreadthFirst} (sequential, no depth bound, no relinking) hands it every state it stores, in
   * id order, and every step it generates, in successor order, with the id of the step's
   * target: the calls {@link #quotient}'s own exploration makes for itself, on the same model,
   * so the recorded graph is the one that exploration would store (same ids, edges, renamings
   * and labels; {@code OnePassLivenessTest} compares the counts on every shipped example and on
   * random scenarios). Single use.
   */
  public static final class Recording<S, A> {
    private final Run<S, A> run;
    private boolean attached;
    private boolean decided;

    private Recording(Run<S, A> run) {
      this.run = run;
    }

    /** The model the search must run on: the very one the recorder labels and renames with. */
    public Model<S, A> model() {
      return run.model;
    }

    /** How much of the actions the property's edge labels read. */
    ActionDetail actionDetail() {
      return run.property.actionDetail();
    }

    /** The search's visited set (with id lookup), whose ids the recorded graph uses. */
    void attach(Model<S, A> model, FingerprintSet seen) {
      if (attached) {
        throw new IllegalStateException("a recording serves one search");
      }
      if (model != run.model) {
        throw new IllegalArgumentException("the search's model is not the recorder's");
      }
      if (!seen.looksUpIds()) {
        throw new IllegalArgumentException("the recorder needs the ids of states met again");
      }
      attached = true;
      run.seen = seen;
    }

    /** The canonicalizer of the state just fingerprinted (before anything else is fingerprinted). */
    void canon(S state) {
      run.curCanon = run.sym.canonicalizer(state);
    }

    /** Initial state {@code s} (its {@link #canon} just taken): stored as {@code id}, or met again ({@code isNew} false). */
    void initial(S s, int id, boolean isNew) {
      if (isNew) {
        run.recordNode(id, s);
        run.roots.add((long) id * run.order);
      } else {
        run.roots.add((long) id * run.order + run.edgeSigma(id));
      }
    }

    /** State {@code id} is expanded: its successors follow. */
    void begin(S s, int id) {
      run.beginRecorded(s, id);
    }

    /** A successor (its {@link #canon} taken) just stored as {@code id}, before the step to it is recorded. */
    void stored(int id, S state) {
      run.recordNode(id, state);
    }

    /** Step {@code pos} of the state being expanded leads to {@code state}, stored as {@code to}. */
    void edge(int pos, A action, int to, S state) {
      run.addEdge(to, pos, state, action);
    }

    /** The state being expanded is done (its enabled classes are now known). */
    void end(S s) {
      run.endRecorded(s);
    }

    /**
     * The goals decided on the product of the recorded quotient, as {@link #quotient} would
     * decide them after exploring it (the same {@link Quotient}, its result's seconds being the
     * analysis's); null when {@code safety}, the result of the search that recorded, is not a
     * complete search without violation: a stop at a violation, a limit or a cut of the model
     * leaves a graph that is not the one {@link #quotient} would explore, and the caller runs
     * that instead. Frees the visited set's fingerprints (the search is over).
     */
    public Quotient decide(SearchResult safety) {
      if (decided) {
        throw new IllegalStateException("decided already");
      }
      decided = true;
      if (!attached || safety.verdict() != Verdict.HOLDS || !safety.violations().isEmpty()
          || !safety.cuts().isEmpty() || safety.states() != run.seen.size()) {
        return null;
      }
      DECIDED.incrementAndGet();
      return run.decideQuotient(false, System.nanoTime());
    }

    private static final java.util.concurrent.atomic.AtomicLong DECIDED = new java.util.concurrent.atomic.AtomicLong();

    /** For tests: how many recordings have decided so far (in this JVM), to count where one pass applied. */
    public static long decisions() {
      return DECIDED.get();
    }
  }

  /**
   * For tests: the goals (bit g for goal g) that have a candidate component, a fair cycle of
   * the graph without g's progress edges that meets the goal (before the property's {@code
   * describe} judges its lasso): of the full graph ({@code quotient} false), or of the product
   * of the quotient with the group (true; -1 when that does not apply). Equal for a sound
   * product; -2 when more than {@code maxStates} states would have to be stored.
   */
  public static <S, A> int candidateGoals(Model<S, A> model, LivenessProperty<S, A> property, boolean quotient,
      long maxStates) {
    Limits limits = Limits.none().withMaxStates(maxStates);
    if (quotient) {
      if (quotientRefused(model, property, limits) != null) {
        return -1;
      }
      Run<S, A> run = new Run<>(model, property, limits, Progress.NONE, 0, true);
      Quotient q = run.runQuotient(true);
      return run.cuts.isEmpty() ? q.candidates() : -2;
    }
    Run<S, A> run = new Run<>(model, property, limits, Progress.NONE, 0, false);
    run.explore();
    run.resolvePending();
    return run.cuts.isEmpty() ? run.candidatesPlain() : -2;
  }

  /**
   * Deliberate flaws of the quotient pass, for the tests that show they would be caught:
   * {@code SIGMA} takes every edge's renaming as the identity (the product is then the quotient
   * with labels renamed along a wrong walk), {@code LABELS} leaves labels unrenamed (every
   * product node labelled as its quotient state's representative). NONE in every real check.
   */
  public enum Flaw { NONE, SIGMA, LABELS }

  /** The flaw the quotient pass runs with; tests only (see {@link Flaw}). */
  public static volatile Flaw flaw = Flaw.NONE;

  private static final class Run<S, A> implements Successors<S, A> {
    private static final long PROGRESS_EVERY_NANOS = 200_000_000L;
    /**
     * A graph of at least this many states is garbage-collected between its exploration and
     * its analysis (peak memory; a smaller one's table is not worth a full collection).
     */
    static final int COLLECT_BEFORE_ANALYSIS = 100_000;

    final Model<S, A> model;
    private final LivenessProperty<S, A> property;
    private final Progress progress;
    private final int maxDepth;
    private final long maxStates;
    private final boolean hasDeadline;
    private final long deadlineNanos;
    private final boolean stopAtFirst;
    private final StopFlag stopFlag;
    private final MemoryLimit memory;
    private final boolean bounded;
    private long startNanos;
    private long lastProgressNanos;

    /** The states' fingerprints and ids: the pass's own, or the recording safety search's. */
    FingerprintSet seen;
    /** Packed states ({@link Model#pack}), unpacked when expanded (one at a time). */
    private final Frontier<Object> frontier = new Frontier<>(true);
    /** Full fingerprints of the states expanded, when the model bounds itself. */
    private final LongSet expandedFull;

    // Per node (state id), in pages (no copy of a whole column when it grows): where its
    // edges are, the number of its label (goals, enabled classes) and two flags.
    private final Columns.Ints edgeStart = new Columns.Ints();
    private final Columns.Ints edgeEnds = new Columns.Ints();
    private final Columns.Labels nodeLabels = new Columns.Labels();
    private final LabelColumn nodeLabel = new LabelColumn();
    private final Columns.Bytes nodeFlags = new Columns.Bytes();
    private static final int EXPANDED = 1;
    /** A step of its own the model's bound suppressed. */
    private static final int SUPPRESSED_OUT = 2;
    /** Classes served by the steps of the state being expanded so far (its first expansion). */
    private long curServed;

    // Per edge, in the order generated: the edges of a state are consecutive (from its first
    // expansion), so an edge's position among its source's successors is its offset from the
    // source's first edge and its source is known to whoever walks to it. Its target (or -1)
    // and the number of its label (progress goals, served classes): 6 bytes an edge while the
    // labels are fewer than 65,535, the usual case.
    private int edges;
    private final Columns.Ints target = new Columns.Ints();
    private final Columns.Labels edgeLabels = new Columns.Labels();
    private final LabelColumn edgeLabel = new LabelColumn();

    // Edges whose target was not stored when they were generated.
    private int pendingCount;
    private int[] pendingEdge = new int[64];
    private long[] pendingFp = new long[64];
    private String[] pendingBound = new String[64];

    private final Map<String, long[]> cuts = new LinkedHashMap<>();
    private final List<Found> found = new ArrayList<>();
    private long transitions;
    private long expansions;
    private boolean stopped;

    // The state being expanded.
    private S cur;
    private int curId;
    private int curDepth;
    private boolean first;
    private boolean probe;
    private int index;

    // The quotient pass (see "Symmetry"): the model's group, each node's canonicalizer (of its
    // representative, the state first reached and expanded) and each edge's renaming sigma
    // (target's representative to the successor: y = sigma(r(t))); null in the unreduced pass.
    final Symmetric<S> sym;
    final int order;
    private final Columns.Chars canon;
    private final Columns.Chars sigma;
    /** The product nodes of the initial states: (id, element) as id * order + element. */
    final List<Long> roots = new ArrayList<>();
    /** The canonicalizer of the state just fingerprinted in {@link #next} (quotient pass). */
    int curCanon;

    @SuppressWarnings("unchecked")
    Run(Model<S, A> model, LivenessProperty<S, A> property, Limits limits, Progress progress, int expectedStates,
        boolean quotient) {
      this.sym = quotient ? (Symmetric<S>) model : null;
      this.order = quotient ? sym.groupSize() : 1;
      this.canon = quotient ? new Columns.Chars() : null;
      this.sigma = quotient ? new Columns.Chars() : null;
      FingerprintSet set = null;
      if (expectedStates >= 0) { // -1: a recording, whose search's set it gets (Recording.attach)
        try {
          set = new FingerprintSet(Math.max(4096, expectedStates));
        } catch (OutOfMemoryError e) {
          set = new FingerprintSet(); // the hint was too much for this heap: grow as needed
        }
      }
      this.seen = set;
      this.model = Objects.requireNonNull(model, "model");
      this.property = Objects.requireNonNull(property, "property");
      this.progress = progress == null ? Progress.NONE : progress;
      this.maxDepth = limits.maxDepth() < 0 ? -1 : limits.maxDepth();
      this.maxStates = limits.maxStates() < 0 ? -1 : limits.maxStates();
      // searching on for an expected property (stopAt) still wants one lasso
      this.stopAtFirst = limits.stopAtFirstViolation() || limits.stopAt() != null;
      this.stopFlag = limits.stop();
      this.memory = new MemoryLimit(limits.maxMemory());
      this.bounded = model.boundsItself();
      this.expandedFull = bounded ? new LongSet() : null;
      this.startNanos = System.nanoTime();
      this.lastProgressNanos = startNanos;
      long budget = limits.timeBudgetNanos();
      this.hasDeadline = budget >= 0;
      this.deadlineNanos = startNanos + (hasDeadline ? budget : 0);
    }

    SearchResult run() {
      try {
        explore();
      } catch (OutOfMemoryError e) {
        long queued = frontier.size();
        frontier.clear();
        cur = null;
        addCut(Exploration.CUT_MEMORY, Math.max(1, queued));
        stopped = true;
      } finally {
        cur = null;
        frontier.clear();
      }
      try {
        resolvePending();
        // The components are found by walking ids: the fingerprint table (12 bytes a slot,
        // about a third of the graph's memory) goes before the analysis allocates its arrays,
        // and in a large graph a collection lets them take its place instead of new pages.
        seen.forgetFingerprints();
        long explored = System.nanoTime();
        if (seen.size() >= COLLECT_BEFORE_ANALYSIS) {
          System.gc();
        }
        long collected = System.nanoTime();
        analyse();
        LAST_ANALYSIS.set(new long[] {visits.get(), decided});
        if (PROFILE) {
          System.err.printf("liveness: explore %.2f s (%,d states, %,d edges), gc %.2f s, analyse %.2f s"
                  + " (%,d state visits, %d goals decided on two threads)%n",
              (explored - startNanos) / 1e9, seen.size(), transitions, (collected - explored) / 1e9,
              (System.nanoTime() - collected) / 1e9, visits.get(), decided);
        }
      } catch (OutOfMemoryError e) {
        addCut(Exploration.CUT_MEMORY, 1);
      } finally {
        progress.done();
      }
      return result();
    }

    /**
     * The quotient pass: explore the quotient, then decide the goals on the product, every one
     * ({@code allGoals}, for tests) or up to the first with a candidate (the caller then runs
     * the unreduced pass anyway).
     */
    Quotient runQuotient(boolean allGoals) {
      try {
        explore();
      } catch (OutOfMemoryError e) {
        long queued = frontier.size();
        frontier.clear();
        cur = null;
        addCut(Exploration.CUT_MEMORY, Math.max(1, queued));
        stopped = true;
      } finally {
        cur = null;
        frontier.clear();
      }
      return decideQuotient(allGoals, startNanos);
    }

    /**
     * The goals decided on the product of the explored (or recorded) quotient; {@code
     * startNanos}: where the result's seconds start (the recorded graph's: the analysis).
     */
    Quotient decideQuotient(boolean allGoals, long startNanos) {
      this.startNanos = startNanos;
      try {
        resolvePending();
        seen.forgetFingerprints();
        long explored = System.nanoTime();
        if (seen.size() >= COLLECT_BEFORE_ANALYSIS) {
          System.gc();
        }
        Product product = new Product();
        int candidates = product.decideAll(allGoals);
        if (PROFILE) {
          System.err.printf("liveness (quotient%s): explore %.2f s (%,d states, %,d edges), product %.2f s"
                  + " (%,d nodes, %,d edges, group of %d)%n", expandedByMe ? "" : ", recorded by the safety search",
              (explored - startNanos) / 1e9, seen.size(), transitions,
              (System.nanoTime() - explored) / 1e9, product.nodes, product.edgeCount, order);
        }
        SearchResult r = result();
        if (candidates != 0) {
          return new Quotient(null, false, "candidate fair cycle for goal " + Integer.numberOfTrailingZeros(candidates),
              order, r.states(), r.transitions(), product.nodes, product.edgeCount, candidates);
        }
        return new Quotient(r, true, null, order, r.states(), r.transitions(), product.nodes, product.edgeCount, 0);
      } catch (OutOfMemoryError e) {
        return new Quotient(null, false, "out of memory in the product", order, seen.size(), transitions, 0, 0, 0);
      } finally {
        progress.done();
      }
    }

    /** For tests: the goals with a candidate component in the full graph (see {@link #candidateGoals}). */
    int candidatesPlain() {
      seen.forgetFingerprints();
      n = seen.size();
      strong = property.strongClasses();
      Decomp d = new Decomp();
      int out = 0;
      for (int g = 0; g < Math.min(32, property.goals()); g++) {
        if (d.decides(g)) {
          out |= 1 << g;
        }
      }
      return out;
    }

    /** The property's edge labels read only what it says of the actions. */
    @Override
    public ActionDetail actionDetail() {
      return property.actionDetail();
    }

    @Override
    public boolean readsActions() {
      return property.actionDetail() != ActionDetail.NONE;
    }

    // ------------------------------------------------------------ the graph

    private long key(S s) {
      return bounded ? model.unboundedFingerprint(s) : model.fingerprint(s);
    }

    private void explore() {
      List<S> initial = model.initialStates();
      for (int i = 0; i < initial.size() && !stopped; i++) {
        S s = initial.get(i);
        long fp = key(s);
        int slot = seen.slotOf(fp);
        if (sym != null) {
          curCanon = sym.canonicalizer(s);
        }
        int known = seen.idAtSlot(slot);
        if (known >= 0) {
          if (sym != null) {
            roots.add((long) known * order + edgeSigma(known));
          }
          continue;
        }
        if (atStateLimit()) {
          refuseState();
          break;
        }
        int id = newNode(slot, fp, s, -1, i, 0);
        if (sym != null) {
          roots.add((long) id * order);
        }
        enqueue(s, id, 0);
      }
      while (!stopped && !frontier.isEmpty()) {
        Object packed = frontier.pollFirst();
        expand(model.unpack(packed), frontier.polledId, frontier.polledDepth);
        if ((++expansions & 1023) == 0) {
          tick();
        }
      }
    }

    private void enqueue(S s, int id, int depth) {
      if (bounded) {
        expandedFull.add(model.fingerprint(s));
      }
      frontier.addLast(model.pack(s), id, depth);
    }

    /**
     * The renaming sigma with y = sigma(r(t)) for the state y just fingerprinted (canonicalizer
     * {@link #curCanon}) and the stored node t of its orbit: c_y(y) = c_t(r(t)), so y =
     * inverse(c_y)(c_t(r(t))).
     */
    int edgeSigma(int t) {
      return flaw == Flaw.SIGMA ? 0 : sym.compose(sym.inverse(curCanon), canon.get(t));
    }

    private int newNode(int slot, long fp, S s, int parent, int step, int depth) {
      int id = seen.insertAtSlot(slot, fp, parent, step, depth);
      recordNode(id, s);
      return id;
    }

    /** Node {@code id}'s canonicalizer ({@link #curCanon}) and goals, when it is first stored. */
    void recordNode(int id, S s) {
      if (sym != null) {
        canon.set(id, curCanon);
      }
      nodeLabel.set(id, nodeLabels.of(property.stateGoals(s), 0));
    }

    private int stateGoals(int u) {
      return nodeLabels.first(nodeLabel.get(u));
    }

    /** The classes enabled in u (none for a state never expanded). */
    private long enabled(int u) {
      return nodeLabels.second(nodeLabel.get(u));
    }

    private int progressBits(int e) {
      return edgeLabels.first(edgeLabel.get(e));
    }

    private long served(int e) {
      return edgeLabels.second(edgeLabel.get(e));
    }

    private boolean expanded(int u) {
      return (nodeFlags.get(u) & EXPANDED) != 0;
    }

    private void expand(S s, int id, int depth) {
      cur = s;
      curId = id;
      curDepth = depth;
      index = 0;
      int flags = nodeFlags.get(id);
      first = (flags & EXPANDED) == 0;
      nodeFlags.set(id, flags | EXPANDED);
      probe = maxDepth >= 0 && depth >= maxDepth;
      if (first) {
        openEdges(id);
      }
      model.successors(s, this);
      if (first) {
        closeEdges(s, id);
      }
      cur = null;
    }

    /** State {@code id}'s edges start here (they are consecutive). */
    private void openEdges(int id) {
      edgeStart.set(id, edges);
      curServed = 0;
    }

    /** State {@code id}'s edges are all recorded: their end, and its label (goals, enabled classes). */
    private void closeEdges(S s, int id) {
      edgeEnds.set(id, edges);
      nodeLabel.set(id, nodeLabels.of(stateGoals(id), property.enabled(s, curServed)));
    }

    /** Whether this pass explores (false: a safety search records for it, see {@link Recording}). */
    private boolean expandedByMe = true;

    /** A recording's {@link #expand}, first half: state {@code id} ({@code s}) is expanded. */
    void beginRecorded(S s, int id) {
      expandedByMe = false;
      cur = s;
      curId = id;
      nodeFlags.set(id, nodeFlags.get(id) | EXPANDED);
      openEdges(id);
    }

    /** A recording's {@link #expand}, second half: its edges are recorded. */
    void endRecorded(S s) {
      closeEdges(s, curId);
      cur = null;
    }

    int addEdge(int to, int pos, S next, A action) {
      int e = edges++;
      if (e - edgeStart.get(curId) != pos) {
        // positions are offsets from the source's first edge (see the edge columns)
        throw new IllegalStateException("liveness: edge " + e + " of state " + curId + " at position " + pos);
      }
      target.set(e, to);
      if (sym != null && to >= 0) {
        sigma.set(e, edgeSigma(to));
      }
      long sv = property.serves(cur, action, next);
      edgeLabel.set(e, edgeLabels.of(property.edgeGoals(cur, action, next), sv));
      curServed |= sv;
      transitions++;
      return e;
    }

    private void addPending(int e, long fp, String bound) {
      if (pendingCount == pendingEdge.length) {
        int n = pendingCount * 2;
        pendingEdge = Arrays.copyOf(pendingEdge, n);
        pendingFp = Arrays.copyOf(pendingFp, n);
        pendingBound = Arrays.copyOf(pendingBound, n);
      }
      pendingEdge[pendingCount] = e;
      pendingFp[pendingCount] = fp;
      pendingBound[pendingCount] = bound;
      pendingCount++;
    }

    @Override
    public void next(A action, S state) {
      if (stopped) {
        return;
      }
      if (cur == null) {
        throw new IllegalStateException("Successors.next called outside Model.successors");
      }
      int pos = index++;
      long fp = key(state);
      if (sym != null) {
        curCanon = sym.canonicalizer(state); // right after its fingerprint: a by-product of it
      }
      int slot = seen.slotOf(fp);
      int id = seen.idAtSlot(slot);
      if (id >= 0) {
        if (first) {
          addEdge(id, pos, state, action);
        }
        if (bounded && (nodeFlags.get(id) & SUPPRESSED_OUT) != 0 && !probe && expandedFull.add(model.fingerprint(state))) {
          // Another representative of a state whose own bound suppressed steps (it may have
          // used fewer preemptions, say): expand it too, to find what it reaches.
          frontier.addLast(model.pack(state), id, curDepth + 1);
        }
        return;
      }
      if (probe) {
        if (first) {
          addPending(addEdge(-1, pos, state, action), fp, Exploration.CUT_DEPTH);
        }
        return;
      }
      if (atStateLimit()) {
        refuseState();
        return;
      }
      id = newNode(slot, fp, state, curId, pos, curDepth + 1);
      if (first) {
        addEdge(id, pos, state, action);
      }
      enqueue(state, id, curDepth + 1);
    }

    /**
     * A step whose state is in the model's buffer: without a bound of the model's own (then
     * states are keyed by another fingerprint, see {@link #key}) it is looked at in place and
     * only a new one is packed out of it; the property sees the view during the call.
     */
    @Override
    public void next(A action, long fingerprint, Scratch<S> target) {
      if (bounded) {
        next(action, target.copy());
        return;
      }
      if (stopped) {
        return;
      }
      if (cur == null) {
        throw new IllegalStateException("Successors.next called outside Model.successors");
      }
      int pos = index++;
      if (sym != null) {
        curCanon = sym.canonicalizer(target.view()); // the buffer just fingerprinted: no renaming again
      }
      int slot = seen.slotOf(fingerprint);
      int id = seen.idAtSlot(slot);
      if (id >= 0) {
        if (first) {
          addEdge(id, pos, target.view(), action);
        }
        return;
      }
      if (probe) {
        if (first) {
          addPending(addEdge(-1, pos, target.view(), action), fingerprint, Exploration.CUT_DEPTH);
        }
        return;
      }
      if (atStateLimit()) {
        refuseState();
        return;
      }
      S view = target.view();
      id = newNode(slot, fingerprint, view, curId, pos, curDepth + 1);
      if (first) {
        addEdge(id, pos, view, action);
      }
      frontier.addLast(target.packed(), id, curDepth + 1);
    }

    @Override
    public void cut(String bound, S wouldBe) {
      if (stopped) {
        return;
      }
      int pos = index++;
      if (!first) {
        return;
      }
      nodeFlags.set(curId, nodeFlags.get(curId) | SUPPRESSED_OUT);
      long fp = key(wouldBe);
      int id = seen.find(fp);
      // The action is not known for a suppressed step; the property sees a null action.
      int e = addEdge(id, pos, wouldBe, null);
      if (id < 0) {
        addPending(e, fp, bound);
      }
    }

    @Override
    public void cut(String bound) {
      if (!stopped && first) {
        addCut(bound, 1);
      }
    }

    private void resolvePending() {
      for (int i = 0; i < pendingCount; i++) {
        int id = seen.find(pendingFp[i]);
        if (id >= 0) {
          target.set(pendingEdge[i], id);
        } else {
          addCut(pendingBound[i], 1);
        }
      }
    }

    private boolean atStateLimit() {
      return maxStates >= 0 && seen.size() >= maxStates;
    }

    private void refuseState() {
      addCut(Exploration.CUT_STATES, 1);
      stopped = true;
    }

    private void addCut(String bound, long n) {
      cuts.computeIfAbsent(bound, k -> new long[1])[0] += n;
    }

    private void tick() {
      long now = System.nanoTime();
      if (hasDeadline && now - deadlineNanos >= 0 && !frontier.isEmpty()) {
        addCut(Exploration.CUT_TIME, frontier.size());
        stopped = true;
      }
      if (stopFlag != null && stopFlag.isSet() && !stopped) {
        addCut(Exploration.CUT_INTERRUPTED, Math.max(1, frontier.size()));
        stopped = true;
      }
      if (!stopped && !frontier.isEmpty() && memory.exceeded()) {
        addCut(Exploration.CUT_MEMORY, frontier.size());
        stopped = true;
      }
      if (now - lastProgressNanos >= PROGRESS_EVERY_NANOS) {
        lastProgressNanos = now;
        progress.update(seen.size(), transitions, frontier.size(), seen.maxDepth(), (now - startNanos) / 1e9);
      }
    }

    /** Edges of node u: [from(u), to(u)); none for a node never expanded. */
    private int from(int u) {
      return expanded(u) ? edgeStart.get(u) : 0;
    }

    private int to(int u) {
      return expanded(u) ? edgeEnds.get(u) : 0;
    }

    /**
     * What a {@link Decomp} walks: node u's labels and its edges e in [first(u), end(u)), each
     * with its target (or -1), the goals it progresses and the classes it serves. The explored
     * graph itself ({@link #plain}), or the quotient's product ({@link Product}).
     */
    private interface Graph {
      int goals(int u);

      long enabled(int u);

      int first(int u);

      int end(int u);

      int target(int u, int e);

      int progress(int u, int e);

      long served(int u, int e);
    }

    /** The explored graph as a {@link Graph}. */
    private final Graph plain = new Graph() {
      @Override
      public int goals(int u) {
        return stateGoals(u);
      }

      @Override
      public long enabled(int u) {
        return Run.this.enabled(u);
      }

      @Override
      public int first(int u) {
        return from(u);
      }

      @Override
      public int end(int u) {
        return to(u);
      }

      @Override
      public int target(int u, int e) {
        return target.get(e);
      }

      @Override
      public int progress(int u, int e) {
        return progressBits(e);
      }

      @Override
      public long served(int u, int e) {
        return Run.this.served(e);
      }
    };

    // ------------------------------------------------------------ the product (quotient pass)

    /**
     * The product of the quotient with the group (see "Symmetry" in the class comment): node
     * (s, g), numbered s * order + g, stands for g(r(s)); its edges are s's edges e, to (t, g o
     * sigma_e), with e's labels renamed by g; its labels are s's renamed by g. Its reachable part
     * from the initial states' nodes is listed first, then every goal is decided on it with
     * the deciding decomposition of the unreduced pass ({@link Decomp#decides}: Tarjan, then
     * Emerson-Lei for strong classes), without lassos. Arrays of one int per node of the whole
     * product (reached or not), as the unreduced pass has per state.
     */
    private final class Product implements Graph {
      private final int[] composeTable;
      // labels renamed: [label * order + g]
      private final int[] eGoals;
      private final long[] eServed;
      private final int[] nGoals;
      private final long[] nEnabled;
      private final int size;
      private final int[] reached;
      /** The decomposition of the unreduced pass, on product nodes (its arrays also mark what {@link #reach} reached). */
      private final Decomp decomp;
      long nodes;
      long edgeCount;

      Product() {
        long all = (long) seen.size() * order;
        if (all > Integer.MAX_VALUE - 16) {
          throw new OutOfMemoryError("product of " + all + " nodes");
        }
        size = (int) all;
        strong = property.strongClasses();
        composeTable = new int[order * order];
        for (int a = 0; a < order; a++) {
          for (int b = 0; b < order; b++) {
            composeTable[a * order + b] = sym.compose(a, b);
          }
        }
        boolean rename = flaw != Flaw.LABELS;
        int el = edgeLabels.size();
        eGoals = new int[el * order];
        eServed = new long[el * order];
        for (int l = 0; l < el; l++) {
          for (int g = 0; g < order; g++) {
            eGoals[l * order + g] = rename ? property.renameGoals(edgeLabels.first(l), g) : edgeLabels.first(l);
            eServed[l * order + g] = rename ? property.renameClasses(edgeLabels.second(l), g) : edgeLabels.second(l);
          }
        }
        int nl = nodeLabels.size();
        nGoals = new int[nl * order];
        nEnabled = new long[nl * order];
        for (int l = 0; l < nl; l++) {
          for (int g = 0; g < order; g++) {
            nGoals[l * order + g] = rename ? property.renameGoals(nodeLabels.first(l), g) : nodeLabels.first(l);
            nEnabled[l * order + g] = rename ? property.renameClasses(nodeLabels.second(l), g) : nodeLabels.second(l);
          }
        }
        decomp = new Decomp(size, this);
        reached = reach();
        decomp.cover = reached;
        decomp.coverCount = (int) nodes;
      }

      @Override
      public int goals(int p) {
        return nGoals[nodeLabel.get(p / order) * order + p % order];
      }

      @Override
      public long enabled(int p) {
        return nEnabled[nodeLabel.get(p / order) * order + p % order];
      }

      @Override
      public int first(int p) {
        return from(p / order);
      }

      @Override
      public int end(int p) {
        return to(p / order);
      }

      /** The product target of s's edge e from node p = (s, g), or -1. */
      @Override
      public int target(int p, int e) {
        int t = target.get(e);
        return t < 0 ? -1 : t * order + composeTable[(p % order) * order + sigma.get(e)];
      }

      @Override
      public int progress(int p, int e) {
        return eGoals[edgeLabel.get(e) * order + p % order];
      }

      @Override
      public long served(int p, int e) {
        return eServed[edgeLabel.get(e) * order + p % order];
      }

      /**
       * The reachable nodes, breadth-first from the initial states' (marked in comp as 1), in
       * an array of the product's size (the reached part is most of it: no copies as it grows).
       */
      private int[] reach() {
        int[] queue = new int[size];
        int qt = 0;
        for (long r : roots) {
          int p = (int) r;
          if (decomp.comp[p] == 0) {
            decomp.comp[p] = 1;
            queue[qt++] = p;
          }
        }
        for (int qh = 0; qh < qt; qh++) {
          int p = queue[qh];
          int s = p / order;
          for (int e = from(s); e < to(s); e++) {
            int v = target(p, e);
            if (v < 0) {
              continue;
            }
            edgeCount++;
            if (decomp.comp[v] == 0) {
              decomp.comp[v] = 1;
              queue[qt++] = v;
            }
          }
        }
        nodes = qt;
        return queue;
      }

      /** Every goal decided: the goals with a candidate component (bit g for goal g). */
      int decideAll(boolean allGoals) {
        int all = 0;
        for (int i = 0; i < nodes; i++) {
          all |= goals(reached[i]);
        }
        int out = 0;
        int goals = Math.min(32, property.goals());
        for (int g = 0; g < goals; g++) {
          if ((all & (1 << g)) != 0 && decomp.decides(g)) {
            out |= 1 << g;
            if (!allGoals) {
              break;
            }
          }
        }
        return out;
      }
    }


    // ------------------------------------------------------------ components

    private int n;
    private long strong;
    /** Decompositions of the analysis by goal: state visits and deciding passes (the profile). */
    private final java.util.concurrent.atomic.AtomicLong visits = new java.util.concurrent.atomic.AtomicLong();
    private int decided;

    private void analyse() {
      n = seen.size();
      strong = property.strongClasses();
      int all = 0;
      for (int u = 0; u < n; u++) {
        all |= stateGoals(u);
      }
      int goals = Math.min(32, property.goals());
      int marked = 0;
      for (int g = 0; g < goals; g++) {
        marked += (all >>> g) & 1;
      }
      Decomp main = new Decomp();
      boolean[] candidate = null;
      if (PARALLEL_ANALYSIS && marked >= 2 && n >= PARALLEL_MIN_STATES
          && Runtime.getRuntime().availableProcessors() >= 2) {
        candidate = decideInParallel(main, all, goals);
      }
      for (int g = 0; g < goals && (found.isEmpty() || !stopAtFirst); g++) {
        if ((all & (1 << g)) != 0 && (candidate == null || candidate[g])) {
          main.goal(g);
        }
      }
    }

    /**
     * Decides every marked goal on two threads (the analysis's own; the exploration is over
     * and the graph is only read): whether it has a candidate component ({@link Decomp#decides}).
     * A goal without one has no fair cycle; those with one (and any a thread could not decide,
     * e.g. for want of heap for its arrays) are searched again in goal order by the caller, as
     * without this, so what is reported is the same.
     */
    private boolean[] decideInParallel(Decomp main, int all, int goals) {
      boolean[] candidate = new boolean[goals];
      Arrays.fill(candidate, true);
      Decomp second;
      try {
        second = new Decomp();
      } catch (OutOfMemoryError e) {
        return null; // no room for a second set of arrays: the goals one after another
      }
      java.util.concurrent.atomic.AtomicInteger nextGoal = new java.util.concurrent.atomic.AtomicInteger();
      List<Decomp> workers = List.of(main, second);
      Thread[] threads = new Thread[workers.size()];
      for (int w = 0; w < threads.length; w++) {
        Decomp d = workers.get(w);
        threads[w] = new Thread(() -> {
          try {
            int g;
            while ((g = nextGoal.getAndIncrement()) < goals) {
              if ((all & (1 << g)) != 0) {
                candidate[g] = d.decides(g);
              }
            }
          } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // the goal it was deciding, and those it had not taken, stay to be searched in full
          }
        }, "schedcheck-liveness-" + w);
        threads[w].setDaemon(true);
        threads[w].start();
      }
      boolean interrupted = false;
      for (Thread t : threads) {
        while (true) {
          try {
            t.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return candidate;
    }

    /**
     * One decomposer: Tarjan's arrays, stacks and the lasso's scratch, for one thread at a
     * time. The graph it walks is read only once the exploration is over.
     */
    private final class Decomp {
      private final Graph graph;
      private final int[] comp;
      private final int[] low;
      private final int[] order;
      private final int[] inSet;
      /** Tarjan's on-stack marks, allocated once (every run leaves them clear but for its own set). */
      private final boolean[] onStack;
      private int setStamp;
      private int comps;
      /** The nodes a decomposition of every node covers: the first coverCount of cover, or (null) 0 .. size - 1. */
      int[] cover;
      int coverCount;

      /** Over the explored graph. */
      Decomp() {
        this(n, plain);
      }

      Decomp(int size, Graph graph) {
        this.graph = graph;
        comp = new int[size];
        low = new int[size];
        order = new int[size];
        inSet = new int[size];
        onStack = new boolean[size];
        coverCount = size;
      }

    /**
     * The goals of g: components of the graph without g's progress edges; a component that
     * fails a strong fairness class (enabled in it, never served in it) is decomposed again
     * without the states that enable that class (Emerson-Lei / Streett emptiness).
     */
    void goal(int g) {
      List<int[]> work = new ArrayList<>();
      if (tarjan(g, null, work, false) && stopAtFirst) { // null: every node, without an array of them
        return;
      }
      while (!work.isEmpty()) {
        int[] set = work.remove(work.size() - 1);
        if (tarjan(g, set, work, false) && stopAtFirst) {
          return;
        }
      }
    }

    /**
     * Whether goal g has a candidate component, one a violation could be built on (the
     * deciding pass of {@link #decideInParallel}): the decomposition of {@link #goal}, but
     * started only from states marked for g, stopping at the first candidate, building no
     * lasso. Why a goal without a candidate has no fair cycle, so that {@link #goal} may be
     * skipped: a component with a marked state is reachable from that state, and a search
     * started from a set of roots finds the exact components of every state it reaches (what a
     * state reaches is all in it), so this pass meets exactly the components with a marked
     * state that {@link #goal} meets, with the same members; whether one is a candidate
     * (marked, cyclic, weakly fair, no strong class enabled in it but unserved; else the
     * states to decompose again) depends only on its members, so the Emerson-Lei sets are the
     * same too; every other component is rejected by both before anything is built; and
     * {@link #lasso}, the only place a violation is made, is called only on a candidate.
     */
    boolean decides(int g) {
      synchronized (visits) {
        decided++;
      }
      List<int[]> work = new ArrayList<>();
      if (tarjan(g, null, work, true)) {
        return true;
      }
      while (!work.isEmpty()) {
        if (tarjan(g, work.remove(work.size() - 1), work, true)) {
          return true;
        }
      }
      return false;
    }

    /**
     * Tarjan's stack and call stack (node, next edge), kept from one decomposition to the next
     * and grown as deep as a search goes (4,096 entries or the set's size to start): a state
     * graph's components are rarely as deep as it is large, so three arrays of one int per
     * state would mostly be untouched memory.
     */
    private int[] tStack = new int[0];
    private int[] tCallNode = new int[0];
    private int[] tCallEdge = new int[0];

    /** Grows the three stacks to at least {@code need} entries (at most {@code m}, the set's size). */
    private void growStacks(int need, int m) {
      int len = (int) Math.min(m, Math.max(need, Math.max(4096L, 2L * tStack.length)));
      tStack = Arrays.copyOf(tStack, len);
      tCallNode = Arrays.copyOf(tCallNode, len);
      tCallEdge = Arrays.copyOf(tCallEdge, len);
    }

    /**
     * Tarjan's algorithm, iterative, on the nodes of set (null: every node) and g's
     * non-progress edges among them. {@code deciding}: from the states marked for g only, and
     * true at the first candidate component, whose lasso is not built (see {@link #decides}).
     */
    private boolean tarjan(int g, int[] set, List<int[]> work, boolean deciding) {
      int bit = 1 << g;
      int m;
      Graph graph = this.graph;
      int stamp = ++setStamp;
      boolean[] onStack = this.onStack;
      if (set == null) {
        set = cover; // null again when it is every node, without an array of them
        m = coverCount;
      } else {
        m = set.length;
      }
      for (int i = 0; i < m; i++) {
        int u = set == null ? i : set[i];
        inSet[u] = stamp;
        order[u] = 0;
        comp[u] = -1;
        onStack[u] = false; // a run that stopped at its first lasso may have left marks
      }
      if (tStack.length < Math.min(m, 4096)) {
        growStacks(Math.min(m, 4096), m);
      }
      int[] stack = tStack;
      int sp = 0;
      int[] callNode = tCallNode;
      int[] callEdge = tCallEdge;
      int counter = 0;
      boolean any = false;
      try {
      for (int ri = 0; ri < m; ri++) {
        int root = set == null ? ri : set[ri];
        if (order[root] != 0 || (deciding && (graph.goals(root) & bit) == 0)) {
          continue;
        }
        int depth = 0;
        callNode[0] = root;
        callEdge[0] = graph.first(root);
        order[root] = low[root] = ++counter;
        stack[sp++] = root;
        onStack[root] = true;
        while (depth >= 0) {
          int u = callNode[depth];
          int e = callEdge[depth];
          if (e < graph.end(u)) {
            callEdge[depth] = e + 1;
            int v = graph.target(u, e);
            if (v < 0 || inSet[v] != stamp || (graph.progress(u, e) & bit) != 0) {
              continue;
            }
            if (order[v] == 0) {
              if (sp == stack.length) { // the call stack is never deeper than the stack
                growStacks(sp + 1, m);
                stack = tStack;
                callNode = tCallNode;
                callEdge = tCallEdge;
              }
              order[v] = low[v] = ++counter;
              stack[sp++] = v;
              onStack[v] = true;
              depth++;
              callNode[depth] = v;
              callEdge[depth] = graph.first(v);
            } else if (onStack[v] && order[v] < low[u]) {
              low[u] = order[v];
            }
            continue;
          }
          if (low[u] == order[u]) {
            int start = sp;
            do {
              start--;
            } while (stack[start] != u);
            int c = comps++;
            for (int i = start; i < sp; i++) {
              comp[stack[i]] = c;
              onStack[stack[i]] = false;
            }
            if (sp - start == 1 && !selfLoop(u, bit)) {
              // a single state without a loop of its own is no cycle (what component() would
              // find too): most components are such, and need no array of their own
              sp = start;
            } else {
              int[] members = Arrays.copyOfRange(stack, start, sp);
              sp = start;
              if (component(g, c, members, work, deciding)) {
                any = true;
                if (deciding || stopAtFirst) { // deciding: the first candidate decides
                  return true;
                }
              }
            }
          }
          depth--;
          if (depth >= 0) {
            int p = callNode[depth];
            if (low[u] < low[p]) {
              low[p] = low[u];
            }
          }
        }
      }
      return any;
      } finally {
        visits.addAndGet(counter);
      }
    }

    /** Whether u has an edge to itself that makes no progress on the goal of {@code bit}. */
    private boolean selfLoop(int u, int bit) {
      for (int e = graph.first(u); e < graph.end(u); e++) {
        if (graph.target(u, e) == u && (graph.progress(u, e) & bit) == 0) {
          return true;
        }
      }
      return false;
    }

    /**
     * Checks one component for goal g; true when it yielded a violation ({@code deciding}: when
     * it is a candidate, one a violation could be built on; nothing is built).
     */
    private boolean component(int g, int c, int[] members, List<int[]> work, boolean deciding) {
      int bit = 1 << g;
      boolean marked = false;
      boolean cyclic = members.length > 1;
      long servedIn = 0;
      long disabledSomewhere = 0;
      long enabledSomewhere = 0;
      for (int u : members) {
        marked |= (graph.goals(u) & bit) != 0;
        long en = graph.enabled(u);
        disabledSomewhere |= ~en;
        enabledSomewhere |= en;
        for (int e = graph.first(u); e < graph.end(u); e++) {
          int v = graph.target(u, e);
          if (v >= 0 && comp[v] == c && (graph.progress(u, e) & bit) == 0) {
            servedIn |= graph.served(u, e);
            cyclic |= v == u;
          }
        }
      }
      if (!marked || !cyclic || ((servedIn | disabledSomewhere) & ~strong) != ~strong) {
        return false;
      }
      long unfair = strong & enabledSomewhere & ~servedIn;
      if (unfair != 0) {
        int[] rest = new int[members.length];
        int k = 0;
        for (int u : members) {
          if ((graph.enabled(u) & unfair) == 0) {
            rest[k++] = u;
          }
        }
        if (k > 0) {
          work.add(Arrays.copyOf(rest, k));
        }
        return false;
      }
      if (deciding) {
        return true;
      }
      return lasso(g, c, members, disabledSomewhere & ~strong, (~disabledSomewhere & ~strong) | (strong & enabledSomewhere));
    }

    // ------------------------------------------------------------ lassos

    // Scratch for lassos, allocated once: BFS marks (by stamp), the edge each node was reached
    // by and the node that edge leaves.
    private int[] seenStamp;
    private int[] via;
    private int[] viaFrom;
    private int stamp;

    private boolean lasso(int g, int c, int[] members, long needStates, long needEdges) {
      int bit = 1 << g;
      int entry = members[0];
      for (int u : members) {
        if (seen.depth(u) < seen.depth(entry)) {
          entry = u;
        }
      }
      boolean needGoal = true;
      long needState = needStates; // weak classes to be seen disabled in some state
      long needEdge = needEdges; // classes to be served by some edge
      List<int[]> loopEdges = new ArrayList<>(); // {edge, its source}
      int at = entry;
      needGoal &= (stateGoals(at) & bit) == 0;
      needState &= enabled(at);
      if (seenStamp == null) {
        seenStamp = new int[n];
        via = new int[n];
        viaFrom = new int[n];
      }
      while (needGoal || needState != 0 || needEdge != 0) {
        final boolean goal = needGoal;
        final long state = needState;
        final long edge = needEdge;
        List<int[]> leg = legInside(at, c, bit, members.length, e -> {
          int v = target.get(e);
          return (served(e) & edge) != 0 || (goal && (stateGoals(v) & bit) != 0) || (~enabled(v) & state) != 0;
        }, "acceptance set");
        for (int[] es : leg) {
          int e = es[0];
          loopEdges.add(es);
          int v = target.get(e);
          needEdge &= ~served(e);
          needGoal &= (stateGoals(v) & bit) == 0;
          needState &= enabled(v);
        }
        at = target.get(leg.get(leg.size() - 1)[0]);
      }
      // back to the entry (at least one step)
      if (at != entry || loopEdges.isEmpty()) {
        final int back = entry;
        loopEdges.addAll(legInside(at, c, bit, members.length, e -> target.get(e) == back, "component entry"));
      }
      Path prefix = seen.pathTo(entry);
      Path full = prefix;
      for (int[] es : loopEdges) {
        full = full.then(es[0] - from(es[1])); // the edge's position among its source's steps
      }
      Model<S, A> replayModel = model.withoutOwnBounds();
      List<Replay.Step<S, A>> steps = Replay.replay(replayModel, full);
      List<S> loopStates = new ArrayList<>();
      List<A> loopActions = new ArrayList<>();
      for (int i = prefix.length(); i < steps.size(); i++) {
        loopStates.add(steps.get(i).state());
        if (i > prefix.length()) {
          loopActions.add(steps.get(i).action());
        }
      }
      Violation v = property.describe(g, loopStates, loopActions);
      if (v == null) {
        return false;
      }
      found.add(new Found(v, full, List.of(), prefix.length()));
      return true;
    }

    /**
     * A shortest walk inside component {@code c} from {@code at} that avoids edges carrying
     * the starving task's progress ({@code bit}), ending with the first edge {@code hit}
     * accepts; {@code size} bounds the component's states. Each edge with its source.
     */
    private List<int[]> legInside(int at, int c, int bit, int size, java.util.function.IntPredicate hit, String what) {
      int[] seenStamp = this.seenStamp;
      int[] via = this.via;
      int[] viaFrom = this.viaFrom;
      stamp++;
      int[] queue = new int[size];
      int qh = 0;
      int qt = 0;
      queue[qt++] = at;
      seenStamp[at] = stamp;
      via[at] = -1;
      while (qh < qt) {
        int u = queue[qh++];
        for (int e = from(u); e < to(u); e++) {
          int v = target.get(e);
          if (v < 0 || comp[v] != c || (progressBits(e) & bit) != 0) {
            continue;
          }
          if (hit.test(e)) {
            return legTo(e, u, at);
          }
          if (seenStamp[v] != stamp) {
            seenStamp[v] = stamp;
            via[v] = e;
            viaFrom[v] = u;
            queue[qt++] = v;
          }
        }
      }
      throw new IllegalStateException("liveness: " + what + " unreachable inside its component");
    }

    /** The edges from {@code from} to {@code lastSource}, then {@code last}; each with its source. */
    private List<int[]> legTo(int last, int lastSource, int from) {
      List<int[]> rev = new ArrayList<>();
      rev.add(new int[] {last, lastSource});
      int u = lastSource;
      while (u != from) {
        rev.add(new int[] {via[u], viaFrom[u]});
        u = viaFrom[u];
      }
      List<int[]> out = new ArrayList<>(rev.size());
      for (int i = rev.size() - 1; i >= 0; i--) {
        out.add(rev.get(i));
      }
      return out;
    }
    }

    private SearchResult result() {
      Map<String, Long> cutCounts = new LinkedHashMap<>();
      for (Map.Entry<String, long[]> e : cuts.entrySet()) {
        if (e.getValue()[0] > 0) {
          cutCounts.put(e.getKey(), e.getValue()[0]);
        }
      }
      Verdict verdict = !found.isEmpty() ? Verdict.VIOLATED
          : !cutCounts.isEmpty() ? Verdict.INCOMPLETE : Verdict.HOLDS;
      return new SearchResult(NAME, verdict, found, seen.size(), transitions, Math.max(0, seen.maxDepth()),
          (System.nanoTime() - startNanos) / 1e9, cutCounts);
    }
  }

  /**
   * Label numbers ({@link Columns.Labels}) by index: a char each while they are below 65,535,
   * an int each from the first that is not (the whole column is then copied once).
   */
  private static final class LabelColumn {
    private Columns.Chars small = new Columns.Chars();
    private Columns.Ints big;
    /** Indexes below this may have been written. */
    private int count;

    int get(int i) {
      return big != null ? big.get(i) : small.get(i);
    }

    void set(int i, int label) {
      if (big == null && label >= 0xFFFF) {
        big = new Columns.Ints();
        for (int k = 0; k < count; k++) {
          big.set(k, small.get(k));
        }
        small = null;
      }
      if (big != null) {
        big.set(i, label);
      } else {
        small.set(i, label);
      }
      count = Math.max(count, i + 1);
    }
  }
}
