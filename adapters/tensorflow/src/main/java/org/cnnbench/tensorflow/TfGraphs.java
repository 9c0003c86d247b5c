package org.cnnbench.tensorflow;

import java.util.Iterator;
import java.util.List;
import org.cnnbench.spec.Activation;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Padding;
import org.cnnbench.spec.Shape;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Builds a spec's forward pass as TensorFlow graph ops in NHWC. */
final class TfGraphs {

  private TfGraphs() {}

  /** Supplies the operand that holds a trainable tensor in TensorFlow layout. */
  @FunctionalInterface
  interface ParamSource {
    Operand<TFloat32> get(TfLayout.Param param);
  }

  /**
   * The forward pass.
   *
   * @param train output probabilities with dropout active
   * @param eval output probabilities in inference mode (the same operand when the spec has no
   *     dropout)
   */
  record Forward(Operand<TFloat32> train, Operand<TFloat32> eval) {}

  /**
   * @param tf ops of the graph
   * @param spec the model
   * @param inputNchw the batch as the harness sends it, {@code [n, C, H, W]}
   * @param params the spec's tensors, from {@link TfLayout#params}
   * @param source where each tensor comes from (variable read or variable)
   * @param withTrainPath false to build the inference path only
   * @return the outputs
   */
  static Forward forward(
      Ops tf,
      ModelSpec spec,
      Operand<TFloat32> inputNchw,
      List<TfLayout.Param> params,
      ParamSource source,
      boolean withTrainPath) {
    // TensorFlow's CPU kernels want NHWC.
    Operand<TFloat32> eval = tf.linalg.transpose(inputNchw, tf.constant(new int[] {0, 2, 3, 1}));
    Operand<TFloat32> train = eval;
    Iterator<TfLayout.Param> next = params.iterator();
    List<Shape> inputs = spec.layerInputs();
    for (int i = 0; i < spec.layers().size(); i++) {
      Layer layer = spec.layers().get(i);
      boolean shared = train == eval;
      if (layer instanceof Layer.Conv2D c) {
        Operand<TFloat32> kernel = source.get(next.next());
        Operand<TFloat32> bias = source.get(next.next());
        eval = conv(tf, eval, kernel, bias, c);
        train = shared ? eval : conv(tf, train, kernel, bias, c);
      } else if (layer instanceof Layer.MaxPool2D p) {
        eval = pool(tf, eval, p);
        train = shared ? eval : pool(tf, train, p);
      } else if (layer instanceof Layer.AvgPool2D p) {
        eval = avgPool(tf, eval, p);
        train = shared ? eval : avgPool(tf, train, p);
      } else if (layer instanceof Layer.GlobalAvgPool2D) {
        // NHWC: the mean over H and W leaves [n, C], the canonical order.
        eval = tf.math.mean(eval, tf.constant(new int[] {1, 2}));
        train = shared ? eval : tf.math.mean(train, tf.constant(new int[] {1, 2}));
      } else if (layer instanceof Layer.ActivationLayer a) {
        eval = activation(tf, eval, a.activation());
        train = shared ? eval : activation(tf, train, a.activation());
      } else if (layer instanceof Layer.Flatten) {
        // NHWC flattens in H, W, C order; the next dense kernel's rows are permuted to match.
        int size = inputs.get(i).size();
        eval = tf.reshape(eval, tf.constant(new int[] {-1, size}));
        train = shared ? eval : tf.reshape(train, tf.constant(new int[] {-1, size}));
      } else if (layer instanceof Layer.Dense d) {
        Operand<TFloat32> kernel = source.get(next.next());
        Operand<TFloat32> bias = source.get(next.next());
        eval = dense(tf, eval, kernel, bias, d.activation());
        train = shared ? eval : dense(tf, train, kernel, bias, d.activation());
      } else if (layer instanceof Layer.Dropout drop) {
        if (withTrainPath && drop.rate() > 0) {
          float keep = (float) (1 - drop.rate());
          // Inverted dropout: keep with probability 1 - rate, scale the kept values by 1 / keep.
          // The
          // mask is a constant for the backward pass.
          Operand<TFloat32> uniform = tf.random.randomUniform(tf.shape(train), TFloat32.class);
          Operand<TFloat32> mask =
              tf.stopGradient(tf.math.floor(tf.math.add(uniform, tf.constant(keep))));
          train = tf.math.div(tf.math.mul(train, mask), tf.constant(keep));
        }
      } else {
        throw new IllegalArgumentException("unsupported layer " + layer);
      }
    }
    return new Forward(withTrainPath ? train : eval, eval);
  }

  private static Operand<TFloat32> conv(
      Ops tf,
      Operand<TFloat32> x,
      Operand<TFloat32> kernel,
      Operand<TFloat32> bias,
      Layer.Conv2D c) {
    long s = c.stride();
    // TF's SAME is the spec's 'same': Keras' rule, asymmetric (one more zero after) when the total
    // padding is odd, so it needs no explicit pad.
    String padding = c.padding() == Padding.SAME ? "SAME" : "VALID";
    Operand<TFloat32> z =
        tf.nn.biasAdd(tf.nn.conv2d(x, kernel, List.of(1L, s, s, 1L), padding), bias);
    return activation(tf, z, c.activation());
  }

  private static Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x, Layer.MaxPool2D p) {
    return tf.nn.maxPool(
        x,
        tf.constant(new int[] {1, p.pool(), p.pool(), 1}),
        tf.constant(new int[] {1, p.stride(), p.stride(), 1}),
        "VALID");
  }

  private static Operand<TFloat32> avgPool(Ops tf, Operand<TFloat32> x, Layer.AvgPool2D p) {
    return tf.nn.avgPool(
        x,
        List.of(1L, (long) p.pool(), (long) p.pool(), 1L),
        List.of(1L, (long) p.stride(), (long) p.stride(), 1L),
        "VALID");
  }

  private static Operand<TFloat32> dense(
      Ops tf,
      Operand<TFloat32> x,
      Operand<TFloat32> kernel,
      Operand<TFloat32> bias,
      Activation activation) {
    return activation(tf, tf.nn.biasAdd(tf.linalg.matMul(x, kernel), bias), activation);
  }

  private static Operand<TFloat32> activation(Ops tf, Operand<TFloat32> z, Activation a) {
    return switch (a) {
      case RELU -> tf.nn.relu(z);
      case SIGMOID -> tf.math.sigmoid(z);
      case TANH -> tf.math.tanh(z);
      case SOFTMAX -> tf.nn.softmax(z);
      case LINEAR -> z;
    };
  }
}
