package org.cnnbench.spec.json;

/** The formats a model file can have. */
public enum ModelFormat {
  /** cnn-bench's own spec JSON ({@code "format": "cnn-bench-model/1"}). */
  CNN_BENCH("cnn-bench spec"),
  /** Keras Sequential JSON of tf.keras 2.x ({@code batch_input_shape}, plain dtype strings). */
  TF_KERAS_2("tf.keras 2.x"),
  /**
   * Keras Sequential JSON of Keras 3 ({@code module}, {@code registered_name}, {@code
   * batch_shape}).
   */
  KERAS_3("Keras 3");

  private final String displayName;

  ModelFormat(String displayName) {
    this.displayName = displayName;
  }

  /**
   * @return the name for people and reports
   */
  public String displayName() {
    return displayName;
  }
}
