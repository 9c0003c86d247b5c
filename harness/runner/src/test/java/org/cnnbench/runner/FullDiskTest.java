package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cnnbench.report.RunData;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.runner.store.ResultsWriteException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: a results store that runs out of space, and a results folder that cannot be
 * written. The message names the file; the cut trial is INTERRUPTED and {@code -Dresume} reruns it;
 * no row is lost or duplicated and no temporary file is left.
 */
class FullDiskTest {

  @TempDir Path root;

  /**
   * Writes normally until {@code lines} lines are in a file named {@code name}, then half a write
   * and ENOSPC.
   */
  static ResultsStore.Output fullAfter(String name, int lines) {
    return (file, append) -> {
      Writer real = ResultsStore.Output.FILES.open(file, append);
      if (!file.getFileName().toString().equals(name)) {
        return real;
      }
      return new Writer() {
        private int newlines;

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
          if (newlines >= lines) {
            real.write(buf, off, Math.max(1, len / 2)); // what fitted in the last block
            real.flush();
            throw new IOException("No space left on device");
          }
          for (int i = off; i < off + len; i++) {
            if (buf[i] == '\n') {
              newlines++;
            }
          }
          real.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
          real.flush();
        }

        @Override
        public void close() throws IOException {
          real.close();
        }
      };
    };
  }

  @Test
  void epochsCsvFullCutsTheTrialAndResumeRerunsIt() throws Exception {
    // header + the two epoch rows of the fake trial fit; the slow trial's first epoch row does not
    FaultRuns.Setup setup =
        FaultRuns.bench(
            root, "fake,slow", "", dir -> ResultsStore.open(dir, fullAfter("epochs.csv", 3)));
    ResultsWriteException e = assertThrows(ResultsWriteException.class, () -> setup.bench().run());
    String runId = ResultsStore.latest(root.resolve("results"));
    Path runDir = root.resolve("results").resolve(runId);
    assertEquals(
        "cannot write " + runDir.resolve("epochs.csv") + ": No space left on device",
        e.getMessage());
    String console = setup.output();
    assertTrue(
        console.contains(
                "the run stopped: cannot write "
                    + runDir.resolve("epochs.csv")
                    + ": No space left on device")
            && console.contains("-Dresume=" + runId),
        console);
    RunData cut = RunData.read(runDir);
    assertEquals(
        List.of("OK", TrialStatus.INTERRUPTED.name()),
        cut.trials().stream().map(t -> t.get("status")).toList());
    assertTrue(
        cut.trials().get(1).get("reason").contains("No space left on device"),
        cut.trials().get(1).toString());
    assertTrue(
        !Files.readString(runDir.resolve("epochs.csv")).endsWith("\n"), "the write was torn");
    assertNoTemporaryFiles(runDir);

    // space is back: resume reruns the cut trial, keeps the finished one
    FaultRuns.Setup again = FaultRuns.bench(root, "fake,slow", "", null);
    Bench.RunResult resumed = again.bench().resume(runId);
    assertEquals(
        Map.of("mnist-mnist-cnn-fake-cpu-r1", "KEPT", "mnist-mnist-cnn-slow-cpu-r1", "OK"),
        resumed.statuses(),
        again::output);
    RunData data = RunData.read(runDir);
    assertEquals(
        List.of("mnist-mnist-cnn-fake-cpu-r1", "mnist-mnist-cnn-slow-cpu-r1"),
        data.trials().stream().map(t -> t.get("trial_id")).toList());
    assertEquals(List.of("OK", "OK"), data.trials().stream().map(t -> t.get("status")).toList());
    assertEquals("true", data.trials().get(1).get("resumed"));
    Map<String, Long> epochRows =
        data.epochs().stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.get("trial_id") + "#" + r.get("epoch"), Collectors.counting()));
    assertEquals(
        Map.of(
            "mnist-mnist-cnn-fake-cpu-r1#1",
            1L,
            "mnist-mnist-cnn-fake-cpu-r1#2",
            1L,
            "mnist-mnist-cnn-slow-cpu-r1#1",
            1L,
            "mnist-mnist-cnn-slow-cpu-r1#2",
            1L),
        epochRows);
    assertTrue(data.environment().get("resume.1.interrupted_trials").contains("slow"));
    assertNoTemporaryFiles(runDir);
  }

  @Test
  void aTrialsOwnFileThatCannotBeWrittenCutsTheTrialAndResumeRerunsIt() throws Exception {
    // the first write of a trial is its configuration under trials/: a file named trials blocks it
    FaultRuns.Setup setup =
        FaultRuns.bench(
            root,
            "fake",
            "",
            dir -> {
              try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("trials"), "in the way");
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return ResultsStore.open(dir);
            });
    ResultsWriteException e = assertThrows(ResultsWriteException.class, () -> setup.bench().run());
    String runId = ResultsStore.latest(root.resolve("results"));
    Path runDir = root.resolve("results").resolve(runId);
    assertEquals(
        "cannot write " + runDir.resolve("trials") + ": a file of that name is in the way",
        e.getMessage());
    assertEquals(
        List.of(TrialStatus.INTERRUPTED.name()),
        RunData.read(runDir).trials().stream().map(t -> t.get("status")).toList());
    Files.delete(runDir.resolve("trials"));
    Bench.RunResult resumed = FaultRuns.bench(root, "fake", "", null).bench().resume(runId);
    assertEquals(Map.of("mnist-mnist-cnn-fake-cpu-r1", "OK"), resumed.statuses());
    RunData data = RunData.read(runDir);
    assertEquals(1, data.trials().size());
    assertEquals("true", data.trials().get(0).get("resumed"));
    assertEquals(2, data.epochs().size());
    assertNoTemporaryFiles(runDir);
  }

  @Test
  void environmentCsvFullStopsBeforeAnyTrialAndLeavesNoTemporaryFile() throws Exception {
    FaultRuns.Setup setup =
        FaultRuns.bench(
            root, "fake", "", dir -> ResultsStore.open(dir, fullAfter("environment.csv.tmp", 2)));
    ResultsWriteException e = assertThrows(ResultsWriteException.class, () -> setup.bench().run());
    Path runDir = e.file().getParent();
    assertEquals(
        "cannot write " + runDir.resolve("environment.csv") + ": No space left on device",
        e.getMessage());
    // no trial ran: the run folder is removed, so 'latest' and -Dresume never find a run without
    // results
    assertFalse(Files.exists(runDir), "the run folder of a run that failed before its first trial");
    assertEquals(null, ResultsStore.latest(root.resolve("results")));
    assertNoTemporaryFiles(root.resolve("results"));
  }

  @Test
  void unwritableResultsFolderIsNamed() throws Exception {
    Path results = root.resolve("results");
    Files.createDirectories(results);
    Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // root ignores permissions: the case only exists for other users
      Assumptions.assumeFalse(
          Files.isWritable(results), "running as root: a read-only folder is writable");
      FaultRuns.Setup setup = FaultRuns.bench(root, "fake", "", null);
      ResultsWriteException e =
          assertThrows(ResultsWriteException.class, () -> setup.bench().run());
      assertTrue(
          e.getMessage().startsWith("cannot write " + results + "/")
              && e.getMessage().endsWith(": permission denied"),
          e.getMessage());
    } finally {
      Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aRunFolderWhereAFileShouldBeIsNamed() throws Exception {
    // works as root too: epochs.csv cannot be created where a folder of that name is
    Path runDir = root.resolve("run");
    Files.createDirectories(runDir.resolve("epochs.csv"));
    ResultsWriteException e =
        assertThrows(ResultsWriteException.class, () -> ResultsStore.open(runDir));
    assertTrue(
        e.getMessage().startsWith("cannot write " + runDir.resolve("epochs.csv") + ": "),
        e.getMessage());
  }

  private static void assertNoTemporaryFiles(Path runDir) throws IOException {
    try (Stream<Path> s = Files.walk(runDir)) {
      assertEquals(List.of(), s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
    }
  }
}
