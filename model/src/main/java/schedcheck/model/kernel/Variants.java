package schedcheck.model.kernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every kernel variant schedcheck knows; {@code schedcheck list variants} prints them. */
public final class Variants {
  private Variants() {}

  public static final Variant FUTEX_F1 = new Variant(
      "futex-f1-unlocked-check",
      "FUTEX_WAIT reads the futex word before taking the bucket lock and queues without re-checking it (W2 before W1)",
      "A.F1");
  public static final Variant FUTEX_F3 = new Variant(
      "futex-f3-chain-empty-fastpath",
      "FUTEX_WAKE's fast path tests whether the bucket chain is empty instead of the waiters count (K1)",
      "A.F3");
  public static final Variant FUTEX_SWAP_F7 = new Variant(
      "futex-swap-f7-no-wake-on-error",
      "FUTEX_SWAP returns -EAGAIN from the wait half without waking the task its wake half dequeued (S2)",
      "A.F7");

  private static final Map<String, Variant> ALL = new LinkedHashMap<>();

  static {
    for (Variant v : List.of(FUTEX_F1, FUTEX_F3, FUTEX_SWAP_F7)) {
      ALL.put(v.name(), v);
    }
  }

  public static List<Variant> all() {
    return List.copyOf(ALL.values());
  }

  public static Set<String> names() {
    return ALL.keySet();
  }

  public static Variant byName(String name) {
    return ALL.get(name);
  }
}
