package schedcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The memory limit a search checks: the one given, or a default below the heap's maximum. */
class MemoryLimitTest {

  @Test
  void withoutALimitTheDefaultIsNineTenthsOfTheHeap() {
    long max = Runtime.getRuntime().maxMemory();
    assertEquals((long) (max * MemoryLimit.DEFAULT_SHARE), new MemoryLimit(-1).bytes());
    assertEquals(512L << 20, new MemoryLimit(512L << 20).bytes());
    // a test JVM keeps far less than nine tenths of its heap live
    assertFalse(new MemoryLimit(-1).exceeded());
  }
}
