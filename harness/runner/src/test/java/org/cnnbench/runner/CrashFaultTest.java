package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cnnbench.report.RunData;
import org.junit.jupiter.api.Test;

/**
 * Fault injection: SIGSEGV and SIGSTOP sent by process id to a trial's JVM. The crash becomes a
 * FAILED row whose reason carries the JVM's crash summary, with the crash log in the trial's
 * folder; the stopped process becomes a TIMEOUT row; the run goes on and no row is lost or
 * duplicated.
 */
class CrashFaultTest {

  @org.junit.jupiter.api.io.TempDir Path root;

  @Test
  void segvAndStopBecomeRowsAndTheRunGoesOn() throws Exception {
    Path cwd = Path.of(System.getProperty("user.dir"));
    Set<Path> crashLogsBefore = crashLogs(cwd);
    Bench.RunResult result = FaultRuns.bench(root, "segv,stop,fake", "", null).bench().run();
    assertEquals(
        Map.of(
            "mnist-mnist-cnn-segv-cpu-r1",
            "FAILED",
            "mnist-mnist-cnn-stop-cpu-r1",
            "TIMEOUT",
            "mnist-mnist-cnn-fake-cpu-r1",
            "OK"),
        result.statuses(),
        () -> BenchIsolationTest.read(result.resultsDir().resolve("trials.csv")));
    RunData data = RunData.read(result.resultsDir());
    assertEquals(
        List.of(
            "mnist-mnist-cnn-segv-cpu-r1",
            "mnist-mnist-cnn-stop-cpu-r1",
            "mnist-mnist-cnn-fake-cpu-r1"),
        data.trials().stream().map(t -> t.get("trial_id")).toList());
    Map<String, String> segv = data.trials().get(0);
    String reason = segv.get("reason");
    assertTrue(reason.startsWith("JVM crashed: SIGSEGV (0xb) at pc="), reason);
    assertTrue(reason.contains("pid=") && reason.contains("tid="), reason);
    assertTrue(reason.contains("; problematic frame: "), reason);
    assertTrue(reason.contains("(signal 6, SIGABRT)"), reason);
    Path trials = result.resultsDir().resolve("trials");
    List<Path> hsErr;
    try (Stream<Path> s = Files.list(trials)) {
      hsErr =
          s.filter(
                  f ->
                      f.getFileName()
                          .toString()
                          .startsWith("mnist-mnist-cnn-segv-cpu-r1.hs_err_pid"))
              .toList();
    }
    assertEquals(1, hsErr.size(), "the crash log is in the trial's folder: " + trials);
    assertTrue(reason.contains("crash log: " + hsErr.get(0)), reason);
    assertTrue(Files.readString(hsErr.get(0)).contains("SIGSEGV"));
    assertEquals(crashLogsBefore, crashLogs(cwd), "no crash log in the working directory");

    String stop = data.trials().get(1).get("reason");
    assertTrue(stop.contains("timeout") && stop.contains("it was stopped (SIGSTOP"), stop);
    Map<String, Long> epochRows =
        data.epochs().stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.get("trial_id") + "#" + e.get("epoch"), Collectors.counting()));
    assertEquals(
        Map.of(
            "mnist-mnist-cnn-segv-cpu-r1#1",
            1L,
            "mnist-mnist-cnn-stop-cpu-r1#1",
            1L,
            "mnist-mnist-cnn-fake-cpu-r1#1",
            1L,
            "mnist-mnist-cnn-fake-cpu-r1#2",
            1L),
        epochRows);
  }

  private static Set<Path> crashLogs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().startsWith("hs_err_pid"))
          .collect(Collectors.toSet());
    }
  }
}
