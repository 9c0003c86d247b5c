package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.trial.Protocol;
import org.cnnbench.trial.TrialMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seals the CSV formats: column order, quoting, number text and line ends. */
class ResultsStoreGoldenTest {

  @TempDir
  Path dir;

  @Test
  void writesTheGoldenFiles() throws IOException {
    // Under a locale with a decimal comma, numbers go through the trial's own formatting and the
    // protocol, as in a real run: any locale-sensitive step would put "0,312345" in the file.
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      writeGoldenFiles();
    } finally {
      Locale.setDefault(before);
    }
    for (String name : new String[] {"epochs.csv", "trials.csv", "environment.csv"}) {
      assertEquals(golden(name), Files.readString(dir.resolve(name), StandardCharsets.UTF_8), name);
    }
  }

  private void writeGoldenFiles() throws IOException {
    try (ResultsStore store = ResultsStore.open(dir)) {
      Map<String, String> trial = new LinkedHashMap<>();
      trial.put("run_id", "20260101-000000");
      trial.put("trial_id", "mnist-mnist-cnn-pytorch-cpu-r1");
      trial.put("framework", "pytorch");
      trial.put("framework_version", "DJL 0.35.1 / PyTorch 2.7.1");
      trial.put("dataset", "mnist");
      trial.put("model", "mnist-cnn");
      trial.put("device", "cpu");
      trial.put("repetition", "1");
      Map<String, String> epoch = new LinkedHashMap<>(trial);
      epoch.put("epoch", "1");
      epoch.put("train_loss", TrialMain.format(0.31234512));
      epoch.put("val_accuracy", TrialMain.format(0.971));
      epoch.put("images_per_second", TrialMain.format(2066.7149));
      epoch.put("val_loss", TrialMain.format(Double.NaN));
      epoch.put("worker_step_seconds", TrialMain.format(1.234));
      store.appendEpoch(Protocol.decode(Protocol.encode("epoch", epoch)).orElseThrow().fields());
      trial.put("status", "FAILED");
      trial.put("reason", "process exited with code 3; last log lines: a, \"quoted\" | b");
      trial.put("params", "85146");
      trial.put("unknown_column", "ignored");
      trial.put("step_ms", "36.1000");
      trial.put("worker_step_ms", "35.2000");
      trial.put("transfer_overhead", "0.0255682");
      store.appendTrial(trial);
      Map<String, String> env = new LinkedHashMap<>();
      env.put("run_id", "20260101-000000");
      env.put("framework.pytorch.child_environment", "{MKL_NUM_THREADS=2, OMP_NUM_THREADS=2}");
      store.writeEnvironment(env);
    }
  }

  @Test
  void jmhCsvIsSealedToo() throws IOException {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("framework", "pytorch");
      row.put("benchmark", "trainStep");
      row.put("batch", "64");
      row.put("mode", "sample");
      row.put("unit", "ms/op");
      row.put("samples", "4");
      // What JmhMain sends: Double.toString of JMH's numbers.
      row.put("median", JmhBench.number(String.valueOf(81.39571234)));
      row.put("p99", JmhBench.number(String.valueOf(118.88192)));
      row.put("mean", JmhBench.number(String.valueOf(82.0675)));
      row.put("error", JmhBench.number(String.valueOf(Double.NaN)));
      row.put("model", "mnist-cnn");
      row.put("threads", "1");
      row.put("reason", "");
      Map<String, String> failed = new LinkedHashMap<>(row);
      failed.put("benchmark", "inferOne");
      failed.put("median", JmhBench.number(String.valueOf(1.0E-7)));
      failed.put("reason", "benchmark failed: forked VM failed with exit code 3: a, \"b\"");
      JmhBench.write(dir.resolve("jmh.csv"), java.util.List.of(row, failed));
    } finally {
      Locale.setDefault(before);
    }
    assertEquals(golden("jmh.csv"), Files.readString(dir.resolve("jmh.csv"), StandardCharsets.UTF_8));
  }

  @Test
  void reopeningAppendsWithoutASecondHeader() throws IOException {
    try (ResultsStore store = ResultsStore.open(dir)) {
      store.appendTrial(Map.of("trial_id", "a"));
    }
    try (ResultsStore store = ResultsStore.open(dir)) {
      store.appendTrial(Map.of("trial_id", "b"));
    }
    assertEquals(3, Files.readAllLines(dir.resolve("trials.csv")).size());
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = ResultsStoreGoldenTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
