package org.cnnbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.report.Stats.Spread;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.TrialColumn;

/**
 * Turns a run's rows into per dataset-and-model measurements: medians and ranges over repetitions.
 */
final class Analysis {

  /**
   * Target validation accuracy per dataset and catalogue model ({@code dataset/model}) for the
   * time-to-accuracy measure; a pair without one (e.g. on Fashion-MNIST) shows no time to target.
   */
  static final Map<String, Double> TARGETS =
      Map.of(
          "mnist/mnist-cnn",
          0.97,
          "mnist/lenet",
          0.97,
          "mnist/mlp",
          0.95,
          "mnist/logreg",
          0.90,
          "fruits/fruit-cnn",
          0.80);

  /** The parts of a trial's wall time, in stacking order: column (or derived name) to label key. */
  static final List<String> TIME_PARTS =
      List.of(
          "engine_load",
          "data_load",
          "first_step",
          "steps",
          "batch_assembly",
          "validation",
          "inference_setup",
          "test",
          "other");

  private Analysis() {}

  /**
   * One framework on one device.
   *
   * @param framework adapter name
   * @param device cpu or gpu
   */
  record Variant(String framework, String device) {
    String label(boolean withDevice) {
      return withDevice ? framework + " (" + device + ")" : framework;
    }
  }

  /**
   * Medians and ranges over the repetitions of one epoch.
   *
   * @param epoch epoch number from 1
   * @param valAccuracy validation accuracy
   * @param valLoss validation loss
   * @param trainAccuracy training accuracy
   * @param trainLoss training loss
   */
  record EpochPoint(
      int epoch, Spread valAccuracy, Spread valLoss, Spread trainAccuracy, Spread trainLoss) {}

  /**
   * Everything measured for one variant of one dataset and model.
   *
   * @param variant framework and device
   * @param trials every trial row of the variant, any status
   * @param ok the rows with status OK
   * @param trainSeconds time in training steps, warm-up step included
   * @param throughput images per second of the timed steps (warm-up excluded)
   * @param testAccuracy test accuracy
   * @param testLoss test loss
   * @param finalValAccuracy validation accuracy after the last epoch
   * @param timeToTarget cumulative epoch seconds until the target validation accuracy, over the
   *     repetitions that reached it
   * @param reachedTarget how many OK repetitions reached the target
   * @param peakHeap peak heap MiB
   * @param peakRss peak RSS MiB of the trial's JVM alone
   * @param peakTreeRss peak RSS MiB of the trial's whole process tree (sampled), unknown for older
   *     runs
   * @param timeParts medians and ranges of each {@link #TIME_PARTS} entry
   * @param curve per-epoch spreads
   * @param versions framework versions seen
   */
  record VariantResult(
      Variant variant,
      List<Row> trials,
      List<Row> ok,
      Spread trainSeconds,
      Spread throughput,
      Spread testAccuracy,
      Spread testLoss,
      Spread finalValAccuracy,
      Spread timeToTarget,
      int reachedTarget,
      Spread peakHeap,
      Spread peakRss,
      Spread peakTreeRss,
      Map<String, Spread> timeParts,
      List<EpochPoint> curve,
      String versions) {}

  /**
   * One dataset and model of the run.
   *
   * @param dataset dataset name
   * @param model catalogue model name
   * @param target target validation accuracy, NaN when the model has none
   * @param variants per framework and device, in the order trials appear
   * @param withDevice whether the run used more than one device, so labels name it
   * @param repetitions the largest number of OK repetitions of any variant
   */
  record Group(
      String dataset,
      String model,
      double target,
      List<VariantResult> variants,
      boolean withDevice,
      int repetitions) {

    /**
     * @return a file-name-safe id, e.g. {@code mnist-mnist-cnn}
     */
    String id() {
      return (dataset + "-" + model).replaceAll("[^A-Za-z0-9_.-]", "_");
    }
  }

  /**
   * @param data a run
   * @return one group per dataset and model, in the order of the trial rows
   */
  static List<Group> groups(RunData data) {
    return groups(data, TARGETS);
  }

  /**
   * @param data a run
   * @param targets the target validation accuracy per {@code dataset/model}, e.g. {@link #TARGETS}
   *     or each model's common accuracy ({@link TimeToCommonAccuracy})
   * @return one group per dataset and model, in the order of the trial rows
   */
  static List<Group> groups(RunData data, Map<String, Double> targets) {
    Set<String> devices = new LinkedHashSet<>();
    Map<String, Map<Variant, List<Row>>> byGroup = new LinkedHashMap<>();
    for (Row t : data.trialRows()) {
      devices.add(t.device());
      byGroup
          .computeIfAbsent(t.dataset() + "\u0000" + t.model(), k -> new LinkedHashMap<>())
          .computeIfAbsent(new Variant(t.framework(), t.device()), k -> new ArrayList<>())
          .add(t);
    }
    Map<String, List<Row>> epochsByTrial = new LinkedHashMap<>();
    for (Row e : data.epochRows()) {
      epochsByTrial.computeIfAbsent(e.trialId(), k -> new ArrayList<>()).add(e);
    }
    boolean withDevice = devices.size() > 1;
    List<Group> groups = new ArrayList<>();
    for (Map.Entry<String, Map<Variant, List<Row>>> g : byGroup.entrySet()) {
      String[] dm = g.getKey().split("\u0000", 2);
      double target = targets.getOrDefault(dm[0] + "/" + dm[1], Double.NaN);
      List<VariantResult> variants = new ArrayList<>();
      int reps = 0;
      for (Map.Entry<Variant, List<Row>> v : g.getValue().entrySet()) {
        VariantResult r = variant(v.getKey(), v.getValue(), epochsByTrial, target);
        variants.add(r);
        reps = Math.max(reps, r.ok().size());
      }
      groups.add(new Group(dm[0], dm[1], target, variants, withDevice, reps));
    }
    return groups;
  }

  private static VariantResult variant(
      Variant variant, List<Row> trials, Map<String, List<Row>> epochsByTrial, double target) {
    List<Row> ok = trials.stream().filter(Row::ok).toList();
    List<double[]> tta = new ArrayList<>();
    double[] throughput = new double[ok.size()];
    double[] finalVal = new double[ok.size()];
    Map<String, double[]> parts = new LinkedHashMap<>();
    TIME_PARTS.forEach(p -> parts.put(p, new double[ok.size()]));
    TreeMap<Integer, List<Row>> byEpoch = new TreeMap<>();
    int reached = 0;
    for (int i = 0; i < ok.size(); i++) {
      Row t = ok.get(i);
      List<Row> epochs = epochsByTrial.getOrDefault(t.trialId(), List.of());
      double images = 0;
      double steps = 0;
      double batch = 0;
      double eval = 0;
      double cumulative = 0;
      double reachedAt = Double.NaN;
      finalVal[i] = Double.NaN;
      for (Row e : epochs) {
        byEpoch.computeIfAbsent(e.integer(EpochColumn.EPOCH, 0), k -> new ArrayList<>()).add(e);
        double s = e.number(EpochColumn.STEP_SECONDS);
        if (!Double.isNaN(s)) {
          steps += s;
          double ips = e.number(EpochColumn.IMAGES_PER_SECOND);
          images += Double.isNaN(ips) ? 0 : ips * s;
        }
        batch += nz(e.number(EpochColumn.DATA_SECONDS));
        eval += nz(e.number(EpochColumn.EVAL_SECONDS));
        cumulative += nz(e.number(EpochColumn.EPOCH_SECONDS));
        double acc = e.number(EpochColumn.VAL_ACCURACY);
        if (Double.isNaN(reachedAt) && !Double.isNaN(target) && acc >= target) {
          reachedAt = cumulative;
        }
        finalVal[i] = acc;
      }
      if (!Double.isNaN(reachedAt)) {
        reached++;
        tta.add(new double[] {reachedAt});
      }
      throughput[i] = steps > 0 ? images / steps : Double.NaN;
      double firstStep = t.number(TrialColumn.FIRST_STEP_SECONDS);
      if (epochs.isEmpty()) {
        steps = t.number(TrialColumn.TRAIN_SECONDS) - nz(firstStep);
      }
      Map<String, Double> p = new LinkedHashMap<>();
      p.put("engine_load", t.number(TrialColumn.ENGINE_LOAD_SECONDS));
      p.put("data_load", t.number(TrialColumn.DATA_LOAD_SECONDS));
      p.put("first_step", firstStep);
      p.put("steps", steps);
      p.put("batch_assembly", epochs.isEmpty() ? Double.NaN : batch);
      p.put("validation", epochs.isEmpty() ? Double.NaN : eval);
      p.put("inference_setup", t.number(TrialColumn.INFERENCE_SETUP_SECONDS));
      p.put("test", t.number(TrialColumn.TEST_SECONDS));
      double sum = p.values().stream().mapToDouble(Analysis::nz).sum();
      double wall = t.number(TrialColumn.WALL_SECONDS);
      p.put("other", Double.isNaN(wall) ? Double.NaN : Math.max(0, wall - sum));
      for (String key : TIME_PARTS) {
        parts.get(key)[i] = p.get(key);
      }
    }
    Map<String, Spread> partSpreads = new LinkedHashMap<>();
    parts.forEach((k, v) -> partSpreads.put(k, Stats.spread(v)));
    List<EpochPoint> curve = new ArrayList<>();
    byEpoch.forEach(
        (epoch, rows) ->
            curve.add(
                new EpochPoint(
                    epoch,
                    of(rows, r -> r.number(EpochColumn.VAL_ACCURACY)),
                    of(rows, r -> r.number(EpochColumn.VAL_LOSS)),
                    of(rows, r -> r.number(EpochColumn.TRAIN_ACCURACY)),
                    of(rows, r -> r.number(EpochColumn.TRAIN_LOSS)))));
    Set<String> versions = new LinkedHashSet<>();
    trials.forEach(
        t -> {
          if (!t.text(TrialColumn.FRAMEWORK_VERSION).isEmpty()) {
            versions.add(t.text(TrialColumn.FRAMEWORK_VERSION));
          }
        });
    return new VariantResult(
        variant,
        List.copyOf(trials),
        ok,
        of(ok, r -> r.number(TrialColumn.TRAIN_SECONDS)),
        Stats.spread(throughput),
        of(ok, r -> r.number(TrialColumn.TEST_ACCURACY)),
        of(ok, r -> r.number(TrialColumn.TEST_LOSS)),
        Stats.spread(finalVal),
        Stats.spread(tta.stream().mapToDouble(a -> a[0]).toArray()),
        reached,
        of(ok, r -> r.number(TrialColumn.PEAK_HEAP_MB)),
        of(ok, r -> r.number(TrialColumn.PEAK_RSS_MB)),
        of(ok, r -> r.number(TrialColumn.PEAK_TREE_RSS_MB)),
        partSpreads,
        curve,
        String.join(", ", versions));
  }

  static Spread of(List<Row> rows, ToDoubleFunction<Row> f) {
    return Stats.spread(rows.stream().mapToDouble(f).toArray());
  }

  private static double nz(double d) {
    return Double.isNaN(d) ? 0 : d;
  }

  private static double nz(Double d) {
    return d == null || Double.isNaN(d) ? 0 : d;
  }
}
