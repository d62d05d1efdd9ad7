package schedcheck.app;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as scenario files and the command line write them: 500ms, 30s, 10m, 1h30m. */
final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  static Duration parse(String text) {
    Matcher m = PART.matcher(text.trim());
    Duration d = Duration.ZERO;
    int at = 0;
    while (m.find() && m.start() == at) {
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      });
      at = m.end();
    }
    if (at == 0 || at != text.trim().length()) {
      throw new IllegalArgumentException("expected a duration like 30s, 10m or 1h30m, found '" + text + "'");
    }
    return d;
  }
}
