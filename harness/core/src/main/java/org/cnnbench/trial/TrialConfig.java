package org.cnnbench.trial;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.cnnbench.spec.CatalogEntry;
import org.cnnbench.spec.json.ModelSet;
import org.cnnbench.spi.Device;

/**
 * Everything a trial process needs to know, written by the runner as a properties file.
 *
 * @param runId the run
 * @param trialId the trial, unique in the run
 * @param framework adapter name
 * @param dataset dataset name
 * @param model catalogue model name
 * @param device where to run
 * @param repetition repetition number, from 1
 * @param epochs epochs to train
 * @param batchSize examples per step
 * @param samples cap on training examples before the validation split, 0 for none
 * @param seed seed of weights and data order
 * @param threads pinned intra-op threads
 * @param datasetsDir the datasets folder
 * @param datasetOptions dataset options from the command line (e.g. {@code fruits.dir}, {@code
 *     augment})
 * @param learningRate the optimizer's learning rate ({@code -Dlr}), or 0 for the model's own
 * @param modelFile for a model read from a file ({@code -Dmodel.file}): its absolute path, {@code
 *     #} and the SHA-256 the runner read; empty for a catalogue model
 */
public record TrialConfig(
    String runId,
    String trialId,
    String framework,
    String dataset,
    String model,
    Device device,
    int repetition,
    int epochs,
    int batchSize,
    int samples,
    long seed,
    int threads,
    Path datasetsDir,
    Map<String, String> datasetOptions,
    double learningRate,
    String modelFile) {

  /** Copies the options. */
  public TrialConfig {
    datasetOptions = Map.copyOf(datasetOptions);
    modelFile = modelFile == null ? "" : modelFile;
  }

  /**
   * A config of a catalogue model.
   *
   * @param runId the run
   * @param trialId the trial
   * @param framework adapter name
   * @param dataset dataset name
   * @param model catalogue model name
   * @param device where to run
   * @param repetition repetition number
   * @param epochs epochs to train
   * @param batchSize examples per step
   * @param samples training-example cap, 0 for none
   * @param seed seed
   * @param threads pinned threads
   * @param datasetsDir datasets folder
   * @param datasetOptions dataset options
   * @param learningRate the learning rate, or 0 for the model's own
   */
  public TrialConfig(
      String runId,
      String trialId,
      String framework,
      String dataset,
      String model,
      Device device,
      int repetition,
      int epochs,
      int batchSize,
      int samples,
      long seed,
      int threads,
      Path datasetsDir,
      Map<String, String> datasetOptions,
      double learningRate) {
    this(
        runId,
        trialId,
        framework,
        dataset,
        model,
        device,
        repetition,
        epochs,
        batchSize,
        samples,
        seed,
        threads,
        datasetsDir,
        datasetOptions,
        learningRate,
        "");
  }

  /**
   * @param value the model file as {@code path#sha256}, or empty for a catalogue model
   * @return a copy for that model file
   */
  public TrialConfig withModelFile(String value) {
    return new TrialConfig(
        runId,
        trialId,
        framework,
        dataset,
        model,
        device,
        repetition,
        epochs,
        batchSize,
        samples,
        seed,
        threads,
        datasetsDir,
        datasetOptions,
        learningRate,
        value);
  }

  /**
   * The trial's model: the catalogue's, or the one read again from its file, which must still have
   * the SHA-256 the runner read.
   *
   * @return the model with its quick settings
   * @throws org.cnnbench.spec.SpecException if the file changed or cannot be read
   */
  public CatalogEntry modelEntry() {
    return ModelSet.fromReferences(modelFile.isEmpty() ? List.of() : List.of(modelFile))
        .entry(model);
  }

  /**
   * A config with the model's own learning rate.
   *
   * @param runId the run
   * @param trialId the trial
   * @param framework adapter name
   * @param dataset dataset name
   * @param model catalogue model name
   * @param device where to run
   * @param repetition repetition number
   * @param epochs epochs to train
   * @param batchSize examples per step
   * @param samples training-example cap, 0 for none
   * @param seed seed
   * @param threads pinned threads
   * @param datasetsDir datasets folder
   * @param datasetOptions dataset options
   */
  public TrialConfig(
      String runId,
      String trialId,
      String framework,
      String dataset,
      String model,
      Device device,
      int repetition,
      int epochs,
      int batchSize,
      int samples,
      long seed,
      int threads,
      Path datasetsDir,
      Map<String, String> datasetOptions) {
    this(
        runId,
        trialId,
        framework,
        dataset,
        model,
        device,
        repetition,
        epochs,
        batchSize,
        samples,
        seed,
        threads,
        datasetsDir,
        datasetOptions,
        0,
        "");
  }

  private static final String OPTION_PREFIX = "dataset_option.";

  /**
   * @param file destination
   * @throws IOException if it cannot be written
   */
  public void write(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("run_id", runId);
    p.setProperty("trial_id", trialId);
    p.setProperty("framework", framework);
    p.setProperty("dataset", dataset);
    p.setProperty("model", model);
    p.setProperty("device", device.id());
    p.setProperty("repetition", String.valueOf(repetition));
    p.setProperty("epochs", String.valueOf(epochs));
    p.setProperty("batch_size", String.valueOf(batchSize));
    p.setProperty("samples", String.valueOf(samples));
    p.setProperty("seed", String.valueOf(seed));
    p.setProperty("threads", String.valueOf(threads));
    p.setProperty("datasets_dir", datasetsDir.toAbsolutePath().toString());
    datasetOptions.forEach((k, v) -> p.setProperty(OPTION_PREFIX + k, v));
    if (learningRate > 0) {
      p.setProperty("learning_rate", String.valueOf(learningRate));
    }
    if (!modelFile.isEmpty()) {
      p.setProperty("model_file", modelFile);
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "cnn-bench trial");
    }
  }

  private static Map<String, String> options(Properties p) {
    Map<String, String> options = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith(OPTION_PREFIX)) {
        options.put(key.substring(OPTION_PREFIX.length()), p.getProperty(key));
      }
    }
    return options;
  }

  /**
   * @param file a file written by {@link #write}
   * @return the config
   * @throws IOException if it cannot be read
   */
  public static TrialConfig read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return new TrialConfig(
        p.getProperty("run_id"),
        p.getProperty("trial_id"),
        p.getProperty("framework"),
        p.getProperty("dataset"),
        p.getProperty("model"),
        Device.of(p.getProperty("device")),
        Integer.parseInt(p.getProperty("repetition")),
        Integer.parseInt(p.getProperty("epochs")),
        Integer.parseInt(p.getProperty("batch_size")),
        Integer.parseInt(p.getProperty("samples")),
        Long.parseLong(p.getProperty("seed")),
        Integer.parseInt(p.getProperty("threads")),
        Path.of(p.getProperty("datasets_dir")),
        options(p),
        Double.parseDouble(p.getProperty("learning_rate", "0")),
        p.getProperty("model_file", ""));
  }
}
