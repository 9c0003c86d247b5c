package org.cnnbench.report;

/**
 * What a {@link SpeedComparison} concludes about the first variant's training step time against the
 * second's, read from the 95 % confidence interval of their ratio.
 */
public enum SpeedVerdict {
  /** The whole interval lies below 1: the first variant's steps take less time. */
  FASTER,
  /** The whole interval lies above 1: the first variant's steps take more time. */
  SLOWER,
  /** The interval contains 1: the repetitions cannot tell the two apart. */
  NO_DETECTABLE_DIFFERENCE,
  /** One side has fewer than two OK repetitions, so no interval can be computed. */
  TOO_FEW_REPETITIONS
}
