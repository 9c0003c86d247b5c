package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: the fixture run with hand-damaged rows (a non-numeric cell, a row cut short, an
 * extra column, an unknown status). Each becomes a warning naming file and line, in the report and
 * in what {@link HtmlReport#generate} returns for the console; the row is left out of every number,
 * and no ranking is drawn from what is left.
 */
class DamagedCsvTest {

  @TempDir Path dir;

  private Path copy() throws IOException {
    Path run = dir.resolve("run");
    Files.createDirectories(run);
    for (String f : List.of("trials.csv", "epochs.csv", "environment.csv", "parity.csv")) {
      Files.copy(Fixtures.run("run-3-repeats").resolve(f), run.resolve(f));
    }
    return run;
  }

  /**
   * Replaces cell {@code column} of line {@code line} (1 = header) of a CSV without quoted cells.
   */
  private static void setCell(Path file, int line, String column, String value) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    int col = List.of(lines.get(0).split(",")).indexOf(column);
    String[] cells = lines.get(line - 1).split(",", -1);
    cells[col] = value;
    lines.set(line - 1, String.join(",", cells));
    Files.write(file, lines);
  }

  private static void editLine(Path file, int line, UnaryOperator<String> edit) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(line - 1, edit.apply(lines.get(line - 1)));
    Files.write(file, lines);
  }

  @Test
  void badRowsAreNamedLeftOutAndNoRankingIsDrawn() throws IOException {
    Path run = copy();
    // line 3: mxnet cpu r1, train_seconds "12.1s"; line 5: pytorch cpu r2 with an extra column;
    // line 8: mxnet cpu r3 with status "OKAY"; epochs.csv line 4: cut short
    setCell(run.resolve("trials.csv"), 3, "train_seconds", "12.1s");
    editLine(run.resolve("trials.csv"), 5, l -> l + ",extra");
    setCell(run.resolve("trials.csv"), 8, "status", "OKAY");
    editLine(run.resolve("epochs.csv"), 4, l -> l.substring(0, l.length() / 2));

    RunData data = RunData.read(run);
    assertEquals(
        List.of(
            "trials.csv line 3: column train_seconds is \"12.1s\", not a number; row not used",
            "trials.csv line 5: the row has 30 cells, the header 29 (an extra column); row not used",
            "trials.csv line 8: status \"OKAY\" is not one of DIVERGED, FAILED, INTERRUPTED, OK, SKIPPED, TIMEOUT,"
                + " UNSUPPORTED; row not used"),
        data.warnings().stream()
            .filter(w -> w.file().equals("trials.csv"))
            .map(ReadWarning::text)
            .toList());
    ReadWarning cut =
        data.warnings().stream()
            .filter(w -> w.file().equals("epochs.csv"))
            .findFirst()
            .orElseThrow();
    assertEquals(4, cut.line());
    assertTrue(cut.problem().contains("cut short"), cut.problem());
    assertEquals(4, data.warnings().size());
    // the rows are gone from every number: 10 - 3 trials, 27 - 1 epochs
    assertEquals(7, data.trials().size());
    assertEquals(26, data.epochs().size());
    assertFalse(
        data.trials().stream()
            .anyMatch(t -> t.get("trial_id").equals("mnist-mnist-cnn-mxnet-cpu-r1")));
    Analysis.VariantResult mxnet =
        Analysis.groups(data).get(0).variants().stream()
            .filter(v -> v.variant().framework().equals("mxnet"))
            .findFirst()
            .orElseThrow();
    assertEquals(1, mxnet.ok().size(), "only mxnet r2 is left");

    Path report = dir.resolve("report");
    List<String> console = HtmlReport.generate(run, report);
    assertEquals(data.warnings().stream().map(ReadWarning::text).toList(), console);
    String html = Files.readString(report.resolve("index.html"));
    assertTrue(html.contains("Rows that could not be read"), "a warnings section");
    assertTrue(
        html.contains("trials.csv line 3: column train_seconds is &quot;12.1s&quot;, not a number"),
        "the warning names file and line");
    assertTrue(html.contains("epochs.csv line 4: the row has"), "the cut row is named");
    String conclusions =
        html.substring(
            html.indexOf("class=\"conclusions\""),
            html.indexOf("</table>", html.indexOf("class=\"conclusions\"")));
    assertFalse(
        conclusions.contains("Fastest training")
            || conclusions.contains("Highest test accuracy")
            || conclusions.contains("Highest throughput"),
        conclusions);
    assertTrue(
        conclusions.contains("not drawn")
            && conclusions.contains("4 row(s) of mxnet, pytorch could not" + " be read"),
        conclusions);
  }

  @Test
  void aHeaderWithoutTheExpectedColumnsUsesNoRow() throws IOException {
    Path run = copy();
    editLine(run.resolve("trials.csv"), 1, l -> l.replace(",status,", ",state,"));
    RunData data = RunData.read(run);
    assertEquals(
        List.of("trials.csv: the header lacks column(s) status; none of its rows are used"),
        data.warnings().stream().map(ReadWarning::text).toList());
    assertEquals(0, data.trials().size());
  }

  @Test
  void oneFrameworkWithAnOkTrialIsNoRanking() throws IOException {
    Path run = copy();
    // every trial but pytorch on the cpu fails
    for (int line = 2; line <= 11; line++) {
      List<String> lines = Files.readAllLines(run.resolve("trials.csv"));
      if (!lines.get(line - 1).contains("-pytorch-cpu-")) {
        setCell(run.resolve("trials.csv"), line, "status", "FAILED");
      }
    }
    RunData data = RunData.read(run);
    assertEquals(List.of(), data.warnings());
    Path report = dir.resolve("report");
    HtmlReport.generate(run, report);
    String html = Files.readString(report.resolve("index.html"));
    String conclusions =
        html.substring(
            html.indexOf("class=\"conclusions\""),
            html.indexOf("</table>", html.indexOf("class=\"conclusions\"")));
    assertFalse(
        conclusions.contains("Fastest training") || conclusions.contains("the only framework"),
        conclusions);
    assertTrue(
        conclusions.contains("Only pytorch (cpu) has an OK trial: a ranking needs at least two."),
        conclusions);
    assertFalse(html.contains("Rows that could not be read"));
  }

  @Test
  void theFixtureItselfReadsWithoutWarnings() throws IOException {
    assertEquals(List.of(), RunData.read(Fixtures.run("run-3-repeats")).warnings());
    assertEquals(List.of(), RunData.read(Fixtures.run("baseline")).warnings());
  }
}
