package schedcheck.app;

import java.io.PrintWriter;
import schedcheck.checker.Progress;

/**
 * Progress for CI logs ({@code check --ci}, or the environment variable {@code CI} set, with
 * stderr not a terminal): a plain line on stderr every {@link #intervalSeconds} seconds of a
 * long search, with the states, the rate, the queue, the depth and the Java heap in use.
 */
final class LogProgress implements Progress {
  /** Seconds between lines (the first comes after this long too). */
  static volatile double intervalSeconds = 10.0;

  private final String name;
  private final PrintWriter err;
  private double next = intervalSeconds;

  LogProgress(String name, PrintWriter err) {
    this.name = name;
    this.err = err;
  }

  @Override
  public void update(long states, long transitions, long queued, int depth, double seconds) {
    if (seconds < next) {
      return;
    }
    next = seconds + intervalSeconds;
    err.println(line(name, states, queued, depth, seconds));
    err.flush();
  }

  /** E.g. {@code schedcheck: p5.yaml: 1,234,567 states (98,765/s), queue 12,345, depth 40, 12.5 s, heap 512 MiB used}. */
  static String line(String name, long states, long queued, int depth, double seconds) {
    Runtime rt = Runtime.getRuntime();
    long used = (rt.totalMemory() - rt.freeMemory()) >> 20;
    long max = rt.maxMemory() >> 20;
    return String.format("schedcheck: %s: %,d states (%,.0f/s), queue %,d, depth %d, %.1f s, heap %,d MiB used of %,d MiB",
        name, states, seconds > 0 ? states / seconds : 0.0, queued, depth, seconds, used, max);
  }
}
