package schedcheck.model.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A kernel function as a sequence of labelled atomic steps, like PlusCal labels. Its
 * locals live in the task's kernel frame, one slot each in the order declared
 * ({@link #local}, {@link #taskLocal}, {@link #taskIndexLocal}; a {@link #bits} field shares
 * a slot); the last slot of a frame receives a callee's return value ({@link Ctx#result}).
 * Declare the locals before the steps that use them.
 */
public final class KFunction {
  public final String name;
  /** The locals in slot order (bit fields after the slot's owner). */
  private final List<Local> locals = new ArrayList<>();
  /** Per slot, the local that owns it (the one {@link Ctx#call} arguments are encoded by). */
  private final List<Local> slots = new ArrayList<>();
  final List<KStep> steps = new ArrayList<>();
  private final Map<String, KStep> byLabel = new HashMap<>();
  private final StepTable table;
  /** The variants the function is built with: {@link #patch} and {@link #stepIf} apply theirs. */
  private final Set<Variant> inForce;
  /**
   * The Proxy Execution version the function is built for ({@link #byVersion} chooses its
   * pieces): the one {@code kernel.variants} names, else v7.2 (also without proxy execution).
   */
  private final Variant version;
  /**
   * Whether this is work of the exit-to-user path that runs before a task's next user
   * statement (UMCG's umcg_notify_resume, entered through {@link Kernel#exitToUserWork}):
   * its return from the outermost frame goes back to that statement, which has not run yet,
   * instead of ending a system call ({@link Ctx#ret}).
   */
  private boolean beforeStatement;

  KFunction(StepTable table, String name) {
    this(table, name, Set.of(), Variants.PE_V7_2);
  }

  KFunction(StepTable table, String name, Set<Variant> inForce, Variant version) {
    this.table = table;
    this.name = name;
    this.inForce = inForce;
    this.version = version;
  }

  /** Marks this function as exit-to-user work run before a statement (see {@link #beforeStatement()}). */
  KFunction runsBeforeStatement() {
    beforeStatement = true;
    return this;
  }

  /** Whether this function is exit-to-user work run before a user statement (its return ends no system call). */
  boolean beforeStatement() {
    return beforeStatement;
  }

  // ---- locals ----

  /** Declares the next local: a plain value (word, value, mutex, cpu, count, flag). */
  Local local(String localName) {
    return declare(localName, Local.Kind.VALUE);
  }

  /** Declares the next local: a task or none (stored as {@code task + 1}, 0 for none; reads -1 for none). */
  Local taskLocal(String localName) {
    return declare(localName, Local.Kind.TASK);
  }

  /** Declares the next local: always a task, stored as its index. */
  Local taskIndexLocal(String localName) {
    return declare(localName, Local.Kind.TASK_INDEX);
  }

  /**
   * Declares a bit field of {@code owner}'s slot: {@code width} bits from bit {@code shift}
   * ({@code width} 0: every bit from {@code shift} up).
   */
  Local bits(Local owner, String localName, int shift, int width) {
    if (owner.function != this || owner.isBits()) {
      throw new IllegalStateException(name + ": " + localName + " must be a field of a slot of its own function");
    }
    checkNew(localName);
    int mask = width == 0 ? -1 >>> shift : (1 << width) - 1;
    Local l = new Local(this, localName, owner.slot, Local.Kind.VALUE, shift, mask);
    locals.add(l);
    return l;
  }

  private Local declare(String localName, Local.Kind kind) {
    checkNew(localName);
    Local l = new Local(this, localName, slots.size(), kind, 0, -1);
    locals.add(l);
    slots.add(l);
    return l;
  }

  private void checkNew(String localName) {
    if (!steps.isEmpty()) {
      throw new IllegalStateException(name + ": local " + localName + " declared after a step");
    }
    for (Local l : locals) {
      if (l.name.equals(localName)) {
        throw new IllegalStateException(name + ": duplicate local " + localName);
      }
    }
  }

  /** The locals in declaration order. */
  public List<Local> locals() {
    return List.copyOf(locals);
  }

  /** The local called {@code localName}; an error if there is none. */
  public Local localNamed(String localName) {
    for (Local l : locals) {
      if (l.name.equals(localName)) {
        return l;
      }
    }
    throw new IllegalStateException(name + ": no local " + localName);
  }

  /** How many frame slots the locals take. */
  int slotCount() {
    return slots.size();
  }

  /** The slot content that passes {@code value} as argument {@code i} (encoded as slot i's owner says). */
  int encodeArg(int i, int value) {
    if (i >= slots.size()) {
      throw new IllegalStateException(name + ": " + (i + 1) + " arguments, " + slots.size() + " locals");
    }
    return slots.get(i).encode(0, value);
  }

  /** Adds a step that needs no lock. */
  KFunction step(String label, String what, KStep.Body body) {
    return step(label, what, KStep.NO_LOCK, body);
  }

  /** Adds a step that first acquires the lock {@code guard} names (when it names one). */
  KFunction step(String label, String what, KStep.Guard guard, KStep.Body body) {
    if (byLabel.containsKey(label)) {
      throw new IllegalStateException(name + ": duplicate label " + label);
    }
    KStep s = table.add(this, label, what, guard, body);
    steps.add(s);
    byLabel.put(label, s);
    return this;
  }

  // ---- variants ----

  /**
   * Variant {@code v}'s version of step {@code label} (declared before): when the function is
   * built with {@code v}, the step's body is replaced (same label, text, guard and id).
   */
  KFunction patch(Variant v, String label, KStep.Body body) {
    KStep old = at(label);
    return patch(v, label, old.what, old.guard, body);
  }

  /** As {@link #patch(Variant, String, KStep.Body)}, with the step's text and guard replaced too. */
  KFunction patch(Variant v, String label, String what, KStep.Guard guard, KStep.Body body) {
    KStep old = at(label);
    if (v == null || !inForce.contains(v)) {
      return this;
    }
    KStep s = table.replace(old, what, guard, body);
    steps.set(steps.indexOf(old), s);
    byLabel.put(label, s);
    patched(label, v);
    return this;
  }

  /** A step body written once for the correct kernel and for one variant's version of it. */
  @FunctionalInterface
  interface Variable {
    /** The body: the variant's version when {@code variant}, else the correct one. */
    KStep.Body body(boolean variant);
  }

  /**
   * Step {@code label} whose variant-{@code v} version differs in a few lines: {@code
   * body.body(false)} is the step, patched with {@code body.body(true)} when the function is
   * built with {@code v}.
   */
  KFunction step(String label, String what, Variant v, Variable body) {
    step(label, what, body.body(false));
    return patch(v, label, body.body(true));
  }

  /** As {@link #step(String, String, Variant, Variable)}, for a step that needs a lock. */
  KFunction step(String label, String what, KStep.Guard guard, Variant v, Variable body) {
    step(label, what, guard, body.body(false));
    return patch(v, label, what, guard, body.body(true));
  }

  /** A step only variant {@code v}'s version of the function has (added here, in order, when v is in force). */
  KFunction stepIf(Variant v, String label, String what, KStep.Body body) {
    if (inForce.contains(v)) {
      step(label, what, body);
      patched(label, v);
    }
    return this;
  }

  /**
   * What the Proxy Execution version the function is built for uses in steps {@code labels}
   * (a step body, a piece of one such as a helper the bodies call, a guard, a step text, a
   * label to go on to): {@code v617}, {@code v71} or {@code v72}, chosen once, here, so that
   * no step body tests the version. The steps are recorded ({@link #versionChosen}).
   */
  <T> T byVersion(T v617, T v71, T v72, String... labels) {
    versionChosen.addAll(List.of(labels));
    return version == Variants.PE_V6_17 ? v617 : version == Variants.PE_V7_1 ? v71 : v72;
  }

  /**
   * A piece of steps {@code labels} that variant {@code v} changes (as {@link #byVersion}, for
   * a piece several steps share): {@code variant} when v is in force, recorded as a patch of
   * those steps ({@link #patchedBy}), else {@code correct}.
   */
  <T> T byVariant(Variant v, T correct, T variant, String... labels) {
    if (v == null || !inForce.contains(v)) {
      return correct;
    }
    for (String l : labels) {
      patched(l, v);
    }
    return variant;
  }

  /** The steps with a piece the Proxy Execution version chose when the function was built ({@link #byVersion}). */
  public Set<String> versionChosen() {
    Set<String> out = new TreeSet<>(versionChosen);
    out.retainAll(byLabel.keySet()); // a piece shared by steps another version has
    return Collections.unmodifiableSet(out);
  }

  private final Set<String> versionChosen = new TreeSet<>();

  /** The Proxy Execution version the function was built for. */
  public Variant version() {
    return version;
  }

  /** Which variants changed each patched or added step of this function, by label, in the order they did. */
  private final Map<String, List<Variant>> patchedBy = new HashMap<>();

  private void patched(String label, Variant v) {
    List<Variant> vs = patchedBy.computeIfAbsent(label, l -> new ArrayList<>());
    if (!vs.contains(v)) {
      vs.add(v);
    }
  }

  /** The variant that changed step {@code label} (the first, if several did), or null when the step is the correct one. */
  public Variant patchedBy(String label) {
    List<Variant> vs = patchedBy.get(label);
    return vs == null ? null : vs.get(0);
  }

  /** Every variant that changed step {@code label}, in the order they did (e.g. pe-p5 and pe-p7 both change F7). */
  public List<Variant> patchers(String label) {
    return List.copyOf(patchedBy.getOrDefault(label, List.of()));
  }

  KStep entry() {
    return steps.get(0);
  }

  KStep at(String label) {
    KStep s = byLabel.get(label);
    if (s == null) {
      throw new IllegalStateException(name + ": no label " + label);
    }
    return s;
  }

  public List<KStep> steps() {
    return List.copyOf(steps);
  }

  /** Every step of every function, by id; ids start at 1 (0 means "no step"). */
  static final class StepTable {
    final List<KStep> all = new ArrayList<>();

    StepTable() {
      all.add(null);
    }

    KStep add(KFunction f, String label, String what, KStep.Guard guard, KStep.Body body) {
      KStep s = new KStep(all.size(), f, label, what, guard, body);
      all.add(s);
      return s;
    }

    /** The step that takes {@code old}'s place (and id). */
    KStep replace(KStep old, String what, KStep.Guard guard, KStep.Body body) {
      KStep s = new KStep(old.id, old.function, old.label, what, guard, body);
      all.set(old.id, s);
      return s;
    }

    KStep get(int id) {
      return all.get(id);
    }
  }
}
