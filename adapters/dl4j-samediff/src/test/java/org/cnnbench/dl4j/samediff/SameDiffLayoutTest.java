package org.cnnbench.dl4j.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cnnbench.spec.Activation;
import org.cnnbench.spec.CatalogEntry;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.Loss;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Optimizer;
import org.cnnbench.spec.Padding;
import org.cnnbench.spec.Shape;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.StepOutput;
import org.cnnbench.testkit.FrameworkContractTest;
import org.cnnbench.weights.InitialWeights;
import org.cnnbench.weights.ModelWeights;
import org.junit.jupiter.api.Test;

/**
 * Both {@link SameDiffLayout}s compute the same network: the contract test checks the default one
 * against the reference, this test the other one against it.
 */
class SameDiffLayoutTest {

  /** Float32 results of the same ops in another memory order: only summation order differs. */
  private static final double SAME = 1e-5;

  @Test
  void bothLayoutsGiveTheSameOutputsBeforeAndAfterTwoStepsForEveryCatalogueModel() {
    for (CatalogEntry entry : ModelCatalog.entries()) {
      ModelSpec spec = entry.spec().withOptimizer(new Optimizer.Adam(1e-4, 0.9, 0.999, 1e-7));
      ModelWeights weights = InitialWeights.glorotUniform(spec, 3);
      Batch batch = FrameworkContractTest.syntheticBatch(spec, 4, 9);
      try (SameDiffNetwork nhwc = loaded(spec, SameDiffLayout.NHWC, weights);
          SameDiffNetwork nchw = loaded(spec, SameDiffLayout.NCHW, weights)) {
        assertClose(
            nchw.evaluateBatch(batch), nhwc.evaluateBatch(batch), entry.name() + " forward");
        for (int step = 1; step <= 2; step++) {
          assertClose(
              nchw.trainBatch(batch), nhwc.trainBatch(batch), entry.name() + " step " + step);
        }
        assertClose(nchw.evaluateBatch(batch), nhwc.evaluateBatch(batch), entry.name() + " after");
        assertEquals(nchw.exportWeights().tensors().size(), nhwc.exportWeights().tensors().size());
      }
    }
  }

  /**
   * Asymmetric padding, average and global average pooling and activation layers in both layouts.
   */
  @Test
  void bothLayoutsAgreeOnTheLayerZoo() {
    for (ModelSpec spec : FrameworkContractTest.layerZoo()) {
      ModelWeights weights = InitialWeights.glorotUniform(spec, 4);
      Batch batch = FrameworkContractTest.syntheticBatch(spec, 4, 8);
      boolean dropout = spec.layers().stream().anyMatch(l -> l instanceof Layer.Dropout);
      try (SameDiffNetwork nhwc = loaded(spec, SameDiffLayout.NHWC, weights);
          SameDiffNetwork nchw = loaded(spec, SameDiffLayout.NCHW, weights)) {
        assertClose(nchw.evaluateBatch(batch), nhwc.evaluateBatch(batch), spec.name() + " forward");
        if (!dropout) {
          for (int step = 1; step <= 2; step++) {
            assertClose(
                nchw.trainBatch(batch), nhwc.trainBatch(batch), spec.name() + " step " + step);
          }
        }
      }
    }
  }

  /** A dropout mask before the Flatten has the activation's shape in the graph's layout. */
  @Test
  void dropoutBetweenConvolutionsWorksInBothLayouts() {
    ModelSpec spec =
        ModelSpec.builder("dropout-cnn")
            .setInput(Shape.chw(2, 8, 6))
            .add(Layer.Conv2D.of(3, 3, Padding.SAME, Activation.RELU))
            .add(new Layer.Dropout(0.5))
            .add(Layer.MaxPool2D.of(2))
            .add(new Layer.Flatten())
            .add(new Layer.Dense(4, Activation.SOFTMAX))
            .setLoss(Loss.CATEGORICAL_CROSSENTROPY)
            .build();
    ModelWeights weights = InitialWeights.glorotUniform(spec, 5);
    Batch batch = FrameworkContractTest.syntheticBatch(spec, 3, 2);
    try (SameDiffNetwork nhwc = loaded(spec, SameDiffLayout.NHWC, weights);
        SameDiffNetwork nchw = loaded(spec, SameDiffLayout.NCHW, weights)) {
      assertClose(nchw.evaluateBatch(batch), nhwc.evaluateBatch(batch), "evaluation (no dropout)");
      for (SameDiffNetwork net : List.of(nhwc, nchw)) {
        float loss = net.trainBatch(batch).loss();
        assertTrue(Float.isFinite(loss) && loss > 0, "training loss with dropout: " + loss);
      }
    }
  }

  @Test
  void anUnknownLayoutNamesTheOptionAndTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SameDiffLayout.of("nwhc"));
    assertTrue(e.getMessage().contains("-Dsamediff.layout=nwhc"), e.getMessage());
    assertTrue(e.getMessage().contains("nhwc, nchw"), e.getMessage());
    assertEquals(SameDiffLayout.DEFAULT, SameDiffLayout.of(" "));
    assertEquals(SameDiffLayout.NCHW, SameDiffLayout.of("NCHW"));
  }

  private static SameDiffNetwork loaded(
      ModelSpec spec, SameDiffLayout layout, ModelWeights weights) {
    SameDiffNetwork net = SameDiffNetwork.build(spec, layout);
    net.loadWeights(weights);
    return net;
  }

  private static void assertClose(StepOutput expected, StepOutput actual, String what) {
    assertEquals(expected.loss(), actual.loss(), SAME, what + ": loss");
    assertEquals(expected.outputs().length, actual.outputs().length, what + ": outputs");
    double max = 0;
    for (int i = 0; i < expected.outputs().length; i++) {
      max = Math.max(max, Math.abs(expected.outputs()[i] - actual.outputs()[i]));
    }
    assertTrue(max <= SAME, what + ": max |diff| " + max);
  }
}
