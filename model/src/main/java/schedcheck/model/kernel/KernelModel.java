package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.List;
import schedcheck.checker.Model;
import schedcheck.checker.Successors;
import schedcheck.model.scenario.Scenario;
import schedcheck.model.scenario.Stmt;

/**
 * A scenario's kernel as a transition system. In every state each cpu offers at most these
 * steps, in this order: an idle cpu picks a queued task; a cpu whose curr must be preempted
 * (need_resched, curr preemptible) preempts; otherwise curr's next step (a user statement,
 * or the next kernel step of the function it is in), and, when another equally important
 * task is queued, a tick preemption (counted against {@code bounds.preemptions}).
 *
 * <p>A step whose first action is taking a spinlock that is held is not enabled: the task
 * spins, on its cpu, not preemptible.
 *
 * <p>Each step runs in one scratch buffer ({@link Ctx}); {@link #emit} hands the successor
 * to the checker fingerprinted there, copied out (packed, {@link Packing}) only when the
 * checker keeps it, and described in full only when someone reads the step ({@link
 * Successors#readsActions()}). Not thread-safe: the buffer, the guard context and {@link
 * #unpack}'s state are this object's own, so a parallel search needs one model per thread.
 *
 * <p>This class is the model only (initial states, successors, guards, fingerprints,
 * packing). User statements, system call entry and do_exit are the interpreter's ({@link
 * UserSpace}); system calls are registrations ({@link Syscalls}); the questions properties
 * and views ask of states are {@link KernelQueries} ({@link #queries()}), and are asked there
 * only. The one exception is the spinlock a step waits for ({@link #guardOf}, {@link
 * #spinningOn}): it is this model's own enabling condition, evaluated in its scratch context.
 */
public final class KernelModel implements Model<KState, StepInfo>, schedcheck.checker.Symmetric<KState> {

  private final Scenario scenario;
  private final Layout layout;
  private final Kernel kernel;
  /** The user-space interpreter: user statements, system call entry, do_exit. */
  private final UserSpace user;
  /** The queries of states for properties and views. */
  private final KernelQueries queries;
  private final int preemptionBound;
  private final Ctx ctx;
  private final Ctx peek;
  private final schedcheck.checker.IntsFingerprint fingerprints = new schedcheck.checker.IntsFingerprint();
  /** Symmetry reduction of the fingerprints ({@link #withSymmetry()}); null: off. */
  private final Symmetry symmetry;
  private final Reduction reduction;
  /** The merge loop of the mover reduction, or null when it is off. */
  private final Movers movers;
  /** Partial-order reduction's choice of ample sets, or null when it is off or cannot apply. */
  private final Por por;
  /** Partial-order reduction over kernel steps (persistent sets of cpus), or null. */
  private final KernelPor kernelPor;

  /**
   * The system property that turns on the run-time check of the lock discipline ({@link
   * LockDiscipline}): a step touching a protected field without its lock then fails with an
   * internal error naming the step and the field. The test suite sets it.
   */
  public static final String CHECK_PROPERTY = "schedcheck.checkLockDiscipline";

  /** The scenario's kernel with every small step a transition of its own (no reduction). */
  public KernelModel(Scenario scenario) {
    this(scenario, Reduction.NONE);
  }

  /**
   * The scenario's kernel with {@code reduction}. Merging steps changes what a step count
   * means, so with a {@code bounds.depth} the movers are off (see {@link #reduction()}).
   */
  public KernelModel(Scenario scenario, Reduction reduction) {
    this(scenario, reduction, false);
  }

  private KernelModel(Scenario scenario, Reduction reduction, boolean symmetric) {
    this(scenario, reduction, symmetric, Por.Flaw.NONE);
  }

  private KernelModel(Scenario scenario, Reduction reduction, boolean symmetric, Por.Flaw flaw) {
    this(scenario, reduction, symmetric, flaw, null, false);
  }

  private KernelModel(Scenario scenario, Reduction reduction, boolean symmetric, Por.Flaw flaw, String drop,
      boolean checkDropped) {
    this.porFlaw = flaw;
    this.scenario = scenario;
    this.layout = new Layout(scenario);
    this.kernel = new Kernel(layout);
    this.user = new UserSpace(layout, kernel);
    this.queries = new KernelQueries(layout, kernel);
    this.preemptionBound = scenario.bounds().preemptions();
    this.ctx = new Ctx(kernel);
    this.peek = new Ctx(kernel);
    this.symmetry = symmetric ? Symmetry.of(layout, kernel) : null;
    if (scenario.bounds().depth() >= 0) {
      reduction = Reduction.NONE;
    }
    this.reduction = reduction;
    LockDiscipline discipline = new LockDiscipline(layout);
    boolean checking = Boolean.getBoolean(CHECK_PROPERTY);
    for (Ctx x : new Ctx[] {ctx, peek}) {
      x.discipline = discipline;
      x.checking = checking;
    }
    this.movers = reduction.movers() ? new Movers(this, layout, kernel) : null;
    this.por = reduction.por() && movers == null ? Por.of(layout, kernel, porFlaw) : null;
    // a deliberately too-small footprint (tests) is not checked: the test shows what it misses
    this.kernelPor = por == null || porFlaw == Por.Flaw.NO_VISIBILITY ? null
        : KernelPor.of(layout, kernel, drop, checking && (drop == null || checkDropped));
    if (kernelPor != null && kernelPor.checking) {
      for (Ctx x : new Ctx[] {ctx, peek}) {
        x.footprints = kernelPor.fps;
      }
    }
  }

  /** A deliberately unsound POR for tests ({@link #withUnsoundPor}); NONE in every real check. */
  private final Por.Flaw porFlaw;

  /**
   * For tests only: this scenario's model with partial-order reduction missing one of its
   * conditions ({@code "no-proviso"}: an ample step is taken even when it leads back to a
   * state already stored; {@code "no-visibility"}: {@code enter}/{@code leave} count as private
   * steps and a step may go on to a spinning statement; {@code "drop-word:W"} or {@code
   * "drop-waiters:W"}: kernel POR's declared footprints leave out user word W, or the waiters
   * count of W's bucket, and the run-time check of the declarations is off; {@code
   * "checked-drop-..."}: the same with the check on, when the suite's system property asks for
   * it), to show what each condition keeps the search from missing.
   */
  public static KernelModel withUnsoundPor(Scenario scenario, String flaw) {
    if (flaw.startsWith("drop-") || flaw.startsWith("checked-drop-")) {
      // kernel POR with one cell left out of every declared footprint; "checked-" keeps the
      // run-time check of the declarations on (it then reports the first step touching it)
      return new KernelModel(scenario, Reduction.POR, false, Por.Flaw.NONE, flaw.substring(flaw.indexOf("drop-") + 5),
          flaw.startsWith("checked-"));
    }
    Por.Flaw f = switch (flaw) {
      case "no-proviso" -> Por.Flaw.NO_PROVISO;
      case "no-visibility" -> Por.Flaw.NO_VISIBILITY;
      default -> throw new IllegalArgumentException(flaw);
    };
    return new KernelModel(scenario, Reduction.POR, false, f);
  }

  /** Whether partial-order reduction applies to this model's scenario (see {@link Por}). */
  public boolean porApplies() {
    return por != null;
  }

  /** Whether partial-order reduction also reduces kernel steps here (see {@link KernelPor}). */
  public boolean kernelPorApplies() {
    return kernelPor != null;
  }

  /** Whether partial-order reduction ({@link Reduction#por()}) applies to {@code scenario} (see {@link Por}). */
  public static boolean porApplies(Scenario scenario) {
    Layout l = new Layout(scenario);
    return Por.of(l, new Kernel(l), Por.Flaw.NONE) != null;
  }

  /**
   * This model with symmetry reduction ({@link Symmetry}): the same states, steps and
   * successor order, but interchangeable tasks renamed canonically in the fingerprints, so a
   * search stores one state per orbit. For safety searches only (not liveness, not
   * lock-order); traces replay on either model alike. This model itself when the scenario
   * has no interchangeable tasks.
   */
  public KernelModel withSymmetry() {
    if (symmetry != null) {
      return this;
    }
    KernelModel m = new KernelModel(scenario, reduction, true);
    if (m.symmetry == null) {
      return this;
    }
    return observers == null ? m : m.observingEach(observers);
  }

  /** The symmetry the fingerprints are reduced by, or null. */
  public Symmetry symmetry() {
    return symmetry;
  }

  /** The reductions this model applies. */
  public Reduction reduction() {
    return reduction;
  }

  /**
   * Shows the mover reduction the states the properties flag ({@code flagged}): a merged run
   * of steps stops before such a state, so that it is stored as without reduction. Without
   * it, only the properties' view of the states at the ends of transitions is kept. For tests
   * of one model; a check uses {@link #observingEach(java.util.function.Function)}.
   */
  public KernelModel observing(java.util.function.Predicate<KState> flagged) {
    return observingEach(m -> flagged);
  }

  /**
   * As {@link #observing(java.util.function.Predicate)}, with the test made for each model:
   * this one, and each {@link #replica()} and {@link #withSymmetry()} copy of it, so that the
   * properties a copy's movers consult are bound to that copy (its guard context is not
   * shared between search threads).
   */
  public KernelModel observingEach(java.util.function.Function<KernelModel, java.util.function.Predicate<KState>> flagged) {
    this.observers = flagged;
    if (movers != null) {
      movers.observer = flagged == null ? null : flagged.apply(this);
    }
    return this;
  }

  /** Makes each copy's test of states (see {@link #observingEach(java.util.function.Function)}). */
  private java.util.function.Function<KernelModel, java.util.function.Predicate<KState>> observers;

  /** Steps merged into the transitions before them so far (0 without the mover reduction). */
  public long mergedSteps() {
    return movers == null ? 0 : movers.merged;
  }

  public Scenario scenario() {
    return scenario;
  }

  public Layout layout() {
    return layout;
  }

  public Kernel kernel() {
    return kernel;
  }

  /** The user-space interpreter of this model's tasks. */
  UserSpace userSpace() {
    return user;
  }

  // ------------------------------------------------------------------ Model

  @Override
  public List<KState> initialStates() {
    Work w = new Work(layout, new int[layout.size]);
    for (int i = 0; i < layout.words; i++) {
      w.setWord(i, scenario.memory().get(i).initial());
    }
    for (int t = 0; t < layout.tasks; t++) {
      int cpu = scenario.tasks().get(t).cpu();
      w.setState(t, Layout.TASK_RUNNING);
      w.setWakeCpu(t, cpu);
      kernel.activate(w, t, cpu);
    }
    // Each cpu runs a most important task that starts on it; any of equals may go first.
    List<KState> out = new ArrayList<>();
    KState base = w.freeze();
    ctx.resetChoices();
    do {
      ctx.begin(base, 0, -1);
      for (int c = 0; c < layout.cpus; c++) {
        ctx.cpu = c;
        kernel.switchTo(ctx, c, kernel.bestQueued(ctx.w, c));
        if (layout.pe) {
          ctx.w.setDonor(c, ctx.w.curr(c));
        }
      }
      out.add(ctx.w.freeze());
    } while (ctx.nextChoices());
    return out;
  }

  /**
   * FarmHash's 64-bit fingerprint (Guava) of the state's ints, copied in bulk into a reused
   * buffer: a streaming hasher fed int by int cost almost half of the search time.
   */
  /**
   * PCT's actors (random schedules): a task, wherever it runs; a cpu's scheduler when no task
   * takes the step (an idle cpu's {@code __schedule}).
   */
  @Override
  public int actor(StepInfo step) {
    return step.task() >= 0 ? step.task() : -1 - step.cpu();
  }

  @Override
  public long fingerprint(KState s) {
    return hash(s, false);
  }

  private long hash(KState s, boolean withoutPreemptions) {
    return hash(s.v, withoutPreemptions);
  }

  /** The fingerprint of the encoded state {@code v}, reduced by the symmetry if there is one. */
  private long hash(int[] v, boolean withoutPreemptions) {
    if (symmetry == null) {
      return fingerprints.of(v, withoutPreemptions ? layout.gPreempt : -1);
    }
    int[] canonical = symmetry.canonical(v);
    lastCanonV = v;
    lastCanonElement = symmetry.lastCanonicalizer();
    return fingerprints.of(canonical, withoutPreemptions ? layout.gPreempt : -1);
  }

  // The canonicalizer of the array fingerprinted last (a by-product of its canonical image):
  // what canonicalizer() returns for it without renaming it again.
  private int[] lastCanonV;
  private int lastCanonElement;

  /**
   * The order of the symmetry group used by the fingerprints ({@link Symmetry#order()}): 1
   * without symmetry, or when its elements are not closed under composition (then the
   * liveness pass explores every state).
   */
  @Override
  public int groupSize() {
    return symmetry == null || !symmetry.isGroup() ? 1 : symmetry.order();
  }

  @Override
  public int compose(int a, int b) {
    return groupSize() == 1 ? 0 : symmetry.compose(a, b);
  }

  @Override
  public int inverse(int a) {
    return groupSize() == 1 ? 0 : symmetry.inverse(a);
  }

  /**
   * The element whose image of {@code s} (dead slots zeroed) is {@code s}'s canonical form. For
   * the state fingerprinted last (the successor just handed to the checker, the usual caller)
   * it is the by-product of that fingerprint; for any other it renames {@code s} again. The
   * state's array must not have changed since it was fingerprinted.
   */
  @Override
  public int canonicalizer(KState s) {
    if (symmetry == null) {
      return 0;
    }
    if (s.v != lastCanonV) {
      symmetry.canonical(s.v);
      lastCanonV = s.v;
      lastCanonElement = symmetry.lastCanonicalizer();
    }
    return lastCanonElement;
  }

  private enum Action { IDLE_PICK, PREEMPT, TICK, TASK, SCHED }

  @Override
  public void successors(KState s, Successors<KState, StepInfo> out) {
    if (por != null) {
      for (int c = 0; c < layout.cpus; c++) {
        if (por.qualifies(s, c) && ample(s, c, out)) {
          return; // the ample set: that one step, handed on
        }
      }
    }
    if (kernelPor != null) {
      int cpus = kernelPor.choose(s);
      if (cpus != 0 && persistent(s, cpus, out)) {
        return; // the persistent set: those cpus' steps, handed on
      }
    }
    for (int c = 0; c < layout.cpus; c++) {
      expand(s, c, out);
    }
  }

  /** Every step cpu c offers in s, in the fixed order (see the class comment). */
  private void expand(KState s, int c, Successors<KState, StepInfo> out) {
    int t = s.curr(c);
    if (s.schedDepth(c) > 0) {
      // __schedule (with proxy execution) is running on this cpu: only its next step.
      peek.peek(s, c, t, true);
      int g = peek.current.guard.lock(peek);
      peek.unpeek();
      if (g != KStep.WAIT && (g < 0 || s.holder(g) < 0)) {
        run(s, out, c, t, Action.SCHED);
      }
      return;
    }
    if (t < 0) {
      if (s.rqMask(c) != 0) {
        run(s, out, c, -1, Action.IDLE_PICK);
      }
      return;
    }
    int guard = guardOf(s, c, t);
    boolean spinning = guard == KStep.WAIT || guard >= 0 && s.holder(guard) >= 0;
    boolean preemptible = !spinning && !s.holdsAnyLock(t) && !s.preemptOff(t);
    if (s.needResched(c) && preemptible) {
      run(s, out, c, t, Action.PREEMPT);
      return;
    }
    if (!spinning) {
      run(s, out, c, t, Action.TASK);
    }
    if (preemptible && !s.needResched(c) && tickCandidates(s, c, t) != 0) {
      if (preemptionBound >= 0 && s.preemptions() >= preemptionBound) {
        // Over the bound: the ticks are not explored, but the checker learns where they
        // would lead, and counts them as cut only if no explored state is the same but for
        // the preemption count.
        suppressedTicks.out = out;
        run(s, suppressedTicks, c, t, Action.TICK);
      } else {
        run(s, out, c, t, Action.TICK);
      }
    }
  }

  /**
   * Kernel partial-order reduction's persistent set ({@link KernelPor}): the steps of the cpus
   * in {@code cpus}, handed on to {@code out} only if there is at least one and every one leads
   * to a state {@code out}'s search has not stored yet (the cycle proviso); else nothing is
   * handed on and the state is expanded in full.
   */
  private boolean persistent(KState s, int cpus, Successors<KState, StepInfo> out) {
    if (!kernelPor.proviso) {
      // only terminal states are judged: persistent sets keep every one, no proviso needed
      counted.out = out;
      counted.count = 0;
      for (int c = 0; c < layout.cpus; c++) {
        if ((cpus & (1 << c)) != 0) {
          expand(s, c, counted);
        }
      }
      counted.out = null;
      return counted.count > 0; // none (those cpus spin): nothing was handed on, expand in full
    }
    setProbe.out = out;
    setProbe.count = 0;
    setProbe.old = false;
    for (int c = 0; c < layout.cpus && !setProbe.old; c++) {
      if ((cpus & (1 << c)) != 0) {
        expand(s, c, setProbe);
      }
    }
    setProbe.out = null;
    if (setProbe.count == 0 || setProbe.old && porFlaw != Por.Flaw.NO_PROVISO) {
      return false;
    }
    for (int c = 0; c < layout.cpus; c++) {
      if ((cpus & (1 << c)) != 0) {
        expand(s, c, out);
      }
    }
    return true;
  }

  /** Hands steps on to {@code out}, counting them. */
  private static final class Counted implements Successors<KState, StepInfo> {
    Successors<KState, StepInfo> out;
    int count;

    @Override
    public void next(StepInfo action, KState state) {
      count++;
      out.next(action, state);
    }

    @Override
    public void next(StepInfo action, long fingerprint, schedcheck.checker.Scratch<KState> target) {
      count++;
      out.next(action, fingerprint, target);
    }

    @Override
    public void cut(String bound) {
      out.cut(bound);
    }

    @Override
    public void cut(String bound, KState wouldBe) {
      out.cut(bound, wouldBe);
    }

    @Override
    public boolean readsActions() {
      return out.readsActions();
    }

    @Override
    public schedcheck.checker.ActionDetail actionDetail() {
      return out.actionDetail();
    }

    @Override
    public boolean stored(long fingerprint) {
      return out.stored(fingerprint);
    }
  }

  private final Counted counted = new Counted();

  /** Counts a persistent set's steps and notes whether one leads to a state already stored. */
  private static final class SetProbe implements Successors<KState, StepInfo> {
    Successors<KState, StepInfo> out;
    int count;
    boolean old;

    @Override
    public void next(StepInfo action, KState state) {
      throw new IllegalStateException("run() hands on fingerprinted successors");
    }

    @Override
    public void next(StepInfo action, long fingerprint, schedcheck.checker.Scratch<KState> target) {
      count++;
      old |= out.stored(fingerprint);
    }

    @Override
    public void cut(String bound) {
      old = true; // never with a bound (POR is off then); expand in full if it happens
    }

    @Override
    public boolean readsActions() {
      return false;
    }
  }

  private final SetProbe setProbe = new SetProbe();

  /**
   * Partial-order reduction's ample set at cpu c (its current task's private step, see {@link
   * Por}), with the cycle proviso: runs the step and hands it on to {@code out} as the state's
   * only successor if it leads to a state {@code out}'s search has not stored yet; else hands
   * on nothing and returns false (the state is then expanded in full). A private step has one
   * successor.
   */
  private boolean ample(KState s, int c, Successors<KState, StepInfo> out) {
    provisoProbe.out = out;
    provisoProbe.handed = false;
    run(s, provisoProbe, c, s.curr(c), Action.TASK);
    provisoProbe.out = null;
    return provisoProbe.handed;
  }

  /** Passes the ample step on when it leads to a new state (or, without the proviso, always). */
  private final class ProvisoProbe implements Successors<KState, StepInfo> {
    Successors<KState, StepInfo> out;
    boolean handed;

    @Override
    public void next(StepInfo action, KState state) {
      throw new IllegalStateException("run() hands on fingerprinted successors");
    }

    @Override
    public void next(StepInfo action, long fingerprint, schedcheck.checker.Scratch<KState> target) {
      if (handed) {
        throw new IllegalStateException("a private step with more than one successor");
      }
      if (por.flaw == Por.Flaw.NO_PROVISO || !out.stored(fingerprint)) {
        handed = true;
        out.next(action, fingerprint, target);
      }
    }

    @Override
    public void cut(String bound) {
      throw new IllegalStateException("a private step is never cut");
    }

    @Override
    public boolean readsActions() {
      return out.readsActions();
    }

    @Override
    public schedcheck.checker.ActionDetail actionDetail() {
      return out.actionDetail();
    }
  }

  private final ProvisoProbe provisoProbe = new ProvisoProbe();

  /**
   * Queued tasks other than t, as important as t, when t is among the most important. With
   * proxy execution t is the cpu's donor (the scheduling context), not its curr.
   */
  private int tickCandidates(StateView s, int c, int t) {
    return tickCandidates(layout, kernel, s, c, t);
  }

  /** As {@link #tickCandidates(StateView, int, int)}, for the interpreter's sched_yield too. */
  static int tickCandidates(Layout layout, Kernel kernel, StateView s, int c, int t) {
    if (layout.pe) {
      t = s.donor(c);
      if (t < 0) {
        return 0;
      }
    }
    int best = kernel.bestQueued(s, c);
    if ((best & (1 << t)) == 0) {
      return 0;
    }
    return best & ~(1 << t);
  }

  private void run(KState s, Successors<KState, StepInfo> out, int c, int t, Action a) {
    if (a != Action.TASK && a != Action.SCHED && s.holder(layout.rqLock(c)) >= 0) {
      return; // the scheduler spins on rq->lock
    }
    final schedcheck.checker.ActionDetail detail = out.actionDetail();
    final boolean describe = detail == schedcheck.checker.ActionDetail.FULL;
    ctx.describe = describe;
    ctx.events = detail != schedcheck.checker.ActionDetail.NONE;
    ctx.resetChoices();
    KernelFootprints.Fp declared = kernelPor != null && kernelPor.checking
        ? kernelPor.declaredStep(s, c, t, a == Action.TASK) : null;
    do {
      ctx.begin(s, c, t, a == Action.SCHED);
      ctx.declared = declared;
      StepInfo.Kind kind;
      String text;
      if (layout.pe && a != Action.TASK && a != Action.SCHED) {
        // With proxy execution every pick is __schedule on the cpu's scheduler frames.
        kind = StepInfo.Kind.SCHED;
        int mode = a == Action.IDLE_PICK ? Proxy.SM_IDLE : a == Action.PREEMPT ? Proxy.SM_PREEMPT : Proxy.SM_TICK;
        text = switch (a) {
          case IDLE_PICK -> "__schedule: idle picks a task  [__schedule C1]";
          case PREEMPT -> "__schedule(SM_PREEMPT): wakeup preemption  [__schedule C1]";
          default -> "tick: __schedule(SM_PREEMPT)  [__schedule C1]";
        };
        if (a == Action.TICK && preemptionBound >= 0) {
          ctx.w.set(layout.gPreempt, ctx.w.preemptions() + 1);
        }
        kernel.proxy.enter(ctx, a == Action.IDLE_PICK ? -1 : t, mode);
        if (movers != null) {
          text += movers.extend(ctx, c);
        }
        emit(out, describe, c, t, kind, text);
        continue;
      }
      switch (a) {
        case SCHED -> {
          kind = StepInfo.Kind.SCHED;
          text = ctx.current.describe();
          ctx.current.body.run(ctx);
        }
        case IDLE_PICK -> {
          kind = StepInfo.Kind.SCHED;
          text = "__schedule: idle picks a task";
          atomicSwitch(c, -1);
        }
        case PREEMPT -> {
          kind = StepInfo.Kind.SCHED;
          text = "__schedule(SM_PREEMPT): wakeup preemption";
          atomicSwitch(c, -1);
        }
        case TICK -> {
          kind = StepInfo.Kind.SCHED;
          text = "tick: __schedule(SM_PREEMPT)";
          atomicSwitch(c, t);
          if (preemptionBound >= 0) {
            ctx.w.set(layout.gPreempt, ctx.w.preemptions() + 1);
          }
        }
        default -> {
          if (ctx.current != null) {
            kind = StepInfo.Kind.KERNEL;
            text = ctx.current.describe();
            ctx.current.body.run(ctx);
          } else {
            Stmt st = kernel.statement(t, ctx.w.pc(t));
            if (st == null) {
              kind = StepInfo.Kind.EXIT;
              text = "do_exit";
              user.exit(ctx);
            } else {
              kind = StepInfo.Kind.USER;
              text = user.step(ctx, st);
            }
          }
        }
      }
      if (movers != null) {
        text += movers.extend(ctx, c);
      }
      ctx.declared = null;
      emit(out, describe, c, t, kind, text);
    } while (ctx.nextChoices());
  }

  /**
   * Hands the step just run in {@link #ctx}'s scratch buffer to {@code out}: fingerprinted in
   * the buffer, copied out only if the checker keeps it (a state not seen before); described
   * in full (text, note, lock events) only when {@code out} reads actions in full ({@link
   * schedcheck.checker.ActionDetail#FULL}), with its lock events but no text or note when
   * {@code out} reads only the facts ({@link schedcheck.checker.ActionDetail#FACTS}: {@code
   * lock-order}), and with neither otherwise (cpu, task and kind are always there). The one
   * place where this model emits a successor.
   */
  private void emit(Successors<KState, StepInfo> out, boolean describe, int c, int t, StepInfo.Kind kind, String text) {
    StepInfo info = describe
        ? new StepInfo(c, t, kind, text, ctx.note.toString(), ctx.acquired)
        : new StepInfo(c, t, kind, "", "", ctx.events && !ctx.acquired.isEmpty() ? ctx.acquired : List.of());
    out.next(info, hash(ctx.w.v, false), target);
  }

  /** The successor in {@link #ctx}'s scratch buffer, as the checker sees it. */
  private final class Target implements schedcheck.checker.Scratch<KState> {
    private KState view;

    @Override
    public KState copy() {
      return ctx.w.freeze();
    }

    @Override
    public KState view() {
      if (view == null || view.v != ctx.w.v) {
        view = new KState(layout, ctx.w.v, true);
      }
      return view;
    }

    @Override
    public Object packed() {
      return packing(ctx.w.v).pack(ctx.w.v);
    }
  }

  // ------------------------------------------------------------------ the frontier's packed states

  private Packing packing;
  /** The one state {@link #unpack} fills (the checker expands one state at a time). */
  private KState unpacked;

  private Packing packing(int[] v) {
    if (packing == null) {
      packing = new Packing(v); // the first state packed (an initial state) is the base
    }
    return packing;
  }

  /** The state as a few dozen bytes ({@link Packing}): what the search's frontier holds. */
  @Override
  public Object pack(KState s) {
    return packing(s.v).pack(s.v);
  }

  /** Unpacks into one state object of this model's, overwritten by the next call. */
  @Override
  public KState unpack(Object packed) {
    if (packed instanceof KState k) {
      return k;
    }
    if (unpacked == null) {
      unpacked = new KState(layout, new int[layout.size], true);
    }
    packing.unpack((byte[]) packed, unpacked.v);
    return unpacked;
  }

  private final Target target = new Target();

  /** Passes the steps it is given on as steps the preemption bound suppressed. */
  private static final class SuppressedTicks implements Successors<KState, StepInfo> {
    Successors<KState, StepInfo> out;

    @Override
    public void next(StepInfo action, KState state) {
      out.cut("preemptions", state);
    }

    @Override
    public void cut(String bound) {
      out.cut(bound);
    }

    @Override
    public boolean readsActions() {
      return false; // its steps become cuts: their actions are dropped
    }
  }

  private final SuppressedTicks suppressedTicks = new SuppressedTicks();

  @Override
  public boolean boundsItself() {
    return preemptionBound >= 0;
  }

  /**
   * The same scenario without a preemption bound: every tick is a successor, in the position
   * where this model reports it suppressed (liveness lassos replay on it).
   */
  @Override
  public KernelModel withoutOwnBounds() {
    if (preemptionBound < 0) {
      return this;
    }
    Scenario.Bounds b = scenario.bounds();
    Scenario sc = scenario;
    KernelModel m = new KernelModel(new Scenario(sc.file(), sc.name(), sc.description(), sc.cpus(), sc.kernel(),
        sc.memory(), sc.mutexes(), sc.locks(), sc.tasks(), sc.check(),
        new Scenario.Bounds(-1, b.depth(), b.states(), b.time()), sc.expect()), reduction);
    return observers == null ? m : m.observingEach(observers);
  }

  /** The fingerprint with the preemption count left out. */
  @Override
  public long unboundedFingerprint(KState s) {
    return hash(s, true);
  }

  /**
   * Without proxy execution, a scheduler step is one step under cpu c's rq lock: pick the best
   * queued task, or (a tick preempting {@code ticked} >= 0) one of the others as important.
   * The runqueue is read under the lock (the lock discipline: see {@link LockDiscipline}).
   */
  private void atomicSwitch(int c, int ticked) {
    ctx.lock(layout.rqLock(c));
    kernel.switchTo(ctx, c, ticked >= 0 ? tickCandidates(ctx.w, c, ticked) : kernel.bestQueued(ctx.w, c));
    ctx.unlock(layout.rqLock(c));
  }

  // ------------------------------------------------------------------ guards

  /**
   * The spinlock task t's next step must take first (on cpu c), or -1. A step whose lock
   * is held cannot run: the task spins.
   */
  public int guardOf(KState s, int c, int t) {
    if (s.schedDepth(c) > 0) {
      peek.peek(s, c, t, true);
      int g = peek.current.guard.lock(peek);
      peek.unpeek();
      return g;
    }
    if (s.depth(t) > 0) {
      peek.peek(s, c, t);
      int g = peek.current.guard.lock(peek);
      peek.unpeek();
      return g;
    }
    Stmt st = kernel.statement(t, s.pc(t));
    if (st == null) {
      // do_exit: do_task_dead()'s set_special_state(TASK_DEAD) takes current->pi_lock, "to
      // serialize against wakeups such that any possible in-flight TASK_RUNNING stores will not
      // collide with our state change" [P] include/linux/sched.h; so the exit waits for a
      // try_to_wake_up that holds its pi_lock, then takes rq->lock (__schedule). Without this
      // wait a stale wake-up put the dead task back on a runqueue (differential campaign seed
      // 4141, differential/found/exit-waits-for-a-wake-in-flight.yaml).
      int pi = layout.piLock(t);
      if (s.holder(pi) >= 0) {
        return pi;
      }
      return layout.rqLock(s.taskCpu(t));
    }
    if (kernel.exitToUserWork(s, t) != null) {
      return -1; // the exit-to-user work runs before the statement (UMCG's notify_resume)
    }
    if (st instanceof Stmt.SpinLock sl) {
      return layout.lockOf(sl.lock());
    }
    if (st instanceof Stmt.Yield) {
      return layout.rqLock(c);
    }
    return -1;
  }

  /**
   * The spinlock task t is spinning on in state s, or -1: t is current on a cpu and its
   * next step needs a lock someone holds (t itself, for a recursive lock).
   */
  public int spinningOn(KState s, int t) {
    int c = s.runningOn(t);
    if (c < 0 || s.exited(t)) {
      return -1;
    }
    if (s.schedDepth(c) > 0) {
      return -1; // its cpu runs __schedule, not t
    }
    int g = guardOf(s, c, t);
    return g >= 0 && s.holder(g) >= 0 ? g : -1;
  }

  // ------------------------------------------------------------------ queries

  /**
   * The questions properties, counterexamples and views ask of this model's states (where a
   * task is in the kernel, what it waits on, whether a wake is on its way, ...). They are
   * asked there, not here: this class declares none of them ({@code KernelModelSurfaceTest}).
   * Only {@link #guardOf} and {@link #spinningOn} answer a question about a state here, because
   * they run this model's own guards, in its scratch context, exactly as {@link #successors}
   * decides that a task spins.
   */
  public KernelQueries queries() {
    return queries;
  }

  /** A copy for another thread of the parallel search: the same scenario, its own scratch contexts. */
  @Override
  public KernelModel replica() {
    KernelModel m = new KernelModel(scenario, reduction, symmetry != null);
    if (packing != null) {
      m.packing = packing.withSameBase(); // what this model packed, the copy unpacks (and vice versa)
    }
    return observers == null ? m : m.observingEach(observers);
  }
}
