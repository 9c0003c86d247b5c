package org.cnnbench.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cnnbench.spec.Activation;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.Loss;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Padding;
import org.cnnbench.spec.Shape;
import org.cnnbench.weights.ModelWeights;
import org.cnnbench.weights.ParameterTensor;
import org.junit.jupiter.api.Test;

/** The new layers of the reference pass, against values worked out by hand. */
class ReferenceForwardTest {

  private static final float[] ONE_TO_NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

  @Test
  void asymmetricSamePaddingTanhAndGlobalAveragePooling() {
    // 2x2 kernel of 0.1 at stride 2 on 3x3: output 2x2, one row and column of zeros after (none
    // before).
    ModelSpec spec =
        ModelSpec.builder("t")
            .setInput(Shape.chw(1, 3, 3))
            .add(new Layer.Conv2D(1, 2, 2, 2, Padding.SAME, Activation.LINEAR))
            .add(new Layer.ActivationLayer(Activation.TANH))
            .add(new Layer.GlobalAvgPool2D())
            .add(new Layer.Dense(1, Activation.SIGMOID))
            .setLoss(Loss.BINARY_CROSSENTROPY)
            .build();
    ModelWeights w =
        new ModelWeights(
            List.of(
                new ParameterTensor(
                    0, "kernel", new int[] {1, 1, 2, 2}, new float[] {0.1f, 0.1f, 0.1f, 0.1f}),
                new ParameterTensor(0, "bias", new int[] {1}, new float[] {0}),
                new ParameterTensor(3, "kernel", new int[] {1, 1}, new float[] {1}),
                new ParameterTensor(3, "bias", new int[] {1}, new float[] {0})));
    float[] out = ReferenceForward.forward(spec, w, ONE_TO_NINE, 1);
    // windows: 1+2+4+5, 3+6, 7+8, 9
    double mean =
        (Math.tanh(0.1f * 12) + Math.tanh(0.1f * 9) + Math.tanh(0.1f * 15) + Math.tanh(0.1f * 9))
            / 4;
    assertEquals(1 / (1 + Math.exp(-mean)), out[0], 1e-6);
  }

  @Test
  void averagePoolingWithItsOwnStride() {
    ModelSpec spec =
        ModelSpec.builder("t")
            .setInput(Shape.chw(1, 3, 3))
            .add(new Layer.AvgPool2D(2, 1))
            .add(new Layer.Flatten())
            .add(new Layer.Dense(1, Activation.SIGMOID))
            .setLoss(Loss.BINARY_CROSSENTROPY)
            .build();
    ModelWeights w =
        new ModelWeights(
            List.of(
                new ParameterTensor(2, "kernel", new int[] {4, 1}, new float[] {1, 0, 0, 0.5f}),
                new ParameterTensor(2, "bias", new int[] {1}, new float[] {-6})));
    float[] out = ReferenceForward.forward(spec, w, ONE_TO_NINE, 1);
    // pooled: 3, 4, 6, 7 -> 3 + 3.5 - 6 = 0.5
    assertEquals(1 / (1 + Math.exp(-0.5)), out[0], 1e-6);
  }
}
