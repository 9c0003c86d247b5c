package org.cnnbench.report;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cnnbench.spec.CatalogEntry;
import org.cnnbench.spec.LayerSummary;
import org.cnnbench.spec.ModelCatalog;

/**
 * Writes {@code reports/<run-id>/index.html} and its charts from {@code results/<run-id>/*.csv}
 * alone, so a report can be regenerated at any time without training.
 */
public final class HtmlReport {

  private HtmlReport() {}

  /**
   * @param runDir {@code results/<run-id>}
   * @param reportDir destination folder, created if needed
   * @throws IOException if files cannot be read or written
   */
  public static void generate(Path runDir, Path reportDir) throws IOException {
    RunData data = RunData.read(runDir);
    Files.createDirectories(reportDir);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("runId", data.environment().getOrDefault("run_id", runDir.getFileName().toString()));
    context.put("generated", Instant.now().toString());
    context.put("commandLine", data.environment().getOrDefault("command_line", ""));
    context.put("machine", data.environment().getOrDefault("cpu.model", "") + ", "
        + data.environment().getOrDefault("cpu.cores", "?") + " cores, "
        + data.environment().getOrDefault("cnnbench.threads", "?") + " thread(s) per trial");

    Set<String> devices = new LinkedHashSet<>();
    int maxRep = 1;
    for (Map<String, String> t : data.trials()) {
      devices.add(t.get("device"));
      maxRep = Math.max(maxRep, parseInt(t.get("repetition")));
    }
    boolean manyDevices = devices.size() > 1;
    boolean repeats = maxRep > 1;
    context.put("repeatsNote", repeats ? "Each trial ran " + maxRep + " times; every repetition is its"
        + " own series." : "One repetition per trial: no spread is known, so small differences may be"
        + " noise.");

    List<Map<String, Object>> sections = new ArrayList<>();
    Map<String, List<Map<String, String>>> byModel = new LinkedHashMap<>();
    for (Map<String, String> t : data.trials()) {
      byModel.computeIfAbsent(t.get("dataset") + "/" + t.get("model"), k -> new ArrayList<>()).add(t);
    }
    int chartIndex = 0;
    for (Map.Entry<String, List<Map<String, String>>> group : byModel.entrySet()) {
      String[] dm = group.getKey().split("/", 2);
      Map<String, List<double[]>> valAcc = new LinkedHashMap<>();
      Map<String, List<double[]>> trainAcc = new LinkedHashMap<>();
      Map<String, List<double[]>> valLoss = new LinkedHashMap<>();
      Map<String, List<double[]>> trainLoss = new LinkedHashMap<>();
      for (Map<String, String> e : data.epochs()) {
        if (!e.get("dataset").equals(dm[0]) || !e.get("model").equals(dm[1])) {
          continue;
        }
        String key = seriesName(e, manyDevices, repeats);
        double epoch = parse(e.get("epoch"));
        valAcc.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {epoch, parse(e.get("val_accuracy"))});
        trainAcc.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {epoch, parse(e.get("train_accuracy"))});
        valLoss.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {epoch, parse(e.get("val_loss"))});
        trainLoss.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {epoch, parse(e.get("train_loss"))});
      }
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("dataset", dm[0]);
      section.put("model", dm[1]);
      if (!valAcc.isEmpty()) {
        chartIndex++;
        String acc = String.format(Locale.ROOT, "chart-%02d-accuracy.png", chartIndex);
        String loss = String.format(Locale.ROOT, "chart-%02d-loss.png", chartIndex);
        Charts.epochCurves(dm[1] + " on " + dm[0] + ": accuracy per epoch", "accuracy", valAcc, trainAcc,
            reportDir.resolve(acc));
        Charts.epochCurves(dm[1] + " on " + dm[0] + ": loss per epoch", "loss", valLoss, trainLoss,
            reportDir.resolve(loss));
        section.put("accuracyChart", acc);
        section.put("lossChart", loss);
      }
      Map<String, Map<String, Double>> times = new LinkedHashMap<>();
      for (Map<String, String> t : group.getValue()) {
        double seconds = parse(t.get("train_seconds"));
        if ("OK".equals(t.get("status")) && !Double.isNaN(seconds)) {
          String series = t.get("device") + (repeats ? " r" + t.get("repetition") : "");
          times.computeIfAbsent(series, k -> new LinkedHashMap<>()).put(t.get("framework"), seconds);
        }
      }
      if (!times.isEmpty()) {
        String file = String.format(Locale.ROOT, "chart-%02d-train-time.png", ++chartIndex);
        Charts.bars(dm[1] + " on " + dm[0] + ": time in training steps", "seconds", times,
            reportDir.resolve(file));
        section.put("timeChart", file);
      }
      section.put("summary", summary(dm[1]));
      sections.add(section);
    }
    context.put("sections", sections);
    List<Map<String, String>> trials = new ArrayList<>();
    for (Map<String, String> t : data.trials()) {
      Map<String, String> row = new LinkedHashMap<>(t);
      row.put("ok", String.valueOf("OK".equals(t.get("status"))));
      row.put("statusClass", "OK".equals(t.get("status")) ? "ok" : "bad");
      trials.add(row);
    }
    context.put("trials", trials);
    List<Map<String, String>> env = new ArrayList<>();
    data.environment().forEach((k, v) -> env.add(Map.of("key", k, "value", v)));
    context.put("environment", env);

    Template template;
    try (Reader r = new InputStreamReader(HtmlReport.class.getResourceAsStream("index.html.mustache"),
        StandardCharsets.UTF_8)) {
      template = Mustache.compiler().escapeHTML(true).defaultValue("").compile(r);
    }
    Path tmp = reportDir.resolve("index.html.tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      template.execute(context, w);
    }
    Files.move(tmp, reportDir.resolve("index.html"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static List<Map<String, String>> summary(String model) {
    List<Map<String, String>> rows = new ArrayList<>();
    CatalogEntry entry;
    try {
      entry = ModelCatalog.get(model);
    } catch (IllegalArgumentException e) {
      return rows;
    }
    for (LayerSummary s : entry.spec().summary()) {
      rows.add(Map.of("layer", s.kind(), "settings", s.description(), "shape", s.outputShape().toString(),
          "params", String.format(Locale.ROOT, "%,d", s.parameters())));
    }
    rows.add(Map.of("layer", "Total", "settings", entry.source(), "shape", "",
        "params", String.format(Locale.ROOT, "%,d", entry.spec().parameterCount())));
    return rows;
  }

  private static String seriesName(Map<String, String> row, boolean manyDevices, boolean repeats) {
    return row.get("framework") + (manyDevices ? " " + row.get("device") : "")
        + (repeats ? " r" + row.get("repetition") : "");
  }

  private static double parse(String s) {
    if (s == null || s.isBlank()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException | NullPointerException e) {
      return 1;
    }
  }
}
