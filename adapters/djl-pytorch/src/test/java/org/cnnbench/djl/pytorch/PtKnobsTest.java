package org.cnnbench.djl.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * libtorch's inter-op threads in an A/B run: validation and what reaches the trial's properties.
 */
class PtKnobsTest {

  @Test
  void oneInteropThreadByDefault() {
    Map<String, String> props = new PtProvider().childSystemProperties(2);
    assertEquals("1", props.get("ai.djl.pytorch.num_interop_threads"));
    assertEquals("2", props.get("ai.djl.pytorch.num_threads"));
  }

  @Test
  void invalidValuesSayWhatIsValid() {
    for (String bad : new String[] {"0", "-1", "two", "1.5"}) {
      String m =
          assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      PtProvider.INTEROP_THREADS.value(Map.of("pytorch.interop_threads", bad)::get))
              .getMessage();
      assertTrue(
          m.contains("-Dpytorch.interop_threads=" + bad)
              && m.contains("valid: a positive integer" + " (default 1)"),
          m);
    }
  }

  @Test
  void theChosenCountReachesTheTrialsProperties() {
    String previous = System.getProperty("pytorch.interop_threads");
    try {
      System.setProperty("pytorch.interop_threads", "2");
      PtProvider p = new PtProvider();
      p.checkOptions();
      assertEquals("2", p.childSystemProperties(2).get("ai.djl.pytorch.num_interop_threads"));
      System.setProperty("pytorch.interop_threads", "none");
      assertThrows(IllegalArgumentException.class, p::checkOptions);
    } finally {
      if (previous == null) {
        System.clearProperty("pytorch.interop_threads");
      } else {
        System.setProperty("pytorch.interop_threads", previous);
      }
    }
  }
}
