package schedcheck.app;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a search cost and why it took longer than a second: {@code schedcheck bench}'s JSON
 * {@code cause} and {@code why}, which {@code bench/truth.sh} prints next to every search over
 * 1 s (issue 8: "every shipped example and every scenario under bench/ searches in under 1
 * second, or the bench says why not").
 *
 * <p>A search's time here is the safety search's seconds plus the liveness pass's, the part of
 * a {@code check} after the scenario is parsed. The first run of a JVM is the cold one (what a
 * user's {@code check} waits for, start-up aside); the fastest of a {@code --repeat} is the warm
 * one. The cause is the first that applies, in this order:
 *
 * <ol>
 *   <li>{@link #UNDER} — the cold search took at most {@link #LIMIT} seconds;
 *   <li>{@link #JIT} — only the cold run did: a warm run (the same search with the JIT's code
 *       already compiled) takes at most a second;
 *   <li>{@link #CUT} — a limit (states, time, memory) stopped it: its size is the limit's;
 *   <li>{@link #LIVENESS} — the liveness pass (fair cycles) took at least half of the warm
 *       time;
 *   <li>{@link #PER_STATE} — fewer than {@link #SLOW_RATE} states a second warm (safety search):
 *       each state costs more than usual (large states, many transitions per state, or a costly
 *       property);
 *   <li>{@link #STATE_SPACE} — otherwise: the search is as fast per state as usual and there
 *       are simply that many states.
 * </ol>
 *
 * The text after the cause gives the figures it rests on and what the search ran with (kernel
 * detail, properties, symmetry, partial-order reduction), so a reader sees which switch or
 * change of the scenario could bring it under a second.
 *
 * @param detail {@code steps} or {@code syscall}
 * @param check the properties checked
 * @param states the safety search's stored states
 * @param transitions the safety search's transitions
 * @param depth the safety search's deepest execution
 * @param safetySeconds the warm (fastest) run's safety search
 * @param livenessStates the liveness pass's states, -1 when none ran
 * @param livenessSeconds the warm run's liveness pass, -1 when none ran
 * @param coldSeconds the first run's safety search and liveness pass together
 * @param warmSeconds the fastest run's safety search and liveness pass together; -1 when the
 *     search ran only once (then nothing tells JIT warm-up from search)
 * @param symmetryOrder how many renamings the symmetry reduction folds together (1: none
 *     applies), at both detail levels; -1 where not known
 * @param por {@code "on"}, {@code "off"} (applies, not asked for: {@code --por}), {@code "n/a"}
 * @param movers whether the mover reduction ran
 * @param cuts what cut the safety search or liveness pass (empty: complete)
 * @param violated whether the search stopped at a violation
 */
record SearchCost(
    String detail,
    List<String> check,
    long states,
    long transitions,
    int depth,
    double safetySeconds,
    long livenessStates,
    double livenessSeconds,
    double coldSeconds,
    double warmSeconds,
    int symmetryOrder,
    String por,
    boolean movers,
    Map<String, Long> cuts,
    boolean violated) {

  /** The time a search may take without a reason given, in seconds. */
  static final double LIMIT = 1.0;
  /**
   * Below this many states per second (warm safety search) a search is slow per state: the
   * futex ring's kernel steps run at 0.4-0.7 M states/s warm on the 2-core bench machine, the
   * slowest shipped examples of normal cost at about 0.2 M.
   */
  static final double SLOW_RATE = 100_000;

  static final String UNDER = "under 1 s";
  static final String JIT = "JIT warm-up";
  static final String CUT = "cut by a limit";
  static final String LIVENESS = "liveness pass";
  static final String PER_STATE = "per-state cost";
  static final String STATE_SPACE = "state space";

  SearchCost {
    check = List.copyOf(check);
    cuts = Map.copyOf(cuts);
  }

  /** The warm figure when there is one, else the cold one. */
  double seconds() {
    return warmSeconds >= 0 ? warmSeconds : coldSeconds;
  }

  /** The first cause that applies (see the class comment). */
  String cause() {
    if (coldSeconds <= LIMIT) {
      return UNDER;
    }
    if (warmSeconds >= 0 && warmSeconds <= LIMIT) {
      return JIT;
    }
    if (cuts.keySet().stream().anyMatch(k -> k.endsWith("states") || k.endsWith("time") || k.endsWith("memory"))) {
      return CUT;
    }
    if (livenessSeconds >= 0 && livenessSeconds >= seconds() / 2) {
      return LIVENESS;
    }
    if (safetySeconds > 0 && states / safetySeconds < SLOW_RATE) {
      return PER_STATE;
    }
    return STATE_SPACE;
  }

  /** The cause with the figures it rests on, and the search's settings; empty when under a second. */
  String why() {
    String cause = cause();
    if (cause.equals(UNDER)) {
      return "";
    }
    String head = switch (cause) {
      case JIT -> String.format(Locale.ROOT, "%s: a warm run takes %.2f s, the cold one %.2f s", JIT, warmSeconds,
          coldSeconds);
      case CUT -> String.format(Locale.ROOT, "%s (%s) at %s states", CUT, String.join(", ", new TreeSet<>(cuts.keySet())),
          count(states));
      case LIVENESS -> String.format(Locale.ROOT, "%s %d %% (%.2f of %.2f s, %s states)", LIVENESS,
          Math.round(100 * livenessSeconds / seconds()), livenessSeconds, seconds(), count(livenessStates));
      case PER_STATE -> String.format(Locale.ROOT, "%s: %s states/s, %.1f transitions a state", PER_STATE,
          count(Math.round(states / safetySeconds)), transitions / (double) Math.max(1, states));
      default -> String.format(Locale.ROOT, "%s: %s states, %s transitions, depth %d", STATE_SPACE, count(states),
          count(transitions), depth);
    };
    StringBuilder b = new StringBuilder(head);
    if (!cause.equals(STATE_SPACE) && !cause.equals(CUT)) {
      b.append(String.format(Locale.ROOT, "; %s states, %s transitions, depth %d", count(states), count(transitions),
          depth));
    }
    if (!cause.equals(JIT)) {
      if (warmSeconds >= 0) {
        b.append(String.format(Locale.ROOT, "; %.2f s warm, %.2f s cold", warmSeconds, coldSeconds));
      } else {
        // a single run: nothing tells JIT warm-up from search
        b.append(String.format(Locale.ROOT, "; %.2f s in one (cold) run", coldSeconds));
      }
      if (livenessSeconds >= 0 && !cause.equals(LIVENESS)) {
        b.append(String.format(Locale.ROOT, ", liveness %d %%", Math.round(100 * livenessSeconds / seconds())));
      }
    }
    b.append("; ").append(settings());
    if (violated) {
      b.append("; stopped at a violation");
    }
    return b.toString();
  }

  /** Kernel detail, properties and reductions, e.g. {@code steps, check lost-wakeup+deadlock, symmetry x2, POR off (applies: --por)}. */
  String settings() {
    StringBuilder b = new StringBuilder(detail).append(", check ").append(String.join("+", check));
    if (symmetryOrder > 1) {
      b.append(", symmetry x").append(symmetryOrder);
    } else if (symmetryOrder == 1) {
      b.append(", no symmetry");
    }
    switch (por) {
      case "on" -> b.append(", POR on");
      case "off" -> b.append(", POR off (applies: --por)");
      default -> { }
    }
    if (movers) {
      b.append(", movers");
    }
    return b.toString();
  }

  /** 779784 as {@code 779,784}; a million and more as {@code 1.2 M}. */
  static String count(long n) {
    if (n >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1f M", n / 1e6);
    }
    return String.format(Locale.ROOT, "%,d", n);
  }
}
