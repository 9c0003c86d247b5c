package org.cnnbench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.TimeToCommonAccuracy.CommonAccuracy;
import org.cnnbench.results.EnvironmentKey;

/**
 * Assembles everything the two pages show, in one place, as typed sections; all wording that
 * depends on measurements is produced by the sections from the numbers. The templates read the
 * records' accessors and fail on a name no record has (see {@link Templates}).
 */
final class ReportModel {

  /** The profile that keeps the fixed target accuracies ({@link Analysis#TARGETS}). */
  static final String PAPER = "paper";

  private static final Pattern LANG = Pattern.compile("-Dreport\\.lang=(\\w+)");

  private ReportModel() {}

  /**
   * The model of both pages.
   *
   * @param t every label, for {@code {{t.key}}}
   * @param lang the page's language
   * @param runId the run's id
   * @param title the page's title
   * @param generatedText when and from which run the report was generated
   * @param startTime when the run started
   * @param generated when the report was generated
   * @param commandLine the run's command line
   * @param machine the machine in one sentence
   * @param gitCommit the commit, marked when the checkout was dirty
   * @param repeatsNote how many repetitions the run has
   * @param manyRepeats whether it has more than one
   * @param groups one per dataset and model
   * @param trials every trial
   * @param weights the initial-weights hashes
   * @param parity the parity matrix, or null
   * @param environment every row of environment.csv
   * @param frameworks one per framework
   * @param frameworksNote why the framework table is thin (no frameworks.csv), else empty
   * @param warnings rows that could not be read
   * @param comparison the comparison with a baseline run, or null
   * @param overhead the harness-overhead table, or null
   * @param jmh the JMH table, or null
   * @param threads the thread sweep, or null
   * @param methodSummary how the speed ratios are computed, in one sentence ({@link
   *     SpeedComparison#METHOD_SUMMARY})
   * @param memory memory over time, the peaks and the batch-size sweep, or null
   */
  record Page(
      Map<String, String> t,
      String lang,
      String runId,
      String title,
      String generatedText,
      String startTime,
      String generated,
      String commandLine,
      String machine,
      String gitCommit,
      String repeatsNote,
      boolean manyRepeats,
      List<GroupSection> groups,
      List<TrialRow> trials,
      List<WeightRow> weights,
      Parity parity,
      List<KeyValue> environment,
      List<FrameworkRow> frameworks,
      String frameworksNote,
      List<String> warnings,
      RunComparison.Section comparison,
      HarnessOverhead.Section overhead,
      Benchmarks.JmhSection jmh,
      Benchmarks.ThreadSection threads,
      String methodSummary,
      MemorySection.Section memory) {

    /**
     * @return whether rows could not be read
     */
    boolean hasWarnings() {
      return !warnings.isEmpty();
    }
  }

  /**
   * One dataset and model.
   *
   * @param id a file-name-safe id
   * @param dataset the dataset
   * @param model the catalogue model
   * @param title {@code model · dataset}
   * @param target the target accuracy: the fixed one in the {@code paper} profile, else the common
   *     accuracy ({@link TimeToCommonAccuracy}); empty when none
   * @param targetText the sentence naming the target, empty when none
   * @param repeatsNote how many repetitions the group has
   * @param charts the charts
   * @param variants one per framework and device
   * @param pairs the speed ratio of every pair of variants, with interval and verdict
   * @param pairsNote how many pairs have an interval and what that means for false differences,
   *     empty when none has
   * @param accuracy the accuracy check, null without an OK test accuracy
   * @param commonAccuracy the time to a common accuracy, null without an OK repetition
   * @param slide the conclusion slide
   * @param javaVsPython the table against the reference framework
   * @param conclusions the conclusions
   * @param fairness the fairness table
   * @param summary the model's layers
   * @param summaryNote why there is no summary, empty when there is one
   * @param paramCheck the parameter check
   * @param dataFacts what the dataset reported
   */
  record GroupSection(
      String id,
      String dataset,
      String model,
      String title,
      String target,
      String targetText,
      String repeatsNote,
      GroupCharts charts,
      List<VariantRow> variants,
      List<Pair> pairs,
      String pairsNote,
      AccuracySection accuracy,
      CommonAccuracySection commonAccuracy,
      ConclusionSlide slide,
      List<PythonReference.Row> javaVsPython,
      List<Conclusion> conclusions,
      Fairness fairness,
      List<Layer> summary,
      String summaryNote,
      ParamCheck paramCheck,
      List<KeyValue> dataFacts) {

    /**
     * @return whether there are pairs
     */
    boolean hasPairs() {
      return !pairs.isEmpty();
    }

    /**
     * @return whether there is a Java vs Python table
     */
    boolean hasJavaVsPython() {
      return !javaVsPython.isEmpty();
    }

    /**
     * @return whether the model has a summary
     */
    boolean hasSummary() {
      return !summary.isEmpty();
    }

    /**
     * @return whether the dataset reported facts
     */
    boolean hasDataFacts() {
      return !dataFacts.isEmpty();
    }
  }

  /**
   * One framework and device of a group.
   *
   * @param variant its label
   * @param version the versions seen
   * @param ok OK trials over all trials
   * @param trainSeconds training time, median [range]
   * @param throughput images per second
   * @param testAccuracy test accuracy
   * @param testLoss test loss
   * @param finalVal the last epoch's validation accuracy
   * @param timeToTarget time to the target accuracy
   * @param heap peak heap, MiB
   * @param rss peak RSS, MiB
   * @param bigNumber the slide's median training time
   * @param bigUnit its unit, empty when unknown
   * @param bigNote the slide's range
   * @param device cpu or gpu
   */
  record VariantRow(
      String variant,
      String version,
      String ok,
      String trainSeconds,
      String throughput,
      String testAccuracy,
      String testLoss,
      String finalVal,
      String timeToTarget,
      String heap,
      String rss,
      String bigNumber,
      String bigUnit,
      String bigNote,
      String device,
      String colour) {}

  /**
   * A key and its value: a row of environment.csv, a fact a dataset reported.
   *
   * @param key the key
   * @param value the value
   */
  record KeyValue(String key, String value) {}

  /**
   * @return the language asked for on the run's own command line, or empty
   */
  static String languageOf(RunData data) {
    Matcher m = LANG.matcher(data.env(EnvironmentKey.COMMAND_LINE));
    return m.find() ? m.group(1) : "";
  }

  /**
   * Builds the model of both pages.
   *
   * @param runDir the run folder (for jmh.csv and threads.csv)
   * @param data the run
   * @param descriptions its frameworks.csv and models.csv
   * @param t the labels
   * @param charts where the charts go
   * @param baseline the baseline run, or null
   * @param overhead the harness-overhead rows, see {@link HarnessOverhead#rows}
   * @return the model
   * @throws IOException if a chart cannot be written
   */
  static Page build(
      Path runDir,
      RunData data,
      RunDescriptions descriptions,
      Labels t,
      Charts charts,
      RunData baseline,
      List<HarnessOverhead.Ratio> overhead)
      throws IOException {
    RunStatistics statistics = RunStatistics.of(data);
    boolean paper = PAPER.equals(data.env(EnvironmentKey.PROFILE));
    Map<String, Double> common = new HashMap<>();
    statistics.timeToAccuracy().stream()
        .filter(c -> !Double.isNaN(c.target()))
        .forEach(c -> common.put(c.dataset() + "/" + c.model(), c.target()));
    List<Group> groups = Analysis.groups(data, paper ? Analysis.TARGETS : common);
    int maxReps = groups.stream().mapToInt(Group::repetitions).max().orElse(0);
    List<FrameworkRow> frameworks = FrameworkRow.of(data, descriptions, t);
    List<GroupSection> sections = new ArrayList<>();
    for (Group g : groups) {
      sections.add(group(g, data, descriptions, t, charts, statistics, frameworks, paper));
    }
    List<KeyValue> environment = new ArrayList<>();
    data.environment().forEach((k, v) -> environment.add(new KeyValue(k, v)));
    String now = Instant.now().toString();
    return new Page(
        t.all(),
        t.language(),
        data.runId(),
        t.get("title_report", data.runId()),
        t.get("label_generated", now.replaceFirst("\\.\\d+Z$", "Z"), data.runId()),
        data.env(EnvironmentKey.START_TIME),
        now,
        data.env(EnvironmentKey.COMMAND_LINE),
        t.get(
            "machine_text",
            data.env(EnvironmentKey.CPU_MODEL),
            data.env(EnvironmentKey.CPU_CORES),
            data.env(EnvironmentKey.THREADS),
            data.env(EnvironmentKey.MEMORY_TOTAL_MB),
            data.env(EnvironmentKey.OS),
            data.env(EnvironmentKey.JVM)),
        data.env(EnvironmentKey.GIT_COMMIT)
            + ("true".equals(data.env(EnvironmentKey.GIT_DIRTY)) ? " " + t.get("git_dirty") : ""),
        maxReps > 1 ? t.get("repeats_many", maxReps) : t.get("repeats_one"),
        maxReps > 1,
        sections,
        TrialRow.of(data),
        WeightRow.of(data, t),
        Parity.of(data, t),
        environment,
        frameworks,
        descriptions.frameworks() == null
            ? t.get("note_noFrameworks", RunDescriptions.FRAMEWORKS)
            : "",
        data.warnings().stream().map(ReadWarning::text).toList(),
        baseline == null ? null : RunComparison.of(baseline, data, t),
        HarnessOverhead.Section.of(overhead),
        Benchmarks.jmh(runDir, t),
        Benchmarks.threads(runDir, t, charts),
        SpeedComparison.METHOD_SUMMARY,
        MemorySection.of(runDir, groups, t, charts));
  }

  private static GroupSection group(
      Group g,
      RunData data,
      RunDescriptions descriptions,
      Labels t,
      Charts charts,
      RunStatistics statistics,
      List<FrameworkRow> frameworks,
      boolean paper)
      throws IOException {
    String title = g.model() + " · " + g.dataset();
    String key = g.dataset() + "/" + g.model();
    List<PairwiseSpeed.Pair> pairs = statistics.speed().getOrDefault(key, List.of());
    AccuracySection accuracy =
        AccuracySection.of(
            statistics.accuracy().stream()
                .filter(a -> (a.dataset() + "/" + a.model()).equals(key))
                .findFirst()
                .orElse(null),
            g.withDevice(),
            t);
    CommonAccuracy common =
        statistics.timeToAccuracy().stream()
            .filter(c -> (c.dataset() + "/" + c.model()).equals(key))
            .findFirst()
            .orElse(null);
    CommonAccuracySection commonSection = CommonAccuracySection.of(common, g.withDevice(), t);
    long decided = pairs.stream().filter(p -> !Double.isNaN(p.comparison().lower())).count();
    Function<VariantResult, String> label = v -> v.variant().label(g.withDevice());
    List<VariantRow> rows = new ArrayList<>();
    for (VariantResult v : g.variants()) {
      rows.add(
          new VariantRow(
              label.apply(v),
              v.versions(),
              v.ok().size() + "/" + v.trials().size(),
              Format.spread(v.trainSeconds(), Format::seconds),
              Format.spread(v.throughput(), d -> Format.fixed(d, 0)),
              Format.spread(v.testAccuracy(), Format::accuracy),
              Format.spread(v.testLoss(), d -> Format.fixed(d, 4)),
              Format.spread(v.finalValAccuracy(), Format::accuracy),
              timeToTarget(g, v, t),
              Format.spread(v.peakHeap(), d -> Format.fixed(d, 0)),
              Format.spread(v.peakRss(), d -> Format.fixed(d, 0)),
              Format.seconds(v.trainSeconds().median()),
              v.trainSeconds().known() ? " s" : "",
              bigNote(v, t),
              v.variant().device(),
              FrameworkColours.hex(v.variant().framework())));
    }
    List<Layer> summary = Layer.of(descriptions, g.model(), t);
    List<KeyValue> facts = new ArrayList<>();
    String prefix = EnvironmentKey.datasetPrefix(g.dataset(), g.model());
    data.environment()
        .forEach(
            (k, v) -> {
              if (k.startsWith(prefix)) {
                facts.add(new KeyValue(k.substring(prefix.length()).replace('_', ' '), v));
              }
            });
    boolean target = !Double.isNaN(g.target());
    return new GroupSection(
        g.id(),
        g.dataset(),
        g.model(),
        title,
        !target ? "" : paper ? Format.fixed(g.target(), 2) : Format.accuracy(g.target()),
        !target
            ? ""
            : paper
                ? t.get("label_target", Format.fixed(g.target(), 2))
                : t.get("label_commonTarget", Format.accuracy(g.target())),
        g.repetitions() > 1 ? t.get("group_repeats", g.repetitions()) : t.get("group_norepeats"),
        GroupCharts.draw(g, title, label, t, charts),
        rows,
        Pair.of(pairs, g.withDevice(), t),
        decided == 0 ? "" : t.get("cap_pairsMany", decided),
        accuracy,
        commonSection,
        ConclusionSlide.of(g, pairs, accuracy, commonSection, frameworks, label, t),
        PythonReference.rows(g, descriptions.reference(), t, label),
        Conclusions.of(g, data.warnings(), t, label, pairs, accuracy, common, paper),
        Fairness.of(g, data, t, label),
        summary,
        summary.isEmpty()
            ? t.get(
                descriptions.models() == null ? "note_noModels" : "note_modelNotListed",
                RunDescriptions.MODELS,
                g.model())
            : "",
        ParamCheck.of(g, descriptions, t),
        facts);
  }

  private static String bigNote(VariantResult v, Labels t) {
    if (!v.trainSeconds().known()) {
      return t.get("big_none");
    }
    return v.trainSeconds().n() == 1
        ? t.get("big_one")
        : t.get(
            "big_many",
            Format.seconds(v.trainSeconds().min()),
            Format.seconds(v.trainSeconds().max()),
            v.trainSeconds().n());
  }

  private static String timeToTarget(Group g, VariantResult v, Labels t) {
    if (Double.isNaN(g.target()) || v.ok().isEmpty()) {
      return "—";
    }
    if (v.reachedTarget() == 0) {
      return t.get("tta_notReached");
    }
    String s = Format.spread(v.timeToTarget(), Format::seconds) + " s";
    return v.reachedTarget() < v.ok().size()
        ? s + " " + t.get("tta_some", v.reachedTarget(), v.ok().size())
        : s;
  }
}
