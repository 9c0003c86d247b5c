package org.cnnbench.runner;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.cnnbench.host.Terminal;

/**
 * Live progress of a run: a progress bar per trial on a terminal, plain periodic lines otherwise
 * (CI logs). Shows epoch, step, images/s and estimated times left for the trial and the run.
 */
public final class Progress {

  private static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;

  private final long plainIntervalNanos;
  private final PrintStream console;
  private final boolean terminal;
  private final int trials;
  private final long runStart = System.nanoTime();
  private int trialsDone;
  private double secondsPerTrialDone;
  private ProgressBar bar;
  private String trialId;
  private long trialStart;
  private int epochs;
  private int stepsPerEpoch;
  private long lastPlain;

  Progress(PrintStream console, boolean terminal, int trials) {
    this(console, terminal, trials, PLAIN_INTERVAL_NANOS);
  }

  Progress(PrintStream console, boolean terminal, int trials, long plainIntervalNanos) {
    this.plainIntervalNanos = plainIntervalNanos;
    this.console = console;
    this.terminal = terminal;
    this.trials = trials;
  }

  /**
   * @return true when standard output is an interactive terminal
   */
  static boolean isTerminal() {
    return Terminal.attached() && !"true".equalsIgnoreCase(System.getenv("CI"));
  }

  void trialStarted(String id) {
    trialId = id;
    trialStart = System.nanoTime();
    lastPlain = trialStart;
  }

  void trainingStarted(int epochCount, int steps) {
    epochs = epochCount;
    stepsPerEpoch = steps;
    if (terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(trialId)
              .setInitialMax((long) epochs * stepsPerEpoch)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(500)
              .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(console))
              .build();
    }
  }

  void step(int epoch, int step, String imagesPerSecond) {
    long done = (long) (epoch - 1) * stepsPerEpoch + step;
    long total = (long) epochs * stepsPerEpoch;
    double elapsed = (System.nanoTime() - trialStart) / 1e9;
    double trialLeft = done > 0 ? elapsed * (total - done) / done : Double.NaN;
    String message =
        String.format(
            Locale.ROOT,
            "epoch %d/%d, %s img/s, trial ETA %s, run ETA %s",
            epoch,
            epochs,
            imagesPerSecond,
            duration(trialLeft),
            duration(runLeft(trialLeft)));
    if (bar != null) {
      bar.stepTo(done);
      bar.setExtraMessage(message);
    } else if (System.nanoTime() - lastPlain >= plainIntervalNanos) {
      lastPlain = System.nanoTime();
      console.printf(Locale.ROOT, "    step %d/%d: %s%n", done, total, message);
    }
  }

  void trialFinished() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    trialsDone++;
    secondsPerTrialDone = (System.nanoTime() - runStart) / 1e9 / trialsDone;
  }

  void trialSkipped() {
    trialsDone++;
  }

  private double runLeft(double trialLeft) {
    int after = trials - trialsDone - 1;
    if (after <= 0) {
      return trialLeft;
    }
    return secondsPerTrialDone > 0 ? trialLeft + after * secondsPerTrialDone : Double.NaN;
  }

  public static String duration(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return "?";
    }
    Duration d = Duration.ofSeconds(Math.round(seconds));
    return d.toHours() > 0
        ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
  }
}
