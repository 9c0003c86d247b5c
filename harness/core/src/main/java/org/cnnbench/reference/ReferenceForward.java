package org.cnnbench.reference;

import java.util.List;
import org.cnnbench.spec.Activation;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Pads;
import org.cnnbench.spec.Shape;
import org.cnnbench.weights.ModelWeights;
import org.cnnbench.weights.ParameterTensor;

/**
 * Computes a spec's inference output in double precision straight from the canonical layout, with
 * no framework: convolution as cross-correlation over NCHW with Keras' zero padding (asymmetric
 * {@code same} included), max and average pooling over windows without padding, global average
 * pooling per channel, dense as {@code x W + b} with {@code W [in, out]}, dropout as identity.
 */
public final class ReferenceForward {

  private ReferenceForward() {}

  /**
   * @param spec the model
   * @param weights canonical weights
   * @param features {@code n * C * H * W} inputs
   * @param n examples
   * @return {@code n * outputUnits} outputs
   */
  public static float[] forward(ModelSpec spec, ModelWeights weights, float[] features, int n) {
    int inSize = spec.input().size();
    int units = spec.outputUnits();
    float[] out = new float[n * units];
    for (int e = 0; e < n; e++) {
      double[] x = new double[inSize];
      for (int i = 0; i < inSize; i++) {
        x[i] = features[e * inSize + i];
      }
      double[] y = example(spec, weights, x);
      for (int u = 0; u < units; u++) {
        out[e * units + u] = (float) y[u];
      }
    }
    return out;
  }

  private static double[] example(ModelSpec spec, ModelWeights weights, double[] x) {
    List<Shape> inputs = spec.layerInputs();
    for (int i = 0; i < spec.layers().size(); i++) {
      Layer layer = spec.layers().get(i);
      Shape in = inputs.get(i);
      if (layer instanceof Layer.Conv2D c) {
        x =
            activate(
                conv(c, in, tensor(weights, i, "kernel"), tensor(weights, i, "bias"), x),
                c.activation());
      } else if (layer instanceof Layer.MaxPool2D p) {
        x = pool(p.pool(), p.stride(), true, in, x);
      } else if (layer instanceof Layer.AvgPool2D p) {
        x = pool(p.pool(), p.stride(), false, in, x);
      } else if (layer instanceof Layer.GlobalAvgPool2D) {
        x = globalMean(in, x);
      } else if (layer instanceof Layer.ActivationLayer a) {
        x = activate(x, a.activation());
      } else if (layer instanceof Layer.Dense d) {
        x =
            activate(
                dense(
                    in.size(),
                    d.units(),
                    tensor(weights, i, "kernel"),
                    tensor(weights, i, "bias"),
                    x),
                d.activation());
      }
    }
    return x;
  }

  private static float[] tensor(ModelWeights w, int layer, String name) {
    for (ParameterTensor t : w.tensors()) {
      if (t.layerIndex() == layer && t.name().equals(name)) {
        return t.values();
      }
    }
    throw new IllegalArgumentException("no " + name + " for layer " + layer);
  }

  private static double[] conv(Layer.Conv2D c, Shape in, float[] k, float[] b, double[] x) {
    Shape out = c.outputShape(in);
    Pads pads = c.pads(in);
    int ci = in.channels();
    int h = in.height();
    int w = in.width();
    int kh = c.kernelHeight();
    int kw = c.kernelWidth();
    double[] y = new double[out.size()];
    for (int o = 0; o < out.channels(); o++) {
      for (int r = 0; r < out.height(); r++) {
        for (int col = 0; col < out.width(); col++) {
          double s = b[o];
          for (int ch = 0; ch < ci; ch++) {
            for (int i = 0; i < kh; i++) {
              int rr = r * c.stride() + i - pads.top();
              if (rr < 0 || rr >= h) {
                continue;
              }
              for (int j = 0; j < kw; j++) {
                int cc = col * c.stride() + j - pads.left();
                if (cc < 0 || cc >= w) {
                  continue;
                }
                s += k[((o * ci + ch) * kh + i) * kw + j] * x[(ch * h + rr) * w + cc];
              }
            }
          }
          y[(o * out.height() + r) * out.width() + col] = s;
        }
      }
    }
    return y;
  }

  private static double[] pool(int pool, int stride, boolean max, Shape in, double[] x) {
    int outHeight = (in.height() - pool) / stride + 1;
    int outWidth = (in.width() - pool) / stride + 1;
    double[] y = new double[in.channels() * outHeight * outWidth];
    for (int ch = 0; ch < in.channels(); ch++) {
      for (int r = 0; r < outHeight; r++) {
        for (int c = 0; c < outWidth; c++) {
          double m = max ? Double.NEGATIVE_INFINITY : 0;
          for (int i = 0; i < pool; i++) {
            for (int j = 0; j < pool; j++) {
              double v = x[(ch * in.height() + r * stride + i) * in.width() + c * stride + j];
              m = max ? Math.max(m, v) : m + v;
            }
          }
          y[(ch * outHeight + r) * outWidth + c] = max ? m : m / (pool * pool);
        }
      }
    }
    return y;
  }

  private static double[] globalMean(Shape in, double[] x) {
    int plane = in.height() * in.width();
    double[] y = new double[in.channels()];
    for (int ch = 0; ch < in.channels(); ch++) {
      double s = 0;
      for (int i = 0; i < plane; i++) {
        s += x[ch * plane + i];
      }
      y[ch] = s / plane;
    }
    return y;
  }

  private static double[] dense(int in, int units, float[] k, float[] b, double[] x) {
    double[] y = new double[units];
    for (int u = 0; u < units; u++) {
      double s = b[u];
      for (int i = 0; i < in; i++) {
        s += x[i] * k[i * units + u];
      }
      y[u] = s;
    }
    return y;
  }

  private static double[] activate(double[] x, Activation a) {
    switch (a) {
      case RELU -> {
        for (int i = 0; i < x.length; i++) {
          x[i] = Math.max(0, x[i]);
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < x.length; i++) {
          x[i] = 1 / (1 + Math.exp(-x[i]));
        }
      }
      case SOFTMAX -> {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
          max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
          x[i] = Math.exp(x[i] - max);
          sum += x[i];
        }
        for (int i = 0; i < x.length; i++) {
          x[i] /= sum;
        }
      }
      case TANH -> {
        for (int i = 0; i < x.length; i++) {
          x[i] = Math.tanh(x[i]);
        }
      }
      case LINEAR -> {}
      default -> throw new IllegalStateException(a.toString());
    }
    return x;
  }
}
