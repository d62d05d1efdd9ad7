package schedcheck.checker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of {@link BreadthFirst} or {@link DepthFirst}: the visited set, the frontier, the
 * monitors, the counters and the limits, and the rules both strategies share (documented on
 * {@link BreadthFirst}). The two strategies differ only in taking the frontier from the front
 * (a queue) or the back (a stack), and in DFS re-expanding a state reached again at a smaller
 * depth under a depth limit.
 *
 * <p>The object is also the {@link Successors} sink handed to the model for every state, so
 * a search allocates nothing per transition beyond what the model itself creates; a model
 * that builds successors in a scratch buffer ({@link Successors#next(Object, long, Scratch)})
 * has only the new ones copied out of it, and one whose actions no monitor reads is told so
 * ({@link Successors#readsActions()}), or reads only part of them ({@link Successors#actionDetail()}).
 */
final class Exploration<S, A> implements Successors<S, A> {

  /**
   * onState reported a violation. Stopping at the first violation, the search ends there; when
   * it goes on (exploring everything, or searching until a given property), the state is still
   * expanded like any other reachable state: a property violated only beyond it must be found
   * whichever other properties are checked (the scenario contract). Its own property is
   * already reported and is not reported again.
   */
  static final int BAD = 1;
  /**
   * Its successors were generated (expanded, or probed at the depth bound): its steps were
   * counted and shown to onTransition, its model cuts counted, its terminal check done. A
   * later re-expansion (DFS, smaller depth) only stores and relinks successors.
   */
  static final int PROCESSED = 2;

  static final String CUT_DEPTH = "depth";
  static final String CUT_STATES = "states";
  /** The search ran out of heap; the count is the number of states still queued. */
  static final String CUT_MEMORY = "memory";
  static final String CUT_TIME = "time";
  /** A {@link StopFlag} was set (SIGINT); the count is the number of states still queued. */
  static final String CUT_INTERRUPTED = "interrupted";


  private static final long PROGRESS_EVERY_NANOS = 200_000_000L;

  private final String strategy;
  private final Model<S, A> model;
  private final Monitor<S, A>[] monitors;
  private final Progress progress;
  private final int maxDepth;
  private final long maxStates;
  private final boolean hasDeadline;
  private final long deadlineNanos;
  private final boolean stopAtFirst;
  private final StopFlag stopFlag;
  private final MemoryLimit memory;
  private final boolean lifo;
  private final boolean relax;
  /** How much of the actions the monitors read (the most any of them asks for). */
  private final ActionDetail actionDetail;
  /**
   * The liveness pass's quotient graph, recorded as the search goes (breadth-first, no depth
   * bound); null without one. See {@link FairCycles.Recording}.
   */
  private final FairCycles.Recording<S, A> recorder;

  /**
   * Without relinking (every search but DFS under a depth limit) a state met again is only
   * ever asked whether it is stored, never which id it has: the set leaves id lookup out.
   */
  private final FingerprintSet seen;
  /**
   * For a model that bounds itself: the unbounded fingerprints of every stored state, and per
   * bound those of the states its suppressed steps would have reached; null / empty otherwise.
   */
  private final LongSet unbounded;
  private final Map<String, LongSet> suppressed = new LinkedHashMap<>();
  /** Packed states ({@link Model#pack}), unpacked when expanded. */
  private final Frontier<Object> frontier;
  /** Fingerprints of not-yet-stored successors of states at the depth bound. */
  private LongSet beyond;

  private final Cuts cuts = new Cuts();
  private final Findings findings;

  private final long startNanos;
  private long lastProgressNanos;
  private long transitions;
  private long expansions;
  private int deepest;
  private boolean stopped;

  // The state being expanded; read by next() and cut().
  private S cur;
  private int curId;
  private int curDepth;
  /** At the depth bound: successors are not stored; unstored ones were cut off. */
  private boolean probe;
  /** First processing: count steps and cuts, call onTransition. */
  private boolean first;
  private int index;
  private int cutCalls;

  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array of monitors
  Exploration(
      String strategy,
      Model<S, A> model,
      List<? extends Property<S, A>> properties,
      Limits limits,
      Progress progress,
      boolean lifo) {
    this(strategy, model, properties, limits, progress, lifo, null);
  }

  /** As above, handing the graph to {@code recorder} as it is explored (breadth-first without a depth bound). */
  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array of monitors
  Exploration(
      String strategy,
      Model<S, A> model,
      List<? extends Property<S, A>> properties,
      Limits limits,
      Progress progress,
      boolean lifo,
      FairCycles.Recording<S, A> recorder) {
    this.strategy = strategy;
    this.model = Objects.requireNonNull(model, "model");
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(limits, "limits");
    this.progress = progress == null ? Progress.NONE : progress;
    this.monitors = new Monitor[properties.size()];
    for (int i = 0; i < monitors.length; i++) {
      monitors[i] = Objects.requireNonNull(properties.get(i).newMonitor(), "newMonitor()");
    }
    ActionDetail detail = ActionDetail.NONE;
    for (Monitor<S, A> m : monitors) {
      detail = detail.max(m.actionDetail());
    }
    if (recorder != null) {
      // the liveness property's edge labels read what it says of the actions
      detail = detail.max(recorder.actionDetail());
    }
    this.actionDetail = detail;
    this.maxDepth = limits.maxDepth() < 0 ? -1 : limits.maxDepth();
    this.maxStates = limits.maxStates() < 0 ? -1 : limits.maxStates();
    this.unbounded = model.boundsItself() ? new LongSet() : null;
    this.stopAtFirst = limits.stopAtFirstViolation();
    this.findings = new Findings(limits);
    this.stopFlag = limits.stop();
    this.memory = new MemoryLimit(limits.maxMemory());
    this.lifo = lifo;
    // breadth-first: packed states in one ring of bytes (see Frontier)
    this.frontier = new Frontier<>(!lifo);
    this.relax = lifo && maxDepth >= 0;
    // the recorder needs the id of every state met again: 4 bytes a slot more
    this.seen = relax || recorder != null ? new FingerprintSet() : FingerprintSet.withoutIdLookup(4096);
    if (recorder != null && (lifo || maxDepth >= 0)) {
      throw new IllegalArgumentException("a recording needs breadth-first search without a depth bound");
    }
    this.recorder = recorder;
    if (recorder != null) {
      recorder.attach(model, seen);
    }
    this.startNanos = System.nanoTime();
    this.lastProgressNanos = startNanos;
    long budget = limits.timeBudgetNanos();
    this.hasDeadline = budget >= 0;
    this.deadlineNanos = startNanos + (hasDeadline ? budget : 0);
  }

  SearchResult run() {
    try {
      addInitialStates();
      while (!stopped && !frontier.isEmpty()) {
        Object packed = lifo ? frontier.pollLast() : frontier.pollFirst();
        int id = frontier.polledId;
        int depth = frontier.polledDepth;
        if (relax && depth != seen.depth(id)) {
          continue; // superseded: queued again at a smaller depth (DFS under a depth limit)
        }
        S s = model.unpack(packed);
        int before = frontier.size();
        expand(s, id, depth);
        if (lifo) {
          // expand the first successor first
          frontier.reverseLast(frontier.size() - before);
        }
        if ((++expansions & 1023) == 0) {
          tick();
        }
      }
      return result();
    } catch (OutOfMemoryError e) {
      // A limit like any other: give the frontier's memory back, then report what was done.
      long queued = frontier.size();
      frontier.clear();
      cur = null;
      addCut(CUT_MEMORY, Math.max(1, queued));
      stopped = true;
      return result();
    } finally {
      cur = null;
      frontier.clear();
      progress.done();
    }
  }

  private void addInitialStates() {
    List<S> initial = model.initialStates();
    for (int i = 0; i < initial.size() && !stopped; i++) {
      S s = initial.get(i);
      long fp = model.fingerprint(s);
      if (recorder != null) {
        recorder.canon(s);
      }
      int slot = seen.slotOf(fp);
      if (!seen.isFree(slot)) {
        if (recorder != null) {
          recorder.initial(s, seen.idAtSlot(slot), false);
        }
        continue;
      }
      if (atStateLimit()) {
        refuseState();
        break;
      }
      int id = seen.insertAtSlot(slot, fp, -1, i, 0);
      if (recorder != null) {
        recorder.initial(s, id, true);
      }
      if (unbounded != null) {
        unbounded.add(model.unboundedFingerprint(s));
      }
      checkState(s, id);
      if (!stopped) {
        frontier.addLast(model.pack(s), id, 0); // also when violating, searching on (see BAD)
      }
    }
    if (lifo) {
      frontier.reverseLast(frontier.size());
    }
  }

  private void expand(S s, int id, int depth) {
    cur = s;
    curId = id;
    curDepth = depth;
    index = 0;
    cutCalls = 0;
    // Only under relinking is a state expanded twice (the flag costs a byte per state).
    first = !relax || (seen.flags(id) & PROCESSED) == 0;
    probe = maxDepth >= 0 && depth >= maxDepth;
    if (relax) {
      seen.setFlags(id, PROCESSED);
    }
    if (recorder != null) {
      recorder.begin(s, id);
    }
    model.successors(s, this);
    if (recorder != null) {
      recorder.end(s);
    }
    if (first && !stopped && index == 0 && cutCalls == 0) {
      for (Monitor<S, A> m : monitors) {
        Violation v = m.onTerminal(s);
        if (v != null) {
          report(v, id, -1);
          if (stopped) {
            break;
          }
        }
      }
    }
    cur = null;
  }

  @Override
  public boolean readsActions() {
    return actionDetail != ActionDetail.NONE;
  }

  /** The visited set's answer, except under a depth bound (probes, relinking): "stored". */
  @Override
  public boolean stored(long fingerprint) {
    if (probe || relax || maxDepth >= 0) {
      return true;
    }
    return !seen.isFree(seen.slotOf(fingerprint));
  }

  @Override
  public ActionDetail actionDetail() {
    return actionDetail;
  }

  @Override
  public void next(A action, S state) {
    if (stopped) {
      return;
    }
    if (cur == null) {
      throw new IllegalStateException("Successors.next called outside Model.successors");
    }
    final int i = index++;
    long fp = model.fingerprint(state);
    if (recorder != null) {
      recorder.canon(state); // right after its fingerprint, before the monitors look
    }
    if (first && !watch(action, i, state)) {
      return;
    }
    arrive(i, fp, state, null, action);
  }

  /**
   * A step whose state is still in the model's buffer: fingerprinted there, copied out only
   * when it is a state not seen before (or, under DFS with a depth limit, one queued again).
   */
  @Override
  public void next(A action, long fingerprint, Scratch<S> target) {
    if (stopped) {
      return;
    }
    if (cur == null) {
      throw new IllegalStateException("Successors.next called outside Model.successors");
    }
    final int i = index++;
    if (recorder != null) {
      recorder.canon(target.view()); // the buffer just fingerprinted, before the monitors look
    }
    if (first && !watch(action, i, monitors.length == 0 ? null : target.view())) {
      return;
    }
    arrive(i, fingerprint, null, target, action);
  }

  /** Counts step i of the state being expanded and shows it to the monitors; false once stopped. */
  private boolean watch(A action, int i, S to) {
    transitions++;
    for (Monitor<S, A> m : monitors) {
      Violation v = m.onTransition(cur, curId, action, i, to);
      if (v != null) {
        report(v, curId, i);
        if (stopped) {
          return false;
        }
      }
    }
    return true;
  }

  /** Step i leads to the state with fingerprint fp: {@code state}, or else in {@code target}. */
  private void arrive(int i, long fp, S state, Scratch<S> target, A action) {
    int slot = seen.slotOf(fp);
    boolean free = seen.isFree(slot);
    if (probe) {
      if (free) {
        // one step beyond the bound: not stored, not shown to onState
        if (beyond == null) {
          beyond = new LongSet();
        }
        beyond.add(fp);
      }
      return;
    }
    int depth = curDepth + 1;
    int id;
    if (free) {
      if (atStateLimit()) {
        refuseState();
        return;
      }
      // a state met in the buffer is looked at there, and only its packed form is kept
      S st = state != null ? state : target.view();
      id = seen.insertAtSlot(slot, fp, curId, i, depth);
      if (recorder != null) {
        recorder.stored(id, st);
        recorder.edge(i, action, id, st);
      }
      if (unbounded != null) {
        unbounded.add(model.unboundedFingerprint(st));
      }
      if (depth > deepest) {
        deepest = depth;
      }
      checkState(st, id);
      if (!stopped) {
        // a violating state is only ever met here without stopping at the first: expanded (see BAD)
        frontier.addLast(state != null ? model.pack(state) : target.packed(), id, depth);
      }
    } else if (recorder != null) {
      recorder.edge(i, action, seen.idAtSlot(slot), state != null ? state : target.view());
    } else if (relax && depth < seen.depth(id = seen.idAtSlot(slot))) {
      seen.relink(id, curId, i, depth);
      if ((seen.flags(id) & BAD) == 0 || !stopAtFirst) {
        frontier.addLast(state != null ? model.pack(state) : target.packed(), id, depth);
      }
    }
  }

  @Override
  public void cut(String bound, S wouldBe) {
    if (countsCut(bound)) {
      if (unbounded == null) {
        addCut(bound, 1);
      } else {
        suppressed.computeIfAbsent(bound, k -> new LongSet()).add(model.unboundedFingerprint(wouldBe));
      }
    }
  }

  @Override
  public void cut(String bound) {
    if (countsCut(bound)) {
      addCut(bound, 1);
    }
  }

  /** Notes a cut step of the state being expanded; true the first time that state is expanded. */
  private boolean countsCut(String bound) {
    Objects.requireNonNull(bound, "bound");
    if (stopped) {
      return false;
    }
    if (cur == null) {
      throw new IllegalStateException("Successors.cut called outside Model.successors");
    }
    cutCalls++;
    return first;
  }

  /** Calls onState on every monitor; true if the state violates a property (then BAD). */
  private boolean checkState(S state, int id) {
    boolean bad = false;
    for (Monitor<S, A> m : monitors) {
      Violation v = m.onState(state);
      if (v != null) {
        bad = true;
        seen.setFlags(id, BAD);
        report(v, id, -1);
        if (stopped) {
          break;
        }
      }
    }
    return bad;
  }

  private boolean atStateLimit() {
    return maxStates >= 0 && seen.size() >= maxStates;
  }

  private void refuseState() {
    addCut(CUT_STATES, 1);
    stopped = true;
  }

  private void addCut(String bound, long n) {
    cuts.add(bound, n);
  }

  private void report(Violation v, int atId, int stepIndex) {
    if (findings.report(v, atId, stepIndex, seen.size(), seen::pathTo)) {
      stopped = true;
    }
  }

  private void tick() {
    long now = System.nanoTime();
    if (stopFlag != null && stopFlag.isSet()) {
      int live = frontier.countLive(seen);
      if (live > 0) {
        addCut(CUT_INTERRUPTED, live);
        stopped = true;
      }
    }
    if (hasDeadline && now - deadlineNanos >= 0) {
      int live = frontier.countLive(seen);
      if (live > 0) {
        addCut(CUT_TIME, live);
        stopped = true;
      }
    }
    if (!stopped && memory.exceeded()) {
      int live = frontier.countLive(seen);
      if (live > 0) {
        addCut(CUT_MEMORY, live);
        stopped = true;
      }
    }
    if (now - lastProgressNanos >= PROGRESS_EVERY_NANOS) {
      lastProgressNanos = now;
      progress.update(seen.size(), transitions, frontier.size(), deepest, (now - startNanos) / 1e9);
    }
  }

  private SearchResult result() {
    cuts.settle(suppressed, unbounded, beyond, seen::contains);
    Map<String, Long> cutCounts = cuts.positive();
    Verdict verdict = Cuts.verdict(!findings.isEmpty(), cutCounts);
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return new SearchResult(
        strategy,
        verdict,
        findings.found(),
        seen.size(),
        transitions,
        Math.max(0, seen.maxDepth()),
        seconds,
        cutCounts);
  }
}
