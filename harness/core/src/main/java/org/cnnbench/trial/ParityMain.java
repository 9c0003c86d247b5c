package org.cnnbench.trial;

import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.cnnbench.host.AdapterWorkspace;
import org.cnnbench.results.MessageType;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Optimizer;
import org.cnnbench.spec.json.ModelSet;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.Frameworks;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.text.Splits;
import org.cnnbench.weights.InitialWeights;
import org.cnnbench.weights.ModelWeights;
import org.cnnbench.weights.ParameterTensor;

/**
 * The parity probe run in one framework's process: from the shared initial weights and one fixed
 * batch it records the forward outputs, the weights after one SGD step and after one Adam step, for
 * the runner to compare across frameworks. (The data order is the harness's, not the framework's:
 * each trial records the hash of the order it fed, {@code data_order_sha256} in trials.csv.)
 */
public final class ParityMain {

  /** Learning rate of the one-step SGD check. */
  public static final double SGD_LEARNING_RATE = 0.1;

  private ParityMain() {}

  /**
   * A fixed batch of a model's input shape: pixels in [0, 1], labels from the model's classes.
   *
   * @param spec the model
   * @param size examples
   * @param seed seed
   * @return the batch
   */
  public static Batch batch(ModelSpec spec, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[size * spec.input().size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      labels[i] = i % spec.classes();
    }
    return new Batch(x, labels, size);
  }

  /**
   * How parity treats dropout: frameworks draw their masks from different random generators, so no
   * two could ever agree on a training step with dropout. Every check runs dropout in inference
   * mode.
   */
  public static final String DROPOUT_MODE =
      "dropout in inference mode (identity) in every check, forward"
          + " and training steps: masks from different random generators cannot be identical";

  /**
   * The model the parity checks use: the same layers and weights with each Dropout's rate set to 0,
   * so it is the identity in training steps too (see {@link #DROPOUT_MODE}).
   *
   * @param spec a model
   * @return the model with dropout in inference mode; the same object when it has no dropout
   */
  public static ModelSpec paritySpec(ModelSpec spec) {
    if (spec.layers().stream().noneMatch(l -> l instanceof Layer.Dropout)) {
      return spec;
    }
    List<Layer> layers =
        spec.layers().stream()
            .map(l -> l instanceof Layer.Dropout ? (Layer) new Layer.Dropout(0) : l)
            .toList();
    return new ModelSpec(
        spec.name(),
        spec.input(),
        layers,
        spec.loss(),
        spec.optimizer(),
        spec.batchSize(),
        spec.epochs(),
        spec.seed(),
        spec.validationSplit());
  }

  /** The optimizers of the two one-step checks, by check name. */
  public static Map<String, Optimizer> steps() {
    Map<String, Optimizer> steps = new LinkedHashMap<>();
    steps.put("sgd_step", new Optimizer.Sgd(SGD_LEARNING_RATE));
    steps.put("adam_step", Optimizer.Adam.kerasDefaults());
    return steps;
  }

  /**
   * Runs the probe described by a properties file (framework, models, seed, batch, threads, out).
   *
   * @param args the properties file
   */
  public static void main(String[] args) throws IOException {
    PrintStream protocol =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    TrialMain.exitWithParent();
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    String framework = p.getProperty("framework");
    long seed = Long.parseLong(p.getProperty("seed"));
    int size = Integer.parseInt(p.getProperty("batch"));
    int threads = Integer.parseInt(p.getProperty("threads"));
    Path out = Path.of(p.getProperty("out"));
    Map<String, String> result = new LinkedHashMap<>();
    try {
      FrameworkProvider provider = Frameworks.get(framework);
      try (AdapterWorkspace workspace =
              AdapterWorkspace.create(provider, out.resolve(framework + ".scratch"));
          FrameworkSession session = provider.open(Device.CPU, threads, workspace.context())) {
        result.put("framework_version", session.frameworkVersion());
        String files = p.getProperty("model_files", "");
        ModelSet models =
            ModelSet.fromReferences(
                files.isEmpty() ? List.of() : List.of(Splits.dropTrailingEmpty(files, ",")));
        for (String model : Splits.dropTrailingEmpty(p.getProperty("models"), ",")) {
          Map<String, String> row = new LinkedHashMap<>();
          row.put("model", model);
          try {
            probe(
                session,
                paritySpec(models.entry(model).spec().withSeed(seed)),
                size,
                out.resolve(framework + "-" + model + ".bin"));
            row.put("status", TrialStatus.OK.name());
          } catch (RuntimeException e) {
            e.printStackTrace();
            row.put("status", TrialStatus.FAILED.name());
            row.put("reason", e.getClass().getSimpleName() + ": " + e.getMessage());
          }
          protocol.println(Protocol.encode(MessageType.PARITY, row));
        }
      }
      result.put("status", TrialStatus.OK.name());
    } catch (RuntimeException e) {
      e.printStackTrace();
      result.put("status", TrialStatus.FAILED.name());
      result.put("reason", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    protocol.println(Protocol.encode(MessageType.RESULT, result));
    protocol.flush();
    Runtime.getRuntime().halt(0);
  }

  private static void probe(FrameworkSession session, ModelSpec spec, int size, Path file)
      throws RuntimeException {
    ModelWeights initial = InitialWeights.glorotUniform(spec, spec.seed());
    Batch batch = batch(spec, size, spec.seed());
    List<float[]> arrays = new ArrayList<>();
    try (TrainableNetwork net = session.build(spec)) {
      net.loadWeights(initial);
      arrays.add(net.evaluateBatch(batch).outputs());
    }
    for (Optimizer optimizer : steps().values()) {
      try (TrainableNetwork net = session.build(spec.withOptimizer(optimizer))) {
        net.loadWeights(initial);
        net.trainBatch(batch);
        arrays.add(flatten(net.exportWeights()));
      }
    }
    try (DataOutputStream w = new DataOutputStream(Files.newOutputStream(file))) {
      w.writeInt(arrays.size());
      for (float[] a : arrays) {
        w.writeInt(a.length);
        for (float v : a) {
          w.writeFloat(v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param weights weights in canonical order
   * @return all values, tensor after tensor
   */
  public static float[] flatten(ModelWeights weights) {
    int n = 0;
    for (ParameterTensor t : weights.tensors()) {
      n += t.values().length;
    }
    float[] all = new float[n];
    int at = 0;
    for (ParameterTensor t : weights.tensors()) {
      System.arraycopy(t.values(), 0, all, at, t.values().length);
      at += t.values().length;
    }
    return all;
  }
}
