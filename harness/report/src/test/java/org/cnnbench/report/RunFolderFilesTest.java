package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder missing a file: a required one (trials.csv, epochs.csv, environment.csv) missing or
 * empty stops the report with a message naming it; an optional one the run asked for is a note in
 * the report, never a silent blank.
 */
class RunFolderFilesTest {

  @TempDir Path out;

  private Path copy() throws IOException {
    Path run = out.resolve("20260101-000000");
    Files.createDirectories(run);
    for (String f :
        List.of(
            "trials.csv",
            "epochs.csv",
            "environment.csv",
            "parity.csv",
            "frameworks.csv",
            "models.csv")) {
      Files.copy(Fixtures.run("run-3-repeats").resolve(f), run.resolve(f));
    }
    return run;
  }

  @Test
  void aMissingEpochsCsvIsAnErrorNamingIt() throws IOException {
    Path run = copy();
    Files.delete(run.resolve("epochs.csv"));
    IncompleteRunException e =
        assertThrows(
            IncompleteRunException.class, () -> HtmlReport.generate(run, out.resolve("report")));
    assertEquals(
        "cannot report "
            + run
            + ": epochs.csv is missing; a run folder needs"
            + " trials.csv, epochs.csv. Copy the whole run folder back, or continue the run with"
            + " mvn -q exec:java -Dresume=20260101-000000 if it was interrupted",
        e.getMessage());
    assertFalse(Files.exists(out.resolve("report/index.html")), "no report that looks complete");
  }

  @Test
  void anEmptyTrialsCsvIsAnErrorNamingIt() throws IOException {
    Path run = copy();
    Files.writeString(run.resolve("trials.csv"), "");
    IncompleteRunException e =
        assertThrows(
            IncompleteRunException.class, () -> HtmlReport.generate(run, out.resolve("report")));
    assertTrue(
        e.getMessage().contains(": trials.csv is empty (not even its header row); "),
        e.getMessage());
  }

  @Test
  void aMissingEnvironmentCsvIsANote() throws IOException {
    Path run = copy();
    Files.delete(run.resolve("environment.csv"));
    List<String> warnings = HtmlReport.generate(run, out.resolve("report"));
    assertTrue(
        warnings.contains(
            "environment.csv: missing from the run folder: the report has no provenance"
                + " (machine, versions, options, commit) for these numbers"),
        warnings.toString());
  }

  @Test
  void aParityCsvTheRunAskedForIsANoteWhenMissing() throws IOException {
    Path run = copy();
    Files.delete(run.resolve("parity.csv"));
    String note =
        "parity.csv: missing although the run asked for -Dbench=parity: the report has no parity"
            + " section (the run may have been interrupted before it)";
    // an old folder without run.properties: nothing says that parity was asked for
    List<String> warnings = HtmlReport.generate(run, out.resolve("old"));
    assertFalse(warnings.contains(note), warnings.toString());

    Files.writeString(run.resolve("run.properties"), "bench=mnist,parity\n");
    warnings = HtmlReport.generate(run, out.resolve("report"));
    assertTrue(warnings.contains(note), warnings.toString());
    assertTrue(
        Files.readString(out.resolve("report/index.html"))
            .contains("parity.csv: missing although the run" + " asked for"),
        "the note is in the report");
  }
}
