package org.cnnbench.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cnnbench.reference.ReferenceForward;
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
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.StepOutput;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.testkit.FrameworkContractTest;
import org.cnnbench.text.Splits;
import org.cnnbench.weights.InitialWeights;
import org.cnnbench.weights.ModelWeights;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checks of the DL4J adapter beyond the shared contract: loss details, Adam, dropout, isolation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Dl4jAdapterTest {

  private FrameworkSession session;

  @BeforeAll
  void open() {
    session = new Dl4jProvider().open(Device.CPU, 1);
  }

  @AfterAll
  void close() {
    session.close();
  }

  @Test
  void providerQueriesLoadNoNd4jOrDl4jClass() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String e :
        Splits.dropTrailingEmpty(System.getProperty("java.class.path"), File.pathSeparator)) {
      urls.add(Path.of(e).toUri().toURL());
    }
    Set<String> loaded = Collections.synchronizedSet(new TreeSet<>());
    try (URLClassLoader isolated =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            loaded.add(name);
            return super.loadClass(name, resolve);
          }
        }) {
      Class<?> type = isolated.loadClass(Dl4jProvider.class.getName());
      Object provider = type.getConstructor().newInstance();
      type.getMethod("name").invoke(provider);
      type.getMethod("displayName").invoke(provider);
      type.getMethod("capabilities").invoke(provider);
      Method props = type.getMethod("childSystemProperties", int.class);
      Method env = type.getMethod("childEnvironment", int.class);
      Map<?, ?> p = (Map<?, ?>) props.invoke(provider, 2);
      Map<?, ?> v = (Map<?, ?>) env.invoke(provider, 2);
      assertEquals("2", v.get("OMP_NUM_THREADS"));
      assertEquals("2", v.get("OPENBLAS_NUM_THREADS"));
      assertEquals("2", v.get("MKL_NUM_THREADS"));
      assertTrue(p.containsKey("org.bytedeco.javacpp.maxBytes"), p.toString());
    }
    for (String name : loaded) {
      assertFalse(
          name.startsWith("org.nd4j")
              || name.startsWith("org.deeplearning4j")
              || name.startsWith("org.bytedeco"),
          "provider queries loaded " + name);
    }
  }

  @Test
  void gpuIsRefusedWithAReason() {
    UnsupportedOperationException e =
        assertThrows(
            UnsupportedOperationException.class, () -> new Dl4jProvider().open(Device.GPU, 1));
    assertTrue(e.getMessage().contains("CPU"), e.getMessage());
  }

  @Test
  void versionsNameDl4jNd4jAndBlas() {
    Map<String, String> v = session.versions();
    System.out.println("dl4j versions: " + v);
    assertEquals("DL4J 1.0.0-M2.1", session.frameworkVersion());
    assertEquals("1.0.0-M2.1", v.get("nd4j.version"));
    assertTrue(v.get("blas").startsWith("openblas"), v.get("blas"));
  }

  @Test
  void forwardPassDifferencePerModel() {
    double worst = 0;
    for (CatalogEntry entry : ModelCatalog.entries()) {
      ModelSpec spec = entry.spec();
      ModelWeights weights = InitialWeights.glorotUniform(spec, 11);
      Batch batch = FrameworkContractTest.syntheticBatch(spec, 3, 5);
      try (TrainableNetwork net = session.build(spec)) {
        net.loadWeights(weights);
        float[] got = net.evaluateBatch(batch).outputs();
        float[] want = ReferenceForward.forward(spec, weights, batch.features(), batch.size());
        double max = maxDiff(want, got);
        System.out.printf("dl4j forward %-10s max |diff| %.3g%n", entry.name(), max);
        worst = Math.max(worst, max);
      }
    }
    assertTrue(worst <= FrameworkContractTest.FORWARD_TOLERANCE, "max |diff| " + worst);
  }

  @Test
  void trainingOutputsAreTheForwardPassBeforeTheUpdate() {
    for (String name : List.of("mnist-cnn", "fruit-cnn")) {
      ModelSpec spec = ModelCatalog.get(name).spec();
      Batch batch = FrameworkContractTest.syntheticBatch(spec, 4, 8);
      try (TrainableNetwork net = session.build(spec)) {
        net.loadWeights(InitialWeights.glorotUniform(spec, 4));
        StepOutput before = net.evaluateBatch(batch);
        StepOutput step = net.trainBatch(batch);
        StepOutput after = net.evaluateBatch(batch);
        assertEquals(before.loss(), step.loss(), 1e-6, name);
        assertEquals(expectedLoss(spec, before.outputs(), batch), before.loss(), 1e-5, name);
        assertTrue(maxDiff(before.outputs(), step.outputs()) < 1e-6, name);
        assertTrue(
            maxDiff(after.outputs(), step.outputs()) > 1e-6, name + ": the step changed nothing");
      }
    }
  }

  @Test
  void adamStepsFollowKerasRule() {
    // Softmax regression: gradient x^T (p - y) / n; two Adam steps in double precision.
    ModelSpec spec =
        ModelCatalog.get("logreg").spec().withOptimizer(new Optimizer.Adam(0.01, 0.9, 0.999, 1e-7));
    Batch batch = FrameworkContractTest.syntheticBatch(spec, 16, 21);
    ModelWeights start = InitialWeights.glorotUniform(spec, 5);
    float[][] expected = stepsInDouble(spec, start, batch, 2, true);
    try (TrainableNetwork net = session.build(spec)) {
      net.loadWeights(start);
      net.trainBatch(batch);
      net.trainBatch(batch);
      ModelWeights got = net.exportWeights();
      assertTrue(maxDiff(expected[0], got.tensors().get(0).values()) < 1e-5, "kernel after Adam");
      assertTrue(maxDiff(expected[1], got.tensors().get(1).values()) < 1e-5, "bias after Adam");
    }
  }

  @Test
  void binaryCrossEntropyLossAndGradientAreTheMeanOverTheBatch() {
    ModelSpec spec =
        ModelSpec.builder("binary-logreg")
            .setInput(Shape.chw(2, 3, 3))
            .add(new Layer.Flatten())
            .add(new Layer.Dense(1, Activation.SIGMOID))
            .setLoss(Loss.BINARY_CROSSENTROPY)
            .optOptimizer(new Optimizer.Sgd(0.5))
            .build();
    Batch batch = FrameworkContractTest.syntheticBatch(spec, 12, 3);
    ModelWeights start = InitialWeights.glorotUniform(spec, 6);
    float[][] expected = stepsInDouble(spec, start, batch, 2, false);
    try (TrainableNetwork net = session.build(spec)) {
      net.loadWeights(start);
      StepOutput eval = net.evaluateBatch(batch);
      float[] p = ReferenceForward.forward(spec, start, batch.features(), batch.size());
      assertTrue(maxDiff(p, eval.outputs()) < 1e-6);
      assertEquals(expectedLoss(spec, p, batch), eval.loss(), 1e-6);
      net.trainBatch(batch);
      net.trainBatch(batch);
      ModelWeights got = net.exportWeights();
      assertTrue(maxDiff(expected[0], got.tensors().get(0).values()) < 1e-5, "kernel after SGD");
      assertTrue(maxDiff(expected[1], got.tensors().get(1).values()) < 1e-5, "bias after SGD");
    }
  }

  @Test
  void dropoutIsIdentityAtEvaluationAndActiveInTraining() {
    ModelSpec spec =
        ModelSpec.builder("dropout-cnn")
            .setInput(Shape.chw(1, 8, 8))
            .add(Layer.Conv2D.of(4, 3, Padding.SAME, Activation.RELU))
            .add(new Layer.Dropout(0.25))
            .add(Layer.MaxPool2D.of(2))
            .add(new Layer.Flatten())
            .add(new Layer.Dense(16, Activation.RELU))
            .add(new Layer.Dropout(0.5))
            .add(new Layer.Dense(3, Activation.SOFTMAX))
            .setLoss(Loss.CATEGORICAL_CROSSENTROPY)
            .build();
    ModelWeights weights = InitialWeights.glorotUniform(spec, 9);
    Batch batch = FrameworkContractTest.syntheticBatch(spec, 6, 2);
    try (TrainableNetwork net = session.build(spec)) {
      net.loadWeights(weights);
      assertEquals(weights.sha256(), net.exportWeights().sha256());
      StepOutput eval = net.evaluateBatch(batch);
      float[] want = ReferenceForward.forward(spec, weights, batch.features(), batch.size());
      assertTrue(maxDiff(want, eval.outputs()) < 1e-5);
      StepOutput train = net.trainBatch(batch);
      assertTrue(Float.isFinite(train.loss()));
      assertTrue(
          maxDiff(eval.outputs(), train.outputs()) > 1e-4, "dropout changed nothing in training");
    }
  }

  private static double expectedLoss(ModelSpec spec, float[] p, Batch batch) {
    double sum = 0;
    int units = spec.outputUnits();
    double eps = Loss.EPSILON;
    for (int e = 0; e < batch.size(); e++) {
      if (units == 1) {
        double q = Math.min(Math.max(p[e], eps), 1 - eps);
        int y = batch.labels()[e];
        sum -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
      } else {
        double q = Math.min(Math.max(p[e * units + batch.labels()[e]], eps), 1 - eps);
        sum -= Math.log(q);
      }
    }
    return sum / batch.size();
  }

  /** Steps of a one-layer model (Flatten + Dense) in double precision; Adam or SGD per the spec. */
  private static float[][] stepsInDouble(
      ModelSpec spec, ModelWeights start, Batch batch, int steps, boolean softmax) {
    int in = spec.input().size();
    int units = spec.outputUnits();
    double[] k = toDouble(start.tensors().get(0).values());
    double[] b = toDouble(start.tensors().get(1).values());
    double[] mk = new double[k.length];
    double[] vk = new double[k.length];
    double[] mb = new double[b.length];
    double[] vb = new double[b.length];
    for (int t = 1; t <= steps; t++) {
      double[] gk = new double[k.length];
      double[] gb = new double[b.length];
      for (int e = 0; e < batch.size(); e++) {
        double[] z = new double[units];
        for (int u = 0; u < units; u++) {
          z[u] = b[u];
          for (int i = 0; i < in; i++) {
            z[u] += batch.features()[e * in + i] * k[i * units + u];
          }
        }
        double[] p = new double[units];
        if (softmax) {
          double max = Double.NEGATIVE_INFINITY;
          for (double v : z) {
            max = Math.max(max, v);
          }
          double s = 0;
          for (int u = 0; u < units; u++) {
            p[u] = Math.exp(z[u] - max);
            s += p[u];
          }
          for (int u = 0; u < units; u++) {
            p[u] /= s;
          }
        } else {
          p[0] = 1 / (1 + Math.exp(-z[0]));
        }
        for (int u = 0; u < units; u++) {
          double y = units == 1 ? batch.labels()[e] : (batch.labels()[e] == u ? 1 : 0);
          double d = (p[u] - y) / batch.size();
          gb[u] += d;
          for (int i = 0; i < in; i++) {
            gk[i * units + u] += batch.features()[e * in + i] * d;
          }
        }
      }
      update(spec.optimizer(), t, k, gk, mk, vk);
      update(spec.optimizer(), t, b, gb, mb, vb);
    }
    return new float[][] {toFloat(k), toFloat(b)};
  }

  private static void update(Optimizer o, int t, double[] w, double[] g, double[] m, double[] v) {
    if (o instanceof Optimizer.Adam a) {
      double lrT =
          a.learningRate() * Math.sqrt(1 - Math.pow(a.beta2(), t)) / (1 - Math.pow(a.beta1(), t));
      for (int i = 0; i < w.length; i++) {
        m[i] = a.beta1() * m[i] + (1 - a.beta1()) * g[i];
        v[i] = a.beta2() * v[i] + (1 - a.beta2()) * g[i] * g[i];
        w[i] -= lrT * m[i] / (Math.sqrt(v[i]) + a.epsilon());
      }
    } else {
      for (int i = 0; i < w.length; i++) {
        w[i] -= o.learningRate() * g[i];
      }
    }
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  private static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  private static double maxDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }
}
