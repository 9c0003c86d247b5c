package org.cnnbench.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cnnbench.host.AdapterWorkspace;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.Frameworks;
import org.cnnbench.spi.InferenceNetwork;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.weights.InitialWeights;

/**
 * A whole session of one adapter, run by the contract test in a JVM of its own whose temp folder
 * nothing else uses: open with what the provider's {@code needs()} asked for, build, train,
 * evaluate, serve a test evaluation, close; then the scratch folder must be empty. Exit code 0 when
 * it is.
 */
public final class ContractWorkload {

  private ContractWorkload() {}

  /**
   * @param args the adapter's name, the scratch folder to give it
   * @throws Exception if the adapter fails
   */
  public static void main(String[] args) throws Exception {
    FrameworkProvider provider = Frameworks.get(args[0]);
    ModelSpec spec = ModelCatalog.get("mnist-cnn").spec();
    Batch batch = FrameworkContractTest.syntheticBatch(spec, 8, 6);
    try (AdapterWorkspace workspace = AdapterWorkspace.create(provider, Path.of(args[1]))) {
      try (FrameworkSession s = provider.open(Device.CPU, 1, workspace.context());
          TrainableNetwork net = s.build(spec)) {
        net.loadWeights(InitialWeights.glorotUniform(spec, 5));
        net.trainBatch(batch);
        net.trainBatch(batch);
        net.evaluateBatch(batch);
        try (InferenceNetwork served = net.inferenceNetwork()) {
          served.evaluateBatch(batch);
        }
      }
      if (workspace.scratch() != null) {
        try (Stream<Path> left = Files.list(workspace.scratch())) {
          List<Path> files = left.toList();
          if (!files.isEmpty()) {
            System.out.println("LEFT " + files);
            System.out.flush();
            Runtime.getRuntime().halt(3);
          }
        }
      }
    }
    System.out.println("OK");
    System.out.flush();
    // Native libraries may leave non-daemon threads behind.
    Runtime.getRuntime().halt(0);
  }
}
