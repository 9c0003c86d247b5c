package org.cnnbench.spec.json;

import org.cnnbench.spec.SpecException;

/** A model file that cannot be read or asks for something cnn-bench does not support. */
public final class ModelFileException extends SpecException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the file, the layer or position, and what to change
   */
  public ModelFileException(String message) {
    super(message);
  }
}
