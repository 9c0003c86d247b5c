package org.cnnbench.runner.shard;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.cnnbench.report.HtmlReport;
import org.cnnbench.results.EnvironmentColumn;
import org.cnnbench.results.EnvironmentKey;
import org.cnnbench.results.EpochColumn;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.runner.Bench;
import org.cnnbench.runner.BenchOptions;
import org.cnnbench.runner.OptionException;
import org.cnnbench.runner.OptionRegistry;
import org.cnnbench.runner.RunDescription;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.runner.store.RunFolder;

/**
 * {@code -Dbench=merge -Druns=a,b,...}: joins the runs of the shards of one plan into a new run
 * folder and report. It refuses runs of different plans, options or commits, a missing or repeated
 * shard, and a trial missing or present twice; runs on different machines (CPU model, cores,
 * memory, GPU, JVM, framework versions) are refused unless {@code -Dmerge.mixed=true}, and then
 * each trial's machine is recorded ({@code merge.machine.<trial>} in environment.csv) for the
 * report's fairness table. trials.csv and epochs.csv keep their columns; rows keep the run id of
 * the shard that ran them.
 */
public final class ShardMerge {

  /** Machine facts compared between shards, besides the framework versions. */
  static final List<String> MACHINE_KEYS =
      List.of(
          EnvironmentKey.CPU_MODEL.key(),
          EnvironmentKey.CPU_CORES.key(),
          EnvironmentKey.MEMORY_TOTAL_MB.key(),
          EnvironmentKey.GPU_PRESENT.key(),
          EnvironmentKey.JVM.key());

  /**
   * Relative difference of total memory still counted as the same machine type (kernel reserves).
   */
  static final double MEMORY_TOLERANCE = 0.02;

  private final BenchOptions options;
  private final PrintStream console;

  public ShardMerge(BenchOptions options, PrintStream console) {
    this.options = options;
    this.console = console;
  }

  /** One shard run as read from its folder. */
  private record ShardRun(
      String id,
      Path dir,
      Properties props,
      Map<String, String> env,
      List<Map<String, String>> trials,
      List<Map<String, String>> epochs,
      List<String> plan) {

    int index() {
      return Integer.parseInt(props.getProperty("shard.index", "0"));
    }
  }

  /**
   * Checks and merges the runs of {@code -Druns}.
   *
   * @return the merged run
   * @throws IOException if a run cannot be read or the merged run cannot be written
   * @throws OptionException listing every reason the runs cannot be merged
   */
  public Bench.RunResult merge() throws IOException {
    String value = options.given().getOrDefault("runs", "");
    List<String> ids = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String p = part.trim();
      if (p.contains("*") || p.contains("?")) {
        // a glob over the run ids in the results folder, e.g. *-shard*of4
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p);
        List<String> matched = new ArrayList<>();
        if (Files.isDirectory(options.resultsDir())) {
          try (Stream<Path> list = Files.list(options.resultsDir())) {
            list.filter(
                    d ->
                        Files.isDirectory(d)
                            && !Files.isSymbolicLink(d)
                            && m.matches(d.getFileName()))
                .map(d -> d.getFileName().toString())
                .sorted()
                .forEach(matched::add);
          }
        }
        if (matched.isEmpty()) {
          throw new OptionException(
              "-Druns: '" + p + "' matches no run in " + options.resultsDir());
        }
        ids.addAll(matched);
      } else if (!p.isEmpty()) {
        ids.add(p);
      }
    }
    if (ids.isEmpty()) {
      throw new OptionException(
          "-Dbench=merge needs -Druns=<run-id>,<run-id>,... naming the shard runs"
              + " (folders of "
              + options.resultsDir()
              + ", started with -Dshard=K/N) to merge");
    }
    boolean mixed =
        options.given().containsKey("merge.mixed") && one(options.given().get("merge.mixed"));
    List<ShardRun> runs = new ArrayList<>();
    for (String id : ids) {
      runs.add(read(id));
    }
    List<String> problems = new ArrayList<>();
    checkSamePlan(runs, problems);
    if (problems.isEmpty()) {
      checkCoverage(runs, problems);
    }
    if (!problems.isEmpty()) {
      throw new OptionException(
          "cannot merge -Druns="
              + String.join(",", ids)
              + ":\n  - "
              + String.join("\n  - ", problems));
    }
    List<String> differences = machineDifferences(runs);
    if (!differences.isEmpty() && !mixed) {
      throw new OptionException(
          "cannot merge -Druns="
              + String.join(",", ids)
              + ": the shards ran on"
              + " different machines or software:\n  - "
              + String.join("\n  - ", differences)
              + "\nrerun the shards on one kind of machine, or pass -Dmerge.mixed=true to merge anyway"
              + " (the report then shows each trial's machine in its fairness table)");
    }
    return write(runs, differences);
  }

  private static boolean one(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (!s.equals("true") && !s.equals("false")) {
      throw new OptionException("unknown -Dmerge.mixed value '" + v + "'; valid: true, false");
    }
    return s.equals("true");
  }

  private ShardRun read(String id) throws IOException {
    Path dir = options.resultsDir().resolve(id).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new OptionException(
          "-Druns: no run '"
              + id
              + "' in "
              + options.resultsDir()
              + " (copy each shard's results/<run-id> folder there first)");
    }
    Path propsFile = dir.resolve(RunFolder.OPTIONS);
    Properties props = new Properties();
    if (Files.isRegularFile(propsFile)) {
      try (Reader r = Files.newBufferedReader(propsFile, StandardCharsets.UTF_8)) {
        props.load(r);
      }
    }
    if (props.getProperty("shard.plan_fingerprint", "").isEmpty()
        || !Files.isRegularFile(dir.resolve(Sharding.PLAN_FILE))) {
      throw new OptionException(
          "-Druns: run '"
              + id
              + "' is not a shard run (its "
              + RunFolder.OPTIONS
              + " has no shard.plan_fingerprint or it has no "
              + Sharding.PLAN_FILE
              + "); only runs started"
              + " with -Dshard=K/N can be merged");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, String> row : csv(dir.resolve(RunFolder.ENVIRONMENT))) {
      env.put(row.get(EnvironmentColumn.KEY.header()), row.get(EnvironmentColumn.VALUE.header()));
    }
    List<String> plan = new ArrayList<>();
    List<String> lines =
        Files.readAllLines(dir.resolve(Sharding.PLAN_FILE), StandardCharsets.UTF_8);
    plan.addAll(lines.subList(1, lines.size()));
    return new ShardRun(
        dir.getFileName().toString(),
        dir,
        props,
        env,
        csv(dir.resolve("trials.csv")),
        csv(dir.resolve("epochs.csv")),
        plan);
  }

  private static List<Map<String, String>> csv(Path file) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return rows;
    }
    ResultsStore.dropTornLine(file);
    CSVFormat header = ResultsStore.FORMAT.builder().setHeader().setSkipHeaderRecord(true).build();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (CSVRecord rec : header.parse(r)) {
        if (rec.isConsistent()) {
          rows.add(new LinkedHashMap<>(rec.toMap()));
        }
      }
    }
    return rows;
  }

  private static void checkSamePlan(List<ShardRun> runs, List<String> problems) {
    ShardRun first = runs.get(0);
    for (ShardRun r : runs.subList(1, runs.size())) {
      String what = "runs " + first.id() + " and " + r.id();
      if (!first
          .props()
          .getProperty("shard.plan_fingerprint")
          .equals(r.props().getProperty("shard.plan_fingerprint"))) {
        problems.add(
            what
                + " have different plan fingerprints ("
                + first.props().getProperty("shard.plan_fingerprint")
                + " vs "
                + r.props().getProperty("shard.plan_fingerprint")
                + "): they are not shards of one plan");
      }
      Map<String, String> a = Sharding.comparedOptions(given(first.props()));
      Map<String, String> b = Sharding.comparedOptions(given(r.props()));
      if (!a.equals(b)) {
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> diff = new ArrayList<>();
        for (String k : keys) {
          if (!String.valueOf(a.get(k)).equals(String.valueOf(b.get(k)))) {
            diff.add(
                "-D"
                    + k
                    + " "
                    + (a.containsKey(k) ? "=" + a.get(k) : "not given")
                    + " vs "
                    + (b.containsKey(k) ? "=" + b.get(k) : "not given"));
          }
        }
        problems.add(what + " were started with different options: " + String.join("; ", diff));
      }
      String ca = first.env().getOrDefault(EnvironmentKey.GIT_COMMIT.key(), "unknown");
      String cb = r.env().getOrDefault(EnvironmentKey.GIT_COMMIT.key(), "unknown");
      if (!ca.equals(cb)) {
        problems.add(what + " ran different commits (" + ca + " vs " + cb + ")");
      }
      if (!first
          .props()
          .getProperty("shard.count", "")
          .equals(r.props().getProperty("shard.count"))) {
        problems.add(
            what
                + " split the plan into different shard counts ("
                + first.props().getProperty("shard.count")
                + " vs "
                + r.props().getProperty("shard.count")
                + ")");
      }
      if (problems.isEmpty() && !first.plan().equals(r.plan())) {
        problems.add(
            what
                + " dealt the plan into shards differently (balance "
                + first.props().getProperty("shard.balance")
                + " vs "
                + r.props().getProperty("shard.balance")
                + "): the"
                + " shards saw different earlier runs in their results folders; start every shard with the"
                + " same earlier runs in -Dresults.dir, or with none");
      }
    }
  }

  private static Map<String, String> given(Properties p) {
    Map<String, String> m = new TreeMap<>();
    for (String k : OptionRegistry.installed().keys()) {
      if (p.getProperty(k) != null) {
        m.put(k, p.getProperty(k));
      }
    }
    return m;
  }

  private static void checkCoverage(List<ShardRun> runs, List<String> problems) {
    int count = Integer.parseInt(runs.get(0).props().getProperty("shard.count"));
    Map<Integer, String> byIndex = new TreeMap<>();
    for (ShardRun r : runs) {
      String before = byIndex.putIfAbsent(r.index(), r.id());
      if (before != null) {
        problems.add(
            "shard "
                + r.index()
                + "/"
                + count
                + " is given twice: runs "
                + before
                + " and "
                + r.id());
      }
    }
    for (int k = 1; k <= count; k++) {
      if (!byIndex.containsKey(k)) {
        problems.add("shard " + k + "/" + count + " is missing: add its run to -Druns");
      }
    }
    Map<String, Integer> shardOf = new LinkedHashMap<>();
    for (String line : runs.get(0).plan()) {
      String[] f = line.split(",", -1);
      shardOf.put(f[0], Integer.parseInt(f[1]));
    }
    Map<String, String> seenIn = new LinkedHashMap<>();
    for (ShardRun r : runs) {
      for (Map<String, String> row : r.trials()) {
        String trial = row.get(TrialColumn.TRIAL_ID.header());
        if (!shardOf.containsKey(trial)) {
          problems.add("trial " + trial + " of run " + r.id() + " is not in the plan");
          continue;
        }
        String before = seenIn.putIfAbsent(trial, r.id());
        if (before != null) {
          problems.add(
              "trial " + trial + " is in the merge twice: runs " + before + " and " + r.id());
        }
      }
    }
    for (Map.Entry<String, Integer> e : shardOf.entrySet()) {
      if (!seenIn.containsKey(e.getKey()) && byIndex.containsKey(e.getValue())) {
        String run = byIndex.get(e.getValue());
        problems.add(
            "trial "
                + e.getKey()
                + " of shard "
                + e.getValue()
                + "/"
                + count
                + " has no row in"
                + " run "
                + run
                + ": the shard did not finish; continue it with -Dresume="
                + run);
      }
    }
  }

  /**
   * @return one line per machine fact in which a shard differs from the first shard
   */
  private static List<String> machineDifferences(List<ShardRun> runs) {
    List<Map<String, String>> facts = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (ShardRun r : runs) {
      facts.add(machineFacts(r.env()));
      ids.add(r.id());
    }
    List<String> out = new ArrayList<>();
    Map<String, String> first = facts.get(0);
    for (int i = 1; i < facts.size(); i++) {
      Map<String, String> other = facts.get(i);
      Set<String> keys = new LinkedHashSet<>(first.keySet());
      keys.addAll(other.keySet());
      for (String k : keys) {
        String a = first.get(k);
        String b = other.get(k);
        boolean machineKey = MACHINE_KEYS.contains(k) || k.startsWith("gpu.");
        if ((a == null || b == null) && !machineKey) {
          continue; // a framework only one of the shards ran
        }
        if (!same(k, a, b)) {
          out.add(
              k
                  + ": "
                  + ids.get(0)
                  + " has '"
                  + (a == null ? "" : a)
                  + "', "
                  + ids.get(i)
                  + " has '"
                  + (b == null ? "" : b)
                  + "'");
        }
      }
    }
    return out;
  }

  private static boolean same(String key, String a, String b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    if (key.equals("memory.total_mb")) {
      try {
        double x = Double.parseDouble(a);
        double y = Double.parseDouble(b);
        return Math.abs(x - y) <= MEMORY_TOLERANCE * Math.max(x, y);
      } catch (NumberFormatException e) {
        return a.equals(b);
      }
    }
    return a.equals(b);
  }

  /**
   * @return the machine and software facts of a run's environment that a merge compares
   */
  static Map<String, String> machineFacts(Map<String, String> env) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : MACHINE_KEYS) {
      m.put(k, env.getOrDefault(k, ""));
    }
    env.forEach(
        (k, v) -> {
          if ((k.startsWith("gpu.") && !k.equals(EnvironmentKey.GPU_PRESENT.key()))
              || EnvironmentKey.isComparedFrameworkFact(k)) {
            m.put(k, v);
          }
        });
    return m;
  }

  private static ShardRun distinctRun(Map<String, String> facts) {
    return new ShardRun("", null, new Properties(), facts, List.of(), List.of(), List.of());
  }

  private static String describe(Map<String, String> env) {
    String mem = env.getOrDefault(EnvironmentKey.MEMORY_TOTAL_MB.key(), "");
    String gib =
        mem.isEmpty() ? "?" : String.format(Locale.ROOT, "%.1f", Double.parseDouble(mem) / 1024);
    return env.getOrDefault(EnvironmentKey.CPU_MODEL.key(), "?")
        + ", "
        + env.getOrDefault(EnvironmentKey.CPU_CORES.key(), "?")
        + " cores, "
        + gib
        + " GiB"
        + ("true".equals(env.get(EnvironmentKey.GPU_PRESENT.key()))
            ? ", GPU " + env.getOrDefault(EnvironmentKey.GPU_NAME.key(), "")
            : "");
  }

  private Bench.RunResult write(List<ShardRun> runs, List<String> differences) throws IOException {
    runs = new ArrayList<>(runs);
    runs.sort(Comparator.comparingInt(ShardRun::index));
    String runId = RunFolder.create(options.resultsDir(), "-merged");
    Path dir = options.resultsDir().resolve(runId);
    Files.createDirectories(dir.resolve(RunFolder.TRIALS));
    ShardRun first = runs.get(0);
    Properties props = new Properties();
    given(first.props())
        .forEach(
            (k, v) -> {
              if (!k.equals("shard")) {
                props.setProperty(k, v);
              }
            });
    props.setProperty("merge.runs", String.join(",", runs.stream().map(ShardRun::id).toList()));
    props.setProperty(
        "merge.plan_fingerprint", first.props().getProperty("shard.plan_fingerprint"));
    try (Writer w =
        Files.newBufferedWriter(dir.resolve(RunFolder.OPTIONS), StandardCharsets.UTF_8)) {
      props.store(
          w,
          "the options of the merged shard runs; a merged run cannot be resumed, its shards can");
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put(EnvironmentKey.RUN_ID.key(), runId);
    first
        .env()
        .forEach(
            (k, v) -> {
              if (!k.equals(EnvironmentKey.RUN_ID.key()) && !k.startsWith("shard")) {
                env.put(k, v);
              }
            });
    runs.forEach(
        r ->
            r.env()
                .forEach(
                    (k, v) -> {
                      if (EnvironmentKey.isFramework(k) || EnvironmentKey.isDataset(k)) {
                        env.putIfAbsent(k, v);
                      }
                    }));
    int count = Integer.parseInt(first.props().getProperty("shard.count"));
    env.put(EnvironmentKey.MERGE_RUNS.key(), props.getProperty("merge.runs"));
    env.put(EnvironmentKey.MERGE_SHARDS.key(), String.valueOf(count));
    env.put(
        EnvironmentKey.MERGE_PLAN_FINGERPRINT.key(), props.getProperty("merge.plan_fingerprint"));
    env.put(EnvironmentKey.MERGE_BALANCE.key(), first.props().getProperty("shard.balance", ""));
    env.put(EnvironmentKey.MERGE_MIXED_MACHINES.key(), String.valueOf(!differences.isEmpty()));
    env.put(EnvironmentKey.MERGE_DIFFERENCES.key(), String.join("; ", differences));
    Map<String, String> machineOf = new LinkedHashMap<>();
    // One letter per distinct set of machine facts: shards on the same kind of machine share it.
    List<Map<String, String>> distinct = new ArrayList<>();
    for (ShardRun r : runs) {
      env.put(EnvironmentKey.mergeShard(r.index(), EnvironmentKey.RUN_ID.key()), r.id());
      for (EnvironmentKey key :
          List.of(EnvironmentKey.START_TIME, EnvironmentKey.GIT_DIRTY, EnvironmentKey.OS)) {
        env.put(
            EnvironmentKey.mergeShard(r.index(), key.key()), r.env().getOrDefault(key.key(), ""));
      }
      machineFacts(r.env())
          .forEach(
              (k, v) -> {
                if (!EnvironmentKey.isFramework(k)) {
                  env.put(EnvironmentKey.mergeShard(r.index(), k), v);
                }
              });
      Map<String, String> facts = machineFacts(r.env());
      int letter = -1;
      for (int i = 0; i < distinct.size() && letter < 0; i++) {
        if (machineDifferences(List.of(distinctRun(distinct.get(i)), distinctRun(facts)))
            .isEmpty()) {
          letter = i;
        }
      }
      if (letter < 0) {
        distinct.add(facts);
        letter = distinct.size() - 1;
      }
      String machine = (char) ('A' + Math.min(letter, 25)) + ": " + describe(r.env());
      env.put(EnvironmentKey.mergeShard(r.index(), "machine"), machine);
      for (Map<String, String> row : r.trials()) {
        String trial = row.get(TrialColumn.TRIAL_ID.header());
        machineOf.put(trial, machine);
        env.put(EnvironmentKey.mergeShardOf(trial), r.index() + "/" + count);
      }
    }
    Map<String, Map<String, String>> trialRows = new LinkedHashMap<>();
    Map<String, List<Map<String, String>>> epochRows = new LinkedHashMap<>();
    for (ShardRun r : runs) {
      r.trials().forEach(row -> trialRows.put(row.get(TrialColumn.TRIAL_ID.header()), row));
      r.epochs()
          .forEach(
              row ->
                  epochRows
                      .computeIfAbsent(
                          row.get(EpochColumn.TRIAL_ID.header()), k -> new ArrayList<>())
                      .add(row));
    }
    Map<String, String> statuses = new LinkedHashMap<>();
    try (ResultsStore store = ResultsStore.open(dir)) {
      for (String line : first.plan()) {
        String trial = line.split(",", 2)[0];
        Map<String, String> row = trialRows.get(trial);
        for (Map<String, String> e : epochRows.getOrDefault(trial, List.of())) {
          store.appendEpoch(e);
        }
        store.appendTrial(row);
        statuses.put(trial, row.get(TrialColumn.STATUS.header()));
        env.put(EnvironmentKey.mergeMachine(trial), machineOf.get(trial));
      }
      store.writeEnvironment(env);
    }
    // Memory samples keep their rows as the shards wrote them (a shard's header is this version's:
    // every shard ran the same commit).
    for (String file : List.of(ResultsStore.MEMORY, ResultsStore.MEMORY_PROCESSES)) {
      for (ShardRun r : runs) {
        Path shardFile = r.dir().resolve(file);
        if (Files.isRegularFile(shardFile)) {
          List<String> lines = Files.readAllLines(shardFile, StandardCharsets.UTF_8);
          if (lines.size() > 1) {
            Files.write(
                dir.resolve(file),
                lines.subList(1, lines.size()),
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
          }
        }
      }
    }
    for (ShardRun r : runs) {
      copyFiles(r.dir().resolve(RunFolder.TRIALS), dir.resolve(RunFolder.TRIALS), "");
      copyFiles(r.dir(), dir, "split-");
    }
    Files.copy(first.dir().resolve(Sharding.PLAN_FILE), dir.resolve(Sharding.PLAN_FILE));
    RunDescription.merge(runs.stream().map(ShardRun::dir).toList(), dir);
    ResultsStore.markLatest(options.resultsDir(), runId);
    console.printf(
        Locale.ROOT,
        "merged %d shard run(s) (%s) of plan %s: %d trial(s) in %s%n",
        runs.size(),
        props.getProperty("merge.runs"),
        props.getProperty("merge.plan_fingerprint"),
        trialRows.size(),
        dir);
    if (!differences.isEmpty()) {
      console.println(
          "mixed machines (-Dmerge.mixed=true), flagged in the report:\n  - "
              + String.join("\n  - ", differences));
    }
    Path reportDir = options.reportsDir().resolve(runId);
    try {
      HtmlReport.generate(dir, reportDir);
      ResultsStore.markLatest(options.reportsDir(), runId);
      console.println("report: " + reportDir.resolve("index.html"));
    } catch (IOException | RuntimeException e) {
      console.println(
          "the report could not be generated (results are intact in " + dir + "): " + e);
    }
    console.println("results: " + dir);
    return new Bench.RunResult(runId, dir, reportDir, statuses);
  }

  private static void copyFiles(Path from, Path to, String prefix) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> list = Files.list(from)) {
      for (Path p : list.filter(Files::isRegularFile).toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && !Files.exists(to.resolve(name))) {
          Files.copy(p, to.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
