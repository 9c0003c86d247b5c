package org.cnnbench.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.runner.store.ResultsStore;

/** The last lines of a run: trials that did not run or failed, and the exit code they give. */
public final class RunSummary {

  private RunSummary() {}

  /**
   * Prints the summary; the line naming trials that are not OK goes last, to {@code err}.
   *
   * @param result the run
   * @param out where the summary of a successful run goes
   * @param err where the failure line goes
   * @return {@link ExitCode#TRIAL_NOT_OK} if a trial's status {@link TrialStatus#failsRun() fails
   *     the run}, else OK
   */
  public static ExitCode print(Bench.RunResult result, PrintStream out, PrintStream err) {
    Map<String, String> statuses = statuses(result);
    List<String> notRun = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    statuses.forEach(
        (id, status) -> {
          if (ExitCode.failsRun(status)) {
            bad.add(id + " " + status);
          } else if (TrialStatus.find(status).map(TrialStatus::notRun).orElse(true)) {
            notRun.add(id + " " + status);
          }
        });
    // A failed parity check (-Dbench=parity) fails the run like a failed trial.
    List<String> parity = failedParityChecks(result.resultsDir().resolve("parity.csv"));
    bad.addAll(parity);
    long ok = statuses.values().stream().filter(TrialStatus.OK.name()::equals).count();
    if (!notRun.isEmpty()) {
      out.println("not run (" + notRun.size() + "): " + String.join(", ", notRun));
    }
    ExitCode code =
        parity.isEmpty() ? ExitCode.ofStatuses(statuses.values()) : ExitCode.TRIAL_NOT_OK;
    if (code == ExitCode.OK) {
      out.printf(
          Locale.ROOT,
          "cnn-bench: %d trial(s) OK%s%n",
          ok,
          notRun.isEmpty()
              ? ""
              : ", " + notRun.size() + " not run (SKIPPED or UNSUPPORTED, listed above)");
      out.flush();
    } else {
      out.flush();
      err.printf(
          Locale.ROOT,
          "cnn-bench: %d of %d trial(s) not OK: %s; see %s (exit code %d)%n",
          bad.size() - parity.size(),
          statuses.size(),
          String.join(", ", bad),
          result.resultsDir().resolve(parity.isEmpty() ? "trials.csv" : "parity.csv"),
          code.code());
      err.flush();
    }
    return code;
  }

  /**
   * @return {@code parity MODEL FRAMEWORK CHECK FAILED} per failed row of parity.csv, if there is
   *     one
   */
  static List<String> failedParityChecks(Path file) {
    List<String> failed = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return failed;
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      CSVFormat header =
          ResultsStore.FORMAT.builder().setHeader().setSkipHeaderRecord(true).build();
      for (CSVRecord rec : header.parse(r)) {
        if (!rec.isConsistent() || !rec.isMapped("pass") || !rec.get("pass").equals("true")) {
          failed.add(
              "parity "
                  + (rec.isMapped("model") && rec.isSet("model") ? rec.get("model") : "?")
                  + " "
                  + (rec.isMapped("framework") && rec.isSet("framework")
                      ? rec.get("framework")
                      : "?")
                  + " "
                  + (rec.isMapped("check") && rec.isSet("check") ? rec.get("check") : "?")
                  + " FAILED");
        }
      }
    } catch (IOException | RuntimeException e) {
      failed.add("parity.csv unreadable (" + e.getMessage() + ")");
    }
    return failed;
  }

  /**
   * @return the status of every trial; those kept by a resume are read back from trials.csv
   */
  static Map<String, String> statuses(Bench.RunResult result) {
    Map<String, String> statuses = new LinkedHashMap<>(result.statuses());
    if (statuses.containsValue(Bench.KEPT)) {
      Path file = result.resultsDir().resolve("trials.csv");
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        CSVFormat header =
            ResultsStore.FORMAT.builder().setHeader().setSkipHeaderRecord(true).build();
        Map<String, String> written = new LinkedHashMap<>();
        for (CSVRecord rec : header.parse(r)) {
          String id = TrialColumn.TRIAL_ID.header();
          String status = TrialColumn.STATUS.header();
          if (rec.isMapped(id) && rec.isMapped(status) && rec.isConsistent()) {
            written.put(rec.get(id), rec.get(status));
          }
        }
        statuses.replaceAll(
            (id, s) ->
                s.equals(Bench.KEPT) ? written.getOrDefault(id, TrialStatus.FAILED.name()) : s);
      } catch (IOException | RuntimeException e) {
        statuses.replaceAll((id, s) -> s.equals(Bench.KEPT) ? TrialStatus.FAILED.name() : s);
      }
    }
    return statuses;
  }
}
