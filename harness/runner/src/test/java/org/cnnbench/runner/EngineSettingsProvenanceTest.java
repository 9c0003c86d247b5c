package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine settings of an A/B run ({@code -Dtensorflow.*}, {@code -Dmxnet.*}, {@code
 * -Dpytorch.interop_threads}) are checked before any work, with the real adapters, and the chosen
 * values reach {@code environment.csv} (each framework's child environment and properties); so do
 * the engine variables every trial inherits from the runner's own environment.
 */
class EngineSettingsProvenanceTest {

  private static final List<String> KEYS =
      List.of(
          "tensorflow.onednn",
          "tensorflow.grappler",
          "tensorflow.xla",
          "tensorflow.feed",
          "mxnet.engine",
          "mxnet.mkldnn",
          "pytorch.interop_threads");

  @TempDir Path root;

  private final Map<String, String> saved = new HashMap<>();

  private void set(String key, String value) {
    saved.putIfAbsent(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  @AfterEach
  void restore() {
    saved.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
  }

  private static Map<String, FrameworkProvider> providers() {
    Map<String, FrameworkProvider> all = new LinkedHashMap<>();
    Frameworks.available().forEach(f -> all.put(f.name(), f));
    return all;
  }

  private Properties props(String frameworks) {
    Properties p = new Properties();
    p.setProperty("bench", "mnist");
    p.setProperty("frameworks", frameworks);
    p.setProperty("threads", "2");
    p.setProperty("results.dir", root.resolve("results").toString());
    p.setProperty("reports.dir", root.resolve("reports").toString());
    p.setProperty("datasets.dir", root.resolve("datasets").toString());
    return p;
  }

  @Test
  void chosenSettingsAreRecordedInTheEnvironment() {
    set("tensorflow.onednn", "off");
    set("tensorflow.grappler", "no-remapping,no-layout");
    set("tensorflow.xla", "on");
    set("tensorflow.feed", "reuse");
    set("mxnet.engine", "NaiveEngine");
    set("mxnet.mkldnn", "off");
    set("pytorch.interop_threads", "2");
    Map<String, FrameworkProvider> all = providers();
    List<FrameworkProvider> three =
        List.of(all.get("tensorflow"), all.get("mxnet"), all.get("pytorch"));
    BenchOptions options =
        BenchOptions.parse(props("tensorflow,mxnet,pytorch"), List.copyOf(all.keySet()), root);
    Map<String, String> env = Provenance.collect(options, "r1", three, false);
    String tfEnv = env.get("framework.tensorflow.child_environment");
    assertTrue(
        tfEnv.contains("TF_ENABLE_ONEDNN_OPTS=0")
            && tfEnv.contains("TF_XLA_FLAGS=--tf_xla_cpu_global_jit"),
        tfEnv);
    String tfProps = env.get("framework.tensorflow.child_properties");
    assertTrue(
        tfProps.contains("tensorflow.grappler=no-remapping,no-layout")
            && tfProps.contains("tensorflow.feed=reuse")
            && tfProps.contains("tensorflow.xla=on")
            && tfProps.contains("tensorflow.onednn=off"),
        tfProps);
    String mxEnv = env.get("framework.mxnet.child_environment");
    assertTrue(
        mxEnv.contains("MXNET_ENGINE_TYPE=NaiveEngine") && mxEnv.contains("MXNET_MKLDNN_ENABLED=0"),
        mxEnv);
    String ptProps = env.get("framework.pytorch.child_properties");
    assertTrue(ptProps.contains("ai.djl.pytorch.num_interop_threads=2"), ptProps);
  }

  @Test
  void defaultsAreRecordedToo() {
    KEYS.forEach(
        k -> {
          saved.putIfAbsent(k, System.getProperty(k));
          System.clearProperty(k);
        });
    Map<String, FrameworkProvider> all = providers();
    BenchOptions options =
        BenchOptions.parse(props("tensorflow,mxnet,pytorch"), List.copyOf(all.keySet()), root);
    Map<String, String> env =
        Provenance.collect(
            options,
            "r1",
            List.of(all.get("tensorflow"), all.get("mxnet"), all.get("pytorch")),
            false);
    assertTrue(
        env.get("framework.tensorflow.child_environment").contains("TF_ENABLE_ONEDNN_OPTS=1"));
    assertTrue(
        env.get("framework.tensorflow.child_properties").contains("tensorflow.grappler=default"));
    assertTrue(
        env.get("framework.mxnet.child_environment")
            .contains("MXNET_ENGINE_TYPE=ThreadedEnginePerDevice"));
    assertTrue(
        env.get("framework.pytorch.child_properties")
            .contains("ai.djl.pytorch.num_interop_threads=1"));
  }

  @Test
  void anUnknownValueStopsTheRunListingTheValidOnes() {
    set("mxnet.engine", "FastEngine");
    Properties p = props("mxnet");
    p.setProperty("mxnet.engine", "FastEngine");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        BenchMain.run(
            p,
            providers(),
            root,
            (d, l) -> null,
            (r, s) -> {},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String e = err.toString(StandardCharsets.UTF_8).trim();
    assertEquals(ExitCode.USAGE.code(), code, e);
    String last = e.substring(e.lastIndexOf('\n') + 1);
    assertTrue(
        last.contains("-Dmxnet.engine=FastEngine")
            && last.contains("valid: ThreadedEnginePerDevice, ThreadedEngine, NaiveEngine"),
        last);
  }

  @Test
  void engineVariablesInheritedFromTheShellAreRecorded() {
    Map<String, String> shell =
        Map.of(
            "OMP_WAIT_POLICY",
            "PASSIVE",
            "JAVA_TOOL_OPTIONS",
            "-Xmn24m",
            "MALLOC_ARENA_MAX",
            "1",
            "DNNL_MAX_CPU_ISA",
            "AVX2",
            "TF_CPP_MIN_LOG_LEVEL",
            "2",
            "HOME",
            "/root",
            "PATH",
            "/usr/bin",
            "OMPX",
            "not an OpenMP variable",
            "JAVA_HOME",
            "/usr/lib/jvm/x");
    assertEquals(
        "{DNNL_MAX_CPU_ISA=AVX2, JAVA_TOOL_OPTIONS=-Xmn24m, MALLOC_ARENA_MAX=1,"
            + " OMP_WAIT_POLICY=PASSIVE, TF_CPP_MIN_LOG_LEVEL=2}",
        Provenance.inheritedEngineEnvironment(shell).toString());
    Map<String, FrameworkProvider> all = providers();
    BenchOptions options = BenchOptions.parse(props("pytorch"), List.copyOf(all.keySet()), root);
    Map<String, String> env = Provenance.collect(options, "r1", List.of(all.get("pytorch")), false);
    Map<String, String> own = Provenance.inheritedEngineEnvironment(System.getenv());
    assertEquals(own.isEmpty() ? "none" : own.toString(), env.get("inherited_environment"));
  }
}
