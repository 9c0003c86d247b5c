package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails before its first trial leaves no run folder for 'latest' or -Dresume to find,
 * and a report of a run folder that lacks a required file is an error naming it; each with its last
 * line and exit code.
 */
class EarlyFailureTest {

  @TempDir Path root;

  private Path results;

  @BeforeEach
  void data() throws Exception {
    FaultRuns.fakeMnist(root);
    results = root.resolve("results");
  }

  private ExitCodeTest.Outcome run(Bench.DatasetPreparer preparer, String... kv) {
    Properties p = new Properties();
    p.setProperty("bench", "mnist");
    p.setProperty("frameworks", "fake");
    p.setProperty("samples", "128");
    p.setProperty("epochs", "1");
    p.setProperty("threads", "1");
    p.setProperty("child.xmx", "256m");
    p.setProperty("results.dir", results.toString());
    p.setProperty("reports.dir", root.resolve("reports").toString());
    p.setProperty("datasets.dir", root.resolve("datasets").toString());
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    Map<String, FrameworkProvider> providers = new LinkedHashMap<>();
    Frameworks.available().forEach(f -> providers.put(f.name(), f));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        BenchMain.run(
            p,
            providers,
            root,
            preparer,
            (r, s) -> {},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new ExitCodeTest.Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private List<Path> runFolders() throws Exception {
    try (Stream<Path> s = Files.list(results)) {
      return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
    }
  }

  @Test
  void anErrorWhilePreparingTheDatasetsLeavesNoRunFolderAndLatestUnchanged() throws Exception {
    ExitCodeTest.Outcome ok = run((d, l) -> null);
    assertEquals(0, ok.code(), ok::toString);
    String before = ResultsStore.latest(results);
    Path fruits = root.resolve("datasets/fruits");
    ExitCodeTest.Outcome o =
        run(
            (d, l) -> {
              throw new UncheckedIOException(
                  "cannot read the dataset folder", new AccessDeniedException(fruits.toString()));
            });
    assertEquals(ExitCode.IO.code(), o.code(), o::toString);
    assertEquals(
        "cnn-bench: cannot read the dataset folder: " + fruits + ": permission denied",
        o.lastLine());
    assertEquals(
        before, ResultsStore.latest(results), "latest still points at the last run with results");
    assertEquals(List.of(results.resolve(before)), runFolders(), "the failed run left no folder");
  }

  @Test
  void aReportOfARunFolderWithoutEpochsCsvIsAnErrorNamingIt() throws Exception {
    ExitCodeTest.Outcome ok = run((d, l) -> null);
    assertEquals(0, ok.code(), ok::toString);
    String runId = ResultsStore.latest(results);
    Files.delete(results.resolve(runId).resolve("epochs.csv"));
    ExitCodeTest.Outcome o = run((d, l) -> null, "bench", "report", "run", runId);
    assertEquals(ExitCode.IO.code(), o.code(), o::toString);
    assertEquals(
        "cnn-bench: cannot report "
            + results.resolve(runId)
            + ": epochs.csv is missing; a run folder"
            + " needs trials.csv, epochs.csv. Copy the whole run folder back, or continue the"
            + " run with mvn -q exec:java -Dresume="
            + runId
            + " if it was interrupted",
        o.lastLine());

    Files.writeString(results.resolve(runId).resolve("epochs.csv"), "");
    o = run((d, l) -> null, "bench", "report", "run", runId);
    assertEquals(ExitCode.IO.code(), o.code(), o::toString);
    assertTrue(
        o.lastLine().contains(": epochs.csv is empty (not even its header row); "), o.lastLine());
  }
}
