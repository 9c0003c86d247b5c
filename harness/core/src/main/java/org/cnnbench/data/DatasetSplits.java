package org.cnnbench.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The three parts a trial uses.
 *
 * @param train examples the model is trained on, before augmentation
 * @param validation examples evaluated after every epoch (may be empty)
 * @param test held-out examples evaluated once at the end
 * @param augmentation what each epoch's training examples go through (identity for none)
 * @param notes facts about the data for results and reports (counts, source, preprocessing)
 */
public record DatasetSplits(
    ExampleSource train,
    ExampleSource validation,
    ExampleSource test,
    Augmentation augmentation,
    Map<String, String> notes) {

  /** Copies the notes. */
  public DatasetSplits {
    notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
  }

  /**
   * Splits without augmentation.
   *
   * @param train training examples
   * @param validation validation examples
   * @param test test examples
   * @param notes facts about the data
   */
  public DatasetSplits(
      ExampleSource train,
      ExampleSource validation,
      ExampleSource test,
      Map<String, String> notes) {
    this(train, validation, test, Augmentation.NONE, notes);
  }

  /**
   * @param seed the trial's seed
   * @param epoch epoch number, from 1
   * @return the training examples as this epoch sees them
   */
  public ExampleSource trainForEpoch(long seed, int epoch) {
    return augmentation.apply(train, seed, epoch);
  }

  /**
   * A seeded transformation of the training examples, done by the harness so that every framework
   * sees exactly the same pixels.
   */
  @FunctionalInterface
  public interface Augmentation {
    /** No augmentation. */
    Augmentation NONE = (train, seed, epoch) -> train;

    /**
     * @param train the training examples
     * @param seed the trial's seed
     * @param epoch epoch number, from 1
     * @return the examples of this epoch
     */
    ExampleSource apply(ExampleSource train, long seed, int epoch);
  }
}
