package schedcheck.checker;

import java.util.List;

/**
 * Breadth-first search ({@code bfs}): states are expanded in order of depth, so the first
 * violation found is at the end of a shortest execution that shows it.
 *
 * <p>The frontier holds the states packed ({@link Model#pack}; a {@code byte[]} packing as
 * bytes in one ring, see {@link Frontier}) with their ids; the visited set is a {@link
 * FingerprintSet} of fingerprints and parent links only. Single-threaded.
 *
 * <h2>Semantics (shared with {@link DepthFirst})</h2>
 *
 * <ul>
 *   <li><b>Initial states.</b> Each distinct initial state (by fingerprint; the first index
 *       wins) is stored at depth 0 and passed to {@link Monitor#onState}.
 *   <li><b>Expanding</b> a state {@code s} below the depth bound: {@code
 *       model.successors(s, sink)}; the {@code index}-th call of {@code next(action, t)}
 *       (0-based) counts one transition, calls {@link Monitor#onTransition onTransition(s,
 *       id(s), action, index, t)} on every monitor, and if {@code t} is new stores it (parent
 *       {@code s}, step {@code index}, depth {@code depth(s) + 1}) and calls {@code
 *       onState(t)}. {@code cut(bound)} adds one to the cut count of {@code bound}.
 *   <li><b>Terminal.</b> A state whose generation calls neither {@code next} nor {@code cut}
 *       is terminal: {@link Monitor#onTerminal} is called once. A state with cuts but no
 *       successors is not terminal (the cut already makes the search incomplete).
 *   <li><b>Depth bound</b> ({@code maxDepth = d >= 0}): states are stored up to depth {@code
 *       d}. A state at depth {@code d} is <em>not expanded</em>, but its successors are
 *       generated once (a probe): each step is counted as a transition and passed to {@code
 *       onTransition} as usual (every generated step is shown to the monitors, as {@link
 *       Monitor} promises), its model {@code cut}s count as usual, and with no {@code next}
 *       and no {@code cut} it is terminal ({@code onTerminal}); but no successor is stored and
 *       none is passed to {@code onState}. The successors seen by probes that are still not
 *       stored when the search ends are the states the bound cut off: {@code cuts["depth"]}
 *       is their number, i.e. the number of distinct states at distance exactly {@code d + 1}.
 *       So the search stores exactly the states at distance {@code <= d}, {@link
 *       SearchResult#transitions()} is the number of steps out of them, and both are the same
 *       for BFS and DFS (when it does not stop at a violation). An {@code onTransition}
 *       violation found by a probe has a path of {@code d + 1} steps. {@code HOLDS} under a
 *       depth bound therefore means that no state lies beyond the bound: everything
 *       reachable was explored and checked.
 *   <li><b>Violations.</b> One found by {@code onState(t)} or {@code onTerminal(t)} is
 *       located at the path to {@code t}; one found by {@code onTransition} at the path to
 *       {@code from} followed by {@code index}. Each {@link Witness} {@code (stateId, index)}
 *       becomes the path to {@code stateId}, followed by {@code index} when {@code index >=
 *       0}, in {@link Found#witnessPaths()}. With {@link
 *       Limits#stopAtFirstViolation()} the search ends at the first violation (the rest of
 *       that state's successors are ignored); otherwise it goes on and keeps the first
 *       violation of each {@link Violation#property()} name, in discovery order, and a state
 *       for which {@code onState} reported a violation is expanded like any other (it is
 *       reachable, and a property violated only beyond it must be found whichever other
 *       properties are checked).
 *   <li><b>maxStates</b> ({@code n >= 0}): at most {@code n} states are stored; the first
 *       new state that would be the {@code (n+1)}-th ends the search with {@code
 *       cuts["states"] = 1}.
 *   <li><b>stop</b> ({@link Limits#stop()}): read with the clock; once set, the search ends
 *       like at a time limit, with {@code cuts["interrupted"]}.
 *   <li><b>stopAt</b> ({@link Limits#searchingUntil}): without stopping at the first
 *       violation, the search still ends at the first violation of that property.
 *   <li><b>maxTime</b>: the clock is read every 1024 expansions; when the time is up and
 *       states are still waiting, the search ends with {@code cuts["time"]} = the number of
 *       states left unexpanded.
 *   <li><b>Verdict</b>: {@code VIOLATED} if any violation was found; else {@code INCOMPLETE}
 *       if any cut count is positive (search limits or {@link Successors#cut} from the
 *       model); else {@code HOLDS}. {@link SearchResult#cuts()} holds only positive counts.
 *   <li>{@link SearchResult#maxDepth()} is the largest depth recorded in the visited set;
 *       {@link Progress#update} is called at most five times a second (the clock is checked
 *       every 1024 expansions), {@code queued} being the frontier size, and {@link
 *       Progress#done()} exactly once at the end.
 * </ul>
 */
public final class BreadthFirst implements Search {

  public BreadthFirst() {}

  @Override
  public String name() {
    return "bfs";
  }

  @Override
  public <S, A> SearchResult run(
      Model<S, A> model,
      List<? extends Property<S, A>> properties,
      Limits limits,
      Progress progress) {
    return new Exploration<>(name(), model, properties, limits, progress, false).run();
  }

  /**
   * As {@link #run(Model, List, Limits, Progress)}, handing every stored state and generated
   * step to {@code recording} (the liveness pass's quotient graph, {@link FairCycles#recording}),
   * whose model {@code model} must be; the search then keeps the ids of its states for lookup
   * (4 bytes a slot more). No depth bound ({@link IllegalArgumentException}). The search's own
   * result is the same as without the recording.
   */
  public <S, A> SearchResult run(
      Model<S, A> model,
      List<? extends Property<S, A>> properties,
      Limits limits,
      Progress progress,
      FairCycles.Recording<S, A> recording) {
    return new Exploration<>(name(), model, properties, limits, progress, false, recording).run();
  }
}
