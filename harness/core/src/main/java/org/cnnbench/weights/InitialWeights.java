package org.cnnbench.weights;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Shape;

/**
 * Generates a model's initial weights once, in canonical layout, so every framework starts from the
 * same values: Glorot-uniform kernels (Keras' default, limit sqrt(6 / (fan_in + fan_out)), with
 * receptive field counted in both fans for convolutions) and zero biases.
 */
public final class InitialWeights {

  private InitialWeights() {}

  /**
   * @param spec the model
   * @param seed the seed; each layer draws from its own stream derived from it
   * @return the weights
   */
  public static ModelWeights glorotUniform(ModelSpec spec, long seed) {
    List<ParameterTensor> tensors = new ArrayList<>();
    List<Shape> inputs = spec.layerInputs();
    for (int i = 0; i < spec.layers().size(); i++) {
      Layer layer = spec.layers().get(i);
      List<int[]> shapes = layer.parameterShapes(inputs.get(i));
      if (shapes.isEmpty()) {
        continue;
      }
      int[] kernel = shapes.get(0);
      long fanIn;
      long fanOut;
      if (layer instanceof Layer.Conv2D) {
        long receptive = (long) kernel[2] * kernel[3];
        fanIn = kernel[1] * receptive;
        fanOut = kernel[0] * receptive;
      } else {
        fanIn = kernel[0];
        fanOut = kernel[1];
      }
      double limit = Math.sqrt(6.0 / (fanIn + fanOut));
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
      float[] k = new float[size(kernel)];
      for (int j = 0; j < k.length; j++) {
        k[j] = (float) ((random.nextDouble() * 2 - 1) * limit);
      }
      tensors.add(new ParameterTensor(i, "kernel", kernel, k));
      tensors.add(new ParameterTensor(i, "bias", shapes.get(1), new float[size(shapes.get(1))]));
    }
    return new ModelWeights(tensors);
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
