package org.cnnbench.python;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Pads;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.LayerParameters;
import org.cnnbench.spi.StepOutput;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.text.Splits;
import org.cnnbench.weights.ModelWeights;
import org.cnnbench.weights.ParameterTensor;

/**
 * A ModelSpec built as a torch module inside the worker. Weights travel in canonical layout (the
 * worker transposes dense kernels to torch's {@code [out, in]}); each step returns the worker's own
 * time for forward, backward and update.
 */
final class PythonNetwork implements TrainableNetwork {

  private final PythonWorker worker;
  private final ModelSpec spec;
  private final int id;
  private final List<ParameterTensor> layout = new ArrayList<>();
  private final long[] reportedSizes;
  private boolean closed;

  PythonNetwork(PythonWorker worker, ModelSpec spec, int id) {
    this.worker = worker;
    this.spec = spec;
    this.id = id;
    List<String> command = new ArrayList<>(List.of("build", String.valueOf(id)));
    command.addAll(encode(spec));
    Map<String, String> answer = worker.call(command);
    String[] sizes = Splits.dropTrailingEmpty(answer.getOrDefault("sizes", ""), ",");
    List<org.cnnbench.spec.Shape> inputs = spec.layerInputs();
    for (int i = 0; i < spec.layers().size(); i++) {
      List<int[]> shapes = spec.layers().get(i).parameterShapes(inputs.get(i));
      if (!shapes.isEmpty()) {
        layout.add(new ParameterTensor(i, "kernel", shapes.get(0), new float[size(shapes.get(0))]));
        layout.add(new ParameterTensor(i, "bias", shapes.get(1), new float[size(shapes.get(1))]));
      }
    }
    if (sizes.length != layout.size() || sizes[0].isEmpty()) {
      throw new IllegalStateException(
          "the Python worker built "
              + answer.get("sizes")
              + " tensors for "
              + spec.name()
              + ", expected "
              + layout.size());
    }
    reportedSizes = new long[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      reportedSizes[i] = Long.parseLong(sizes[i]);
    }
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** The spec as worker tokens: {@code in=C,H,W loss=... opt=... seed=... L=...}. */
  static List<String> encode(ModelSpec spec) {
    List<String> t = new ArrayList<>();
    t.add("in=" + String.join(",", spec.input().dims().stream().map(String::valueOf).toList()));
    t.add("loss=" + spec.loss().id());
    if (spec.optimizer() instanceof org.cnnbench.spec.Optimizer.Adam a) {
      t.add("opt=adam:" + a.learningRate() + ":" + a.beta1() + ":" + a.beta2() + ":" + a.epsilon());
    } else {
      t.add("opt=sgd:" + spec.optimizer().learningRate());
    }
    t.add("seed=" + spec.seed());
    List<org.cnnbench.spec.Shape> inputs = spec.layerInputs();
    for (int i = 0; i < spec.layers().size(); i++) {
      Layer layer = spec.layers().get(i);
      if (layer instanceof Layer.Conv2D c) {
        Pads p = c.pads(inputs.get(i));
        t.add(
            String.format(
                Locale.ROOT,
                "L=conv:%d:%d:%d:%d:%d:%d:%d:%d:%s",
                c.filters(),
                c.kernelHeight(),
                c.kernelWidth(),
                c.stride(),
                p.top(),
                p.bottom(),
                p.left(),
                p.right(),
                c.activation().id()));
      } else if (layer instanceof Layer.MaxPool2D p) {
        t.add("L=pool:" + p.pool() + ":" + p.stride());
      } else if (layer instanceof Layer.AvgPool2D p) {
        t.add("L=avgpool:" + p.pool() + ":" + p.stride());
      } else if (layer instanceof Layer.GlobalAvgPool2D) {
        t.add("L=gap");
      } else if (layer instanceof Layer.ActivationLayer a) {
        t.add("L=act:" + a.activation().id());
      } else if (layer instanceof Layer.Flatten) {
        t.add("L=flatten");
      } else if (layer instanceof Layer.Dense d) {
        t.add("L=dense:" + d.units() + ":" + d.activation().id());
      } else if (layer instanceof Layer.Dropout d) {
        t.add("L=dropout:" + d.rate());
      } else {
        throw new IllegalArgumentException("the Python worker has no " + layer.kind());
      }
    }
    return t;
  }

  @Override
  public List<LayerParameters> parameterCounts() {
    List<LayerParameters> counts = new ArrayList<>();
    for (int i = 0; i < layout.size(); i++) {
      counts.add(new LayerParameters(layout.get(i).layerIndex(), reportedSizes[i]));
    }
    return counts;
  }

  @Override
  public void loadWeights(ModelWeights weights) {
    if (weights.tensors().size() != layout.size()) {
      throw new IllegalArgumentException(
          "expected " + layout.size() + " tensors, got " + weights.tensors().size());
    }
    int total = 0;
    for (int i = 0; i < layout.size(); i++) {
      ParameterTensor t = weights.tensors().get(i);
      ParameterTensor s = layout.get(i);
      if (t.layerIndex() != s.layerIndex()
          || !t.name().equals(s.name())
          || !Arrays.equals(t.shape(), s.shape())) {
        throw new IllegalArgumentException(
            "tensor "
                + i
                + " is "
                + t
                + ", expected layer "
                + s.layerIndex()
                + " "
                + s.name()
                + " "
                + Arrays.toString(s.shape()));
      }
      total += t.values().length;
    }
    worker.ensureCapacity(4L * total);
    FloatBuffer out = worker.floats(0, total);
    for (ParameterTensor t : weights.tensors()) {
      out.put(t.values());
    }
    worker.call("load", String.valueOf(id), String.valueOf(total));
  }

  @Override
  public ModelWeights exportWeights() {
    int total = layout.stream().mapToInt(t -> t.values().length).sum();
    worker.ensureCapacity(4L * total);
    Map<String, String> answer = worker.call("export", String.valueOf(id));
    if (Integer.parseInt(answer.getOrDefault("count", "-1")) != total) {
      throw new IllegalStateException(
          "the Python worker exported " + answer.get("count") + " values, expected " + total);
    }
    FloatBuffer in = worker.floats(0, total);
    List<ParameterTensor> tensors = new ArrayList<>();
    for (ParameterTensor s : layout) {
      float[] values = new float[s.values().length];
      in.get(values);
      tensors.add(new ParameterTensor(s.layerIndex(), s.name(), s.shape(), values));
    }
    return new ModelWeights(tensors);
  }

  @Override
  public StepOutput trainBatch(Batch batch) {
    return step("train", batch);
  }

  @Override
  public StepOutput evaluateBatch(Batch batch) {
    return step("eval", batch);
  }

  private StepOutput step(String command, Batch batch) {
    int n = batch.size();
    int dim = batch.features().length / n;
    int units = spec.outputUnits();
    long labelsAt = 4L * n * dim;
    long outputsAt = labelsAt + 4L * n;
    // grow once, before any view is taken: growing remaps the file
    worker.ensureCapacity(outputsAt + 4L * n * units);
    worker.floats(0, n * dim).put(batch.features());
    worker.ints(labelsAt, n).put(batch.labels());
    Map<String, String> answer =
        worker.call(
            command,
            String.valueOf(id),
            String.valueOf(n),
            String.valueOf(dim),
            String.valueOf(units));
    int count = Integer.parseInt(answer.getOrDefault("outputs", "-1"));
    if (count != n * units) {
      throw new IllegalStateException(
          "the Python worker returned "
              + count
              + " outputs for "
              + n
              + " examples of "
              + units
              + " units");
    }
    float[] outputs = new float[count];
    worker.floats(outputsAt, count).get(outputs);
    float loss = (float) Double.parseDouble(answer.get("loss"));
    double seconds = Double.parseDouble(answer.getOrDefault("worker_seconds", "NaN"));
    return new StepOutput(loss, outputs, seconds);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        worker.call("free", String.valueOf(id));
      } catch (IllegalStateException e) {
        // the worker is gone; its session reports why
      }
    }
  }
}
