package org.cnnbench.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.InferenceNetwork;
import org.cnnbench.spi.StepOutput;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.testkit.FrameworkContractTest;
import org.cnnbench.weights.InitialWeights;
import org.junit.jupiter.api.Test;

/**
 * The adapter contract for TensorFlow, plus a check that DJL serves what TensorFlow Java trained.
 */
class TfContractTest extends FrameworkContractTest {

  @Override
  protected FrameworkProvider provider() {
    return new TfProvider();
  }

  @Test
  void djlServesTheSameOutputsAsTensorFlowJava() {
    String previous = System.getProperty(TfDjlRuntime.REQUIRE_DJL);
    System.setProperty(TfDjlRuntime.REQUIRE_DJL, "true");
    try (FrameworkSession session = open(Device.CPU, 1)) {
      for (String name : List.of("mnist-cnn", "fruit-cnn")) {
        ModelSpec spec = ModelCatalog.get(name).spec();
        Batch train = syntheticBatch(spec, 8, 21);
        Batch test = syntheticBatch(spec, 5, 22);
        try (TrainableNetwork net = session.build(spec)) {
          net.loadWeights(InitialWeights.glorotUniform(spec, 4));
          for (int i = 0; i < 3; i++) {
            net.trainBatch(train);
          }
          StepOutput expected = net.evaluateBatch(test);
          try (InferenceNetwork served = net.inferenceNetwork()) {
            assertInstanceOf(TfDjlInference.class, served, name + ": served by DJL");
            StepOutput actual = served.evaluateBatch(test);
            assertEquals(expected.outputs().length, actual.outputs().length, name);
            double max = 0;
            for (int i = 0; i < expected.outputs().length; i++) {
              max = Math.max(max, Math.abs(expected.outputs()[i] - actual.outputs()[i]));
            }
            System.err.println(
                name
                    + ": DJL ("
                    + ((TfDjlInference) served).engine()
                    + ") vs TF-Java max |diff| "
                    + max);
            assertTrue(max <= 1e-5, name + ": DJL vs TF-Java outputs differ by " + max);
            assertEquals(expected.loss(), actual.loss(), 1e-5, name + ": loss");
            // A second batch through the same server.
            StepOutput again = served.evaluateBatch(train);
            assertEquals(train.size() * spec.outputUnits(), again.outputs().length, name);
          }
        }
      }
      assertTrue(
          session.versions().get("test.engine").startsWith("DJL"),
          session.versions().get("test.engine"));
    } finally {
      if (previous == null) {
        System.clearProperty(TfDjlRuntime.REQUIRE_DJL);
      } else {
        System.setProperty(TfDjlRuntime.REQUIRE_DJL, previous);
      }
    }
  }
}
