package org.cnnbench.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.Loss;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Pads;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.LayerParameters;
import org.cnnbench.spi.StepOutput;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.weights.ModelWeights;
import org.cnnbench.weights.ParameterTensor;

/**
 * A ModelSpec as a DJL {@link SequentialBlock}, trained with a {@link GradientCollector} and DJL's
 * own optimizers (Adam follows Keras' update rule). DJL's layouts equal the canonical one except
 * dense kernels, which DJL stores as {@code [out, in]}.
 */
final class DjlNetwork implements TrainableNetwork {

  private final Engine engine;
  private final ModelSpec spec;
  private final NDManager manager;
  private final SequentialBlock block;
  private final ParameterStore parameterStore;
  private final Optimizer optimizer;
  private final Staging staging;

  /** One entry per trainable tensor, in canonical order. */
  private final List<Slot> slots = new ArrayList<>();

  @SuppressWarnings("ArrayRecordComponent") // the shape goes to the engine as an int[]
  private record Slot(
      int layerIndex, String name, Parameter parameter, boolean transposed, int[] shape) {}

  DjlNetwork(Engine engine, Device device, ModelSpec spec, Staging staging) {
    this.engine = engine;
    this.spec = spec;
    this.staging = staging;
    this.manager = engine.newBaseManager(device);
    this.block = new SequentialBlock();
    List<Integer> owners = new ArrayList<>();
    List<org.cnnbench.spec.Shape> layerInputs = spec.layerInputs();
    for (int i = 0; i < spec.layers().size(); i++) {
      Layer layer = spec.layers().get(i);
      if (layer instanceof Layer.Conv2D c) {
        Pads pads = c.pads(layerInputs.get(i));
        Shape convPadding = new Shape(pads.top(), pads.left());
        if (!pads.symmetric()) {
          block.add(zeroPad(pads));
          convPadding = new Shape(0, 0);
        }
        block.add(
            Conv2d.builder()
                .setKernelShape(new Shape(c.kernelHeight(), c.kernelWidth()))
                .setFilters(c.filters())
                .optStride(new Shape(c.stride(), c.stride()))
                .optPadding(convPadding)
                .build());
        owners.add(i);
        addActivation(c.activation());
      } else if (layer instanceof Layer.MaxPool2D p) {
        block.add(
            Pool.maxPool2dBlock(new Shape(p.pool(), p.pool()), new Shape(p.stride(), p.stride())));
      } else if (layer instanceof Layer.AvgPool2D p) {
        block.add(
            Pool.avgPool2dBlock(new Shape(p.pool(), p.pool()), new Shape(p.stride(), p.stride())));
      } else if (layer instanceof Layer.GlobalAvgPool2D) {
        block.add(Pool.globalAvgPool2dBlock());
        block.add(Blocks.batchFlattenBlock());
      } else if (layer instanceof Layer.ActivationLayer a) {
        addActivation(a.activation());
      } else if (layer instanceof Layer.Flatten) {
        block.add(Blocks.batchFlattenBlock());
      } else if (layer instanceof Layer.Dense d) {
        block.add(Linear.builder().setUnits(d.units()).build());
        owners.add(i);
        addActivation(d.activation());
      } else if (layer instanceof Layer.Dropout d) {
        block.add(Dropout.builder().optRate((float) d.rate()).build());
      } else {
        throw new UnsupportedOperationException(
            "the DJL adapter has no " + layer.kind() + " layer");
      }
    }
    org.cnnbench.spec.Shape in = spec.input();
    block.initialize(
        manager, DataType.FLOAT32, new Shape(1, in.channels(), in.height(), in.width()));
    List<org.cnnbench.spec.Shape> inputs = spec.layerInputs();
    int owner = 0;
    for (Pair<String, Parameter> pair : block.getParameters()) {
      Parameter p = pair.getValue();
      int layerIndex = owners.get(owner);
      Layer layer = spec.layers().get(layerIndex);
      List<int[]> shapes = layer.parameterShapes(inputs.get(layerIndex));
      boolean isBias = p.getType() == Parameter.Type.BIAS;
      boolean dense = layer instanceof Layer.Dense;
      slots.add(
          new Slot(
              layerIndex,
              isBias ? "bias" : "kernel",
              p,
              dense && !isBias,
              shapes.get(isBias ? 1 : 0)));
      if (isBias) {
        owner++;
      }
    }
    this.parameterStore = new ParameterStore(manager, false);
    this.optimizer = optimizer(spec, manager);
  }

  private void addActivation(org.cnnbench.spec.Activation activation) {
    switch (activation) {
      case RELU -> block.add(Activation.reluBlock());
      case SIGMOID -> block.add(Activation.sigmoidBlock());
      case TANH -> block.add(Activation.tanhBlock());
      case SOFTMAX -> block.add(list -> new NDList(list.singletonOrThrow().softmax(-1)));
      case LINEAR -> {}
      default -> throw new IllegalStateException(activation.toString());
    }
  }

  /**
   * Keras' asymmetric {@code same} padding (one more zero after than before when the total is odd),
   * which {@link Conv2d}'s symmetric padding cannot express: zeros concatenated around an NCHW
   * batch, with ops that both PyTorch and MXNet differentiate.
   */
  private static LambdaBlock zeroPad(Pads pads) {
    return new LambdaBlock(
        list -> {
          NDArray x = list.singletonOrThrow();
          x = padAxis(x, 2, pads.top(), pads.bottom());
          return new NDList(padAxis(x, 3, pads.left(), pads.right()));
        },
        "keras-same-padding");
  }

  private static NDArray padAxis(NDArray x, int axis, int before, int after) {
    if (before == 0 && after == 0) {
      return x;
    }
    NDList parts = new NDList();
    long[] dims = x.getShape().getShape();
    if (before > 0) {
      long[] d = dims.clone();
      d[axis] = before;
      parts.add(x.getManager().zeros(new Shape(d), x.getDataType(), x.getDevice()));
    }
    parts.add(x);
    if (after > 0) {
      long[] d = dims.clone();
      d[axis] = after;
      parts.add(x.getManager().zeros(new Shape(d), x.getDataType(), x.getDevice()));
    }
    return NDArrays.concat(parts, axis);
  }

  private static Optimizer optimizer(ModelSpec spec, NDManager owner) {
    if (spec.optimizer() instanceof org.cnnbench.spec.Optimizer.Adam a) {
      return new OwnedAdam(
          Optimizer.adam()
              .optLearningRateTracker(Tracker.fixed((float) a.learningRate()))
              .optBeta1((float) a.beta1())
              .optBeta2((float) a.beta2())
              .optEpsilon((float) a.epsilon()),
          owner);
    }
    return Optimizer.sgd()
        .setLearningRateTracker(Tracker.fixed((float) spec.optimizer().learningRate()))
        .build();
  }

  /**
   * DJL's Adam with its moment arrays owned by the network's manager, so that {@link #close()}
   * frees them. DJL's own Adam detaches each new moment array (DJL 0.35.1 {@code
   * Optimizer.withDefaultState}: "this will let it be closed by the GC"), which hands it to the
   * engine's system manager; that one lives as long as the JVM and closes nothing, and PyTorch and
   * MXNet arrays have no cleaner, so the two moments of every parameter (0.65 MiB for mnist-cnn)
   * stayed allocated after each network.
   */
  private static final class OwnedAdam extends Adam {
    private final NDManager owner;

    OwnedAdam(Adam.Builder builder, NDManager owner) {
      super(builder);
      this.owner = owner;
    }

    @Override
    protected NDArray withDefaultState(
        Map<String, Map<Device, NDArray>> state,
        String key,
        Device device,
        Function<String, NDArray> defaultFunction) {
      NDArray moment = super.withDefaultState(state, key, device, defaultFunction);
      if (moment.getManager() != owner) {
        moment.attach(owner);
      }
      return moment;
    }
  }

  @Override
  public List<LayerParameters> parameterCounts() {
    List<LayerParameters> counts = new ArrayList<>();
    for (Slot s : slots) {
      counts.add(new LayerParameters(s.layerIndex(), s.parameter().getArray().size()));
    }
    return counts;
  }

  @Override
  public void loadWeights(ModelWeights weights) {
    if (weights.tensors().size() != slots.size()) {
      throw new IllegalArgumentException(
          "expected " + slots.size() + " tensors, got " + weights.tensors().size());
    }
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      ParameterTensor t = weights.tensors().get(i);
      if (t.layerIndex() != s.layerIndex() || !t.name().equals(s.name())) {
        throw new IllegalArgumentException(
            "tensor " + i + " is " + t + ", expected layer " + s.layerIndex() + " " + s.name());
      }
      float[] values =
          s.transposed() ? transpose(t.values(), t.shape()[0], t.shape()[1]) : t.values();
      staging.copyInto(s.parameter().getArray(), values);
    }
  }

  @Override
  public ModelWeights exportWeights() {
    List<ParameterTensor> tensors = new ArrayList<>();
    for (Slot s : slots) {
      float[] values = s.parameter().getArray().toFloatArray();
      if (s.transposed()) {
        values = transpose(values, s.shape()[1], s.shape()[0]);
      }
      tensors.add(new ParameterTensor(s.layerIndex(), s.name(), s.shape(), values));
    }
    return new ModelWeights(tensors);
  }

  /** Row-major {@code [rows, cols]} to {@code [cols, rows]}. */
  private static float[] transpose(float[] values, int rows, int cols) {
    float[] out = new float[values.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = values[r * cols + c];
      }
    }
    return out;
  }

  @Override
  public StepOutput trainBatch(Batch batch) {
    float loss;
    float[] outputs;
    try (NDManager scope = manager.newSubManager()) {
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray probabilities = forward(scope, batch, true);
        NDArray lossArray = loss(probabilities, labels(scope, batch));
        collector.backward(lossArray);
        loss = lossArray.getFloat();
        outputs = probabilities.toFloatArray();
      }
      for (Slot s : slots) {
        NDArray weight = s.parameter().getArray();
        try (NDArray grad = weight.getGradient()) {
          optimizer.update(s.parameter().getId(), weight, grad);
          // DJL's PyTorch collector does not reset gradients between steps: do it here.
          grad.subi(grad);
        }
      }
    }
    return new StepOutput(loss, outputs);
  }

  @Override
  public StepOutput evaluateBatch(Batch batch) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray probabilities = forward(scope, batch, false);
      NDArray lossArray = loss(probabilities, labels(scope, batch));
      return new StepOutput(lossArray.getFloat(), probabilities.toFloatArray());
    }
  }

  private NDArray forward(NDManager scope, Batch batch, boolean training) {
    org.cnnbench.spec.Shape in = spec.input();
    NDArray x = scope.create(new Shape(batch.size(), in.channels(), in.height(), in.width()));
    staging.copyInto(x, batch.features());
    NDArray out = block.forward(parameterStore, new NDList(x), training).singletonOrThrow();
    out.attach(scope);
    return out;
  }

  private NDArray labels(NDManager scope, Batch batch) {
    if (spec.loss() == Loss.BINARY_CROSSENTROPY) {
      float[] y = new float[batch.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = batch.labels()[i];
      }
      return staged(scope, y, new Shape(batch.size(), 1));
    }
    int units = spec.outputUnits();
    float[] y = new float[batch.size() * units];
    for (int i = 0; i < batch.size(); i++) {
      y[i * units + batch.labels()[i]] = 1f;
    }
    return staged(scope, y, new Shape(batch.size(), units));
  }

  private NDArray staged(NDManager scope, float[] values, Shape shape) {
    NDArray array = scope.create(shape);
    staging.copyInto(array, values);
    return array;
  }

  /** Keras 3's formula: clip the probabilities to [eps, 1 - eps], then the mean cross-entropy. */
  private NDArray loss(NDArray probabilities, NDArray labels) {
    NDArray p = probabilities.clip(Loss.EPSILON, 1 - Loss.EPSILON);
    if (spec.loss() == Loss.BINARY_CROSSENTROPY) {
      NDArray perExample = labels.mul(p.log()).add(labels.neg().add(1).mul(p.neg().add(1).log()));
      return perExample.neg().mean();
    }
    return labels.mul(p.log()).sum(new int[] {1}).neg().mean();
  }

  @Override
  public void close() {
    manager.close();
  }
}
