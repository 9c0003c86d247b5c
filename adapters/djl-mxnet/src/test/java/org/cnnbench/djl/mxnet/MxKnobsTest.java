package org.cnnbench.djl.mxnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** MXNet's engine settings of an A/B run: validation and what reaches the trial's environment. */
class MxKnobsTest {

  @Test
  void defaultsAreMxnetsOwn() {
    Map<String, String> env = new MxProvider().childEnvironment(2);
    assertEquals("ThreadedEnginePerDevice", env.get("MXNET_ENGINE_TYPE"));
    assertEquals("1", env.get("MXNET_MKLDNN_ENABLED"));
    assertEquals("2", env.get("MXNET_CPU_WORKER_NTHREADS"));
  }

  @Test
  void unknownValuesListTheValidOnes() {
    String engine =
        assertThrows(
                IllegalArgumentException.class,
                () -> MxProvider.ENGINE.value(Map.of("mxnet.engine", "Naive")::get))
            .getMessage();
    assertTrue(
        engine.contains("-Dmxnet.engine=Naive")
            && engine.contains(
                "valid: ThreadedEnginePerDevice, ThreadedEngine, NaiveEngine (default ThreadedEnginePerDevice)"),
        engine);
    String mkldnn =
        assertThrows(
                IllegalArgumentException.class,
                () -> MxProvider.MKLDNN.value(Map.of("mxnet.mkldnn", "0")::get))
            .getMessage();
    assertTrue(mkldnn.contains("-Dmxnet.mkldnn=0") && mkldnn.contains("valid: on, off"), mkldnn);
    assertEquals(
        "NaiveEngine",
        MxProvider.ENGINE.value(Map.of("mxnet.engine", "naiveengine")::get),
        "case does not matter, MXNet's spelling is passed on");
  }

  @Test
  void theChosenSettingsReachTheTrialsEnvironment() {
    String engine = System.getProperty("mxnet.engine");
    String mkldnn = System.getProperty("mxnet.mkldnn");
    try {
      System.setProperty("mxnet.engine", "NaiveEngine");
      System.setProperty("mxnet.mkldnn", "off");
      MxProvider p = new MxProvider();
      p.checkOptions();
      Map<String, String> env = p.childEnvironment(2);
      assertEquals("NaiveEngine", env.get("MXNET_ENGINE_TYPE"));
      assertEquals("0", env.get("MXNET_MKLDNN_ENABLED"));
      System.setProperty("mxnet.engine", "Threaded");
      assertThrows(IllegalArgumentException.class, p::checkOptions);
    } finally {
      restore("mxnet.engine", engine);
      restore("mxnet.mkldnn", mkldnn);
    }
  }

  static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
