package schedcheck.app;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import schedcheck.checker.Progress;

/** A progress line on stderr (states, states/s, queue, depth) for long searches on a terminal. */
final class TerminalProgress implements Progress {
  private final String name;
  private ProgressBar bar;

  TerminalProgress(String name) {
    this.name = name;
  }

  /** Progress on a terminal, nothing otherwise. */
  static Progress forTerminal(String name) {
    return System.console() != null ? new TerminalProgress(name) : Progress.NONE;
  }

  @Override
  public void update(long states, long transitions, long queued, int depth, double seconds) {
    if (seconds < 1.0) {
      return;
    }
    if (bar == null) {
      bar = new ProgressBarBuilder()
          .setTaskName(name)
          .setInitialMax(-1)
          .setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
          .setUnit(" states", 1)
          .hideEta()
          .build();
    }
    bar.stepTo(states);
    bar.setExtraMessage(String.format(" %,.0f states/s, queue %,d, depth %d", states / seconds, queued, depth));
  }

  @Override
  public void done() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
