package org.cnnbench.runner.shard;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cnnbench.runner.BenchOptions;
import org.cnnbench.runner.OptionException;
import org.cnnbench.runner.OptionRegistry;
import org.cnnbench.runner.Progress;
import org.cnnbench.runner.plan.DurationEstimates;
import org.cnnbench.runner.plan.PlannedTrial;
import org.cnnbench.runner.store.RunFolder;

/**
 * Splits a plan into N deterministic shards ({@code -Dshard=K/N}) so that machines of a job array
 * each run one slice and {@code -Dbench=merge} joins them. Trials are balanced by their estimated
 * durations from earlier runs (longest first, each to the least loaded shard); trials without an
 * estimate count as the mean of the known ones, and with no estimate at all every trial counts the
 * same, which deals them out round-robin in plan order. Every trial lands in exactly one shard.
 */
public final class Sharding {

  /** The file in a shard's run folder listing the full plan and each trial's shard. */
  static final String PLAN_FILE = "shard-plan.csv";

  private Sharding() {}

  /**
   * One shard of a plan.
   *
   * @param index K, from 1
   * @param count N
   */
  record Shard(int index, int count) {
    /**
     * @return {@code K/N}
     */
    String label() {
      return index + "/" + count;
    }
  }

  /**
   * Parses {@code -Dshard=K/N}.
   *
   * @param value the option's value
   * @return the shard
   * @throws OptionException naming the option when the value is not K/N with 1 &lt;= K &lt;= N
   */
  static Shard parse(String value) {
    String v = value.trim();
    String usage =
        "; use -Dshard=K/N with whole numbers 1 <= K <= N, e.g. -Dshard=1/4 for the first"
            + " of four slices";
    if (!v.matches("[0-9]{1,6}/[0-9]{1,6}")) {
      throw new OptionException("-Dshard must look like K/N, got '" + value + "'" + usage);
    }
    int k = Integer.parseInt(v.substring(0, v.indexOf('/')));
    int n = Integer.parseInt(v.substring(v.indexOf('/') + 1));
    if (n < 1 || k < 1 || k > n) {
      throw new OptionException(
          "-Dshard=" + v + " is out of range: K must be between 1 and N" + usage);
    }
    return new Shard(k, n);
  }

  /**
   * Parses {@code -Dshards=N}, the shard count {@code -Dbench=list} previews.
   *
   * @param value the option's value
   * @return N
   */
  static int parseCount(String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new OptionException(
        "-Dshards must be a whole number of shards of at least 1, got '"
            + value
            + "'; e.g. -Dbench=list -Dshards=4");
  }

  /** Validates the shard options of a command, throwing {@link OptionException} when one is bad. */
  public static void validate(Map<String, String> given) {
    if (given.containsKey("shard")) {
      parse(given.get("shard"));
    }
    if (given.containsKey("shards")) {
      parseCount(given.get("shards"));
    }
  }

  /**
   * @return the shard of this invocation, or null when it runs the whole plan
   */
  static Shard of(BenchOptions options) {
    String v = options.given().get("shard");
    return v == null || v.isEmpty() ? null : parse(v);
  }

  /**
   * A plan dealt into shards.
   *
   * @param count N
   * @param shardOf trial id to its shard (1-based), in plan order
   * @param seconds estimated seconds per trial id (NaN when unknown)
   * @param basis how the trials were balanced, e.g. {@code round-robin} or {@code estimates:<hash>}
   * @param fingerprint hash of the full plan's trial ids and options
   */
  record Assignment(
      int count,
      Map<String, Integer> shardOf,
      Map<String, Double> seconds,
      String basis,
      String fingerprint) {

    /**
     * @return the trials of shard K, in plan order
     */
    List<PlannedTrial> select(List<PlannedTrial> plan, int k) {
      return plan.stream().filter(t -> shardOf.get(t.trialId()) == k).toList();
    }

    /**
     * @return the estimated seconds of shard K (unknown trials counted as 0) and its unknown count
     */
    double[] estimate(int k) {
      double sum = 0;
      int unknown = 0;
      for (Map.Entry<String, Integer> e : shardOf.entrySet()) {
        if (e.getValue() == k) {
          double s = seconds.get(e.getKey());
          if (Double.isNaN(s)) {
            unknown++;
          } else {
            sum += s;
          }
        }
      }
      return new double[] {sum, unknown};
    }
  }

  /**
   * Deals a plan into N shards, balanced by the wall times of earlier runs in the results folder;
   * runs of the same plan (sibling shards, which may be writing while this one starts) are left
   * out, so every shard of a job array sees the same estimates.
   *
   * @param plan the full plan
   * @param count N
   * @param options the options
   * @return the assignment
   */
  static Assignment assign(List<PlannedTrial> plan, int count, BenchOptions options) {
    String fingerprint = fingerprint(plan, options);
    return assign(
        plan,
        count,
        options,
        DurationEstimates.read(
            options.resultsDir(), run -> !fingerprint.equals(runFingerprint(run))));
  }

  /**
   * @return the plan fingerprint a run folder's run.properties records, or ""
   */
  static String runFingerprint(Path runDir) {
    Path file = runDir.resolve(RunFolder.OPTIONS);
    if (!Files.isRegularFile(file)) {
      return "";
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      return "";
    }
    return p.getProperty("shard.plan_fingerprint", "");
  }

  /**
   * Deals a plan into N shards.
   *
   * @param plan the full plan
   * @param count N
   * @param options the options (fingerprint and thread count of the estimates)
   * @param estimates earlier runs' wall times
   * @return the assignment
   */
  static Assignment assign(
      List<PlannedTrial> plan, int count, BenchOptions options, DurationEstimates estimates) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    double known = 0;
    int knownCount = 0;
    for (PlannedTrial t : plan) {
      double s = t.runnable() ? estimates.seconds(t, t.threads()) : 0;
      seconds.put(t.trialId(), s);
      if (!Double.isNaN(s) && t.runnable()) {
        known += s;
        knownCount++;
      }
    }
    boolean balanced = knownCount > 0;
    double fallback = balanced ? known / knownCount : 1;
    // Weight of each trial: its estimate, the mean estimate when unknown; not-runnable trials weigh
    // nothing but still belong to one shard.
    List<Integer> order = new ArrayList<>();
    double[] weight = new double[plan.size()];
    for (int i = 0; i < plan.size(); i++) {
      PlannedTrial t = plan.get(i);
      double s = seconds.get(t.trialId());
      weight[i] = !t.runnable() ? 0 : Double.isNaN(s) ? fallback : s;
      order.add(i);
    }
    // Longest first; equal weights keep plan order, so equal trials are dealt round-robin.
    order.sort(Comparator.<Integer>comparingDouble(i -> -weight[i]).thenComparingInt(i -> i));
    double[] load = new double[count];
    int[] trials = new int[count];
    int[] shardOfIndex = new int[plan.size()];
    for (int i : order) {
      int best = 0;
      for (int k = 1; k < count; k++) {
        if (load[k] < load[best] - 1e-9
            || (Math.abs(load[k] - load[best]) <= 1e-9 && trials[k] < trials[best])) {
          best = k;
        }
      }
      load[best] += weight[i];
      trials[best]++;
      shardOfIndex[i] = best + 1;
    }
    Map<String, Integer> shardOf = new LinkedHashMap<>();
    for (int i = 0; i < plan.size(); i++) {
      shardOf.put(plan.get(i).trialId(), shardOfIndex[i]);
    }
    String basis;
    if (balanced) {
      StringBuilder sb = new StringBuilder();
      seconds.forEach(
          (id, s) ->
              sb.append(id)
                  .append('=')
                  .append(Double.isNaN(s) ? "?" : String.format(Locale.ROOT, "%.3f", s))
                  .append('\n'));
      basis = "estimates:" + sha256(sb.toString()).substring(0, 16);
    } else {
      basis = "round-robin";
    }
    return new Assignment(count, shardOf, seconds, basis, fingerprint(plan, options));
  }

  /**
   * The plan fingerprint: a hash of the full (unsharded) plan's trial ids and of the options that
   * shape what is measured (paths and the shard itself left out), the same on every shard.
   *
   * @param plan the full plan
   * @param options the options
   * @return 16 hex digits
   */
  static String fingerprint(List<PlannedTrial> plan, BenchOptions options) {
    StringBuilder sb = new StringBuilder("cnn-bench plan 1\n");
    new TreeMap<>(comparedOptions(options.given()))
        .forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    for (PlannedTrial t : plan) {
      sb.append(t.trialId()).append('\n');
    }
    return sha256(sb.toString()).substring(0, 16);
  }

  /**
   * @return the given options a merge compares: those the registry puts into a plan's fingerprint
   *     (all but places and the run's own, such as the shard), framework options included, sorted
   */
  static Map<String, String> comparedOptions(Map<String, String> given) {
    Map<String, String> out = new TreeMap<>();
    given.forEach(
        (k, v) -> {
          if (k.equals("bench")) {
            // -Dbench=mnist,list previews the plan of -Dbench=mnist: same fingerprint
            TreeSet<String> benches = new TreeSet<>();
            for (String b : v.toLowerCase(Locale.ROOT).split(",", -1)) {
              if (!b.isBlank() && !b.strip().equals("list")) {
                benches.add(b.strip());
              }
            }
            if (!benches.isEmpty()) {
              out.put(k, String.join(",", benches));
            }
          } else if (OptionRegistry.installed().inFingerprint(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  /**
   * The shard's facts for {@code run.properties} and {@code environment.csv}.
   *
   * @param shard this shard
   * @param a the assignment
   * @return keys and values
   */
  static Map<String, String> record(Shard shard, Assignment a) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("shard", shard.label());
    m.put("shard.index", String.valueOf(shard.index()));
    m.put("shard.count", String.valueOf(shard.count()));
    m.put("shard.plan_fingerprint", a.fingerprint());
    m.put("shard.plan_trials", String.valueOf(a.shardOf().size()));
    m.put(
        "shard.trials",
        String.valueOf(a.shardOf().values().stream().filter(k -> k == shard.index()).count()));
    m.put("shard.balance", a.basis());
    return m;
  }

  /** Writes {@code shard-plan.csv}: every trial of the full plan with its shard. */
  static void writePlan(Path runDir, List<PlannedTrial> plan, Assignment a) throws IOException {
    StringBuilder sb = new StringBuilder("trial_id,shard,estimate_seconds\n");
    for (PlannedTrial t : plan) {
      double s = a.seconds().get(t.trialId());
      sb.append(t.trialId())
          .append(',')
          .append(a.shardOf().get(t.trialId()))
          .append(',')
          .append(Double.isNaN(s) ? "" : String.format(Locale.ROOT, "%.3f", s))
          .append('\n');
    }
    Files.writeString(runDir.resolve(PLAN_FILE), sb.toString(), StandardCharsets.UTF_8);
  }

  /**
   * Prints, for {@code -Dbench=list}, the estimated duration of every shard and the trials of the
   * selected one ({@code -Dshard=K/N}) or the shard of every trial ({@code -Dshards=N}).
   *
   * @param plan the full plan
   * @param options the options
   * @param out where to print
   */
  public static void printShards(List<PlannedTrial> plan, BenchOptions options, PrintStream out) {
    Shard shard = of(options);
    int count = shard != null ? shard.count() : parseCount(options.given().get("shards"));
    Assignment a = assign(plan, count, options);
    out.printf(
        Locale.ROOT,
        "%d shard(s), balanced by %s, plan fingerprint %s:%n",
        count,
        a.basis().equals("round-robin")
            ? "round-robin (no earlier run to estimate from)"
            : "estimated durations (" + a.basis() + ")",
        a.fingerprint());
    for (int k = 1; k <= count; k++) {
      double[] e = a.estimate(k);
      int n = a.select(plan, k).size();
      out.printf(
          Locale.ROOT,
          "  shard %d/%d: %3d trial(s), estimated %s%s%s%n",
          k,
          count,
          n,
          Progress.duration(e[0]),
          e[1] > 0 ? " + " + (int) e[1] + " trial(s) never run before" : "",
          shard != null && shard.index() == k ? "  <- -Dshard=" + shard.label() : "");
    }
    for (PlannedTrial t : plan) {
      int k = a.shardOf().get(t.trialId());
      if (shard == null || shard.index() == k) {
        out.printf(Locale.ROOT, "  %-40s shard %d/%d%n", t.trialId(), k, count);
      }
    }
  }

  /**
   * @param options the options
   * @return true unless this is shard 2..N: {@code parity} and {@code jmh}, which are not trials of
   *     the plan, run once, in shard 1
   */
  public static boolean runsWholeRunBenches(BenchOptions options) {
    Shard shard = of(options);
    return shard == null || shard.index() == 1;
  }

  /**
   * @return the run id suffix of a sharded run, e.g. {@code -shard2of4}, or ""
   */
  public static String runIdSuffix(BenchOptions options) {
    Shard shard = of(options);
    return shard == null ? "" : "-shard" + shard.index() + "of" + shard.count();
  }

  /**
   * The slice of the plan a sharded run executes. A new run deals the plan, writes {@code
   * shard-plan.csv} and adds the shard to {@code run.properties}; a resumed run reads its {@code
   * shard-plan.csv} back, so newer estimates never move a trial to another shard.
   *
   * @param runDir the run folder
   * @param plan the full plan
   * @param options the options
   * @return the trials to run and the shard's environment entries; the plan itself when not sharded
   * @throws IOException if the run folder cannot be read or written
   */
  public static Slice slice(Path runDir, List<PlannedTrial> plan, BenchOptions options)
      throws IOException {
    Shard shard = of(options);
    if (shard == null) {
      return new Slice(plan, Map.of());
    }
    Assignment a;
    Path file = runDir.resolve(PLAN_FILE);
    if (Files.isRegularFile(file)) {
      a = readPlan(file, plan, options);
    } else {
      a = assign(plan, shard.count(), options);
      writePlan(runDir, plan, a);
    }
    Map<String, String> record = record(shard, a);
    Path props = runDir.resolve(RunFolder.OPTIONS);
    Properties p = new Properties();
    if (Files.isRegularFile(props)) {
      try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    if (!record.get("shard.plan_fingerprint").equals(p.getProperty("shard.plan_fingerprint"))) {
      p.putAll(record);
      try (Writer w = Files.newBufferedWriter(props, StandardCharsets.UTF_8)) {
        p.store(
            w,
            "the options of this run, read back by -Dresume; shard.* keys: this shard of the plan");
      }
    }
    return new Slice(a.select(plan, shard.index()), record);
  }

  /**
   * The trials a run executes.
   *
   * @param trials the trials, in plan order
   * @param environment shard entries for environment.csv (empty when not sharded)
   */
  public record Slice(List<PlannedTrial> trials, Map<String, String> environment) {}

  private static Assignment readPlan(Path file, List<PlannedTrial> plan, BenchOptions options)
      throws IOException {
    Map<String, Integer> shardOf = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      shardOf.put(f[0], Integer.parseInt(f[1]));
      seconds.put(f[0], f[2].isEmpty() ? Double.NaN : Double.parseDouble(f[2]));
    }
    if (!shardOf
        .keySet()
        .equals(new LinkedHashSet<>(plan.stream().map(PlannedTrial::trialId).toList()))) {
      throw new OptionException(
          file
              + " lists other trials than this plan; the run's options or"
              + " the machine changed since it started (a resumed shard must plan the same trials)");
    }
    int count = parse(options.given().get("shard")).count();
    boolean estimated = seconds.values().stream().anyMatch(s -> !Double.isNaN(s) && s > 0);
    String basis = estimated ? "estimates (read back from " + PLAN_FILE + ")" : "round-robin";
    String stored = runFingerprint(file.getParent());
    return new Assignment(
        count,
        shardOf,
        seconds,
        basisOf(file.getParent(), basis),
        stored.isEmpty() ? fingerprint(plan, options) : stored);
  }

  private static String basisOf(Path runDir, String fallback) {
    Path file = runDir.resolve(RunFolder.OPTIONS);
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      return fallback;
    }
    return p.getProperty("shard.balance", fallback);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
