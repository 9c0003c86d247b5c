package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.cnnbench.data.Idx;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's exit code tells a script whether every trial was OK; a fatal message is the last
 * line.
 */
public class ExitCodeTest {

  @TempDir static Path root;

  /** What one invocation printed and returned. */
  public record Outcome(int code, String out, String err) {
    String lastLine() {
      List<String> lines = (out + err).lines().filter(l -> !l.isBlank()).toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    public String lastErrLine() {
      List<String> lines = err.lines().toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
  }

  @BeforeAll
  static void fakeMnist() throws Exception {
    Path dir = root.resolve("datasets/mnist");
    Files.createDirectories(dir);
    Idx.write(
        BenchIsolationTest.random(200, 1),
        dir.resolve("train-images-idx3-ubyte"),
        dir.resolve("train-labels-idx1-ubyte"));
    Idx.write(
        BenchIsolationTest.random(40, 2),
        dir.resolve("t10k-images-idx3-ubyte"),
        dir.resolve("t10k-labels-idx1-ubyte"));
  }

  /** Runs BenchMain's logic in-process with the test adapters and no build check. */
  public static Outcome run(Path root, String... kv) {
    Properties p = new Properties();
    p.setProperty("bench", "mnist");
    p.setProperty("samples", "128");
    p.setProperty("epochs", "1");
    p.setProperty("threads", "1");
    p.setProperty(
        "repeats", "1"); // one round: these runs check a trial's handling, not the default rounds
    p.setProperty("child.xmx", "256m");
    p.setProperty("timeout", "0.25");
    p.setProperty("results.dir", root.resolve("results").toString());
    p.setProperty("reports.dir", root.resolve("reports").toString());
    p.setProperty("datasets.dir", root.resolve("datasets").toString());
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] == null) {
        p.remove(kv[i]);
      } else {
        p.setProperty(kv[i], kv[i + 1]);
      }
    }
    Map<String, FrameworkProvider> providers = new LinkedHashMap<>();
    for (FrameworkProvider f : Frameworks.available()) {
      providers.put(f.name(), f);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        BenchMain.run(
            p,
            providers,
            root,
            (d, l) -> null,
            (r, s) -> {},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void allOkIsZeroAndUnsupportedTrialsAreListed() {
    Outcome o = run(root, "frameworks", "fake", "device", "all");
    assertEquals(0, o.code(), o::toString);
    assertEquals("", o.err());
    assertTrue(o.out().contains("not run (1): mnist-mnist-cnn-fake-gpu-r1 "), o.out());
    assertTrue(o.lastLine().startsWith("cnn-bench: 1 trial(s) OK, 1 not run"), o.lastLine());
  }

  @Test
  void aFailedOrTimedOutTrialGivesTheTrialExitCodeAndTheRunGoesOn() {
    Outcome o = run(root, "frameworks", "crash,fake", "epochs", "2");
    assertEquals(ExitCode.TRIAL_NOT_OK.code(), o.code(), o::toString);
    assertTrue(
        o.out().contains("mnist-mnist-cnn-fake-cpu-r1: 2 epoch(s)"), "the run went on: " + o.out());
    String last = o.lastErrLine();
    assertTrue(
        last.startsWith(
                "cnn-bench: 1 of 2 trial(s) not OK: mnist-mnist-cnn-crash-cpu-r1 FAILED; see ")
            && last.endsWith("trials.csv (exit code 5)"),
        last);
    assertEquals(last, o.lastLine());
  }

  @Test
  void aUsageErrorIsTwoWithOneLineListingTheValidValues() {
    Outcome o = run(root, "frameworks", "nope");
    assertEquals(ExitCode.USAGE.code(), o.code());
    assertEquals("", o.out());
    assertEquals(1, o.err().lines().count(), o.err());
    assertTrue(
        o.lastErrLine().startsWith("cnn-bench: unknown -Dframeworks value 'nope'; valid: ")
            && o.lastErrLine().contains("fake")
            && o.lastErrLine().contains("crash"),
        o.err());
  }

  @Test
  void noStackTraceUnlessVerbose() {
    Outcome quiet = run(root, "epochs", "two");
    assertEquals(ExitCode.USAGE.code(), quiet.code());
    assertFalse(quiet.err().contains("\tat "), quiet.err());
    Outcome verbose = run(root, "epochs", "two", "verbose", "true");
    assertTrue(verbose.err().contains("\tat org.cnnbench.runner.BenchOptions"), verbose.err());
    assertEquals(quiet.lastErrLine(), verbose.lastErrLine());
  }

  @Test
  void resultsDirThatIsAFileIsAnIoErrorNamingIt() throws Exception {
    Path file = Files.writeString(root.resolve("not-a-folder.txt"), "x");
    Outcome o = run(root, "frameworks", "fake", "results.dir", file.toString());
    assertEquals(ExitCode.IO.code(), o.code(), o::toString);
    assertEquals(
        "cnn-bench: -Dresults.dir: "
            + file
            + " is a file, not a folder; pass"
            + " -Dresults.dir=<a writable folder>",
        o.lastErrLine());
    assertEquals(o.lastErrLine(), o.lastLine());
  }

  @Test
  void resultsDirUnderProcIsAnIoErrorNamingItAndTheReason() {
    Path proc = Path.of("/proc/cnn-bench-results");
    Outcome o = run(root, "frameworks", "fake", "results.dir", proc.toString());
    assertEquals(ExitCode.IO.code(), o.code(), o::toString);
    String last = o.lastErrLine();
    assertEquals(
        "cnn-bench: -Dresults.dir: "
            + proc
            + " is inside /proc, the kernel's virtual file system,"
            + " where no results can be written; pass -Dresults.dir=<a writable folder>",
        last);
  }

  @Test
  void resultsDirBelowAFileIsAnIoErrorNamingIt() throws Exception {
    Path file = Files.writeString(root.resolve("plain-file"), "x");
    Outcome o = run(root, "frameworks", "fake", "reports.dir", file.resolve("reports").toString());
    assertEquals(ExitCode.IO.code(), o.code(), o::toString);
    assertTrue(
        o.lastErrLine()
            .startsWith(
                "cnn-bench: -Dreports.dir: cannot create the folder " + file.resolve("reports")),
        o.lastErrLine());
  }
}
