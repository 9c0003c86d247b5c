package org.cnnbench.report;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnnbench.report.Analysis.Group;
import org.cnnbench.report.Analysis.Variant;
import org.cnnbench.report.Analysis.VariantResult;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.report.Stats.Spread;
import org.cnnbench.results.FrameworkColumn;
import org.cnnbench.results.ModelColumn;

/**
 * Computes everything the two pages show and hands it to the templates as plain maps and lists; all
 * wording that depends on measurements is produced here from the numbers.
 */
final class ReportModel {

  private static final Pattern LANG = Pattern.compile("-Dreport\\.lang=(\\w+)");

  private final RunData data;
  private final Labels t;
  private final Charts charts;
  private final List<Group> groups;
  private final RunDescriptions descriptions;

  ReportModel(RunData data, RunDescriptions descriptions, Labels labels, Charts charts) {
    this.data = data;
    this.descriptions = descriptions;
    this.t = labels;
    this.charts = charts;
    this.groups = Analysis.groups(data);
  }

  /** @return the language asked for on the run's own command line, or empty */
  static String languageOf(RunData data) {
    Matcher m = LANG.matcher(data.env("command_line"));
    return m.find() ? m.group(1) : "";
  }

  /**
   * @param baseline the baseline run, or null
   * @return the context of both templates
   */
  Map<String, Object> context(RunData baseline) throws IOException {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("t", t.all());
    c.put("lang", t.language());
    c.put("runId", data.runId());
    c.put("title", t.get("title_report", data.runId()));
    c.put("generatedText", t.get("label_generated", Instant.now().toString().replaceFirst("\\.\\d+Z$", "Z"),
        data.runId()));
    c.put("startTime", data.env("start_time"));
    c.put("generated", Instant.now().toString());
    c.put("commandLine", data.env("command_line"));
    c.put("machine", t.get("machine_text", data.env("cpu.model"), data.env("cpu.cores"),
        data.env("cnnbench.threads"), data.env("memory.total_mb"), data.env("os"), data.env("jvm")));
    c.put("gitCommit", data.env("git.commit") + ("true".equals(data.env("git.dirty")) ? " " + t.get("git_dirty")
        : ""));
    int maxReps = groups.stream().mapToInt(Group::repetitions).max().orElse(0);
    c.put("repeatsNote", maxReps > 1 ? t.get("repeats_many", maxReps) : t.get("repeats_one"));
    c.put("manyRepeats", maxReps > 1);
    List<Map<String, Object>> gs = new ArrayList<>();
    for (Group g : groups) {
      gs.add(group(g));
    }
    c.put("groups", gs);
    c.put("trials", trials());
    c.put("weights", weights());
    Map<String, Object> parity = parity();
    if (parity != null) {
      c.put("parity", parity);
    }
    c.put("environment", environment());
    c.put("frameworks", frameworks());
    if (descriptions.frameworks() == null) {
      c.put("frameworksNote", t.get("note_noFrameworks", RunDescriptions.FRAMEWORKS));
    }
    c.put("warnings", data.warnings().stream().map(ReadWarning::text).toList());
    c.put("hasWarnings", !data.warnings().isEmpty());
    if (baseline != null) {
      Map<String, Object> comparison = RunComparison.context(baseline, data, t);
      comparison.put("title", t.get("h_compare", baseline.runId()));
      c.put("comparison", comparison);
    }
    return c;
  }

  private Map<String, Object> group(Group g) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    String title = g.model() + " · " + g.dataset();
    m.put("id", g.id());
    m.put("dataset", g.dataset());
    m.put("model", g.model());
    m.put("title", title);
    m.put("target", Double.isNaN(g.target()) ? "" : Format.fixed(g.target(), 2));
    m.put("targetText", Double.isNaN(g.target()) ? "" : t.get("label_target", Format.fixed(g.target(), 2)));
    m.put("repeatsNote", g.repetitions() > 1 ? t.get("group_repeats", g.repetitions())
        : t.get("group_norepeats"));
    List<VariantResult> vs = g.variants();
    Function<VariantResult, String> label = v -> v.variant().label(g.withDevice());
    m.put("charts", charts(g, title, label));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (VariantResult v : vs) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("variant", label.apply(v));
      r.put("version", v.versions());
      r.put("ok", v.ok().size() + "/" + v.trials().size());
      r.put("trainSeconds", Format.spread(v.trainSeconds(), Format::seconds));
      r.put("throughput", Format.spread(v.throughput(), d -> Format.fixed(d, 0)));
      r.put("testAccuracy", Format.spread(v.testAccuracy(), Format::accuracy));
      r.put("testLoss", Format.spread(v.testLoss(), d -> Format.fixed(d, 4)));
      r.put("finalVal", Format.spread(v.finalValAccuracy(), Format::accuracy));
      r.put("timeToTarget", timeToTarget(g, v));
      r.put("heap", Format.spread(v.peakHeap(), d -> Format.fixed(d, 0)));
      r.put("rss", Format.spread(v.peakRss(), d -> Format.fixed(d, 0)));
      r.put("bigNumber", Format.seconds(v.trainSeconds().median()));
      r.put("bigUnit", v.trainSeconds().known() ? " s" : "");
      r.put("bigNote", !v.trainSeconds().known() ? t.get("big_none")
          : v.trainSeconds().n() == 1 ? t.get("big_one")
          : t.get("big_many", Format.seconds(v.trainSeconds().min()), Format.seconds(v.trainSeconds().max()),
              v.trainSeconds().n()));
      r.put("device", v.variant().device());
      rows.add(r);
    }
    m.put("variants", rows);
    List<Map<String, String>> pairs = pairs(g, label);
    m.put("pairs", pairs);
    m.put("hasPairs", !pairs.isEmpty());
    List<Map<String, String>> vsPython = PythonReference.rows(g, descriptions.reference(), t, label);
    m.put("javaVsPython", vsPython);
    m.put("hasJavaVsPython", !vsPython.isEmpty());
    m.put("conclusions", conclusions(g, label));
    m.put("fairness", fairness(g, label));
    List<Map<String, String>> summary = modelSummary(g.model());
    m.put("summary", summary);
    m.put("hasSummary", !summary.isEmpty());
    if (summary.isEmpty()) {
      m.put("summaryNote", t.get(descriptions.models() == null ? "note_noModels" : "note_modelNotListed",
          RunDescriptions.MODELS, g.model()));
    }
    m.put("paramCheck", paramCheck(g));
    List<Map<String, String>> facts = new ArrayList<>();
    String prefix = "dataset." + g.dataset() + "." + g.model() + ".";
    data.environment().forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        facts.add(Map.of("key", k.substring(prefix.length()).replace('_', ' '), "value", v));
      }
    });
    m.put("dataFacts", facts);
    m.put("hasDataFacts", !facts.isEmpty());
    return m;
  }

  private String timeToTarget(Group g, VariantResult v) {
    if (Double.isNaN(g.target())) {
      return "—";
    }
    if (v.ok().isEmpty()) {
      return "—";
    }
    if (v.reachedTarget() == 0) {
      return t.get("tta_notReached");
    }
    String s = Format.spread(v.timeToTarget(), Format::seconds) + " s";
    return v.reachedTarget() < v.ok().size()
        ? s + " " + t.get("tta_some", v.reachedTarget(), v.ok().size()) : s;
  }

  private Map<String, Object> charts(Group g, String title, Function<VariantResult, String> label)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    String base = g.id();
    List<Charts.Curve> acc = new ArrayList<>();
    List<Charts.Curve> loss = new ArrayList<>();
    int colour = 0;
    boolean anyCurve = false;
    for (VariantResult v : g.variants()) {
      if (!v.curve().isEmpty()) {
        anyCurve = true;
        acc.add(curve(label.apply(v) + " " + t.get("series_validation"), colour, false, v, true, true));
        loss.add(curve(label.apply(v) + " " + t.get("series_validation"), colour, false, v, false, true));
      }
      colour++;
    }
    colour = 0;
    for (VariantResult v : g.variants()) {
      if (!v.curve().isEmpty()) {
        acc.add(curve(label.apply(v) + " " + t.get("series_training"), colour, true, v, true, false));
        loss.add(curve(label.apply(v) + " " + t.get("series_training"), colour, true, v, false, false));
      }
      colour++;
    }
    if (anyCurve) {
      m.put("accuracy", chart(charts.curves(base + "-accuracy", t.get("chart_accuracy", title),
          t.get("axis_epoch"), t.get("axis_accuracy"), acc), base + "-accuracy", t.get("chart_accuracy", title)));
      m.put("loss", chart(charts.curves(base + "-loss", t.get("chart_loss", title), t.get("axis_epoch"),
          t.get("axis_loss"), loss), base + "-loss", t.get("chart_loss", title)));
    }
    List<String> frameworks = new ArrayList<>(new LinkedHashSet<>(g.variants().stream()
        .map(v -> v.variant().framework()).toList()));
    Map<String, Map<String, Spread>> time = new LinkedHashMap<>();
    Map<String, Map<String, Spread>> throughput = new LinkedHashMap<>();
    boolean anyOk = false;
    for (VariantResult v : g.variants()) {
      if (v.trainSeconds().known()) {
        anyOk = true;
        time.computeIfAbsent(v.variant().device(), k -> new LinkedHashMap<>())
            .put(v.variant().framework(), v.trainSeconds());
      }
      if (v.throughput().known()) {
        throughput.computeIfAbsent(v.variant().device(), k -> new LinkedHashMap<>())
            .put(v.variant().framework(), v.throughput());
      }
    }
    if (anyOk) {
      m.put("time", chart(charts.bars(base + "-train-time", t.get("chart_time", title), t.get("axis_seconds"),
          time, frameworks), base + "-train-time", t.get("chart_time", title)));
    }
    if (!throughput.isEmpty()) {
      m.put("throughput", chart(charts.bars(base + "-throughput", t.get("chart_throughput", title),
          t.get("axis_imagesPerSecond"), throughput, frameworks), base + "-throughput",
          t.get("chart_throughput", title)));
    }
    List<String> okLabels = new ArrayList<>();
    Map<String, Map<String, Double>> parts = new LinkedHashMap<>();
    for (String part : Analysis.TIME_PARTS) {
      Map<String, Double> byVariant = new LinkedHashMap<>();
      for (VariantResult v : g.variants()) {
        Spread s = v.timeParts().get(part);
        if (!v.ok().isEmpty() && s.known()) {
          byVariant.put(label.apply(v), s.median());
        }
      }
      if (byVariant.values().stream().anyMatch(d -> d > 0)) {
        parts.put(t.get("part_" + part), byVariant);
      }
    }
    g.variants().stream().filter(v -> !v.ok().isEmpty()).forEach(v -> okLabels.add(label.apply(v)));
    if (!parts.isEmpty()) {
      m.put("breakdown", chart(charts.stacked(base + "-time-breakdown", t.get("chart_breakdown", title),
          t.get("axis_seconds"), parts, okLabels), base + "-time-breakdown", t.get("chart_breakdown", title)));
    }
    if (!Double.isNaN(g.target()) && g.variants().stream().anyMatch(v -> v.reachedTarget() > 0)) {
      Map<String, Map<String, Spread>> tta = new LinkedHashMap<>();
      List<String> categories = new ArrayList<>();
      Map<String, Spread> values = new LinkedHashMap<>();
      for (VariantResult v : g.variants()) {
        if (v.ok().isEmpty()) {
          continue;
        }
        String name = v.reachedTarget() == 0 ? label.apply(v) + " " + t.get("tta_notReachedShort")
            : label.apply(v);
        categories.add(name);
        values.put(name, v.timeToTarget());
      }
      tta.put(t.get("series_tta", Format.fixed(g.target(), 2)), values);
      String ttaTitle = t.get("chart_tta", title, Format.fixed(g.target(), 2));
      m.put("tta", chart(charts.bars(base + "-time-to-accuracy", ttaTitle, t.get("axis_seconds"), tta,
          categories), base + "-time-to-accuracy", ttaTitle));
    }
    Map<String, Map<String, Spread>> memory = new LinkedHashMap<>();
    for (VariantResult v : g.variants()) {
      if (v.peakHeap().known() || v.peakRss().known()) {
        memory.computeIfAbsent(t.get("series_heap"), k -> new LinkedHashMap<>()).put(label.apply(v), v.peakHeap());
        memory.computeIfAbsent(t.get("series_rss"), k -> new LinkedHashMap<>()).put(label.apply(v), v.peakRss());
      }
    }
    if (!memory.isEmpty()) {
      m.put("memory", chart(charts.bars(base + "-memory", t.get("chart_memory", title), t.get("axis_mib"),
          memory, okLabels), base + "-memory", t.get("chart_memory", title)));
    }
    return m;
  }

  private Map<String, String> chart(String svg, String base, String alt) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("svg", svg);
    m.put("png", charts.png() ? base + ".png" : "");
    m.put("alt", alt);
    return m;
  }

  private static Charts.Curve curve(String name, int colour, boolean dashed, VariantResult v, boolean accuracy,
      boolean validation) {
    List<double[]> points = new ArrayList<>();
    for (Analysis.EpochPoint p : v.curve()) {
      Spread s = accuracy ? (validation ? p.valAccuracy() : p.trainAccuracy())
          : (validation ? p.valLoss() : p.trainLoss());
      points.add(new double[] {p.epoch(), s.median(), s.min(), s.max()});
    }
    return new Charts.Curve(name, colour, dashed, points);
  }

  private List<Map<String, String>> pairs(Group g, Function<VariantResult, String> label) {
    List<Map<String, String>> rows = new ArrayList<>();
    List<VariantResult> vs = g.variants().stream().filter(v -> v.trainSeconds().known()).toList();
    for (int i = 0; i < vs.size(); i++) {
      for (int j = i + 1; j < vs.size(); j++) {
        VariantResult a = vs.get(i);
        VariantResult b = vs.get(j);
        Spread sa = a.trainSeconds();
        Spread sb = b.trainSeconds();
        Stats.Comparison cmp = Stats.compare(sa.values(), sb.values());
        String faster = sa.median() <= sb.median() ? label.apply(a) : label.apply(b);
        String verdict;
        String cls;
        if (sa.n() < 2 || sb.n() < 2) {
          verdict = t.get("pair_unknown");
          cls = "unknown";
        } else if (!cmp.canBeSignificant()) {
          verdict = t.get("pair_cannot", sa.n(), sb.n(), Format.p(cmp.smallestPossibleP()));
          cls = "unknown";
        } else if (cmp.significant()) {
          verdict = t.get("pair_significant", faster);
          cls = "ok";
        } else {
          verdict = t.get("pair_notSignificant");
          cls = "unknown";
        }
        Map<String, String> r = new LinkedHashMap<>();
        r.put("a", label.apply(a));
        r.put("b", label.apply(b));
        r.put("medianA", Format.seconds(sa.median()));
        r.put("medianB", Format.seconds(sb.median()));
        r.put("nA", String.valueOf(sa.n()));
        r.put("nB", String.valueOf(sb.n()));
        r.put("ratio", Format.fixed(Math.max(sa.median(), sb.median()) / Math.min(sa.median(), sb.median()), 2));
        r.put("faster", faster);
        r.put("u", Format.fixed(cmp.mannWhitneyU(), 1));
        r.put("pMannWhitney", sa.n() < 2 && sb.n() < 2 ? "—" : Format.p(cmp.mannWhitneyP()));
        r.put("pWelch", Format.p(cmp.welchP()));
        r.put("verdict", verdict);
        r.put("verdictClass", cls);
        rows.add(r);
      }
    }
    return rows;
  }

  private List<Map<String, String>> conclusions(Group g, Function<VariantResult, String> label) {
    List<Map<String, String>> rows = new ArrayList<>();
    // no ranking from rows left out or from a single framework: say why instead
    String withheld = Withheld.reason(g, data.warnings(), t);
    if (withheld != null) {
      rows.add(row(t.get("concl_notDrawn"), t.get("concl_notDrawnAnswer"), withheld));
    }
    List<String> devices = withheld != null ? List.of() : new ArrayList<>(new LinkedHashSet<>(g.variants().stream()
        .map(v -> v.variant().device()).toList()));
    for (String device : devices) {
      List<VariantResult> timed = g.variants().stream().filter(v -> v.variant().device().equals(device))
          .filter(v -> v.trainSeconds().known())
          .sorted(Comparator.comparingDouble(v -> v.trainSeconds().median())).toList();
      if (timed.isEmpty()) {
        continue;
      }
      VariantResult best = timed.get(0);
      String answer = label.apply(best) + " — " + Format.seconds(best.trainSeconds().median()) + " s";
      String evidence;
      if (timed.size() == 1) {
        // one timed variant on this device: no ranking
        answer = t.get("concl_notDrawnAnswer");
        evidence = t.get("concl_oneOk", label.apply(best));
      } else {
        VariantResult next = timed.get(1);
        Stats.Comparison cmp = Stats.compare(best.trainSeconds().values(), next.trainSeconds().values());
        String ratio = Format.fixed(next.trainSeconds().median() / best.trainSeconds().median(), 2);
        String base = t.get("concl_fasterThan", ratio, label.apply(next), Format.seconds(next.trainSeconds().median()));
        if (best.trainSeconds().n() < 2 || next.trainSeconds().n() < 2) {
          evidence = base + " " + t.get("concl_noSpread");
        } else if (!cmp.canBeSignificant()) {
          evidence = base + " " + t.get("concl_cannot", Format.p(cmp.mannWhitneyP()));
        } else {
          evidence = base + " " + (cmp.significant() ? t.get("concl_significant", Format.p(cmp.mannWhitneyP()))
              : t.get("concl_notSignificant", Format.p(cmp.mannWhitneyP())));
        }
      }
      rows.add(row(t.get("concl_fastest") + (g.withDevice() ? " (" + device + ")" : ""), answer, evidence));
    }
    List<VariantResult> timed = g.variants().stream().filter(v -> v.trainSeconds().known()).toList();
    List<VariantResult> accurate = g.variants().stream().filter(v -> v.testAccuracy().known())
        .sorted(Comparator.comparingDouble((VariantResult v) -> v.testAccuracy().median()).reversed()).toList();
    if (withheld == null && !accurate.isEmpty()) {
      VariantResult best = accurate.get(0);
      String answer = label.apply(best) + " — " + Format.accuracy(best.testAccuracy().median());
      String evidence;
      if (accurate.size() == 1) {
        evidence = t.get("concl_only");
      } else {
        VariantResult next = accurate.get(1);
        double diff = best.testAccuracy().median() - next.testAccuracy().median();
        String base = diff == 0 ? t.get("concl_tie", label.apply(next)) : t.get("concl_accuracyAhead", Format.fixed(diff * 100, 2), label.apply(next),
            Format.accuracy(next.testAccuracy().median()));
        if (best.testAccuracy().n() < 2 || next.testAccuracy().n() < 2) {
          evidence = base + " " + t.get("concl_noSpread");
        } else if (best.testAccuracy().min() <= next.testAccuracy().max()) {
          evidence = base + " " + t.get("concl_overlap");
        } else {
          evidence = base + " " + t.get("concl_separate");
        }
      }
      rows.add(row(t.get("concl_accurate"), answer, evidence));
    }
    if (withheld == null && !Double.isNaN(g.target()) && !timed.isEmpty()) {
      List<VariantResult> reached = g.variants().stream().filter(v -> v.reachedTarget() > 0)
          .sorted(Comparator.comparingDouble(v -> v.timeToTarget().median())).toList();
      List<String> ranking = new ArrayList<>();
      int rank = 1;
      for (VariantResult v : reached) {
        ranking.add(rank++ + ". " + label.apply(v) + " " + Format.seconds(v.timeToTarget().median()) + " s");
      }
      for (VariantResult v : g.variants()) {
        if (v.reachedTarget() == 0 && !v.ok().isEmpty()) {
          ranking.add(label.apply(v) + ": " + t.get("tta_notReached"));
        }
      }
      rows.add(row(t.get("concl_tta", Format.fixed(g.target(), 2)), String.join("; ", ranking),
          reached.isEmpty() ? t.get("concl_ttaNone") : t.get("concl_ttaHow")));
    }
    List<VariantResult> fast = g.variants().stream().filter(v -> v.throughput().known())
        .sorted(Comparator.comparingDouble((VariantResult v) -> v.throughput().median()).reversed()).toList();
    if (withheld == null && !fast.isEmpty()) {
      rows.add(row(t.get("concl_throughput"), label.apply(fast.get(0)) + " — "
          + Format.fixed(fast.get(0).throughput().median(), 0) + " " + t.get("axis_imagesPerSecond"),
          t.get("concl_throughputHow")));
    }
    List<VariantResult> failed = g.variants().stream().filter(v -> v.ok().size() < v.trials().size()).toList();
    for (VariantResult v : failed) {
      Set<String> statuses = new TreeSet<>();
      v.trials().stream().filter(r -> !r.ok()).forEach(r -> statuses.add(r.status()));
      rows.add(row(t.get("concl_notOk", label.apply(v)), String.join(", ", statuses),
          v.trials().stream().filter(r -> !r.ok()).map(r -> r.text("reason")).filter(s -> !s.isEmpty())
              .findFirst().orElse("")));
    }
    return rows;
  }

  private static Map<String, String> row(String question, String answer, String evidence) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("question", question);
    m.put("answer", answer);
    m.put("evidence", evidence);
    return m;
  }

  private Map<String, Object> fairness(Group g, Function<VariantResult, String> label) {
    List<String> columns = new ArrayList<>(List.of("threads", "batch_size", "seed", "samples", "epochs", "params",
        "init_weights_sha256", "data_order_sha256", "child_environment", "child_properties",
        "native_build"));
    if (!data.env("merge.runs").isEmpty()) {
      columns.add("machine"); // a run merged from shards: the machine each trial ran on
    }
    List<Map<String, String>> values = new ArrayList<>();
    for (VariantResult v : g.variants()) {
      Map<String, String> r = new LinkedHashMap<>();
      for (String col : columns) {
        Set<String> seen = new LinkedHashSet<>();
        if (col.startsWith("child_")) {
          seen.add(data.env("framework." + v.variant().framework() + "." + col));
        } else if (col.equals("machine")) {
          v.trials().forEach(row -> seen.add(data.env("merge.machine." + row.text("trial_id"))));
        } else if (col.equals("native_build")) {
          // Recorded by the trial from what it loaded (DL4J: which libnd4j build); not compared.
          seen.add(data.env("framework." + v.variant().framework() + "." + v.variant().device() + "." + col));
        } else {
          for (Row row : col.equals("data_order_sha256") || col.equals("epochs") ? v.ok() : v.trials()) {
            if (!row.text(col).isEmpty()) {
              seen.add(col.endsWith("sha256") ? row.text(col).substring(0, Math.min(12, row.text(col).length()))
                  : row.text(col));
            }
          }
        }
        seen.remove("");
        r.put(col, String.join(" / ", seen));
      }
      values.add(r);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    Set<String> differing = new LinkedHashSet<>();
    for (String col : columns) {
      Set<String> distinct = new LinkedHashSet<>();
      values.forEach(r -> {
        if (!r.get(col).isEmpty()) {
          distinct.add(r.get(col));
        }
      });
      boolean multi = values.stream().anyMatch(r -> r.get(col).contains(" / "));
      if (col.equals("child_environment")) {
        // The thread counts in force are compared, not the names of the variables that set them.
        distinct.clear();
        multi = false;
        for (VariantResult v : g.variants()) {
          String prefix = "framework." + v.variant().framework() + ".";
          java.util.Set<Integer> counts = ThreadsInForce.counts(data.env(prefix + "child_environment"),
              data.env(prefix + "child_properties"));
          distinct.add(ThreadsInForce.describe(counts));
          multi |= counts.size() > 1;
        }
      }
      if ((distinct.size() > 1 || multi) && !col.equals("child_properties") && !col.equals("native_build")) {
        differing.add(col);
      }
    }
    for (int i = 0; i < values.size(); i++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("variant", label.apply(g.variants().get(i)));
      List<Map<String, String>> cells = new ArrayList<>();
      for (String col : columns) {
        cells.add(Map.of("value", values.get(i).get(col).isEmpty() ? "—" : values.get(i).get(col),
            "cls", differing.contains(col) ? "differs" : ""));
      }
      r.put("cells", cells);
      rows.add(r);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    List<String> headers = new ArrayList<>();
    columns.forEach(col -> headers.add(t.get("fair_" + col)));
    m.put("headers", headers);
    m.put("rows", rows);
    m.put("verdict", differing.isEmpty() ? t.get("fair_same")
        : t.get("fair_differs", String.join(", ", differing.stream().map(col -> t.get("fair_" + col)).toList())));
    m.put("verdictClass", differing.isEmpty() ? "ok" : "bad");
    return m;
  }

  /** The model's layers as the run's {@code models.csv} lists them; empty when the run has none. */
  private List<Map<String, String>> modelSummary(String model) {
    List<Map<String, String>> rows = new ArrayList<>();
    if (descriptions.models() == null) {
      return rows;
    }
    for (Row r : descriptions.models().getOrDefault(model, List.of())) {
      boolean total = RunDescriptions.TOTAL.equals(r.text(ModelColumn.POSITION));
      double params = r.number(ModelColumn.PARAMS);
      rows.add(Map.of("layer", total ? t.get("summary_total") : r.text(ModelColumn.LAYER), "settings", r.text(ModelColumn.SETTINGS),
          "shape", r.text(ModelColumn.OUTPUT_SHAPE), "params", Double.isNaN(params) ? r.text(ModelColumn.PARAMS)
              : Format.count((long) params)));
    }
    return rows;
  }

  private Map<String, String> paramCheck(Group g) {
    long expected = descriptions.parameterCount(g.model()); // -1: nothing to compare with
    Set<String> passed = new LinkedHashSet<>();
    Set<String> failed = new LinkedHashSet<>();
    Set<String> unknown = new LinkedHashSet<>();
    List<String> mismatches = new ArrayList<>();
    for (VariantResult v : g.variants()) {
      String name = v.variant().framework();
      for (Row r : v.trials()) {
        double params = r.number(ModelColumn.PARAMS);
        if (expected >= 0 && !Double.isNaN(params) && (long) params != expected) {
          mismatches.add(r.trialId() + ": " + Format.count((long) params));
        }
        if (r.ok()) {
          passed.add(name);
        } else if (r.text("reason").toLowerCase(Locale.ROOT).contains("param")) {
          failed.add(name + " (" + r.text("reason") + ")");
        } else {
          unknown.add(name + " (" + r.status() + ")");
        }
      }
    }
    unknown.removeIf(u -> passed.contains(u.substring(0, u.indexOf(' '))));
    List<String> parts = new ArrayList<>();
    if (!passed.isEmpty()) {
      parts.add(t.get("param_passed", String.join(", ", passed)));
    }
    if (!failed.isEmpty()) {
      parts.add(t.get("param_failed", String.join("; ", failed)));
    }
    if (!unknown.isEmpty()) {
      parts.add(t.get("param_unknown", String.join(", ", unknown)));
    }
    if (!mismatches.isEmpty()) {
      parts.add(t.get("param_mismatch", Format.count(expected), String.join(", ", mismatches)));
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("text", String.join(" ", parts));
    m.put("cls", failed.isEmpty() && mismatches.isEmpty() ? "ok" : "bad");
    return m;
  }

  private List<Map<String, String>> trials() {
    List<Map<String, String>> rows = new ArrayList<>();
    for (Row r : data.trialRows()) {
      Map<String, String> m = new LinkedHashMap<>(r.columns());
      m.put("statusClass", r.ok() ? "ok" : "bad");
      m.put("shortHash", r.text("init_weights_sha256").length() > 12
          ? r.text("init_weights_sha256").substring(0, 12) : r.text("init_weights_sha256"));
      rows.add(m);
    }
    return rows;
  }

  private List<Map<String, String>> weights() {
    Map<String, Map<String, Set<String>>> byModelSeed = new LinkedHashMap<>();
    for (Row r : data.trialRows()) {
      if (r.ok() && !r.text("init_weights_sha256").isEmpty()) {
        byModelSeed.computeIfAbsent(r.model() + " · seed " + r.text("seed"), k -> new LinkedHashMap<>())
            .computeIfAbsent(r.text("init_weights_sha256"), k -> new LinkedHashSet<>())
            .add(r.framework() + (r.device().equals("cpu") ? "" : " (" + r.device() + ")"));
      }
    }
    List<Map<String, String>> rows = new ArrayList<>();
    byModelSeed.forEach((key, hashes) -> hashes.forEach((hash, who) -> rows.add(Map.of(
        "key", key, "hash", hash, "frameworks", String.join(", ", who),
        "verdict", hashes.size() == 1 ? t.get("weights_same") : t.get("weights_differ"),
        "cls", hashes.size() == 1 ? "ok" : "bad"))));
    return rows;
  }

  private Map<String, Object> parity() {
    if (data.parityRows().isEmpty()) {
      return null;
    }
    List<String> frameworks = new ArrayList<>(new LinkedHashSet<>(data.parityRows().stream()
        .map(Row::framework).toList()));
    Map<String, Map<String, Row>> byCheck = new LinkedHashMap<>();
    for (Row r : data.parityRows()) {
      byCheck.computeIfAbsent(r.model() + "\u0000" + r.text("check") + "\u0000" + r.text("reference"),
          k -> new LinkedHashMap<>()).put(r.framework(), r);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    int failures = 0;
    for (Map.Entry<String, Map<String, Row>> e : byCheck.entrySet()) {
      String[] k = e.getKey().split("\u0000", 3);
      List<Map<String, String>> cells = new ArrayList<>();
      for (String f : frameworks) {
        Row r = e.getValue().get(f);
        if (r == null) {
          cells.add(Map.of("text", "—", "cls", "", "title", ""));
          continue;
        }
        boolean pass = r.text("pass").equalsIgnoreCase("true") || r.text("pass").equalsIgnoreCase("ok")
            || r.text("pass").equalsIgnoreCase("yes");
        if (!pass) {
          failures++;
        }
        cells.add(Map.of("text", (pass ? "✓ " : "✗ ") + r.text("max_abs_diff") + " ≤? " + r.text("tolerance"),
            "cls", pass ? "ok" : "bad", "title", r.text("reason")));
      }
      rows.add(Map.of("model", k[0], "check", k[1], "reference", k[2], "cells", cells));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("frameworks", frameworks);
    m.put("rows", rows);
    m.put("verdict", failures == 0 ? t.get("parity_allPass") : t.get("parity_fails", failures));
    m.put("verdictClass", failures == 0 ? "ok" : "bad");
    return m;
  }

  private List<Map<String, String>> environment() {
    List<Map<String, String>> env = new ArrayList<>();
    data.environment().forEach((k, v) -> env.add(Map.of("key", k, "value", v)));
    return env;
  }

  private List<Map<String, Object>> frameworks() {
    Set<String> names = new LinkedHashSet<>();
    Map<String, Set<String>> versions = new LinkedHashMap<>();
    for (Row r : data.trialRows()) {
      names.add(r.framework());
      if (!r.text("framework_version").isEmpty()) {
        versions.computeIfAbsent(r.framework(), k -> new LinkedHashSet<>()).add(r.text("framework_version"));
      }
    }
    Map<String, Row> described = descriptions.frameworks() == null ? Map.of() : descriptions.frameworks();
    Map<String, Integer> moduleUse = new LinkedHashMap<>();
    Map<String, List<String[]>> modules = new LinkedHashMap<>();
    for (String n : names) {
      List<String[]> ms = new ArrayList<>();
      Row d = described.get(n);
      for (String pair : d == null ? new String[0] : d.text(FrameworkColumn.ADAPTER_MODULES).trim().split("\\s+")) {
        int eq = pair.lastIndexOf('=');
        if (eq > 0) {
          ms.add(new String[] {pair.substring(0, eq), pair.substring(eq + 1)});
        }
      }
      modules.put(n, ms);
      ms.forEach(mod -> moduleUse.merge(mod[0], 1, Integer::sum));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (String n : names) {
      Row d = described.get(n);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", n);
      String display = data.env("framework." + n + ".display_name");
      if (display.isEmpty() && d != null) {
        display = d.text(FrameworkColumn.DISPLAY_NAME);
      }
      m.put("display", display.isEmpty() ? n : display);
      m.put("version", String.join(", ", versions.getOrDefault(n, Set.of())));
      m.put("driven", d == null ? "" : d.text(FrameworkColumn.DRIVEN_BY));
      m.put("api", d == null ? "" : d.text(FrameworkColumn.API));
      m.put("language", d == null ? "" : d.text(FrameworkColumn.LANGUAGE));
      List<String> code = new ArrayList<>();
      for (String[] mod : modules.get(n)) {
        code.add("adapters/" + mod[0] + ": " + (mod[1].matches("\\d{1,18}") ? Format.count(Long.parseLong(mod[1]))
            : mod[1])
            + (moduleUse.get(mod[0]) > 1 ? " " + t.get("code_shared") : ""));
      }
      m.put("code", String.join("; ", code));
      out.add(m);
    }
    return out;
  }
}
