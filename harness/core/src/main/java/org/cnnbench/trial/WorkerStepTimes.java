package org.cnnbench.trial;

/**
 * The timed training steps of a trial as the harness measured them and, for an adapter whose network
 * lives in a worker process, as the worker measured its own forward, backward and update. The
 * difference is what handing batches to the worker costs (copies, pipe messages, process switches).
 */
final class WorkerStepTimes {

  private long steps;
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
    steps++;
    this.harnessNanos += harnessNanos;
    if (Double.isNaN(workerSeconds)) {
      workerTimed = false;
    } else {
      this.workerSeconds += workerSeconds;
    }
  }

  /** @return total seconds the worker timed, NaN when no or not every step was timed by a worker */
  double workerSeconds() {
    return workerTimed && steps > 0 ? workerSeconds : Double.NaN;
  }

  /** @return mean harness milliseconds per timed step, NaN without timed steps */
  double harnessMsPerStep() {
    return steps > 0 ? harnessNanos / 1e6 / steps : Double.NaN;
  }

  /** @return mean worker milliseconds per timed step, NaN when {@link #workerSeconds()} is */
  double workerMsPerStep() {
    return workerSeconds() * 1e3 / steps;
  }

  /** @return harness time over worker time minus one (0.02 = 2 % overhead), NaN without worker times */
  double overhead() {
    double w = workerSeconds();
    return w > 0 ? harnessNanos / 1e9 / w - 1 : Double.NaN;
  }
}
