package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seals the CSV formats: column order, quoting, number text and line ends. */
class ResultsStoreGoldenTest {

  @TempDir
  Path dir;

  @Test
  void writesTheGoldenFiles() throws IOException {
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
      epoch.put("train_loss", "0.312345");
      epoch.put("val_accuracy", "0.971000");
      epoch.put("images_per_second", "2066.71");
      epoch.put("worker_step_seconds", "1.23400");
      store.appendEpoch(epoch);
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
    for (String name : new String[] {"epochs.csv", "trials.csv", "environment.csv"}) {
      assertEquals(golden(name), Files.readString(dir.resolve(name), StandardCharsets.UTF_8), name);
    }
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
