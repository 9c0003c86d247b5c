package org.cnnbench.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.cnnbench.nd4j.Nd4jBatches;
import org.cnnbench.spec.Activation;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.Loss;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Optimizer;
import org.cnnbench.spec.Pads;
import org.cnnbench.spec.Shape;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.LayerParameters;
import org.cnnbench.spi.StepOutput;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.weights.ModelWeights;
import org.cnnbench.weights.ParameterTensor;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A {@link ModelSpec} built as a DL4J {@link MultiLayerNetwork} on NCHW float32 input, with weights
 * converted to and from cnn-bench's canonical layout.
 *
 * <p>Translation: Conv2D = {@link ConvolutionLayer} (ConvolutionMode.Truncate, explicit symmetric
 * padding {@code (k - 1) / 2} for 'same'); MaxPool2D = {@link SubsamplingLayer} MAX, Truncate;
 * Flatten = no layer, DL4J inserts its {@code CnnToFeedForwardPreProcessor} (C, H, W order) before
 * the first dense layer; Dense = {@link DenseLayer}, the last one an {@link OutputLayer} with the
 * loss; Dropout(rate) = {@link DropoutLayer} with retain probability {@code 1 - rate} (DL4J's
 * dropout is inverted, like Keras'). No regularization, no gradient normalization, minibatch-mean
 * gradients.
 */
public final class Dl4jNetwork implements TrainableNetwork {

  private static final String WEIGHT = DefaultParamInitializer.WEIGHT_KEY;
  private static final String BIAS = DefaultParamInitializer.BIAS_KEY;

  /**
   * DL4J's forward-pass cache: with {@code DEVICE} (host memory on the CPU backend) a convolution
   * layer keeps its pre-activation from the forward pass for the backward pass; with {@code NONE}
   * its backward pass runs the forward convolution a second time (seen in oneDNN's trace: two
   * forward convolutions per layer and step). See adapters/dl4j/README.md.
   */
  static final CacheMode CACHE_MODE = CacheMode.DEVICE;

  private final ModelSpec spec;
  private final MultiLayerNetwork net;

  /** DL4J layer index per spec layer index; -1 for layers DL4J has no layer for (Flatten). */
  private final int[] dl4jIndex;

  private final Dl4jOutputCapture capture;
  private final int units;
  private final int classes;
  private boolean closed;

  private Dl4jNetwork(
      ModelSpec spec, MultiLayerNetwork net, int[] dl4jIndex, Dl4jOutputCapture capture) {
    this.spec = spec;
    this.net = net;
    this.dl4jIndex = dl4jIndex;
    this.capture = capture;
    this.units = spec.outputUnits();
    this.classes = spec.classes();
  }

  /**
   * Translates a spec into an initialised DL4J network; its random initial weights are meant to be
   * replaced with {@link #loadWeights}.
   *
   * @param spec the model
   * @return the network
   */
  static Dl4jNetwork build(ModelSpec spec) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(spec.seed())
            .dataType(DataType.FLOAT)
            .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
            .miniBatch(true)
            .updater(updater(spec.optimizer()))
            .weightInit(WeightInit.XAVIER_UNIFORM)
            .gradientNormalization(GradientNormalization.None)
            .convolutionMode(ConvolutionMode.Truncate)
            .cacheMode(CACHE_MODE)
            .trainingWorkspaceMode(WorkspaceMode.ENABLED)
            .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
            .list();
    int[] index = new int[spec.layers().size()];
    Arrays.fill(index, -1);
    int next = 0;
    int last = spec.layers().size() - 1;
    List<Shape> inputs = spec.layerInputs();
    for (int i = 0; i < spec.layers().size(); i++) {
      Layer layer = spec.layers().get(i);
      org.deeplearning4j.nn.conf.layers.Layer dl4j;
      if (layer instanceof Layer.Conv2D c) {
        Pads pads = c.pads(inputs.get(i));
        int padHeight = pads.top();
        int padWidth = pads.left();
        if (!pads.symmetric()) {
          // Keras' 'same' with an odd total pads one more after than before; ConvolutionLayer pads
          // symmetrically, so a ZeroPaddingLayer (no parameters) adds the zeros first.
          list.layer(
              next++,
              new ZeroPaddingLayer.Builder(pads.top(), pads.bottom(), pads.left(), pads.right())
                  .dataFormat(CNN2DFormat.NCHW)
                  .build());
          padHeight = 0;
          padWidth = 0;
        }
        dl4j =
            new ConvolutionLayer.Builder(c.kernelHeight(), c.kernelWidth())
                .nOut(c.filters())
                .stride(c.stride(), c.stride())
                .padding(padHeight, padWidth)
                .convolutionMode(ConvolutionMode.Truncate)
                .dataFormat(CNN2DFormat.NCHW)
                .hasBias(true)
                .activation(activation(c.activation()))
                .build();
      } else if (layer instanceof Layer.MaxPool2D p) {
        dl4j =
            new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .kernelSize(p.pool(), p.pool())
                .stride(p.stride(), p.stride())
                .padding(0, 0)
                .convolutionMode(ConvolutionMode.Truncate)
                .dataFormat(CNN2DFormat.NCHW)
                .build();
      } else if (layer instanceof Layer.AvgPool2D p) {
        dl4j =
            new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                .kernelSize(p.pool(), p.pool())
                .stride(p.stride(), p.stride())
                .padding(0, 0)
                .convolutionMode(ConvolutionMode.Truncate)
                .dataFormat(CNN2DFormat.NCHW)
                .build();
      } else if (layer instanceof Layer.GlobalAvgPool2D) {
        dl4j = new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(true).build();
      } else if (layer instanceof Layer.ActivationLayer a) {
        dl4j = new ActivationLayer.Builder().activation(activation(a.activation())).build();
      } else if (layer instanceof Layer.Flatten) {
        continue; // DL4J adds CnnToFeedForwardPreProcessor in front of the next dense layer.
      } else if (layer instanceof Layer.Dropout d) {
        dl4j = new DropoutLayer.Builder(1.0 - d.rate()).build();
      } else if (layer instanceof Layer.Dense d && i == last) {
        dl4j =
            new OutputLayer.Builder()
                .lossFunction(new Dl4jOutputCapture(loss(spec.loss())))
                .nOut(d.units())
                .hasBias(true)
                .activation(activation(d.activation()))
                .build();
      } else if (layer instanceof Layer.Dense d) {
        dl4j =
            new DenseLayer.Builder()
                .nOut(d.units())
                .hasBias(true)
                .activation(activation(d.activation()))
                .build();
      } else {
        throw new UnsupportedOperationException(
            "the dl4j adapter cannot build layer " + i + " (" + layer.kind() + ")");
      }
      list.layer(next, dl4j);
      index[i] = next++;
    }
    Shape in = spec.input();
    MultiLayerConfiguration conf =
        list.setInputType(
                InputType.convolutional(in.height(), in.width(), in.channels(), CNN2DFormat.NCHW))
            .backpropType(BackpropType.Standard)
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    ILossFunction lossFn =
        ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer) net.getOutputLayer().conf().getLayer())
            .getLossFn();
    if (!(lossFn instanceof Dl4jOutputCapture capture)) {
      net.close();
      throw new IllegalStateException("DL4J replaced the output layer's loss: " + lossFn);
    }
    return new Dl4jNetwork(spec, net, index, capture);
  }

  private static IUpdater updater(Optimizer optimizer) {
    if (optimizer instanceof Optimizer.Adam a) {
      // DL4J's Adam: alpha_t = lr * sqrt(1 - b2^t) / (1 - b1^t), w -= alpha_t * m / (sqrt(v) +
      // eps),
      // the same rule as Keras.
      return new Adam(a.learningRate(), a.beta1(), a.beta2(), a.epsilon());
    } else if (optimizer instanceof Optimizer.Sgd s) {
      return new Sgd(s.learningRate());
    }
    throw new UnsupportedOperationException(
        "the dl4j adapter has no optimizer " + optimizer.describe());
  }

  private static org.nd4j.linalg.activations.Activation activation(Activation a) {
    return switch (a) {
      case RELU -> org.nd4j.linalg.activations.Activation.RELU;
      case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
      case TANH -> org.nd4j.linalg.activations.Activation.TANH;
      case SOFTMAX -> org.nd4j.linalg.activations.Activation.SOFTMAX;
      case LINEAR -> org.nd4j.linalg.activations.Activation.IDENTITY;
    };
  }

  private static ILossFunction loss(Loss loss) {
    return switch (loss) {
      // Softmax outputs clipped to [eps, 1 - eps] before the log, as Keras does; the gradient is
      // DL4J's fused softmax + cross-entropy gradient p - y.
      case CATEGORICAL_CROSSENTROPY -> new LossMCXENT(Loss.EPSILON, null);
      // Sigmoid outputs clipped to [eps, 1 - eps] (DL4J's default is 1e-5).
      case BINARY_CROSSENTROPY -> new LossBinaryXENT(Loss.EPSILON);
    };
  }

  /**
   * @return the cache mode the network was configured with (see {@link #CACHE_MODE})
   */
  CacheMode cacheMode() {
    requireOpen();
    return net.getLayerWiseConfigurations().getCacheMode();
  }

  /**
   * @return per DL4J convolution layer, the simple class name of the helper it runs its
   *     convolutions with ({@code MKLDNNConvHelper} on the oneDNN build), or {@code none} for
   *     DL4J's built-in im2col + gemm path
   */
  List<String> convolutionHelpers() {
    requireOpen();
    List<String> helpers = new ArrayList<>();
    for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
      if (l instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer c) {
        helpers.add(c.getHelper() == null ? "none" : c.getHelper().getClass().getSimpleName());
      }
    }
    return helpers;
  }

  @Override
  public List<LayerParameters> parameterCounts() {
    requireOpen();
    // per spec layer with a DL4J layer: that layer's parameters, if it has any
    return IntStream.range(0, dl4jIndex.length)
        .filter(i -> dl4jIndex[i] >= 0)
        .mapToObj(i -> new LayerParameters(i, net.getLayer(dl4jIndex[i]).numParams()))
        .filter(p -> p.parameters() > 0)
        .toList();
  }

  @Override
  public void loadWeights(ModelWeights weights) {
    requireOpen();
    List<ParameterTensor> expected = canonicalOrder();
    List<ParameterTensor> given = weights.tensors();
    if (given.size() != expected.size()) {
      throw new IllegalArgumentException(
          "model '"
              + spec.name()
              + "' has "
              + expected.size()
              + " parameter tensors, got "
              + given.size());
    }
    for (int t = 0; t < given.size(); t++) {
      ParameterTensor g = given.get(t);
      ParameterTensor e = expected.get(t);
      if (g.layerIndex() != e.layerIndex()
          || !g.name().equals(e.name())
          || !Arrays.equals(g.shape(), e.shape())) {
        throw new IllegalArgumentException("tensor " + t + " is " + g + ", expected " + e);
      }
      INDArray param = param(g.layerIndex(), g.name());
      long[] shape = param.shape();
      if (param.length() != g.values().length) {
        throw new IllegalStateException(
            "DL4J's "
                + g.name()
                + " of layer "
                + g.layerIndex()
                + " has "
                + param.length()
                + " values, canonical "
                + g.values().length);
      }
      // Conv kernels: DL4J [out, in, kh, kw] as canonical; dense kernels: DL4J [in, out] as
      // canonical; biases: DL4J [1, out] holds the same values as canonical [out]. assign() copies
      // by
      // logical index, so DL4J's internal 'f' or 'c' ordering does not matter.
      requireCompatible(g, shape);
      try (INDArray src = Nd4j.create(g.values(), shape, 'c')) {
        param.assign(src);
      }
    }
  }

  @Override
  public ModelWeights exportWeights() {
    requireOpen();
    List<ParameterTensor> out = new ArrayList<>();
    for (ParameterTensor e : canonicalOrder()) {
      INDArray param = param(e.layerIndex(), e.name());
      requireCompatible(e, param.shape());
      float[] values;
      try (INDArray copy = param.dup('c')) {
        values = copy.data().asFloat();
      }
      if (values.length != e.values().length) {
        throw new IllegalStateException(
            "DL4J's "
                + e.name()
                + " of layer "
                + e.layerIndex()
                + " exported "
                + values.length
                + " values, canonical "
                + e.values().length);
      }
      out.add(new ParameterTensor(e.layerIndex(), e.name(), e.shape(), values));
    }
    return new ModelWeights(out);
  }

  @Override
  public StepOutput trainBatch(Batch batch) {
    requireOpen();
    try (INDArray x = Nd4jBatches.features(batch, spec);
        INDArray y = Nd4jBatches.targets(batch, units, classes)) {
      capture.reset();
      net.fit(new DataSet(x, y));
      float loss = (float) net.score();
      return new StepOutput(loss, outputs(batch));
    }
  }

  @Override
  public StepOutput evaluateBatch(Batch batch) {
    requireOpen();
    try (INDArray x = Nd4jBatches.features(batch, spec);
        INDArray y = Nd4jBatches.targets(batch, units, classes)) {
      capture.reset();
      float loss = (float) net.score(new DataSet(x, y), false);
      return new StepOutput(loss, outputs(batch));
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      capture.reset();
      net.close();
    }
  }

  private float[] outputs(Batch batch) {
    float[] out = capture.take();
    if (out.length != batch.size() * units) {
      throw new IllegalStateException(
          "DL4J produced "
              + out.length
              + " outputs for "
              + batch.size()
              + " examples of "
              + units
              + " units");
    }
    return out;
  }

  private INDArray param(int specLayer, String name) {
    int idx = dl4jIndex[specLayer];
    if (idx < 0) {
      throw new IllegalArgumentException("spec layer " + specLayer + " has no DL4J layer");
    }
    return net.getLayer(idx).getParam(name.equals("kernel") ? WEIGHT : BIAS);
  }

  /** The tensors the spec defines, in canonical shape and order (values are placeholders). */
  private List<ParameterTensor> canonicalOrder() {
    List<ParameterTensor> tensors = new ArrayList<>();
    List<Shape> inputs = spec.layerInputs();
    for (int i = 0; i < spec.layers().size(); i++) {
      List<int[]> shapes = spec.layers().get(i).parameterShapes(inputs.get(i));
      if (shapes.isEmpty()) {
        continue;
      }
      tensors.add(placeholder(i, "kernel", shapes.get(0)));
      tensors.add(placeholder(i, "bias", shapes.get(1)));
    }
    return tensors;
  }

  private static ParameterTensor placeholder(int layer, String name, int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return new ParameterTensor(layer, name, shape, new float[n]);
  }

  private static void requireCompatible(ParameterTensor canonical, long[] dl4jShape) {
    int[] c = canonical.shape();
    boolean ok;
    if (canonical.name().equals("bias")) {
      long n = 1;
      for (long d : dl4jShape) {
        n *= d;
      }
      ok = c.length == 1 && n == c[0] && (dl4jShape.length == 1 || dl4jShape[0] == 1);
    } else {
      ok = dl4jShape.length == c.length;
      for (int i = 0; ok && i < c.length; i++) {
        ok = dl4jShape[i] == c[i];
      }
    }
    if (!ok) {
      throw new IllegalStateException(
          "DL4J's "
              + canonical.name()
              + " of layer "
              + canonical.layerIndex()
              + " has shape "
              + Arrays.toString(dl4jShape)
              + ", canonical "
              + Arrays.toString(c));
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("network '" + spec.name() + "' is closed");
    }
  }
}
