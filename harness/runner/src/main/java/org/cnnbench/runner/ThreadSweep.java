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
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.cnnbench.results.CsvNumbers;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.ThreadColumn;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.runner.store.ResultsStore;

/**
 * Summarizes a thread sweep ({@code -Dbench=threads}) into {@code threads.csv}: per framework and
 * thread count the training throughput of the sweep's trials, and which count was fastest.
 */
final class ThreadSweep {

  private ThreadSweep() {}

  /** One measured point. */
  record Point(
      String framework, String model, int threads, double imagesPerSecond, int batch, int reps) {}

  static List<Point> summarize(Path runDir, PrintStream console) throws IOException {
    Map<String, Integer> batches = new LinkedHashMap<>();
    Map<String, Integer> threadsOf = new LinkedHashMap<>();
    CSVFormat header = ResultsStore.FORMAT.builder().setHeader().setSkipHeaderRecord(true).build();
    try (Reader r = Files.newBufferedReader(runDir.resolve("trials.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord rec : header.parse(r)) {
        String id = rec.get(TrialColumn.TRIAL_ID.header());
        if (id.startsWith("threads-")
            && TrialStatus.OK.name().equals(rec.get(TrialColumn.STATUS.header()))) {
          threadsOf.put(id, Integer.parseInt(rec.get(TrialColumn.THREADS.header())));
          batches.put(id, Integer.parseInt(rec.get(TrialColumn.BATCH_SIZE.header())));
        }
      }
    }
    // images/s of a trial: trained images over step time, summed over its epochs (warm-up excluded)
    Map<String, double[]> sums = new LinkedHashMap<>();
    Map<String, String[]> names = new LinkedHashMap<>();
    try (Reader r = Files.newBufferedReader(runDir.resolve("epochs.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord rec : header.parse(r)) {
        String id = rec.get(EpochColumn.TRIAL_ID.header());
        if (!threadsOf.containsKey(id)
            || rec.get(EpochColumn.IMAGES_PER_SECOND.header()).isEmpty()) {
          continue;
        }
        double seconds = Double.parseDouble(rec.get(EpochColumn.STEP_SECONDS.header()));
        double images =
            Double.parseDouble(rec.get(EpochColumn.IMAGES_PER_SECOND.header())) * seconds;
        String framework = rec.get(EpochColumn.FRAMEWORK.header());
        String model = rec.get(EpochColumn.MODEL.header());
        String key = framework + "|" + model + "|" + threadsOf.get(id);
        double[] s = sums.computeIfAbsent(key, k -> new double[3]);
        s[0] += images;
        s[1] += seconds;
        s[2] = batches.get(id);
        names.put(key, new String[] {framework, model});
      }
    }
    Map<String, Integer> reps = new LinkedHashMap<>();
    threadsOf.forEach(
        (id, t) -> reps.merge(id.substring(0, id.lastIndexOf("-r")), 1, Integer::sum));
    List<Point> points = new ArrayList<>();
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      String[] fm = names.get(e.getKey());
      int threads = Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf('|') + 1));
      String prefix = String.format(Locale.ROOT, "threads-%s-%s-cpu-t%d", fm[1], fm[0], threads);
      points.add(
          new Point(
              fm[0],
              fm[1],
              threads,
              e.getValue()[0] / e.getValue()[1],
              (int) e.getValue()[2],
              reps.getOrDefault(prefix, 0)));
    }
    Map<String, Point> best = new LinkedHashMap<>();
    for (Point p : points) {
      best.merge(
          p.framework() + "|" + p.model(),
          p,
          (a, b) -> b.imagesPerSecond() > a.imagesPerSecond() ? b : a);
    }
    try (CSVPrinter out =
        new CSVPrinter(
            Files.newBufferedWriter(runDir.resolve("threads.csv"), StandardCharsets.UTF_8),
            ResultsStore.FORMAT)) {
      out.printRecord(ThreadColumn.HEADERS);
      console.println("thread sweep (" + runDir.resolve("threads.csv") + "):");
      for (Point p : points) {
        boolean isBest = p.equals(best.get(p.framework() + "|" + p.model()));
        double msPerStep = 1000.0 * p.batch() / p.imagesPerSecond();
        List<String> values = new ArrayList<>();
        for (ThreadColumn c : ThreadColumn.values()) {
          values.add(
              switch (c) {
                case FRAMEWORK -> p.framework();
                case MODEL -> p.model();
                case THREADS -> String.valueOf(p.threads());
                case IMAGES_PER_SECOND -> CsvNumbers.fixed(p.imagesPerSecond(), 1);
                case MS_PER_STEP -> CsvNumbers.fixed(msPerStep, 2);
                case BATCH_SIZE -> String.valueOf(p.batch());
                case REPETITIONS -> String.valueOf(p.reps());
                case BEST -> String.valueOf(isBest);
              });
        }
        out.printRecord(values);
        console.printf(
            Locale.ROOT,
            "  %-11s %-10s %2d thread(s): %8.1f img/s, %7.2f ms/step%s%n",
            p.framework(),
            p.model(),
            p.threads(),
            p.imagesPerSecond(),
            msPerStep,
            isBest ? "  <- best" : "");
      }
    }
    return points;
  }
}
