package schedcheck.checker;

import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.paramgen.LongGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck on {@link ConcurrentFingerprintSet#settle} racing {@link
 * ConcurrentFingerprintSet#claim}: two fingerprints (0 among them) and three claim orders,
 * so that a settle meets the claim it names while another thread lowers it. A settle that
 * compares, then writes (instead of one compare-and-set) loses that lower claim and fails
 * this test; the wider {@link ConcurrentFingerprintSetLincheckTest} rarely builds the race.
 */
@Param(name = "fp", gen = LongGen.class, conf = "0:1")
@Param(name = "order", gen = IntGen.class, conf = "0:2")
public class ConcurrentFingerprintSetSettleLincheckTest {

  private final ConcurrentFingerprintSet set = new ConcurrentFingerprintSet(16);

  @Operation
  public int claim(@Param(name = "fp") long fp, @Param(name = "order") int order) {
    return set.claim(fp * 16, ConcurrentFingerprintSet.claimOf(order));
  }

  @Operation
  public boolean settle(@Param(name = "fp") long fp, @Param(name = "order") int order) {
    return set.settle(fp * 16, ConcurrentFingerprintSet.claimOf(order), 7);
  }

  @Operation
  public long value(@Param(name = "fp") long fp) {
    return set.value(fp * 16);
  }

  @Test
  void modelChecking() {
    LinChecker.check(getClass(), new ModelCheckingOptions()
        .iterations(12)
        .invocationsPerIteration(100)
        .threads(2)
        .actorsPerThread(3));
  }
}
