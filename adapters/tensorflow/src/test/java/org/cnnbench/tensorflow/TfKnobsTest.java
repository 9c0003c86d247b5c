package org.cnnbench.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cnnbench.host.AdapterWorkspace;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.StepOutput;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.weights.InitialWeights;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The TensorFlow settings of an A/B run: validation, what reaches the trial, what the session gets.
 */
class TfKnobsTest {

  private static TfKnobs knobs(Map<String, String> props) {
    return TfKnobs.from(props::get);
  }

  @Test
  void defaultsAreTheCurrentSettings() {
    TfKnobs k = knobs(Map.of());
    assertEquals(TfKnobs.DEFAULTS, k);
    assertEquals(
        Map.of(
            "tensorflow.onednn",
            "on",
            "tensorflow.grappler",
            "default",
            "tensorflow.xla",
            "off",
            "tensorflow.feed",
            "per-step"),
        k.systemProperties());
    assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "1", "TF_XLA_FLAGS", ""), k.environment());
  }

  @Test
  void unknownValuesListTheValidOnes() {
    String onednn =
        assertThrows(
                IllegalArgumentException.class, () -> knobs(Map.of("tensorflow.onednn", "yes")))
            .getMessage();
    assertTrue(
        onednn.contains("-Dtensorflow.onednn=yes") && onednn.contains("valid: on, off"), onednn);
    String xla =
        assertThrows(IllegalArgumentException.class, () -> knobs(Map.of("tensorflow.xla", "true")))
            .getMessage();
    assertTrue(xla.contains("-Dtensorflow.xla=true") && xla.contains("valid: on, off"), xla);
    String feed =
        assertThrows(
                IllegalArgumentException.class, () -> knobs(Map.of("tensorflow.feed", "pinned")))
            .getMessage();
    assertTrue(
        feed.contains("-Dtensorflow.feed=pinned") && feed.contains("valid: per-step, reuse"), feed);
    String grappler =
        assertThrows(
                IllegalArgumentException.class,
                () -> knobs(Map.of("tensorflow.grappler", "no-layout,no-fusion")))
            .getMessage();
    assertTrue(
        grappler.contains("'no-fusion'")
            && grappler.contains(
                "valid: default, off, or a comma list"
                    + " of no-layout, no-constfold, no-shape, no-remapping, no-arithmetic, no-dependency, no-loop,"
                    + " no-function"),
        grappler);
    String twice =
        assertThrows(
                IllegalArgumentException.class,
                () -> knobs(Map.of("tensorflow.grappler", "no-loop,no-loop")))
            .getMessage();
    assertTrue(twice.contains("twice"), twice);
  }

  @Test
  void providerChecksTheOptionsAndPassesThemToTheTrial() {
    Map<String, String> saved = new HashMap<>();
    Map<String, String> set =
        Map.of(
            "tensorflow.onednn",
            "off",
            "tensorflow.grappler",
            "no-remapping",
            "tensorflow.xla",
            "on",
            "tensorflow.feed",
            "REUSE");
    set.keySet().forEach(k -> saved.put(k, System.getProperty(k)));
    try {
      set.forEach(System::setProperty);
      TfProvider p = new TfProvider();
      p.checkOptions();
      Map<String, String> props = p.childSystemProperties(2);
      assertEquals("off", props.get("tensorflow.onednn"));
      assertEquals("no-remapping", props.get("tensorflow.grappler"));
      assertEquals("on", props.get("tensorflow.xla"));
      assertEquals("reuse", props.get("tensorflow.feed"));
      Map<String, String> env = p.childEnvironment(2);
      assertEquals("0", env.get("TF_ENABLE_ONEDNN_OPTS"));
      assertEquals("--tf_xla_cpu_global_jit", env.get("TF_XLA_FLAGS"));
      assertEquals("2", env.get("OMP_NUM_THREADS"));
      System.setProperty("tensorflow.onednn", "maybe");
      assertThrows(IllegalArgumentException.class, p::checkOptions);
    } finally {
      saved.forEach(
          (k, v) -> {
            if (v == null) {
              System.clearProperty(k);
            } else {
              System.setProperty(k, v);
            }
          });
    }
  }

  @Test
  void sessionConfigGetsTheGrapplerAndXlaSettings() {
    ConfigProto base = TfNetwork.sessionConfig(2, false);
    assertSame(base, TfSession.withKnobs(base, TfKnobs.DEFAULTS));

    ConfigProto some =
        TfSession.withKnobs(
            base, knobs(Map.of("tensorflow.grappler", "no-layout,no-constfold,no-remapping")));
    RewriterConfig r = some.getGraphOptions().getRewriteOptions();
    assertEquals(RewriterConfig.Toggle.OFF, r.getLayoutOptimizer());
    assertEquals(RewriterConfig.Toggle.OFF, r.getConstantFolding());
    assertEquals(RewriterConfig.Toggle.OFF, r.getRemapping());
    assertEquals(RewriterConfig.Toggle.DEFAULT, r.getArithmeticOptimization());
    assertFalse(r.getDisableMetaOptimizer());
    assertEquals(2, some.getIntraOpParallelismThreads(), "the thread pins stay");
    assertEquals(1, some.getInterOpParallelismThreads());
    assertEquals(0, some.getDeviceCountOrThrow("GPU"));
    assertEquals(
        OptimizerOptions.GlobalJitLevel.DEFAULT,
        some.getGraphOptions().getOptimizerOptions().getGlobalJitLevel());

    ConfigProto off =
        TfSession.withKnobs(
            base, knobs(Map.of("tensorflow.grappler", "off", "tensorflow.xla", "on")));
    assertTrue(off.getGraphOptions().getRewriteOptions().getDisableMetaOptimizer());
    assertEquals(
        OptimizerOptions.GlobalJitLevel.ON_1,
        off.getGraphOptions().getOptimizerOptions().getGlobalJitLevel());
  }

  /**
   * A reused input tensor must give exactly the steps a fresh tensor per step gives, sizes
   * changing.
   */
  @Test
  void reusedInputTensorsTrainExactlyLikeFreshOnes() {
    ModelSpec spec = ModelCatalog.get("mnist-cnn").spec();
    List<Batch> batches =
        List.of(batch(spec, 8, 1), batch(spec, 8, 2), batch(spec, 5, 3), batch(spec, 8, 4));
    List<StepOutput> fresh = train(spec, batches, "per-step");
    List<StepOutput> reused = train(spec, batches, "reuse");
    assertEquals(batches.size() + 1, fresh.size(), "the steps and one evaluation");
    for (int i = 0; i < fresh.size(); i++) {
      assertEquals(fresh.get(i).loss(), reused.get(i).loss(), 0f, "loss of step " + i);
      assertArrayEquals(
          fresh.get(i).outputs(), reused.get(i).outputs(), 0f, "outputs of step " + i);
    }
  }

  private static List<StepOutput> train(ModelSpec spec, List<Batch> batches, String feed) {
    String previous = System.getProperty(TfKnobs.FEED);
    System.setProperty(TfKnobs.FEED, feed);
    TfProvider provider = new TfProvider();
    // What the harness makes from the provider's needs(): a scratch folder and the unpacked
    // natives.
    try (AdapterWorkspace workspace =
            AdapterWorkspace.create(
                provider, Path.of("target", "knobs-scratch-" + feed).toAbsolutePath());
        FrameworkSession session = provider.open(Device.CPU, 1, workspace.context());
        TrainableNetwork net = session.build(spec)) {
      assertTrue(
          session.versions().get("settings").contains("feed=" + feed),
          session.versions().get("settings"));
      net.loadWeights(InitialWeights.glorotUniform(spec, 4));
      List<StepOutput> out = new ArrayList<>();
      for (Batch b : batches) {
        out.add(net.trainBatch(b));
      }
      out.add(net.evaluateBatch(batches.get(0)));
      return out;
    } finally {
      if (previous == null) {
        System.clearProperty(TfKnobs.FEED);
      } else {
        System.setProperty(TfKnobs.FEED, previous);
      }
    }
  }

  private static Batch batch(ModelSpec spec, int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * spec.input().size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(spec.outputUnits());
    }
    return new Batch(x, y, n);
  }
}
