package org.cnnbench.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Which files of a run folder the report needs. A required file (trials.csv, epochs.csv) that is
 * missing or empty stops the report with an {@link IncompleteRunException} naming it: its charts
 * and tables would otherwise vanish without a word, and "not reached" would read like data. An
 * optional file that the run should have written but did not becomes a note shown in the report.
 */
final class RunFolderFiles {

  /** The files every run writes, without which the report would silently lose sections. */
  static final List<String> REQUIRED = List.of("trials.csv", "epochs.csv");

  /** The file in a run folder that keeps the run's options. */
  static final String RUN_OPTIONS = "run.properties";

  private RunFolderFiles() {}

  /**
   * @param runDir a run folder
   * @throws IncompleteRunException if a required file is missing or empty
   * @throws IOException if a required file cannot be read
   */
  static void requireComplete(Path runDir) throws IOException {
    for (String name : REQUIRED) {
      Path file = runDir.resolve(name);
      String problem = null;
      if (!Files.exists(file)) {
        problem = "is missing";
      } else if (!Files.isRegularFile(file)) {
        problem = "is not a file";
      } else if (Files.size(file) == 0
          || Files.readString(file, StandardCharsets.UTF_8).isBlank()) {
        problem = "is empty (not even its header row)";
      }
      if (problem != null) {
        throw new IncompleteRunException(
            "cannot report "
                + runDir
                + ": "
                + name
                + " "
                + problem
                + "; a run folder needs "
                + String.join(", ", REQUIRED)
                + ". Copy the whole run folder back,"
                + " or continue the run with mvn -q exec:java -Dresume="
                + runDir.getFileName()
                + " if it was interrupted");
      }
    }
  }

  /**
   * @param runDir a run folder
   * @return a note for each optional file that the run's options asked for and that is missing
   *     ({@code parity.csv}, {@code jmh.csv}); the report shows them
   */
  static List<ReadWarning> missingOptional(Path runDir) {
    List<ReadWarning> notes = new ArrayList<>();
    if (!Files.isRegularFile(runDir.resolve("environment.csv"))) {
      notes.add(
          note(
              "environment.csv",
              "missing from the run folder: the report has no provenance (machine,"
                  + " versions, options, commit) for these numbers"));
    }
    // frameworks.csv and models.csv have notes of their own in the report; the run's options say
    // which other files it should have written (a folder without them predates run.properties)
    Path options = runDir.resolve(RUN_OPTIONS);
    if (!Files.isRegularFile(options)) {
      return notes;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(options, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      notes.add(
          note(
              RUN_OPTIONS,
              "unreadable ("
                  + e.getMessage()
                  + "): the report cannot tell whether"
                  + " parity or JMH results are missing"));
      return notes;
    }
    if (p.containsKey("shard") || p.containsKey("shards")) {
      return notes; // one shard of a run writes the whole-run files; the merged run holds them all
    }
    List<String> benches = List.of(p.getProperty("bench", "").split(","));
    for (String bench : List.of("parity", "jmh")) {
      if (benches.contains(bench) && !Files.isRegularFile(runDir.resolve(bench + ".csv"))) {
        notes.add(
            note(
                bench + ".csv",
                "missing although the run asked for -Dbench="
                    + bench
                    + ": the report has no "
                    + bench
                    + " section (the run may have been interrupted before it)"));
      }
    }
    return notes;
  }

  private static ReadWarning note(String file, String problem) {
    return new ReadWarning(file, 0, "", "", "", problem);
  }
}
