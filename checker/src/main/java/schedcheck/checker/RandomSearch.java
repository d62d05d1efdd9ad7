package schedcheck.checker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random schedules for models too big to exhaust: {@code random} (uniform random walks) and
 * {@code pct} (probabilistic concurrency testing, Burckhardt, Kothari, Musuvathi and
 * Nagarakatte, ASPLOS 2010). Each run starts in an initial state and takes one successor
 * after another until a state without successors or the depth cap.
 *
 * <h2>Replay from the seed</h2>
 *
 * Run {@code i} (0-based) of a search with seed {@code s} draws every choice from its own
 * generator, seeded with {@link #runSeed runSeed(s, i)} = {@code s + i}, and from nothing
 * else: the same model, seed and run give the same execution, and a search with seed {@code
 * s + i} and one run repeats run {@code i} alone. The violation's {@link Found#path()} is the
 * execution itself (initial state and successor indices), so it replays as any other.
 *
 * <h2>PCT</h2>
 *
 * The model names who takes each step ({@link Model#actor}). Every actor gets a random
 * priority above {@code d} when it is first seen in the run; {@code d - 1} change points are
 * drawn uniformly from {@code 1..k}; at each step the enabled actor of highest priority moves
 * (one of its steps drawn uniformly when it has several); after the step numbered by the
 * {@code j}-th change point, the actor that took it drops to priority {@code d - j}, below
 * every initial priority. {@code k}, the estimated length of an execution, is the length of
 * the model's first execution (always successor 0, up to the depth cap), computed once
 * without a seed, so a run still depends only on its seed.
 *
 * <h2>What is checked</h2>
 *
 * As by {@link BreadthFirst}: every distinct state seen (by fingerprint) is passed to {@link
 * Monitor#onState} once, when first reached; the first time a state is expanded, every one of
 * its steps is counted and passed to {@link Monitor#onTransition} (also those the walk does
 * not take) and, without successors and cuts, it is passed to {@link Monitor#onTerminal}.
 * A violation is located at the walk that reached it. Witnesses are located by the first
 * walk that reached their state. The search never proves anything: its verdict is {@code
 * VIOLATED} or {@code INCOMPLETE}, with {@code cuts["runs"]} the number of runs done
 * (and {@code cuts["depth"]} the runs the depth cap ended, and the model's own cuts).
 * Limits: {@code maxDepth} is the depth cap (default {@link #DEFAULT_DEPTH}), {@code
 * maxStates} ends the search at that many distinct states, {@code maxTime} and {@code stop}
 * end it between steps, {@code maxMemory} (checked when a run starts and every 256 steps,
 * as by {@link BreadthFirst}) ends it with the cut {@code memory}; stopping at the first
 * violation or searching on as {@link Limits} says.
 *
 * <p>The distinct states are kept in a {@link FingerprintSet} (fingerprint, the first walk's
 * parent link and step: about 25 to 45 bytes a state), never the states themselves.
 */
public final class RandomSearch implements Search {

  /** Which random scheduler. */
  public enum Mode {
    RANDOM("random"),
    PCT("pct");

    final String word;

    Mode(String word) {
      this.word = word;
    }
  }

  /** The depth cap when the limits give none. */
  public static final int DEFAULT_DEPTH = 1000;
  /** Runs when none are asked for. */
  public static final long DEFAULT_RUNS = 1000;
  /** PCT's bug depth {@code d} when none is asked for (d - 1 = 2 priority change points). */
  public static final int DEFAULT_PCT_DEPTH = 3;

  static final String CUT_RUNS = "runs";

  /**
   * What a random search covered.
   *
   * @param mode random or pct
   * @param seed the search's seed
   * @param runs runs done (the last one possibly cut short by a limit)
   * @param distinctStates distinct states seen (by fingerprint)
   * @param violationRun the run that found the first violation, or -1
   * @param capped runs ended by the depth cap
   * @param depthCap the depth cap
   * @param pctDepth PCT's {@code d} (0 for random)
   * @param pctSteps PCT's {@code k} (0 for random)
   * @param violationRuns per violated property, the run that found it first
   */
  public record Coverage(Mode mode, long seed, long runs, long distinctStates, long violationRun, long capped,
      int depthCap, int pctDepth, int pctSteps, Map<String, Long> violationRuns) {

    public Coverage {
      violationRuns = Map.copyOf(violationRuns);
    }

    /** The seed that repeats the first violating run alone, with one run. */
    public long violationSeed() {
      return violationRun < 0 ? -1 : runSeed(seed, violationRun);
    }

    /** The run that first violated {@code property}, or -1. */
    public long runOf(String property) {
      return violationRuns.getOrDefault(property, -1L);
    }
  }

  private final Mode mode;
  private final long seed;
  private final long runs;
  private final int pctDepth;
  private volatile Coverage coverage;

  public RandomSearch(Mode mode, long seed, long runs, int pctDepth) {
    this.mode = Objects.requireNonNull(mode, "mode");
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be a whole number >= 1, found " + runs);
    }
    if (pctDepth < 1) {
      throw new IllegalArgumentException("--pct-depth must be a whole number >= 1, found " + pctDepth);
    }
    this.seed = seed;
    this.runs = runs;
    this.pctDepth = pctDepth;
  }

  /** The seed of run {@code run} of a search seeded with {@code seed}. */
  public static long runSeed(long seed, long run) {
    return seed + run;
  }

  @Override
  public String name() {
    return mode.word;
  }

  /** What the last {@link #run} covered; null before. */
  public Coverage coverage() {
    return coverage;
  }

  @Override
  public <S, A> SearchResult run(Model<S, A> model, List<? extends Property<S, A>> properties, Limits limits,
      Progress progress) {
    Walks<S, A> w = new Walks<>(model, properties, limits, progress == null ? Progress.NONE : progress);
    try {
      return w.run();
    } finally {
      coverage = new Coverage(mode, seed, w.runsDone, w.distinct(), w.violationRun, w.capped, w.cap,
          mode == Mode.PCT ? pctDepth : 0, w.k, w.violationRuns);
      if (progress != null) {
        progress.done();
      }
    }
  }

  /** One search: the walks, the states seen and the monitors. */
  private final class Walks<S, A> implements Successors<S, A> {
    final Model<S, A> model;
    final Monitor<S, A>[] monitors;
    final Progress progress;
    final int cap;
    final long maxStates;
    final long deadline;
    final boolean hasDeadline;
    final StopFlag stopFlag;
    final MemoryLimit memory;
    final boolean stopAtFirst;
    final String stopAt;
    final long start = System.nanoTime();

    /**
     * Fingerprint to id; per id, the first walk's parent id and step index (for witnesses),
     * or for an initial state -1 and its index among the initial states. Dropped (null) when
     * the heap ran out; {@link #distinctAtEnd} then keeps its size.
     */
    FingerprintSet seen = new FingerprintSet();
    long distinctAtEnd = -1;
    /** Ids whose steps were shown to the monitors. */
    final java.util.BitSet expanded = new java.util.BitSet();

    final List<Found> found = new ArrayList<>();
    final Set<String> reported = new HashSet<>();
    final Map<String, Long> cuts = new LinkedHashMap<>();
    long runsDone;
    long capped;
    long transitions;
    int deepest;
    long violationRun = -1;
    final Map<String, Long> violationRuns = new LinkedHashMap<>();
    boolean stopped;
    int k;

    // successors of the state being expanded
    final List<A> actions = new ArrayList<>();
    final List<S> states = new ArrayList<>();
    final List<String> modelCuts = new ArrayList<>();

    @SuppressWarnings({"unchecked", "rawtypes"})
    Walks(Model<S, A> model, List<? extends Property<S, A>> properties, Limits limits, Progress progress) {
      this.model = Objects.requireNonNull(model, "model");
      this.monitors = new Monitor[properties.size()];
      for (int i = 0; i < monitors.length; i++) {
        monitors[i] = Objects.requireNonNull(properties.get(i).newMonitor(), "newMonitor()");
      }
      this.progress = progress;
      this.cap = limits.maxDepth() >= 0 ? limits.maxDepth() : DEFAULT_DEPTH;
      this.maxStates = limits.maxStates();
      long budget = limits.timeBudgetNanos();
      this.hasDeadline = budget >= 0;
      this.deadline = start + Math.max(0, budget);
      this.stopFlag = limits.stop();
      this.memory = new MemoryLimit(limits.maxMemory());
      this.stopAtFirst = limits.stopAtFirstViolation();
      this.stopAt = limits.stopAt();
    }

    @Override
    public void next(A action, S state) {
      actions.add(action);
      states.add(state);
    }

    @Override
    public void cut(String bound) {
      modelCuts.add(bound);
    }

    private void generate(S s) {
      actions.clear();
      states.clear();
      modelCuts.clear();
      model.successors(s, this);
    }

    SearchResult run() {
      try {
        List<S> initial = model.initialStates();
        int[] initialIds = new int[initial.size()];
        for (int i = 0; i < initial.size() && !stopped; i++) {
          S s = initial.get(i);
          long fp = model.fingerprint(s);
          int slot = seen.slotOf(fp);
          int old = seen.idAtSlot(slot);
          if (old >= 0) {
            initialIds[i] = old;
            continue;
          }
          if (maxStates >= 0 && seen.size() >= maxStates) {
            cuts.merge(Exploration.CUT_STATES, 1L, Long::sum);
            stopped = true;
            break;
          }
          int id = seen.insertAtSlot(slot, fp, -1, i, 0);
          initialIds[i] = id;
          Path p = new Path(i, new int[0]);
          for (Monitor<S, A> m : monitors) {
            report(m.onState(s), p, 0);
          }
        }
        if (!initial.isEmpty() && mode == Mode.PCT) {
          k = firstExecutionLength(initial.get(0));
        }
        int[] steps = new int[Math.min(cap, 1 << 16) + 1];
        for (long r = 0; r < runs && !stopped && !initial.isEmpty(); r++) {
          if (timeUp()) {
            break;
          }
          runsDone++;
          steps = walk(r, initial, initialIds, steps);
          if ((r & 15) == 0) {
            progress.update(seen.size(), transitions, runs - runsDone, deepest, seconds());
          }
        }
      } catch (OutOfMemoryError e) {
        distinctAtEnd = seen.size();
        seen = null; // what the report needs is in found; free the rest
        cuts.merge(Exploration.CUT_MEMORY, 1L, Long::sum);
        stopped = true;
      }
      cuts.put(CUT_RUNS, Math.max(1, runsDone));
      if (capped > 0) {
        cuts.merge(Exploration.CUT_DEPTH, capped, Long::sum);
      }
      Verdict v = found.isEmpty() ? Verdict.INCOMPLETE : Verdict.VIOLATED;
      return new SearchResult(mode.word, v, found, distinct(), transitions, deepest, seconds(), cuts);
    }

    /** Distinct states seen (by fingerprint). */
    long distinct() {
      return seen != null ? seen.size() : Math.max(0, distinctAtEnd);
    }

    private boolean timeUp() {
      if (stopFlag != null && stopFlag.isSet()) {
        cuts.merge(Exploration.CUT_INTERRUPTED, 1L, Long::sum);
        stopped = true;
        return true;
      }
      if (hasDeadline && System.nanoTime() - deadline >= 0) {
        cuts.merge(Exploration.CUT_TIME, 1L, Long::sum);
        stopped = true;
        return true;
      }
      if (memory.exceeded()) {
        cuts.merge(Exploration.CUT_MEMORY, 1L, Long::sum);
        stopped = true;
        return true;
      }
      return false;
    }

    private double seconds() {
      return (System.nanoTime() - start) / 1e9;
    }

    /** The length of the execution that always takes successor 0 (PCT's k), at least 1. */
    private int firstExecutionLength(S s) {
      int n = 0;
      while (n < cap) {
        generate(s);
        if (states.isEmpty()) {
          break;
        }
        s = states.get(0);
        n++;
      }
      return Math.max(1, n);
    }

    /** One run; returns the step buffer (grown if needed). */
    private int[] walk(long run, List<S> initial, int[] initialIds, int[] steps) {
      SplittableRandom rnd = new SplittableRandom(runSeed(seed, run));
      int init = rnd.nextInt(initial.size());
      S s = initial.get(init);
      int id = initialIds[init];
      // PCT: change points and priorities
      int[] change = null;
      Map<Integer, Long> prio = null;
      if (mode == Mode.PCT) {
        change = new int[pctDepth - 1];
        for (int j = 0; j < change.length; j++) {
          change[j] = 1 + rnd.nextInt(k);
        }
        prio = new HashMap<>();
      }
      for (int depth = 0; ; depth++) {
        if (depth > 0 && (depth & 255) == 0 && timeUp()) {
          return steps;
        }
        generate(s);
        int n = states.size();
        if (!expanded.get(id)) {
          expanded.set(id);
          transitions += n;
          for (String c : modelCuts) {
            cuts.merge(c, 1L, Long::sum);
          }
          for (int i = 0; i < n && !stopped; i++) {
            for (Monitor<S, A> m : monitors) {
              Violation v = m.onTransition(s, id, actions.get(i), i, states.get(i));
              if (v != null && report(v, path(init, steps, depth, i), run) && stopped) {
                return steps;
              }
            }
          }
          if (n == 0 && modelCuts.isEmpty()) {
            for (Monitor<S, A> m : monitors) {
              if (report(m.onTerminal(s), path(init, steps, depth, -1), run) && stopped) {
                return steps;
              }
            }
          }
        }
        if (n == 0) {
          return steps;
        }
        if (depth >= cap) {
          capped++;
          return steps;
        }
        int pick = mode == Mode.PCT ? pctPick(rnd, prio) : rnd.nextInt(n);
        S t = states.get(pick);
        A action = actions.get(pick);
        if (depth + 1 >= steps.length) {
          steps = Arrays.copyOf(steps, steps.length * 2);
        }
        steps[depth] = pick;
        if (mode == Mode.PCT) {
          for (int j = 0; j < change.length; j++) {
            if (change[j] == depth + 1) {
              prio.put(model.actor(action), (long) (pctDepth - 1 - j));
            }
          }
        }
        long fp = model.fingerprint(t);
        int slot = seen.slotOf(fp);
        int known = seen.idAtSlot(slot);
        deepest = Math.max(deepest, depth + 1);
        if (known < 0) {
          if (maxStates >= 0 && seen.size() >= maxStates) {
            cuts.merge(Exploration.CUT_STATES, 1L, Long::sum);
            stopped = true;
            return steps;
          }
          int tid = seen.insertAtSlot(slot, fp, id, pick, depth + 1);
          Path p = null;
          for (Monitor<S, A> m : monitors) {
            Violation v = m.onState(t);
            if (v != null) {
              p = p != null ? p : path(init, steps, depth + 1, -1);
              if (report(v, p, run) && stopped) {
                return steps;
              }
            }
          }
          id = tid;
        } else {
          id = known;
        }
        s = t;
      }
    }

    /** PCT: the highest-priority enabled actor moves; one of its steps uniformly. */
    private int pctPick(SplittableRandom rnd, Map<Integer, Long> prio) {
      long best = Long.MIN_VALUE;
      int bestActor = 0;
      int count = 0;
      int n = states.size();
      int[] actor = new int[n];
      for (int i = 0; i < n; i++) {
        int a = model.actor(actions.get(i));
        actor[i] = a;
        Long p = prio.get(a);
        if (p == null) {
          p = pctDepth + 1 + (rnd.nextLong() >>> 2);
          prio.put(a, p);
        }
        if (p > best) {
          best = p;
          bestActor = a;
        }
      }
      for (int i = 0; i < n; i++) {
        if (actor[i] == bestActor) {
          count++;
        }
      }
      int which = count == 1 ? 0 : rnd.nextInt(count);
      for (int i = 0; i < n; i++) {
        if (actor[i] == bestActor && which-- == 0) {
          return i;
        }
      }
      throw new IllegalStateException("unreachable");
    }

    private Path path(int init, int[] steps, int depth, int then) {
      int[] s = Arrays.copyOf(steps, depth + (then >= 0 ? 1 : 0));
      if (then >= 0) {
        s[depth] = then;
      }
      return new Path(init, s);
    }

    /** The first walk's path to state {@code id}. */
    private Path pathTo(int id) {
      return seen.pathTo(id);
    }

    /** Records a violation (the first of its property); true when it was recorded. */
    private boolean report(Violation v, Path p, long run) {
      if (v == null || reported.contains(v.property())) {
        return false;
      }
      reported.add(v.property());
      List<Path> witnesses = new ArrayList<>();
      for (Witness w : v.witnesses()) {
        Path wp = w.stateId() >= 0 && w.stateId() < seen.size() ? pathTo((int) w.stateId()) : p;
        witnesses.add(w.index() >= 0 ? wp.then(w.index()) : wp);
      }
      found.add(new Found(v, p, witnesses));
      if (violationRun < 0) {
        violationRun = run;
      }
      violationRuns.put(v.property(), run);
      if (stopAtFirst || v.property().equals(stopAt)) {
        stopped = true;
      }
      return true;
    }
  }
}
