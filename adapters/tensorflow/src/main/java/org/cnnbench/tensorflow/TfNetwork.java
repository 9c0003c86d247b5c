package org.cnnbench.tensorflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.spec.Loss;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Optimizer;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.InferenceNetwork;
import org.cnnbench.spi.LayerParameters;
import org.cnnbench.spi.StepOutput;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.weights.ModelWeights;
import org.cnnbench.weights.ParameterTensor;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TFloat32;

/**
 * A spec's network as one TensorFlow graph with resource variables, trained in graph mode:
 * gradients from {@link Graph#addGradients}, updates with the raw {@code ResourceApplyAdam} /
 * {@code ResourceApplyGradientDescent} ops, so forward pass, loss, backward pass and update are one
 * {@code Session.run}.
 */
final class TfNetwork implements TrainableNetwork {

  /** Signature names of the exported SavedModel. */
  static final String SIGNATURE_INPUT = "x";

  static final String SIGNATURE_OUTPUT = "probabilities";

  private final TfSession owner;
  private final ModelSpec spec;
  private final List<TfLayout.Param> params;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final Placeholder<TFloat32> labels;
  private final Operand<TFloat32> trainOutputs;
  private final Operand<TFloat32> trainLoss;
  private final Operand<TFloat32> evalOutputs;
  private final Operand<TFloat32> evalLoss;
  private final List<Placeholder<TFloat32>> loadValues = new ArrayList<>();
  private final List<Op> loadOps = new ArrayList<>();
  private final List<Op> resetOptimizerOps = new ArrayList<>();
  private final List<ReadVariableOp<TFloat32>> reads = new ArrayList<>();
  private final List<Op> updateOps = new ArrayList<>();
  private final Placeholder<TFloat32> beta1Power;
  private final Placeholder<TFloat32> beta2Power;
  private final int units;
  private final boolean feedReuse;
  private TFloat32 reusedX;
  private TFloat32 reusedY;
  private long step;
  private boolean closed;

  TfNetwork(TfSession owner, ModelSpec spec) {
    this.owner = owner;
    this.spec = spec;
    this.params = TfLayout.params(spec);
    this.units = spec.outputUnits();
    this.feedReuse = owner.knobs().feed() == TfKnobs.Feed.REUSE;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      org.cnnbench.spec.Shape in = spec.input();
      input =
          tf.withName("x")
              .placeholder(
                  TFloat32.class,
                  Placeholder.shape(
                      org.tensorflow.ndarray.Shape.of(-1, in.channels(), in.height(), in.width())));
      labels =
          tf.withName("y")
              .placeholder(
                  TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, units)));

      List<VarHandleOp> handles = new ArrayList<>();
      for (TfLayout.Param p : params) {
        org.tensorflow.ndarray.Shape shape = org.tensorflow.ndarray.Shape.of(p.tfShape());
        // An explicit shared name: without one, every handle of the graph names the same resource.
        VarHandleOp handle =
            tf.withName(p.opName())
                .varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(p.opName()));
        handles.add(handle);
        Placeholder<TFloat32> value =
            tf.withName(p.opName() + "_value")
                .placeholder(TFloat32.class, Placeholder.shape(shape));
        loadValues.add(value);
        loadOps.add(tf.assignVariableOp(handle, value));
        reads.add(tf.withName(p.opName() + "_read").readVariableOp(handle, TFloat32.class));
      }
      Map<TfLayout.Param, Operand<TFloat32>> byParam = new LinkedHashMap<>();
      for (int i = 0; i < params.size(); i++) {
        byParam.put(params.get(i), reads.get(i));
      }
      TfGraphs.Forward forward = TfGraphs.forward(tf, spec, input, params, byParam::get, true);
      trainOutputs = forward.train();
      evalOutputs = forward.eval();
      trainLoss = loss(tf, spec.loss(), trainOutputs, labels);
      evalLoss =
          trainOutputs == evalOutputs ? trainLoss : loss(tf, spec.loss(), evalOutputs, labels);

      Output<?>[] xs = new Output<?>[reads.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = reads.get(i).asOutput();
      }
      Output<?>[] grads = graph.addGradients(trainLoss.asOutput(), xs);

      if (spec.optimizer() instanceof Optimizer.Adam adam) {
        beta1Power =
            tf.withName("beta1_power")
                .placeholder(
                    TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
        beta2Power =
            tf.withName("beta2_power")
                .placeholder(
                    TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
        Operand<TFloat32> lr = tf.constant((float) adam.learningRate());
        Operand<TFloat32> b1 = tf.constant((float) adam.beta1());
        Operand<TFloat32> b2 = tf.constant((float) adam.beta2());
        Operand<TFloat32> eps = tf.constant((float) adam.epsilon());
        for (int i = 0; i < params.size(); i++) {
          TfLayout.Param p = params.get(i);
          org.tensorflow.ndarray.Shape shape = org.tensorflow.ndarray.Shape.of(p.tfShape());
          VarHandleOp m =
              tf.withName(p.opName() + "_m")
                  .varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(p.opName() + "_m"));
          VarHandleOp v =
              tf.withName(p.opName() + "_v")
                  .varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(p.opName() + "_v"));
          Operand<TFloat32> zeros = tf.zeros(tf.constant(p.tfShape()), TFloat32.class);
          resetOptimizerOps.add(tf.assignVariableOp(m, zeros));
          resetOptimizerOps.add(tf.assignVariableOp(v, zeros));
          @SuppressWarnings("unchecked")
          Operand<TFloat32> g = (Operand<TFloat32>) grads[i];
          // ApplyAdam: lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t); w -= lr_t * m / (sqrt(v) + eps),
          // Keras' formula.
          updateOps.add(
              tf.train.resourceApplyAdam(
                  handles.get(i), m, v, beta1Power, beta2Power, lr, b1, b2, eps, g));
        }
      } else if (spec.optimizer() instanceof Optimizer.Sgd sgd) {
        beta1Power = null;
        beta2Power = null;
        Operand<TFloat32> lr = tf.constant((float) sgd.learningRate());
        for (int i = 0; i < params.size(); i++) {
          @SuppressWarnings("unchecked")
          Operand<TFloat32> g = (Operand<TFloat32>) grads[i];
          updateOps.add(tf.train.resourceApplyGradientDescent(handles.get(i), lr, g));
        }
      } else {
        throw new IllegalArgumentException("unsupported optimizer " + spec.optimizer());
      }
      session = new Session(graph, owner.sessionConfig());
    } catch (RuntimeException | Error e) {
      graph.close();
      throw e;
    }
    try {
      // Start from zeros so that every variable is initialised; loadWeights replaces them.
      loadWeights(zeroWeights());
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /**
   * @param threads intra-op threads
   * @param gpu whether the session may use the first GPU
   * @return the session settings: pinned threads; on the CPU no GPU at all (a CUDA build on a GPU
   *     machine would otherwise place ops there); on the GPU, memory grown on demand (so the peak
   *     GPU memory the harness samples is what the model needs) and soft placement for ops without
   *     a GPU kernel
   */
  static ConfigProto sessionConfig(int threads, boolean gpu) {
    ConfigProto.Builder b =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(threads)
            .setInterOpParallelismThreads(1);
    if (gpu) {
      b.setAllowSoftPlacement(true).setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
    } else {
      b.putDeviceCount("GPU", 0);
    }
    return b.build();
  }

  private static Operand<TFloat32> loss(
      Ops tf, Loss loss, Operand<TFloat32> probabilities, Operand<TFloat32> y) {
    // Keras 3: clip to [eps, 1 - eps], then the cross-entropy, then the mean over the batch.
    Operand<TFloat32> p =
        tf.clipByValue(probabilities, tf.constant(Loss.EPSILON), tf.constant(1f - Loss.EPSILON));
    Operand<TFloat32> perExample;
    if (loss == Loss.CATEGORICAL_CROSSENTROPY) {
      perExample = tf.math.neg(tf.reduceSum(tf.math.mul(y, tf.math.log(p)), tf.constant(1)));
    } else {
      Operand<TFloat32> one = tf.constant(1f);
      Operand<TFloat32> terms =
          tf.math.add(
              tf.math.mul(y, tf.math.log(p)),
              tf.math.mul(tf.math.sub(one, y), tf.math.log(tf.math.sub(one, p))));
      perExample = tf.math.neg(tf.math.mean(terms, tf.constant(1)));
    }
    return tf.math.mean(perExample, tf.constant(0));
  }

  private ModelWeights zeroWeights() {
    List<ParameterTensor> tensors = new ArrayList<>();
    for (TfLayout.Param p : params) {
      tensors.add(
          new ParameterTensor(p.layerIndex(), p.name(), p.canonicalShape(), new float[p.size()]));
    }
    return new ModelWeights(tensors);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("network is closed");
    }
  }

  @Override
  public List<LayerParameters> parameterCounts() {
    Map<Integer, Long> counts = new LinkedHashMap<>();
    for (TfLayout.Param p : params) {
      long n = 1;
      for (long d : p.tfShape()) {
        n *= d;
      }
      counts.merge(p.layerIndex(), n, Long::sum);
    }
    List<LayerParameters> result = new ArrayList<>();
    counts.forEach((layer, n) -> result.add(new LayerParameters(layer, n)));
    return result;
  }

  @Override
  public void loadWeights(ModelWeights weights) {
    checkOpen();
    List<ParameterTensor> tensors = weights.tensors();
    if (tensors.size() != params.size()) {
      throw new IllegalArgumentException(
          "model '" + spec.name() + "' has " + params.size() + " tensors, got " + tensors.size());
    }
    List<TFloat32> values = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (int i = 0; i < params.size(); i++) {
        TfLayout.Param p = params.get(i);
        ParameterTensor t = tensors.get(i);
        if (t.layerIndex() != p.layerIndex()
            || !t.name().equals(p.name())
            || !Arrays.equals(t.shape(), p.canonicalShape())) {
          throw new IllegalArgumentException("tensor " + i + " is " + t + ", expected " + p);
        }
        TFloat32 value =
            TFloat32.tensorOf(
                org.tensorflow.ndarray.Shape.of(p.tfShape()),
                DataBuffers.of(p.toTf(t.values()), true, false));
        values.add(value);
        runner.feed(loadValues.get(i), value);
        runner.addTarget(loadOps.get(i));
      }
      resetOptimizerOps.forEach(runner::addTarget);
      runner.run().close();
      step = 0;
    } finally {
      values.forEach(TFloat32::close);
    }
  }

  @Override
  public ModelWeights exportWeights() {
    checkOpen();
    Session.Runner runner = session.runner();
    reads.forEach(runner::fetch);
    List<ParameterTensor> tensors = new ArrayList<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < params.size(); i++) {
        TfLayout.Param p = params.get(i);
        float[] tf = new float[p.size()];
        ((TFloat32) result.get(i)).copyTo(DataBuffers.of(tf, false, false));
        tensors.add(
            new ParameterTensor(p.layerIndex(), p.name(), p.canonicalShape(), p.toCanonical(tf)));
      }
    }
    return new ModelWeights(tensors);
  }

  private TFloat32 features(Batch batch) {
    org.cnnbench.spec.Shape in = spec.input();
    org.tensorflow.ndarray.Shape shape =
        org.tensorflow.ndarray.Shape.of(batch.size(), in.channels(), in.height(), in.width());
    if (feedReuse) {
      reusedX = reusable(reusedX, shape);
      reusedX.copyFrom(DataBuffers.of(batch.features(), true, false));
      return reusedX;
    }
    return TFloat32.tensorOf(shape, DataBuffers.of(batch.features(), true, false));
  }

  private TFloat32 oneHot(Batch batch) {
    float[] y = new float[batch.size() * units];
    for (int e = 0; e < batch.size(); e++) {
      int label = batch.labels()[e];
      if (units == 1) {
        y[e] = label;
      } else {
        y[e * units + label] = 1f;
      }
    }
    org.tensorflow.ndarray.Shape shape = org.tensorflow.ndarray.Shape.of(batch.size(), units);
    if (feedReuse) {
      reusedY = reusable(reusedY, shape);
      reusedY.copyFrom(DataBuffers.of(y, true, false));
      return reusedY;
    }
    return TFloat32.tensorOf(shape, DataBuffers.of(y, true, false));
  }

  /** With {@code -Dtensorflow.feed=reuse}: the kept tensor if it has the shape, else a new one. */
  private static TFloat32 reusable(TFloat32 kept, org.tensorflow.ndarray.Shape shape) {
    if (kept != null && kept.shape().equals(shape)) {
      return kept;
    }
    if (kept != null) {
      kept.close();
    }
    return TFloat32.tensorOf(shape);
  }

  private StepOutput run(Batch batch, boolean train) {
    checkOpen();
    TFloat32 b1 = null;
    TFloat32 b2 = null;
    TFloat32 x = null;
    TFloat32 y = null;
    try {
      x = features(batch);
      y = oneHot(batch);
      Session.Runner runner = session.runner().feed(input, x).feed(labels, y);
      if (train) {
        runner.fetch(trainOutputs).fetch(trainLoss);
        if (beta1Power != null) {
          long t = step + 1;
          Optimizer.Adam adam = (Optimizer.Adam) spec.optimizer();
          b1 = TFloat32.scalarOf((float) Math.pow((float) adam.beta1(), (double) t));
          b2 = TFloat32.scalarOf((float) Math.pow((float) adam.beta2(), (double) t));
          runner.feed(beta1Power, b1).feed(beta2Power, b2);
        }
        updateOps.forEach(runner::addTarget);
      } else {
        runner.fetch(evalOutputs).fetch(evalLoss);
      }
      try (Result result = runner.run()) {
        float[] outputs = new float[batch.size() * units];
        ((TFloat32) result.get(0)).copyTo(DataBuffers.of(outputs, false, false));
        float loss = ((TFloat32) result.get(1)).getFloat();
        if (train) {
          step++;
        }
        return new StepOutput(loss, outputs);
      }
    } finally {
      if (!feedReuse) {
        if (x != null) {
          x.close();
        }
        if (y != null) {
          y.close();
        }
      }
      if (b1 != null) {
        b1.close();
      }
      if (b2 != null) {
        b2.close();
      }
    }
  }

  @Override
  public StepOutput trainBatch(Batch batch) {
    return run(batch, true);
  }

  @Override
  public StepOutput evaluateBatch(Batch batch) {
    return run(batch, false);
  }

  @Override
  public InferenceNetwork inferenceNetwork() {
    checkOpen();
    String problem = owner.djlProblem();
    if (problem == null) {
      Path dir = null;
      try {
        // In the scratch folder the harness gave the session; the inference network deletes it on
        // close.
        dir = Files.createTempDirectory(owner.scratch(), "savedmodel-");
        exportSavedModel(dir);
        return TfDjlInference.start(
            dir, spec, owner.threads(), owner.gpu(), owner.nativeLibraryDir());
      } catch (IOException | RuntimeException e) {
        if (dir != null) {
          TfDjlRuntime.deleteTree(dir);
        }
        problem = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (TfDjlRuntime.djlRequired()) {
          throw new IllegalStateException(
              "DJL TensorFlow inference failed and "
                  + TfDjlRuntime.REQUIRE_DJL
                  + " is set: "
                  + problem,
              e);
        }
      }
    } else if (TfDjlRuntime.djlRequired()) {
      throw new IllegalStateException(
          "DJL TensorFlow inference is unavailable and "
              + TfDjlRuntime.REQUIRE_DJL
              + " is set: "
              + problem);
    }
    owner.recordFallback(problem);
    System.err.println(
        "WARNING: tensorflow adapter evaluates with TensorFlow Java, not DJL: " + problem);
    return TrainableNetwork.super.inferenceNetwork();
  }

  /**
   * Writes the current model as a SavedModel (tag {@code serve}, signature {@code serving_default}
   * with input {@code x} as NCHW floats and output {@code probabilities}): an inference-only graph
   * whose variables hold the current weights.
   *
   * @param dir an empty folder
   * @throws IOException if it cannot be written
   */
  void exportSavedModel(Path dir) throws IOException {
    ModelWeights weights = exportWeights();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      org.cnnbench.spec.Shape in = spec.input();
      Placeholder<TFloat32> x =
          tf.withName(SIGNATURE_INPUT)
              .placeholder(
                  TFloat32.class,
                  Placeholder.shape(
                      org.tensorflow.ndarray.Shape.of(-1, in.channels(), in.height(), in.width())));
      Map<TfLayout.Param, Operand<TFloat32>> variables = new LinkedHashMap<>();
      List<Placeholder<TFloat32>> values = new ArrayList<>();
      List<Op> assigns = new ArrayList<>();
      for (TfLayout.Param p : params) {
        org.tensorflow.ndarray.Shape shape = org.tensorflow.ndarray.Shape.of(p.tfShape());
        Variable<TFloat32> v = tf.withName(p.opName()).variable(shape, TFloat32.class);
        Placeholder<TFloat32> value =
            tf.withName(p.opName() + "_value")
                .placeholder(TFloat32.class, Placeholder.shape(shape));
        variables.put(p, v);
        values.add(value);
        assigns.add(tf.assign(v, value));
      }
      TfGraphs.Forward forward = TfGraphs.forward(tf, spec, x, params, variables::get, false);
      Operand<TFloat32> probabilities = tf.withName(SIGNATURE_OUTPUT).identity(forward.eval());
      try (Session s = new Session(g, owner.sessionConfig())) {
        List<TFloat32> tensors = new ArrayList<>();
        try {
          Session.Runner runner = s.runner();
          for (int i = 0; i < params.size(); i++) {
            TfLayout.Param p = params.get(i);
            TFloat32 t =
                TFloat32.tensorOf(
                    org.tensorflow.ndarray.Shape.of(p.tfShape()),
                    DataBuffers.of(p.toTf(weights.tensors().get(i).values()), true, false));
            tensors.add(t);
            runner.feed(values.get(i), t).addTarget(assigns.get(i));
          }
          runner.run().close();
        } finally {
          tensors.forEach(TFloat32::close);
        }
        SavedModelBundle.exporter(dir.toString())
            .withTags("serve")
            .withSession(s)
            .withSignature(
                Signature.builder()
                    .key(Signature.DEFAULT_KEY)
                    .input(SIGNATURE_INPUT, x)
                    .output(SIGNATURE_OUTPUT, probabilities)
                    .build())
            .export();
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (TFloat32 t : new TFloat32[] {reusedX, reusedY}) {
      if (t != null) {
        t.close();
      }
    }
    try {
      if (session != null) {
        session.close();
      }
    } finally {
      graph.close();
    }
  }
}
