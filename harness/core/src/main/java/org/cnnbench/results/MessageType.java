package org.cnnbench.results;

import java.util.Optional;

/**
 * The types of the protocol lines a trial's process (and the parity and JMH processes) send to the
 * runner; the text after the protocol prefix.
 */
public enum MessageType {
  /** Training begins: {@code epochs}, {@code steps_per_epoch}. */
  START("start"),
  /**
   * Progress within an epoch, about once a second: {@code epoch}, {@code step}, {@code
   * images_per_second}.
   */
  STEP("step"),
  /** Versions of the framework and its libraries, recorded in {@code environment.csv}. */
  ENV("env"),
  /** Notes of the dataset as loaded, recorded in {@code environment.csv}. */
  DATA("data"),
  /** One finished epoch: the {@link EpochColumn} fields after the trial's identity. */
  EPOCH("epoch"),
  /**
   * The trial's (or probe's) last line: {@link TrialColumn} fields, {@code status} and {@code
   * reason}.
   */
  RESULT("result"),
  /** A parity probe's outcome for one model: {@code model}, {@code status}, {@code reason}. */
  PARITY("parity"),
  /** One JMH benchmark's numbers. */
  JMH("jmh"),
  /** A JMH benchmark that produced no result: {@code benchmark}, {@code reason}. */
  JMH_FAILURE("jmh-failure");

  private final String wire;

  MessageType(String wire) {
    this.wire = wire;
  }

  /**
   * @return the type as written in a protocol line
   */
  public String wire() {
    return wire;
  }

  /**
   * @param text the type of a protocol line
   * @return the type, or empty for one this version does not know
   */
  public static Optional<MessageType> fromWire(String text) {
    for (MessageType t : values()) {
      if (t.wire.equals(text)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
