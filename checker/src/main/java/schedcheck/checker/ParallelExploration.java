package schedcheck.checker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of {@link ParallelBreadthFirst} (its Javadoc says how it works). The rules it
 * follows are {@link BreadthFirst}'s, applied by the merge thread in the order {@link
 * Exploration} applies them.
 */
final class ParallelExploration<S, A> {

  private static final long PROGRESS_EVERY_NANOS = 200_000_000L;
  /**
   * {@code -Dschedcheck.profile=true}: where the threads' time goes (expanding, merging,
   * waiting; each thread's CPU; the JIT's and the GC's), printed on stderr at the end of each
   * search. For measuring, not for users; off, the checks fold away.
   */
  static final boolean PROFILE = Boolean.getBoolean("schedcheck.profile");
  /** Nanoseconds and counts of {@link #PROFILE} (indices in the printing code). */
  private final AtomicLongArray prof = new AtomicLongArray(16);
  /** Parents per chunk, at most. */
  private static final int MAX_CHUNK = 64;
  private static final int MIN_TABLE = 1 << 15;
  private static final int MIN_TABLE_THREADS = 1 << 17;
  private static final int BLOCK_BITS = 12;
  private static final int BLOCK = 1 << BLOCK_BITS;
  private static final int MAX_STEPS = 1 << 24;

  // event kinds of a chunk
  private static final byte STORED = ConcurrentFingerprintSet.STORED;
  private static final byte WON = ConcurrentFingerprintSet.WON;
  private static final byte LOST = ConcurrentFingerprintSet.LOST;
  private static final byte PROBE = 4;
  private static final byte CUT = 5;
  private static final byte CUT_AT = 6;

  private final String strategy;
  private final Model<S, A> model;
  private final List<? extends Property<S, A>> properties;
  private final int threads;
  private final int startThreadsAt;
  /** Per property: whether workers evaluate it (it has replicas). */
  private final boolean[] parallel;
  private final boolean anySequential;
  /**
   * Whether the frontier holds packed states ({@link Model#pack}) and workers take successors
   * out of the model's scratch buffer only when their claim wins: when no property runs on the
   * merge thread (such a monitor needs every successor, as a state of its own, there).
   */
  private final boolean packed;
  /** The merge thread's monitors: those of sequential properties (others null). */
  private final Monitor<S, A>[] sequential;
  private final Progress progress;
  private final int maxDepth;
  private final long maxStates;
  private final boolean hasDeadline;
  private final long deadlineNanos;
  private final StopFlag stopFlag;
  /** {@link Limits#maxMemory()}, checked by the merge thread like the sequential search does. */
  private final MemoryLimit memory;
  private final boolean boundsItself;

  private volatile ConcurrentFingerprintSet set = new ConcurrentFingerprintSet(MIN_TABLE);
  /** States (and their depths) by id, in blocks that never move; blocks of expanded ids are dropped. */
  private volatile Object[][] stateBlocks = new Object[16][];
  private volatile int[][] depthBlocks = new int[16][];
  /** Ids below this have their state published. */
  private volatile int published;
  /** The next id no worker has taken yet. */
  private final AtomicInteger nextParent = new AtomicInteger();
  private final ConcurrentHashMap<Integer, Chunk> ready = new ConcurrentHashMap<>();
  private volatile boolean finished;
  private volatile boolean pause;
  private final AtomicInteger parked = new AtomicInteger();
  private final AtomicInteger liveHelpers = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<Thread> helpers = new ArrayList<>();

  // merge-thread state
  private int[] parent = new int[1024];
  private int[] step = new int[1024];
  private int[] depth = new int[1024];
  private int size;
  private int merged;
  private final LongSet unbounded;
  private final Map<String, LongSet> suppressed = new LinkedHashMap<>();
  private LongSet beyond;
  private final Cuts cuts = new Cuts();
  private final Findings findings;
  private final long startNanos;
  /** {@link #PROFILE}: the merge thread's CPU time when the search started. */
  private final long startCpu;
  private long lastProgressNanos;
  private long transitions;
  private long expansions;
  private int deepest;
  private boolean stopped;
  private final Worker mergeWorker;
  /** Every thread's worker, the merge thread's first. */
  private final List<Worker> workers = new ArrayList<>();
  /** States stored without a claim (the initial ones). */
  private long directStores;
  /** Where in {@link Worker#firsts} the count is: a cache line of its own. */
  private static final int FIRSTS_AT = 8;

  @SuppressWarnings({"unchecked", "rawtypes"})
  ParallelExploration(
      String strategy,
      Model<S, A> model,
      List<? extends Property<S, A>> properties,
      Limits limits,
      Progress progress,
      int workers,
      int startThreadsAt) {
    this.strategy = strategy;
    this.model = Objects.requireNonNull(model, "model");
    this.properties = Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(limits, "limits");
    this.progress = progress == null ? Progress.NONE : progress;
    int m = properties.size();
    this.parallel = new boolean[m];
    this.sequential = new Monitor[m];
    boolean anySeq = false;
    for (int i = 0; i < m; i++) {
      Property<S, A> p = properties.get(i);
      parallel[i] = p.replica(model) != null;
      if (!parallel[i]) {
        sequential[i] = Objects.requireNonNull(p.newMonitor(), "newMonitor()");
        anySeq = true;
      }
    }
    this.anySequential = anySeq;
    this.packed = !anySeq;
    this.threads = workers;
    this.startThreadsAt = startThreadsAt;
    this.maxDepth = limits.maxDepth() < 0 ? -1 : limits.maxDepth();
    this.maxStates = limits.maxStates() < 0 ? -1 : limits.maxStates();
    this.boundsItself = model.boundsItself();
    this.unbounded = boundsItself ? new LongSet() : null;
    this.findings = new Findings(limits);
    this.stopFlag = limits.stop();
    this.memory = new MemoryLimit(limits.maxMemory());
    this.startNanos = System.nanoTime();
    this.startCpu = PROFILE ? java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : 0;
    this.lastProgressNanos = startNanos;
    long budget = limits.timeBudgetNanos();
    this.hasDeadline = budget >= 0;
    this.deadlineNanos = startNanos + (hasDeadline ? budget : 0);
    this.mergeWorker = new Worker(model, properties);
    this.workers.add(mergeWorker);
  }

  /**
   * Waits a little for another thread's chunk: spins first (a chunk takes tens of
   * microseconds, a park at least that much on Linux), then yields, then parks.
   */
  static void idle(int round) {
    if (round < 64) {
      for (int i = 0; i < 50; i++) {
        Thread.onSpinWait();
      }
    } else if (round < 128) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(20_000);
    }
  }

  SearchResult run() {
    int waits = 0;
    try {
      addInitialStates();
      release();
      while (!stopped) {
        Throwable f = failure.get();
        if (f != null) {
          throw f;
        }
        if (merged == size) {
          break; // every stored state expanded: the frontier is empty
        }
        long t0 = PROFILE ? System.nanoTime() : 0;
        Chunk c = ready.remove(merged);
        if (c == null) {
          c = mergeWorker.take(merged);
          if (c == null) {
            // taken by a helper that is still at it; meanwhile expand a later chunk
            if (!mergeWorker.helpOnce()) {
              idle(++waits);
              if (PROFILE) prof.addAndGet(2, System.nanoTime() - t0);
            } else {
              waits = 0;
              if (PROFILE) { prof.addAndGet(1, System.nanoTime() - t0); prof.incrementAndGet(9); }
            }
            continue;
          }
          if (PROFILE) { prof.addAndGet(0, System.nanoTime() - t0); prof.incrementAndGet(8); }
        }
        waits = 0;
        long t1 = PROFILE ? System.nanoTime() : 0;
        merge(c);
        release();
        if (PROFILE) { prof.addAndGet(3, System.nanoTime() - t1); prof.incrementAndGet(10); }
        dropExpandedBlocks();
        maintain();
      }
      return result();
    } catch (OutOfMemoryError e) {
      return outOfMemory();
    } catch (Throwable e) {
      if (e instanceof OutOfMemoryError) {
        return outOfMemory();
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e instanceof Error r) {
        throw r;
      }
      throw new IllegalStateException(e);
    } finally {
      finished = true;
      for (Thread h : helpers) {
        LockSupport.unpark(h);
      }
      for (Thread h : helpers) {
        boolean interrupted = false;
        for (;;) {
          try {
            h.join();
            break;
          } catch (InterruptedException ie) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      if (PROFILE) {
        printProfile();
      }
      stateBlocks = new Object[1][];
      depthBlocks = new int[1][];
      ready.clear();
      progress.done();
    }
  }

  /** {@link #PROFILE}'s report, on stderr, once every thread has stopped. */
  private void printProfile() {
    long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - startCpu;
    System.err.printf("profile: search cpu (merge thread + helpers) %.3f s%n", (cpu + prof.get(6)) / 1e9);
    System.err.printf("profile: merge-thread own-chunk %.3f s (%d), merge-thread helping %.3f s (%d), merge-thread idle %.3f s, merging %.3f s (%d chunks), helpers expanding %.3f s (%d), helpers idle %.3f s, total %.3f s; cpu merge thread %.3f s, helpers %.3f s%n",
        prof.get(0) / 1e9, prof.get(8), prof.get(1) / 1e9, prof.get(9), prof.get(2) / 1e9, prof.get(3) / 1e9, prof.get(10), prof.get(4) / 1e9, prof.get(11), prof.get(5) / 1e9, (System.nanoTime() - startNanos) / 1e9,
        cpu / 1e9, prof.get(6) / 1e9);
    long gc = 0;
    for (var b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += b.getCollectionTime();
    }
    System.err.printf("profile: JIT compile time since start %.3f s, GC %.3f s, search started at %.3f s of JVM uptime%n",
        java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3, gc / 1e3,
        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3 - (System.nanoTime() - startNanos) / 1e9);
    // every thread's CPU since the JVM started, the JIT's and the GC's included (Linux only)
    Map<String, Double> byName = new java.util.TreeMap<>();
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    for (java.io.File t : tasks == null ? new java.io.File[0] : tasks) {
      try {
        String stat = java.nio.file.Files.readString(t.toPath().resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9#]+$", "");
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double sec = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        byName.merge(name, sec, Double::sum);
      } catch (java.io.IOException | RuntimeException e) {
        // a thread that ended meanwhile
      }
    }
    StringBuilder sb = new StringBuilder("profile: thread cpu s since JVM start:");
    byName.forEach((k, v) -> {
      if (v >= 0.01) {
        sb.append(String.format(" [%s] %.2f", k, v));
      }
    });
    System.err.println(sb);
  }

  private SearchResult outOfMemory() {
    long queued = size - merged;
    stateBlocks = new Object[1][];
    depthBlocks = new int[1][];
    ready.clear();
    addCut(Exploration.CUT_MEMORY, Math.max(1, queued));
    stopped = true;
    return result();
  }

  // ------------------------------------------------------------------ merge thread

  private void addInitialStates() {
    List<S> initial = model.initialStates();
    for (int i = 0; i < initial.size() && !stopped; i++) {
      S s = initial.get(i);
      long fp = model.fingerprint(s);
      if (set.value(fp) != Long.MAX_VALUE) {
        continue;
      }
      if (atStateLimit()) {
        refuseState();
        break;
      }
      int id = newId(fp, -1, i, 0);
      if (unbounded != null) {
        unbounded.add(model.unboundedFingerprint(s));
      }
      Violation[] pre = mergeWorker.onState(s);
      checkState(s, id, pre);
      if (!stopped) {
        publish(id, packed ? model.pack(s) : s, 0);
      }
    }
  }

  private int newId(long fp, int parentId, int stepIndex, int depthValue) {
    if (size == Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("too many states: " + size);
    }
    set.store(fp, size);
    directStores++;
    return record(parentId, stepIndex, depthValue);
  }

  /** Gives the next id to a state already stored in {@link #set} under it. */
  private int record(int parentId, int stepIndex, int depthValue) {
    int id = size;
    if (id == parent.length) {
      int n = (int) Math.min((long) id * 2, Integer.MAX_VALUE - 16);
      parent = Arrays.copyOf(parent, n);
      step = Arrays.copyOf(step, n);
      depth = Arrays.copyOf(depth, n);
    }
    parent[id] = parentId;
    step[id] = stepIndex;
    depth[id] = depthValue;
    size = id + 1;
    if (depthValue > deepest) {
      deepest = depthValue;
    }
    return id;
  }

  /**
   * Puts state {@code id} (as the frontier holds it: packed or not) where the workers will
   * find it once {@link #release} has run: the merge thread releases the states of a whole
   * chunk at once (one volatile write instead of three per state).
   */
  private void publish(int id, Object s, int d) {
    int b = id >>> BLOCK_BITS;
    Object[][] sb = stateBlocks;
    int[][] db = depthBlocks;
    if (b >= sb.length) {
      sb = Arrays.copyOf(sb, Math.max(b + 1, sb.length * 2));
      db = Arrays.copyOf(db, sb.length);
      stateBlocks = sb;
      depthBlocks = db;
    }
    if (sb[b] == null) {
      sb[b] = new Object[BLOCK];
      db[b] = new int[BLOCK];
    }
    sb[b][id & (BLOCK - 1)] = s;
    db[b][id & (BLOCK - 1)] = d;
  }

  /** Makes every state stored so far available to the workers. */
  private void release() {
    if (published != size && !stopped) {
      published = size; // volatile: the states and their blocks are visible to whoever reads this
    }
  }

  private void dropExpandedBlocks() {
    int b = merged >>> BLOCK_BITS;
    Object[][] sb = stateBlocks;
    int[][] db = depthBlocks;
    for (int i = b - 1; i >= 0 && i < sb.length && sb[i] != null; i--) {
      sb[i] = null;
      db[i] = null;
    }
  }

  /** Clock, progress, extra threads and the table size; between two chunks. */
  private void maintain() {
    if (threads > 1 && helpers.isEmpty() && size - merged >= startThreadsAt && !stopped) {
      ensureTable(MIN_TABLE_THREADS);
      startHelpers();
    }
    ConcurrentFingerprintSet s = set;
    if (tableLoad() > s.capacity() / 2) {
      ensureTable(s.capacity() * 2);
    }
  }

  /**
   * Fingerprints in the table: the initial states stored plus every worker's {@link
   * ConcurrentFingerprintSet#FIRST} claims (at most a chunk's worth behind while they work).
   */
  private long tableLoad() {
    long n = directStores;
    for (Worker w : workers) {
      n += w.firsts.get(FIRSTS_AT);
    }
    return n;
  }

  private void ensureTable(int capacity) {
    if (set.capacity() >= capacity || set.capacity() >= ConcurrentFingerprintSet.MAX_CAPACITY) {
      return;
    }
    pause = true;
    try {
      while (parked.get() < liveHelpers.get()) {
        if (failure.get() != null) {
          return;
        }
        Thread.onSpinWait();
      }
      ConcurrentFingerprintSet s = set;
      while (s.capacity() < capacity && s.capacity() < ConcurrentFingerprintSet.MAX_CAPACITY) {
        s = s.grownCopy();
      }
      set = s;
    } finally {
      pause = false;
      for (Thread h : helpers) {
        LockSupport.unpark(h);
      }
    }
  }

  private void startHelpers() {
    Model<S, A> first = model.replica();
    if (first == null) {
      return;
    }
    for (int i = 1; i < threads; i++) {
      Model<S, A> m = i == 1 ? first : model.replica();
      List<Property<S, A>> ps = new ArrayList<>();
      for (int j = 0; j < properties.size(); j++) {
        ps.add(parallel[j] ? properties.get(j).replica(m) : null);
      }
      Worker w = new Worker(m, ps);
      workers.add(w);
      Thread t = new Thread(w::loop, "schedcheck-bfs-" + i);
      t.setDaemon(true);
      liveHelpers.incrementAndGet();
      helpers.add(t);
      t.start();
    }
  }

  /** Does for the parents of {@code c} what {@link Exploration} does when it expands them. */
  private void merge(Chunk c) {
    int e = 0;
    int m = sequential.length;
    for (int p = c.from; p < c.to && !stopped; p++) {
      int end = c.eventEnd[p - c.from];
      S s = stateOf(p);
      int d = depth[p];
      int index = 0;
      int cutCalls = 0;
      for (; e < end && !stopped; e++) {
        byte kind = c.kind[e];
        if (kind == CUT || kind == CUT_AT) {
          cutCalls++;
          String bound = c.bound[e];
          if (kind == CUT_AT && unbounded != null) {
            suppressed.computeIfAbsent(bound, k -> new LongSet()).add(c.fp[e]);
          } else {
            addCut(bound, 1);
          }
          continue;
        }
        int i = index++;
        transitions++;
        Violation[] tv = c.transViolations == null ? null : c.transViolations[e];
        @SuppressWarnings("unchecked")
        A action = c.action == null ? null : (A) c.action[e];
        @SuppressWarnings("unchecked")
        S to = (S) c.state[e];
        for (int j = 0; j < m && !stopped; j++) {
          Violation v = parallel[j] ? (tv == null ? null : tv[j]) : sequential[j].onTransition(s, p, action, i, to);
          if (v != null) {
            report(v, p, i);
          }
        }
        if (stopped) {
          break;
        }
        long fp = c.fp[e];
        if (kind == PROBE) {
          if (!set.isStored(fp)) {
            if (beyond == null) {
              beyond = new LongSet();
            }
            beyond.add(fp);
          }
          continue;
        }
        if (kind != WON) {
          continue;
        }
        long cl = claim(p, i);
        if (atStateLimit()) {
          if (set.value(fp) == cl) {
            refuseState();
            break;
          }
          continue;
        }
        if (size == Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("too many states: " + size);
        }
        // the first discoverer in the sequential order still holds its claim: it gets the next id
        if (set.settle(fp, cl, size)) {
          int id = record(p, i, d + 1);
          if (unbounded != null) {
            unbounded.add(c.ufp[e]);
          }
          checkState(to, id, c.stateViolations == null ? null : c.stateViolations[e]);
          if (!stopped) {
            publish(id, to, d + 1);
          }
        }
      }
      e = end;
      if (!stopped && index == 0 && cutCalls == 0) {
        Violation[] tv = c.terminal == null ? null : c.terminal[p - c.from];
        for (int j = 0; j < m && !stopped; j++) {
          Violation v = parallel[j] ? (tv == null ? null : tv[j]) : sequential[j].onTerminal(s);
          if (v != null) {
            report(v, p, -1);
          }
        }
      }
      merged = p + 1;
      if ((++expansions & 1023) == 0 && !stopped) {
        tick();
      }
    }
    if (!stopped) {
      merged = c.to;
    }
  }

  @SuppressWarnings("unchecked")
  private S stateOf(int id) {
    return (S) stateBlocks[id >>> BLOCK_BITS][id & (BLOCK - 1)];
  }

  private static long claim(int parentId, int index) {
    return ConcurrentFingerprintSet.claimOf(((long) parentId << 24) | index);
  }

  private void checkState(S state, int id, Violation[] pre) {
    for (int j = 0; j < sequential.length && !stopped; j++) {
      Violation v = parallel[j] ? (pre == null ? null : pre[j]) : sequential[j].onState(state);
      if (v != null) {
        report(v, id, -1);
      }
    }
  }

  private boolean atStateLimit() {
    return maxStates >= 0 && size >= maxStates;
  }

  private void refuseState() {
    addCut(Exploration.CUT_STATES, 1);
    stopped = true;
  }

  private void addCut(String bound, long n) {
    cuts.add(bound, n);
  }

  private void report(Violation v, int atId, int stepIndex) {
    if (findings.report(v, atId, stepIndex, size, this::pathTo)) {
      stopped = true;
    }
  }

  private Path pathTo(int id) {
    int length = 0;
    int root = id;
    while (parent[root] >= 0) {
      root = parent[root];
      length++;
    }
    int[] steps = new int[length];
    int at = id;
    for (int i = length - 1; i >= 0; i--) {
      steps[i] = step[at];
      at = parent[at];
    }
    return new Path(step[root], steps);
  }

  private void tick() {
    long now = System.nanoTime();
    int live = size - merged;
    if (stopFlag != null && stopFlag.isSet() && live > 0) {
      addCut(Exploration.CUT_INTERRUPTED, live);
      stopped = true;
    }
    if (hasDeadline && now - deadlineNanos >= 0 && live > 0) {
      addCut(Exploration.CUT_TIME, live);
      stopped = true;
    }
    if (!stopped && live > 0 && memory.exceeded()) {
      addCut(Exploration.CUT_MEMORY, live);
      stopped = true;
    }
    if (now - lastProgressNanos >= PROGRESS_EVERY_NANOS) {
      lastProgressNanos = now;
      progress.update(size, transitions, live, deepest, (now - startNanos) / 1e9);
    }
  }

  private SearchResult result() {
    cuts.settle(suppressed, unbounded, beyond, set::isStored);
    Map<String, Long> cutCounts = cuts.positive();
    Verdict verdict = Cuts.verdict(!findings.isEmpty(), cutCounts);
    int max = -1;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, depth[i]);
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return new SearchResult(strategy, verdict, findings.found(), size, transitions, Math.max(0, max), seconds, cutCounts);
  }

  // ------------------------------------------------------------------ workers

  /** The successors of a run of consecutive parents, and what the parallel properties said. */
  private static final class Chunk {
    final int from;
    final int to;
    final int[] eventEnd;
    Violation[][] terminal;
    int n;
    byte[] kind = new byte[64];
    long[] fp = new long[64];
    long[] ufp;
    Object[] state = new Object[64];
    Object[] action;
    String[] bound;
    Violation[][] transViolations;
    Violation[][] stateViolations;

    Chunk(int from, int to, boolean keepActions, boolean ufps) {
      this.from = from;
      this.to = to;
      this.eventEnd = new int[to - from];
      if (keepActions) {
        action = new Object[64];
      }
      if (ufps) {
        ufp = new long[64];
      }
    }

    int add(byte k) {
      if (n == kind.length) {
        int c = n * 2;
        kind = Arrays.copyOf(kind, c);
        fp = Arrays.copyOf(fp, c);
        state = Arrays.copyOf(state, c);
        if (ufp != null) {
          ufp = Arrays.copyOf(ufp, c);
        }
        if (action != null) {
          action = Arrays.copyOf(action, c);
        }
        if (bound != null) {
          bound = Arrays.copyOf(bound, c);
        }
        if (transViolations != null) {
          transViolations = Arrays.copyOf(transViolations, c);
        }
        if (stateViolations != null) {
          stateViolations = Arrays.copyOf(stateViolations, c);
        }
      }
      kind[n] = k;
      return n++;
    }

    void bound(int e, String b) {
      if (bound == null) {
        bound = new String[kind.length];
      }
      bound[e] = b;
    }

    void transViolations(int e, Violation[] v) {
      if (transViolations == null) {
        transViolations = new Violation[kind.length][];
      }
      transViolations[e] = v;
    }

    void stateViolations(int e, Violation[] v) {
      if (stateViolations == null) {
        stateViolations = new Violation[kind.length][];
      }
      stateViolations[e] = v;
    }
  }

  /** A thread's model copy and monitors of the parallel properties; expands chunks. */
  private final class Worker implements Successors<S, A> {
    private final Model<S, A> wmodel;
    private final Monitor<S, A>[] monitors;

    /**
     * At {@link #FIRSTS_AT}: this worker's {@link ConcurrentFingerprintSet#FIRST} claims, the
     * table's new fingerprints (written by this worker only, read by the merge thread; the
     * padding keeps it off the other workers' cache lines).
     */
    final AtomicLongArray firsts = new AtomicLongArray(2 * FIRSTS_AT);
    private Chunk chunk;
    private S cur;
    private int curId;
    private boolean probe;
    private int index;
    private int cutCalls;

    @SuppressWarnings({"unchecked", "rawtypes"})
    Worker(Model<S, A> wmodel, List<? extends Property<S, A>> props) {
      this.wmodel = wmodel;
      this.monitors = new Monitor[parallel.length];
      for (int j = 0; j < parallel.length; j++) {
        if (parallel[j]) {
          monitors[j] = Objects.requireNonNull(props.get(j).newMonitor(), "newMonitor()");
        }
      }
      ActionDetail d = anySequential ? ActionDetail.FULL : ActionDetail.NONE;
      for (Monitor<S, A> m : monitors) {
        if (m != null) {
          d = d.max(m.actionDetail());
        }
      }
      this.detail = d;
    }

    /** As much of each action as this worker's monitors read (all of it for the merge thread's). */
    private final ActionDetail detail;

    @Override
    public boolean readsActions() {
      return detail != ActionDetail.NONE;
    }

    @Override
    public ActionDetail actionDetail() {
      return detail;
    }

    /** The helper thread's loop: expand chunks until the search ends. */
    void loop() {
      int idleRounds = 0;
      try {
        while (!finished) {
          if (pause) {
            park();
            continue;
          }
          long t0 = PROFILE ? System.nanoTime() : 0;
          if (!helpOnce()) {
            idle(++idleRounds);
            if (PROFILE) prof.addAndGet(5, System.nanoTime() - t0);
          } else {
            idleRounds = 0;
            if (PROFILE) { prof.addAndGet(4, System.nanoTime() - t0); prof.incrementAndGet(11); }
          }
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      } finally {
        if (PROFILE) {
          prof.addAndGet(6, java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
        }
        liveHelpers.decrementAndGet();
      }
    }

    private void park() {
      parked.incrementAndGet();
      try {
        while (pause && !finished) {
          LockSupport.parkNanos(50_000);
        }
      } finally {
        parked.decrementAndGet();
      }
    }

    /** Takes the chunk starting at {@code at} if nobody has (the merge thread's own turn). */
    Chunk take(int at) {
      int avail = published - at;
      if (avail <= 0) {
        return null;
      }
      int n = chunkSize(avail);
      if (!nextParent.compareAndSet(at, at + n)) {
        return null;
      }
      return expand(at, at + n);
    }

    /** Takes and expands the next free chunk, leaving it for the merge thread; false if none. */
    boolean helpOnce() {
      for (;;) {
        int at = nextParent.get();
        int avail = published - at;
        if (avail <= 0) {
          return false;
        }
        int n = chunkSize(avail);
        if (nextParent.compareAndSet(at, at + n)) {
          Chunk c = expand(at, at + n);
          ready.put(at, c);
          return true;
        }
      }
    }

    private int chunkSize(int avail) {
      return Math.max(1, Math.min(MAX_CHUNK, avail / (2 * threads)));
    }

    private Chunk expand(int from, int to) {
      Chunk c = new Chunk(from, to, anySequential, boundsItself);
      chunk = c;
      Object[][] sb = stateBlocks;
      int[][] db = depthBlocks;
      for (int p = from; p < to; p++) {
        if (pause && Thread.currentThread() != owner) {
          park();
        }
        if (finished) {
          break;
        }
        Object o = sb[p >>> BLOCK_BITS][p & (BLOCK - 1)];
        @SuppressWarnings("unchecked")
        S s = packed ? wmodel.unpack(o) : (S) o;
        int d = db[p >>> BLOCK_BITS][p & (BLOCK - 1)];
        cur = s;
        curId = p;
        probe = maxDepth >= 0 && d >= maxDepth;
        index = 0;
        cutCalls = 0;
        wmodel.successors(s, this);
        if (index == 0 && cutCalls == 0) {
          Violation[] tv = null;
          for (int j = 0; j < monitors.length; j++) {
            if (monitors[j] != null) {
              Violation v = monitors[j].onTerminal(s);
              if (v != null) {
                tv = tv == null ? new Violation[monitors.length] : tv;
                tv[j] = v;
              }
            }
          }
          if (tv != null) {
            if (c.terminal == null) {
              c.terminal = new Violation[to - from][];
            }
            c.terminal[p - from] = tv;
          }
        }
        c.eventEnd[p - from] = c.n;
      }
      cur = null;
      chunk = null;
      return c;
    }

    @Override
    public void next(A a, S t) {
      Chunk c = chunk;
      final int i = index++;
      if (i >= MAX_STEPS) {
        throw new IllegalStateException("more than " + MAX_STEPS + " successors of one state");
      }
      Violation[] tv = null;
      for (int j = 0; j < monitors.length; j++) {
        if (monitors[j] != null) {
          Violation v = monitors[j].onTransition(cur, curId, a, i, t);
          if (v != null) {
            tv = tv == null ? new Violation[monitors.length] : tv;
            tv[j] = v;
          }
        }
      }
      long f = wmodel.fingerprint(t);
      byte kind = probe ? PROBE : claimFor(f, i);
      int e = c.add(kind);
      c.fp[e] = f;
      if (tv != null) {
        c.transViolations(e, tv);
      }
      if (c.action != null) {
        c.action[e] = a;
        c.state[e] = t;
      }
      if (kind == WON) {
        c.state[e] = packed ? wmodel.pack(t) : t;
        if (c.ufp != null) {
          c.ufp[e] = wmodel.unboundedFingerprint(t);
        }
        Violation[] sv = onState(t);
        if (sv != null) {
          c.stateViolations(e, sv);
        }
      }
    }

    /**
     * A step whose state is still in this worker's model buffer. With a packed frontier, the
     * monitors see {@link Scratch#view()}, and the state is taken out of the buffer (packed)
     * only when this step's claim wins its fingerprint for now: a state already stored, or
     * claimed by a step the sequential search meets first, is never copied.
     */
    @Override
    public void next(A a, long f, Scratch<S> target) {
      if (!packed) {
        next(a, target.copy()); // a merge-thread monitor reads every successor
        return;
      }
      Chunk c = chunk;
      final int i = index++;
      if (i >= MAX_STEPS) {
        throw new IllegalStateException("more than " + MAX_STEPS + " successors of one state");
      }
      Violation[] tv = null;
      S view = null;
      for (int j = 0; j < monitors.length; j++) {
        if (monitors[j] != null) {
          if (view == null) {
            view = target.view();
          }
          Violation v = monitors[j].onTransition(cur, curId, a, i, view);
          if (v != null) {
            tv = tv == null ? new Violation[monitors.length] : tv;
            tv[j] = v;
          }
        }
      }
      byte kind = probe ? PROBE : claimFor(f, i);
      int e = c.add(kind);
      c.fp[e] = f;
      if (tv != null) {
        c.transViolations(e, tv);
      }
      if (kind == WON) {
        if (view == null) {
          view = target.view();
        }
        if (c.ufp != null) {
          c.ufp[e] = wmodel.unboundedFingerprint(view);
        }
        Violation[] sv = onState(view);
        if (sv != null) {
          c.stateViolations(e, sv);
        }
        c.state[e] = target.packed();
      }
    }

    /** Offers step i's claim on fingerprint f: STORED, WON or LOST (a FIRST is counted, and WON). */
    private byte claimFor(long f, int i) {
      int r = set.claim(f, claim(curId, i));
      if (r == ConcurrentFingerprintSet.FIRST) {
        firsts.lazySet(FIRSTS_AT, firsts.get(FIRSTS_AT) + 1);
        return WON;
      }
      return (byte) r;
    }

    /** What the parallel properties say of a new state; null when nothing. */
    Violation[] onState(S t) {
      Violation[] sv = null;
      for (int j = 0; j < monitors.length; j++) {
        if (monitors[j] != null) {
          Violation v = monitors[j].onState(t);
          if (v != null) {
            sv = sv == null ? new Violation[monitors.length] : sv;
            sv[j] = v;
          }
        }
      }
      return sv;
    }

    @Override
    public void cut(String bound) {
      Objects.requireNonNull(bound, "bound");
      cutCalls++;
      int e = chunk.add(CUT);
      chunk.bound(e, bound);
    }

    @Override
    public void cut(String bound, S wouldBe) {
      Objects.requireNonNull(bound, "bound");
      cutCalls++;
      int e = chunk.add(CUT_AT);
      chunk.bound(e, bound);
      chunk.fp[e] = wmodel.unboundedFingerprint(wouldBe);
    }
  }

  /** The merge thread (it never parks for a pause: it is the one that pauses the others). */
  private final Thread owner = Thread.currentThread();
}
