package org.cnnbench.jmh;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.cnnbench.host.AdapterWorkspace;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.json.ModelSet;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.Frameworks;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.trial.ParityMain;
import org.cnnbench.weights.InitialWeights;
import org.cnnbench.weights.ModelWeights;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What every benchmark state holds: the framework session, the model spec, the shared initial
 * weights and fixed batches, built from JMH parameters through the adapter SPI only.
 */
@State(Scope.Thread)
public abstract class BenchState {

  /** The {@code framework} value that picks the single adapter on the class path. */
  public static final String AUTO = "auto";

  /** Distinct fixed batches of each size, used in turn so no single batch is memorised. */
  public static final int DISTINCT_BATCHES = 8;

  /** Untimed training steps after every rebuild of the training network. */
  public static final int PRIMING_STEPS = 3;

  /**
   * Adapter name ({@code pytorch}, {@code mxnet}, {@code dl4j}, {@code tensorflow}); {@code auto} =
   * the only adapter on the class path (an error if there are several). The runner always sets it.
   */
  @Param(AUTO)
  public String framework;

  /** Catalogue model, or a model of {@link #modelFiles}. */
  @Param("mnist-cnn")
  public String model;

  /**
   * Model files as {@code path#sha256}, separated by {@code |} (JMH splits parameter values at
   * commas); {@code none} for the catalogue alone. The runner sets it for {@code -Dmodel.file}.
   */
  @Param("none")
  public String modelFiles;

  /**
   * Intra-op threads the framework is opened with (the runner also pins them in the environment).
   */
  @Param("1")
  public int threads;

  /** Training (and batched inference) batch size; 0 = the model spec's (mnist-cnn: 64). */
  @Param("0")
  public int batch;

  /** Seed of the initial weights and of the fixed batches. */
  @Param("42")
  public long seed;

  FrameworkSession session;
  private AdapterWorkspace workspace;
  ModelSpec spec;
  ModelWeights initial;
  TrainableNetwork network;
  private Batch[] trainBatches;
  private Batch[] singles;
  private int nextTrain;
  private int nextSingle;

  /** Loads the framework, the spec, the initial weights and the fixed batches. */
  void openSession() {
    FrameworkProvider provider = provider(framework);
    ModelSet models =
        ModelSet.fromReferences(
            modelFiles.equals("none") ? List.of() : List.of(modelFiles.split("\\|")));
    ModelSpec base = models.entry(model).spec().withSeed(seed);
    spec = batch > 0 ? base.withBatchSize(batch) : base;
    initial = InitialWeights.glorotUniform(spec, seed);
    trainBatches = new Batch[DISTINCT_BATCHES];
    singles = new Batch[DISTINCT_BATCHES];
    for (int i = 0; i < DISTINCT_BATCHES; i++) {
      trainBatches[i] = ParityMain.batch(spec, spec.batchSize(), seed + i);
      singles[i] = ParityMain.batch(spec, 1, seed + 1000 + i);
    }
    // What the adapter declared it needs; a scratch folder lives in this fork's temp folder and
    // goes
    // with the session.
    workspace =
        AdapterWorkspace.create(
            provider,
            Path.of(
                System.getProperty("java.io.tmpdir"),
                "cnn-bench-jmh-"
                    + ProcessHandle.current().pid()
                    + "-"
                    + getClass().getSimpleName()
                    + "-"
                    + Integer.toHexString(System.identityHashCode(this))
                    + ".scratch"));
    session = provider.open(Device.CPU, threads, workspace.context());
    // Provenance in the JMH log: which engine this fork really measured.
    System.out.println(
        "cnn-bench: "
            + provider.name()
            + " = "
            + session.frameworkVersion()
            + ", model "
            + model
            + ", batch "
            + spec.batchSize()
            + ", threads "
            + threads
            + ", versions "
            + session.versions());
  }

  /**
   * @param name an adapter name or {@link #AUTO}
   * @return the adapter
   */
  static FrameworkProvider provider(String name) {
    if (!AUTO.equals(name)) {
      return Frameworks.get(name);
    }
    List<FrameworkProvider> all = Frameworks.available();
    if (all.size() != 1) {
      throw new IllegalArgumentException(
          "-p framework=auto needs exactly one adapter on the class path, found "
              + all.stream()
                  .map(FrameworkProvider::name)
                  .collect(Collectors.joining(", ", "[", "]"))
              + "; pass -p framework=NAME");
    }
    return all.get(0);
  }

  /** Builds the network (closing any previous one) and loads the initial weights. */
  void buildNetwork() {
    closeNetwork();
    network = session.build(spec);
    network.loadWeights(initial);
  }

  /**
   * @return the next training-size batch, in turn
   */
  Batch nextTrainBatch() {
    Batch b = trainBatches[nextTrain];
    nextTrain = (nextTrain + 1) % DISTINCT_BATCHES;
    return b;
  }

  /**
   * @return the next one-example batch, in turn
   */
  Batch nextSingle() {
    Batch b = singles[nextSingle];
    nextSingle = (nextSingle + 1) % DISTINCT_BATCHES;
    return b;
  }

  /** Closes the network, if any. */
  void closeNetwork() {
    if (network != null) {
      TrainableNetwork n = network;
      network = null;
      n.close();
    }
  }

  /** Closes the network, then the session, then removes the adapter's scratch folder. */
  void closeAll() {
    try {
      closeNetwork();
    } finally {
      try {
        if (session != null) {
          FrameworkSession s = session;
          session = null;
          s.close();
        }
      } finally {
        if (workspace != null) {
          AdapterWorkspace w = workspace;
          workspace = null;
          w.close();
        }
      }
    }
  }
}
