package org.cnnbench.dl4j.samediff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link ModelSpec} built as a SameDiff graph on NCHW float32 input.
 *
 * <p>Translation: the convolution and pooling activations are in the {@link SameDiffLayout} chosen
 * (NHWC: the input permuted once in the graph); Conv2D = {@code sd.cnn.conv2d} (libnd4j's conv2d
 * op; oneDNN in the oneDNN build) with weights in {@code YXIO} = [kh, kw, in, out] (the canonical
 * [out, in, kh, kw] permuted on load and export), explicit symmetric padding {@code (k - 1) / 2}
 * for 'same'; MaxPool2D = {@code sd.cnn.maxPooling2d}, no padding; Flatten = reshape to [n, C*H*W]
 * of the NCHW array (NHWC activations permuted back first), i.e. the canonical C, H, W order; Dense
 * = {@code sd.nn.linear} (x W + b, W [in, out] as canonical); Dropout(rate) = multiplication by a
 * mask fed per step (Bernoulli(1 - rate) / (1 - rate) in training, ones in evaluation: inverted
 * dropout like Keras'). Loss: probabilities clipped to [1e-7, 1 - 1e-7], then cross-entropy, mean
 * over the batch (Keras 3); its gradient is SameDiff's autodiff of that graph. Update: Keras' Adam
 * through libnd4j's {@code adam_updater} op ({@code lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)}, {@code
 * w -= lr_t m / (sqrt(v) + eps)}, the op DL4J's own Adam calls), or plain SGD. One call computes
 * the outputs, the loss and the gradients from a single forward pass.
 */
public final class SameDiffNetwork implements TrainableNetwork {

  private static final String INPUT = "input";
  private static final String LABELS = "labels";
  private static final String LOSS = "loss";

  /**
   * The key under which SameDiff keeps the gradient graph it derives ({@code
   * SameDiff.GRAD_FN_KEY}).
   */
  private static final String GRAD_FUNCTION = "grad";

  private final ModelSpec spec;
  private final SameDiff sd;
  private final String output;

  /** Per spec layer: the kernel and bias variable names, or null for layers without parameters. */
  private final String[][] params;

  /** Per spec layer: the dropout mask placeholder, or null. */
  private final String[] masks;

  /**
   * Per spec layer: the dropout mask's shape without the batch axis (in the graph's layout), or
   * null.
   */
  private final long[][] maskShapes;

  private final List<String> trainable;
  private final Map<String, INDArray[]> adamState = new HashMap<>();

  /** The arrays of a training call (forward, loss, gradients), reused every step. */
  private final CallArena trainArena = new CallArena();

  /** The arrays of an evaluation call, reused every evaluation batch. */
  private final CallArena evalArena = new CallArena();

  private final int units;
  private final int classes;
  private int iteration;
  private boolean closed;

  private SameDiffNetwork(
      ModelSpec spec,
      SameDiff sd,
      String output,
      String[][] params,
      String[] masks,
      long[][] maskShapes) {
    this.spec = spec;
    this.sd = sd;
    this.output = output;
    this.params = params;
    this.masks = masks;
    this.maskShapes = maskShapes;
    List<String> names = new ArrayList<>();
    for (String[] p : params) {
      if (p != null) {
        names.addAll(Arrays.asList(p));
      }
    }
    this.trainable = List.copyOf(names);
    this.units = spec.outputUnits();
    this.classes = spec.classes();
  }

  /**
   * Translates a spec into a SameDiff graph with zero weights, meant to be replaced with {@link
   * #loadWeights}.
   *
   * @param spec the model
   * @param layout the layout of the convolution and pooling activations
   * @return the network
   */
  static SameDiffNetwork build(ModelSpec spec, SameDiffLayout layout) {
    boolean nhwc = layout == SameDiffLayout.NHWC;
    SameDiff sd = SameDiff.create();
    Shape in = spec.input();
    SDVariable x =
        sd.placeHolder(INPUT, DataType.FLOAT, -1, in.channels(), in.height(), in.width());
    SDVariable y = sd.placeHolder(LABELS, DataType.FLOAT, -1, spec.outputUnits());
    List<Shape> inputs = spec.layerInputs();
    String[][] params = new String[spec.layers().size()][];
    String[] masks = new String[spec.layers().size()];
    long[][] maskShapes = new long[spec.layers().size()][];
    SDVariable cur = nhwc ? x.permute(0, 2, 3, 1) : x;
    for (int i = 0; i < spec.layers().size(); i++) {
      Layer layer = spec.layers().get(i);
      Shape s = inputs.get(i);
      boolean spatial = s.dims().size() == 3; // [C, H, W]: an activation in the graph's layout
      if (layer instanceof Layer.Conv2D c) {
        SDVariable w =
            sd.var(
                "conv" + i + "_W",
                Nd4j.zeros(
                    DataType.FLOAT, c.kernelHeight(), c.kernelWidth(), s.channels(), c.filters()));
        SDVariable b = sd.var("conv" + i + "_b", Nd4j.zeros(DataType.FLOAT, c.filters()));
        Pads pads = c.pads(s);
        int padHeight = pads.top();
        int padWidth = pads.left();
        if (!pads.symmetric()) {
          // Keras' 'same' with an odd total pads one more after than before; conv2d's explicit
          // padding is symmetric, so a pad op adds the zeros first.
          int[][] amounts =
              nhwc
                  ? new int[][] {
                    {0, 0}, {pads.top(), pads.bottom()}, {pads.left(), pads.right()}, {0, 0}
                  }
                  : new int[][] {
                    {0, 0}, {0, 0}, {pads.top(), pads.bottom()}, {pads.left(), pads.right()}
                  };
          cur =
              sd.nn.pad(cur, sd.constant("conv" + i + "_pad", Nd4j.createFromArray(amounts)), 0.0);
          padHeight = 0;
          padWidth = 0;
        }
        Conv2DConfig cfg =
            Conv2DConfig.builder()
                .kH(c.kernelHeight())
                .kW(c.kernelWidth())
                .sH(c.stride())
                .sW(c.stride())
                .pH(padHeight)
                .pW(padWidth)
                .dH(1)
                .dW(1)
                .paddingMode(
                    PaddingMode.VALID) // explicit padding: symmetric here, asymmetric by the pad op
                .dataFormat(layout.dataFormat())
                .weightsFormat(WeightsFormat.YXIO)
                .build();
        cur = activation(sd, sd.cnn.conv2d(cur, w, b, cfg), c.activation(), nhwc ? 3 : 1);
        params[i] = new String[] {w.name(), b.name()};
      } else if (layer instanceof Layer.MaxPool2D p) {
        cur = sd.cnn.maxPooling2d(cur, pooling(p.pool(), p.stride(), nhwc));
      } else if (layer instanceof Layer.AvgPool2D p) {
        cur = sd.cnn.avgPooling2d(cur, pooling(p.pool(), p.stride(), nhwc));
      } else if (layer instanceof Layer.GlobalAvgPool2D) {
        cur = nhwc ? cur.mean(1, 2) : cur.mean(2, 3);
      } else if (layer instanceof Layer.ActivationLayer a) {
        cur = activation(sd, cur, a.activation(), spatial && nhwc ? 3 : 1);
      } else if (layer instanceof Layer.Flatten) {
        if (nhwc && spatial) {
          cur = cur.permute(0, 3, 1, 2); // back to NCHW: the canonical flatten order is C, H, W
        }
        cur = cur.reshape(-1, s.size()); // NCHW in 'c' order: C, H, W as the canonical flatten
      } else if (layer instanceof Layer.Dropout) {
        long[] dims = s.dims().stream().mapToLong(Integer::longValue).toArray();
        if (nhwc && spatial) {
          dims = new long[] {dims[1], dims[2], dims[0]};
        }
        long[] shape = new long[dims.length + 1];
        shape[0] = -1;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        SDVariable mask = sd.placeHolder("dropout" + i + "_mask", DataType.FLOAT, shape);
        cur = cur.mul(mask);
        masks[i] = mask.name();
        maskShapes[i] = dims;
      } else if (layer instanceof Layer.Dense d) {
        SDVariable w = sd.var("dense" + i + "_W", Nd4j.zeros(DataType.FLOAT, s.size(), d.units()));
        SDVariable b = sd.var("dense" + i + "_b", Nd4j.zeros(DataType.FLOAT, d.units()));
        cur = activation(sd, sd.nn.linear(cur, w, b), d.activation(), 1);
        params[i] = new String[] {w.name(), b.name()};
      } else {
        throw new UnsupportedOperationException(
            "the dl4j-samediff adapter cannot build layer " + i + " (" + layer.kind() + ")");
      }
    }
    SDVariable p = sd.math.clipByValue(cur, Loss.EPSILON, 1.0 - Loss.EPSILON);
    // Mean over the batch of the per-example loss. Binary: one unit, so the mean over all elements
    // (a reduction over the size-1 unit axis alone fails in SameDiff M2.1's inference session).
    SDVariable mean =
        switch (spec.loss()) {
          case CATEGORICAL_CROSSENTROPY -> y.mul(sd.math.log(p)).sum(1).mean(0);
          case BINARY_CROSSENTROPY ->
              y.mul(sd.math.log(p)).add(y.rsub(1.0).mul(sd.math.log(p.rsub(1.0)))).mean(0, 1);
        };
    SDVariable loss = sd.math.neg(LOSS, mean);
    sd.setLossVariables(loss);
    return new SameDiffNetwork(spec, sd, cur.name(), params, masks, maskShapes);
  }

  private static SDVariable activation(SameDiff sd, SDVariable z, Activation a, int channelAxis) {
    return switch (a) {
      case RELU -> sd.nn.relu(z, 0.0);
      case SIGMOID -> sd.nn.sigmoid(z);
      case TANH -> sd.nn.tanh(z);
      case SOFTMAX -> sd.nn.softmax(z, channelAxis);
      case LINEAR -> z;
    };
  }

  /**
   * @return the SameDiff graph, for inspection
   */
  public SameDiff sameDiff() {
    return sd;
  }

  @Override
  public List<LayerParameters> parameterCounts() {
    requireOpen();
    // per spec layer with variables: the total length of its kernel and bias
    return IntStream.range(0, params.length)
        .filter(i -> params[i] != null)
        .mapToObj(
            i ->
                new LayerParameters(
                    i,
                    Arrays.stream(params[i])
                        .mapToLong(name -> sd.getVariable(name).getArr().length())
                        .sum()))
        .toList();
  }

  @Override
  public void loadWeights(ModelWeights weights) {
    requireOpen();
    List<ParameterTensor> given = weights.tensors();
    int expected = trainable.size();
    if (given.size() != expected) {
      throw new IllegalArgumentException(
          "model '"
              + spec.name()
              + "' has "
              + expected
              + " parameter tensors, got "
              + given.size());
    }
    List<Shape> inputs = spec.layerInputs();
    int t = 0;
    for (int i = 0; i < params.length; i++) {
      if (params[i] == null) {
        continue;
      }
      List<int[]> shapes = spec.layers().get(i).parameterShapes(inputs.get(i));
      for (int k = 0; k < 2; k++, t++) {
        ParameterTensor g = given.get(t);
        String name = k == 0 ? "kernel" : "bias";
        if (g.layerIndex() != i
            || !g.name().equals(name)
            || !Arrays.equals(g.shape(), shapes.get(k))) {
          throw new IllegalArgumentException(
              "tensor "
                  + t
                  + " is "
                  + g
                  + ", expected layer "
                  + i
                  + " "
                  + name
                  + " "
                  + Arrays.toString(shapes.get(k)));
        }
        INDArray target = sd.getVariable(params[i][k]).getArr();
        try (INDArray canonical = Nd4j.create(g.values(), toLong(g.shape()), 'c')) {
          // Conv kernels: canonical [out, in, kh, kw] -> YXIO [kh, kw, in, out]; assign() copies by
          // logical index. Dense kernels [in, out] and biases [out] are as canonical.
          target.assign(isConvKernel(i, k) ? canonical.permute(2, 3, 1, 0) : canonical);
        }
      }
    }
    adamState.values().forEach(s -> Arrays.stream(s).forEach(INDArray::close));
    adamState.clear();
    iteration = 0;
  }

  @Override
  public ModelWeights exportWeights() {
    requireOpen();
    List<ParameterTensor> out = new ArrayList<>();
    List<Shape> inputs = spec.layerInputs();
    for (int i = 0; i < params.length; i++) {
      if (params[i] == null) {
        continue;
      }
      List<int[]> shapes = spec.layers().get(i).parameterShapes(inputs.get(i));
      for (int k = 0; k < 2; k++) {
        INDArray arr = sd.getVariable(params[i][k]).getArr();
        INDArray view = isConvKernel(i, k) ? arr.permute(3, 2, 0, 1) : arr;
        float[] values;
        try (INDArray copy = view.dup('c')) {
          values = copy.data().asFloat();
        }
        out.add(new ParameterTensor(i, k == 0 ? "kernel" : "bias", shapes.get(k), values));
      }
    }
    return new ModelWeights(out);
  }

  @Override
  public StepOutput trainBatch(Batch batch) {
    requireOpen();
    evalArena.closeFree(); // one phase's arrays at a time, as MultiLayerNetwork's workspaces
    Map<String, INDArray> feed = feed(batch, true);
    try {
      if (sd.getFunction(GRAD_FUNCTION) == null) {
        sd.createGradFunction();
      }
      useArena(sd.getFunction(GRAD_FUNCTION), trainArena);
      trainArena.beginCall(batch.size());
      OutAndGrad og = sd.calculateGradientsAndOutputs(feed, List.of(output, LOSS), trainable);
      float loss = og.getOutputs().get(LOSS).getFloat(0);
      float[] out = outputs(og.getOutputs().get(output), batch);
      for (String name : trainable) {
        update(name, og.getGradients().get(name));
      }
      iteration++;
      return new StepOutput(loss, out);
    } finally {
      // The outputs and gradients are the arena's arrays: read, and taken back for the next step.
      trainArena.endCall();
      feed.values().forEach(INDArray::close);
    }
  }

  @Override
  public StepOutput evaluateBatch(Batch batch) {
    requireOpen();
    trainArena.closeFree();
    Map<String, INDArray> feed = feed(batch, false);
    try {
      // A fresh inference session per evaluation: a reused one served stale convolution results on
      // the oneDNN build once the weights had been updated in place (evaluation after a step gave
      // the loss of the old conv weights; fruit-cnn, 2026-12-01). Turning SameDiff's cache off
      // instead fixed that but kept ~3 MiB per network alive. Evaluation is timed apart from
      // training steps.
      releaseSessions(sd);
      // the arrays the graph still references: last placeholders and op inputs of the final step
      sd.clearPlaceholders(true);
      sd.clearOpInputs();
      useArena(sd, evalArena);
      evalArena.beginCall(batch.size());
      Map<String, INDArray> r = sd.output(feed, output, LOSS);
      return new StepOutput(r.get(LOSS).getFloat(0), outputs(r.get(output), batch));
    } finally {
      evalArena.endCall();
      feed.values().forEach(INDArray::close);
    }
  }

  /**
   * @return the arena of the training calls (for tests)
   */
  CallArena trainArena() {
    return trainArena;
  }

  /**
   * @return the arena of the evaluation calls (for tests)
   */
  CallArena evalArena() {
    return evalArena;
  }

  /**
   * Makes this thread's session of a graph allocate from an arena, creating the session as SameDiff
   * would ({@code SameDiff.getInferenceFactory()}, one per thread) if there is none yet.
   */
  private static void useArena(SameDiff graph, CallArena arena) {
    InferenceSession session =
        graph
            .getSessions()
            .computeIfAbsent(
                Thread.currentThread().getId(), id -> SameDiff.getInferenceFactory().create(graph));
    if (session.getMmgr() != arena) {
      SessionMemMgr previous = session.getMmgr();
      session.setMmgr(arena);
      if (previous != null) {
        previous.close();
      }
    }
  }

  /** Applies the spec's optimizer to one variable, in place. */
  private void update(String name, INDArray gradient) {
    if (gradient == null) {
      throw new IllegalStateException("SameDiff computed no gradient for " + name);
    }
    INDArray param = sd.getVariable(name).getArr();
    Optimizer o = spec.optimizer();
    if (o instanceof Optimizer.Adam a) {
      INDArray[] state =
          adamState.computeIfAbsent(
              name,
              n ->
                  new INDArray[] {
                    Nd4j.zeros(DataType.FLOAT, param.shape()),
                    Nd4j.zeros(DataType.FLOAT, param.shape())
                  });
      // adam_updater(gradient, v, m): the gradient becomes the update lr_t * m / (sqrt(v) + eps),
      // with
      // t = iteration + 1, and v, m are updated in place; the same op DL4J's Adam runs.
      Nd4j.exec(
          new AdamUpdater(
              gradient,
              state[0],
              state[1],
              a.learningRate(),
              a.beta1(),
              a.beta2(),
              a.epsilon(),
              iteration));
      param.subi(gradient);
    } else if (o instanceof Optimizer.Sgd s) {
      param.subi(gradient.muli(s.learningRate()));
    } else {
      throw new UnsupportedOperationException(
          "the dl4j-samediff adapter has no optimizer " + o.describe());
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      adamState.values().forEach(s -> Arrays.stream(s).forEach(INDArray::close));
      adamState.clear();
      releaseSessions(sd);
      trainArena.close();
      evalArena.close();
      SameDiff grad = sd.getFunction(GRAD_FUNCTION);
      if (grad != null) {
        releaseSessions(grad);
        grad.clearPlaceholders(true);
        grad.clearOpInputs();
      }
      sd.clearPlaceholders(true);
      sd.clearOpInputs();
      for (String name : trainable) {
        INDArray arr = sd.getVariable(name).getArr();
        if (arr != null && arr.closeable()) {
          arr.close();
        }
      }
    }
  }

  /**
   * Drops a graph's inference sessions and frees what each one holds natively, except what an arena
   * holds: a memory manager SameDiff made itself (an {@code ArrayCacheMemoryMgr}, up to a quarter
   * of JavaCPP's {@code maxBytes}) is closed at once instead of being left to the garbage
   * collector.
   */
  private static void releaseSessions(SameDiff graph) {
    for (InferenceSession session : graph.getSessions().values()) {
      if (session.getMmgr() != null && !(session.getMmgr() instanceof CallArena)) {
        session.getMmgr().close();
      }
    }
    graph.getSessions().clear();
  }

  /** A square pooling window without padding, as Keras' MaxPooling2D and AveragePooling2D. */
  private static Pooling2DConfig pooling(int pool, int stride, boolean nhwc) {
    return Pooling2DConfig.builder()
        .kH(pool)
        .kW(pool)
        .sH(stride)
        .sW(stride)
        .pH(0)
        .pW(0)
        .dH(1)
        .dW(1)
        .paddingMode(PaddingMode.VALID)
        .isNHWC(nhwc)
        .build();
  }

  private boolean isConvKernel(int layer, int k) {
    return k == 0 && spec.layers().get(layer) instanceof Layer.Conv2D;
  }

  private Map<String, INDArray> feed(Batch batch, boolean training) {
    Map<String, INDArray> feed = new LinkedHashMap<>();
    feed.put(INPUT, Nd4jBatches.features(batch, spec));
    feed.put(LABELS, Nd4jBatches.targets(batch, units, classes));
    for (int i = 0; i < masks.length; i++) {
      if (masks[i] == null) {
        continue;
      }
      long[] shape = new long[maskShapes[i].length + 1];
      shape[0] = batch.size();
      System.arraycopy(maskShapes[i], 0, shape, 1, maskShapes[i].length);
      INDArray mask;
      if (training) {
        double keep = 1.0 - ((Layer.Dropout) spec.layers().get(i)).rate();
        mask =
            Nd4j.getExecutioner()
                .exec(
                    new org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution(
                        Nd4j.createUninitialized(DataType.FLOAT, shape), keep))
                .divi(keep);
      } else {
        mask = Nd4j.ones(DataType.FLOAT, shape);
      }
      feed.put(masks[i], mask);
    }
    return feed;
  }

  private float[] outputs(INDArray probabilities, Batch batch) {
    float[] out;
    try (INDArray copy = probabilities.dup('c')) {
      out = copy.data().asFloat();
    }
    if (out.length != batch.size() * units) {
      throw new IllegalStateException(
          "SameDiff produced "
              + out.length
              + " outputs for "
              + batch.size()
              + " examples of "
              + units
              + " units");
    }
    return out;
  }

  private static long[] toLong(int[] shape) {
    long[] l = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      l[i] = shape[i];
    }
    return l;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("network '" + spec.name() + "' is closed");
    }
  }
}
