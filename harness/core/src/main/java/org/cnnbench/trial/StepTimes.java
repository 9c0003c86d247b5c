package org.cnnbench.trial;

import java.util.Arrays;

/**
 * The timed training steps of a trial (or of one epoch) as the harness measured them, each step
 * kept so that the distribution is known (mean, median, 99th percentile), and, for an adapter whose
 * network lives in a worker process, as the worker measured its own forward, backward and update.
 * The difference between the two is what handing batches to the worker costs (copies, pipe
 * messages, process switches).
 */
final class StepTimes {

  private long[] nanos = new long[64];
  private int steps;
  private long harnessNanos;
  private double workerSeconds;
  private boolean workerTimed = true;

  /**
   * Adds one timed step.
   *
   * @param harnessNanos the step as the harness timed it
   * @param workerSeconds the step as the worker timed it, NaN if the adapter has no worker
   */
  void add(long harnessNanos, double workerSeconds) {
    if (steps == nanos.length) {
      nanos = Arrays.copyOf(nanos, 2 * steps);
    }
    nanos[steps++] = harnessNanos;
    this.harnessNanos += harnessNanos;
    if (Double.isNaN(workerSeconds)) {
      workerTimed = false;
    } else {
      this.workerSeconds += workerSeconds;
    }
  }

  /**
   * @return total seconds the worker timed, NaN when no or not every step was timed by a worker
   */
  double workerSeconds() {
    return workerTimed && steps > 0 ? workerSeconds : Double.NaN;
  }

  /**
   * @return mean harness milliseconds per timed step, NaN without timed steps
   */
  double harnessMsPerStep() {
    return steps > 0 ? harnessNanos / 1e6 / steps : Double.NaN;
  }

  /**
   * @return the median harness milliseconds of a timed step (the mean of the two middle steps for
   *     an even count), NaN without timed steps; the statistic JMH's {@code trainStep} median is
   *     compared with
   */
  double medianMs() {
    if (steps == 0) {
      return Double.NaN;
    }
    long[] sorted = sorted();
    int mid = steps / 2;
    return (steps % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0) / 1e6;
  }

  /**
   * @return the 99th percentile of the harness milliseconds of a timed step, by the nearest-rank
   *     method (the smallest step at least 99 % of the steps are no slower than), NaN without timed
   *     steps
   */
  double p99Ms() {
    if (steps == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(0.99 * steps);
    return sorted()[rank - 1] / 1e6;
  }

  /**
   * @return mean worker milliseconds per timed step, NaN when {@link #workerSeconds()} is
   */
  double workerMsPerStep() {
    return workerSeconds() * 1e3 / steps;
  }

  /**
   * @return harness time over worker time minus one (0.02 = 2 % overhead), NaN without worker times
   */
  double overhead() {
    double w = workerSeconds();
    return w > 0 ? harnessNanos / 1e9 / w - 1 : Double.NaN;
  }

  private long[] sorted() {
    long[] copy = Arrays.copyOf(nanos, steps);
    Arrays.sort(copy);
    return copy;
  }
}
