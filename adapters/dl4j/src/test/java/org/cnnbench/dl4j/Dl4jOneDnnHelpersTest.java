package org.cnnbench.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkSession;
import org.deeplearning4j.nn.conf.CacheMode;
import org.junit.jupiter.api.Test;

/**
 * The session records which libnd4j build loaded and whether MultiLayerNetwork's oneDNN layer
 * helpers attached: on a oneDNN build they must (the stand-in {@code org.nd4j.nativeblas.Nd4jCpu}
 * makes DL4J's check pass, and DL4J's {@code helpers.disable} switch is set), and every convolution
 * layer must then run {@code MKLDNNConvHelper}; on the others they cannot. Run under the oneDNN
 * build with {@code -Dnd4j.test.exclude.a=org.nd4j:nd4j-native:jar:linux-x86_64:*
 * -Dnd4j.test.exclude.b=org.nd4j:nd4j-native:jar:linux-x86_64-avx2:*}.
 */
class Dl4jOneDnnHelpersTest {

  @Test
  void theLoadedBuildAndTheLayerHelpersAreRecorded() {
    try (FrameworkSession s = new Dl4jProvider().open(Device.CPU, 1)) {
      Map<String, String> v = s.versions();
      String build = v.get("native_build");
      assertTrue(
          build.matches("(generic|avx2|onednn-avx2) \\(nd4j-native linux-x86_64.*\\)"), build);
      boolean oneDnn = Boolean.parseBoolean(v.get("onednn"));
      assertEquals(build.startsWith("onednn"), oneDnn, v.toString());
      assertEquals(oneDnn, v.get("libnd4j.build").contains("HAVE_ONEDNN"), v.toString());
      String helpers = v.get("layer_helpers");
      assertTrue(oneDnn ? helpers.startsWith("oneDNN") : helpers.startsWith("none"), helpers);
      // What counts is that the convolution layers really got oneDNN's helper: in a real trial they
      // once did not (DL4J's own switch was left at its default), and MLN ran its im2col path.
      ModelSpec spec = ModelCatalog.get("mnist-cnn").spec();
      try (Dl4jNetwork net = (Dl4jNetwork) s.build(spec)) {
        List<String> conv = net.convolutionHelpers();
        assertEquals(2, conv.size(), conv.toString());
        for (String h : conv) {
          assertEquals(oneDnn ? "MKLDNNConvHelper" : "none", h, conv.toString());
        }
        // Without the forward-pass cache every convolution runs forward twice per training step.
        assertEquals(CacheMode.DEVICE, net.cacheMode());
        assertEquals("device", v.get("cache_mode"), v.toString());
      }
    }
  }
}
