package org.cnnbench.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cnnbench.results.MessageType;
import org.junit.jupiter.api.Test;

class ProtocolTest {

  @Test
  void roundTripsAnyText() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("reason", "line one\nline two = 3 % done, 'quoted' | piped");
    fields.put("empty", "");
    String line = Protocol.encode(MessageType.RESULT, fields);
    assertTrue(line.startsWith(Protocol.PREFIX));
    assertEquals(-1, line.indexOf('\n'));
    Protocol.Message m = Protocol.decode(line).orElseThrow();
    assertEquals(MessageType.RESULT, m.type());
    assertEquals(fields, m.fields());
    assertTrue(Protocol.decode("[main] INFO some framework log").isEmpty());
    assertTrue(
        Protocol.decode(Protocol.PREFIX + "progress epoch=1").isEmpty(),
        "an unknown type is no message");
  }

  @Test
  void accuracyIsArgmaxOrThreshold() {
    assertEquals(
        2,
        Metrics.correct(new float[] {0.1f, 0.9f, 0.8f, 0.2f, 0.5f, 0.5f}, new int[] {1, 1, 0}, 2));
    // one sigmoid unit: p >= 0.5 is class 1
    assertEquals(2, Metrics.correct(new float[] {0.7f, 0.2f, 0.5f}, new int[] {1, 1, 1}, 1));
  }
}
