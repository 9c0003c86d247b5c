package org.cnnbench.spec.json;

import java.util.List;
import java.util.Objects;
import org.cnnbench.spec.ModelSpec;

/**
 * A model read from a file, with where it came from.
 *
 * @param spec the model
 * @param format the file's format
 * @param fileName the file's name (no folder)
 * @param sha256 hex SHA-256 of the file's bytes
 * @param defaults what the file did not say and cnn-bench chose, one sentence each (e.g. the
 *     optimizer when a Keras file has no compile config); empty when the file said everything
 */
public record ModelFile(
    ModelSpec spec, ModelFormat format, String fileName, String sha256, List<String> defaults) {

  /** Copies the defaults. */
  public ModelFile {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(format, "format");
    defaults = List.copyOf(defaults);
  }

  /**
   * @return a one-line source for reports, e.g. {@code fruit.json (Keras 3, sha256 ab12...)}
   */
  public String describe() {
    return fileName + " (" + format.displayName() + ", sha256 " + sha256 + ")";
  }
}
