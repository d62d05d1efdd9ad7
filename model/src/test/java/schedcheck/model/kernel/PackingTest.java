package schedcheck.model.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import schedcheck.checker.Scratch;
import schedcheck.checker.Successors;
import schedcheck.model.scenario.ScenarioParser;

/** The frontier's packed kernel states: exact round trips, a few dozen bytes for a real state. */
class PackingTest {

  @net.jqwik.api.Property(tries = 300)
  void roundTripsAnyState(@ForAll @Size(min = 1, max = 400) List<Integer> base, @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 100) int changedPercent) {
    int[] b = base.stream().mapToInt(Integer::intValue).toArray();
    java.util.Random r = new java.util.Random(seed);
    Packing p = new Packing(b);
    for (int round = 0; round < 5; round++) {
      int[] v = b.clone();
      for (int i = 0; i < v.length; i++) {
        if (r.nextInt(100) < changedPercent) {
          v[i] = switch (r.nextInt(4)) {
            case 0 -> v[i] + r.nextInt(64) - 32;
            case 1 -> r.nextInt();
            case 2 -> r.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            default -> -v[i];
          };
        }
      }
      int[] back = new int[v.length];
      p.unpack(p.pack(v), back);
      assertArrayEquals(v, back);
    }
  }

  /**
   * The packed bytes are those of the encoding as first written (run by run, kept here as the
   * reference): the frontier's format, and so its memory, does not change with a faster
   * packer. Runs longer than 128, differences of every size (zigzag varints, 2^30 and more).
   */
  @net.jqwik.api.Property(tries = 300)
  void sameBytesAsTheReferenceEncoding(@ForAll @Size(min = 1, max = 400) List<Integer> base, @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 100) int changedPercent) {
    int[] b = base.stream().mapToInt(Integer::intValue).toArray();
    java.util.Random r = new java.util.Random(seed);
    Packing p = new Packing(b);
    for (int round = 0; round < 5; round++) {
      int[] v = b.clone();
      for (int i = 0; i < v.length; i++) {
        if (r.nextInt(100) < changedPercent) {
          v[i] = switch (r.nextInt(5)) {
            case 0 -> v[i] + r.nextInt(64) - 32;
            case 1 -> r.nextInt();
            case 2 -> r.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            case 3 -> v[i] + (r.nextBoolean() ? 1 : -1) * (1 << 30);
            default -> -v[i];
          };
        }
      }
      assertArrayEquals(reference(b, v), p.pack(v));
    }
  }

  /** Packing.pack as first written: the reference for the format. */
  private static byte[] reference(int[] base, int[] v) {
    byte[] b = new byte[v.length * 6 + 8];
    int n = 0;
    int i = 0;
    while (i < v.length) {
      int d = v[i] - base[i];
      if (d == 0) {
        int run = 1;
        while (run < 128 && i + run < v.length && v[i + run] == base[i + run]) {
          run++;
        }
        b[n++] = (byte) (run - 1);
        i += run;
        continue;
      }
      int z = (d << 1) ^ (d >> 31);
      if (z <= 64 && z > 0) {
        b[n++] = (byte) (0x80 | (z - 1));
      } else {
        b[n++] = (byte) 0xc0;
        while ((z & ~0x7f) != 0) {
          b[n++] = (byte) ((z & 0x7f) | 0x80);
          z >>>= 7;
        }
        b[n++] = (byte) z;
      }
      i++;
    }
    return java.util.Arrays.copyOf(b, n);
  }

  /**
   * The reachable states of the futex ring (N = 3) near its start: each packs into a tenth of
   * its ints' bytes or less, and unpacks to itself.
   */
  @Test
  void realStatesPackSmall() throws Exception {
    KernelModel m = new KernelModel(ScenarioParser.parse(Path.of("..", "bench", "scenarios", "futex-ring-n3.yaml")));
    List<KState> states = new ArrayList<>(m.initialStates());
    for (int i = 0; i < states.size() && states.size() < 2000; i++) {
      m.successors(states.get(i), new Successors<>() {
        @Override
        public void next(StepInfo action, KState state) {
          states.add(state);
        }

        @Override
        public void next(StepInfo action, long fingerprint, Scratch<KState> target) {
          assertEquals(m.fingerprint(target.view()), fingerprint, "fingerprinted in the buffer");
          KState copy = target.copy();
          assertEquals(fingerprint, m.fingerprint(copy));
          Object packed = target.packed();
          assertEquals(copy, m.unpack(packed));
          assertTrue(((byte[]) packed).length * 10 <= copy.v.length * 4, "packed " + ((byte[]) packed).length
              + " bytes for " + copy.v.length + " ints");
          states.add(copy);
        }

        @Override
        public void cut(String bound) {}
      });
    }
    assertTrue(states.size() >= 2000);
    for (KState s : states) {
      assertEquals(s, m.unpack(m.pack(s)));
    }
  }
}
