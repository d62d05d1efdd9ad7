package schedcheck.checker;

import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.paramgen.LongGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: every concurrent history of {@link ConcurrentFingerprintSet}'s operations is
 * linearizable (the sequential specification is the set itself run on one thread). A
 * 16-slot table and six fingerprints (0 among them, kept apart) make the threads probe the
 * same slots, race for the same empty slot and lower the same claim. Both of Lincheck's
 * strategies: model checking (every interleaving of a few operations, with the
 * compare-and-sets as switch points) and stress (real threads). Sizes keep the pair under
 * about 30 s on 2 cores; a racy claim (a plain write in place of the compare-and-set) fails
 * the model-checking run within them. No extra JVM flags are needed on Java 17.
 */
@Param(name = "fp", gen = LongGen.class, conf = "0:5")
@Param(name = "order", gen = IntGen.class, conf = "0:7")
@Param(name = "id", gen = IntGen.class, conf = "0:3")
public class ConcurrentFingerprintSetLincheckTest {

  private final ConcurrentFingerprintSet set = new ConcurrentFingerprintSet(16);

  /** Fingerprints that all start probing near each other in 16 slots (0 stays 0). */
  private static long spread(long fp) {
    return fp == 0 ? 0 : fp * 16;
  }

  @Operation
  public int claim(@Param(name = "fp") long fp, @Param(name = "order") int order) {
    return set.claim(spread(fp), ConcurrentFingerprintSet.claimOf(order));
  }

  @Operation
  public void store(@Param(name = "fp") long fp, @Param(name = "id") int id) {
    set.store(spread(fp), id);
  }

  @Operation
  public boolean settle(@Param(name = "fp") long fp, @Param(name = "order") int order, @Param(name = "id") int id) {
    return set.settle(spread(fp), ConcurrentFingerprintSet.claimOf(order), id);
  }

  @Operation
  public long value(@Param(name = "fp") long fp) {
    return set.value(spread(fp));
  }

  @Operation
  public boolean isStored(@Param(name = "fp") long fp) {
    return set.isStored(spread(fp));
  }

  @Test
  void modelChecking() {
    LinChecker.check(getClass(), new ModelCheckingOptions()
        .iterations(10)
        .invocationsPerIteration(100)
        .threads(3)
        .actorsPerThread(2));
  }

  @Test
  void stress() {
    LinChecker.check(getClass(), new StressOptions()
        .iterations(20)
        .invocationsPerIteration(300)
        .threads(3)
        .actorsPerThread(3));
  }
}
