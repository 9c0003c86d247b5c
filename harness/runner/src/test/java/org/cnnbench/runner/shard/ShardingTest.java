package org.cnnbench.runner.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.cnnbench.runner.BenchOptions;
import org.cnnbench.runner.OptionException;
import org.cnnbench.runner.plan.DurationEstimates;
import org.cnnbench.runner.plan.PlannedTrial;
import org.cnnbench.spi.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardingTest {

  @TempDir Path root;

  private BenchOptions options(String... kv) {
    Properties p = new Properties();
    p.setProperty("results.dir", root.resolve("results").toString());
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return BenchOptions.parse(p, List.of("mxnet", "pytorch"), root);
  }

  private static List<PlannedTrial> plan(int n) {
    List<PlannedTrial> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new PlannedTrial(
              "t" + i,
              1,
              "mnist",
              "mnist-cnn",
              i % 2 == 0 ? "mxnet" : "pytorch",
              Device.CPU,
              1 + i,
              64,
              0,
              1,
              2,
              null,
              null));
    }
    return out;
  }

  @Test
  void badShardValuesNameTheOption() {
    for (String bad : new String[] {"0/2", "3/2", "1/0", "a/b", "1-2", "2", "/2", "1/2/3"}) {
      OptionException e = assertThrows(OptionException.class, () -> options("shard", bad), bad);
      assertTrue(
          e.getMessage().startsWith("-Dshard") && e.getMessage().contains("-Dshard=K/N"),
          e.getMessage());
    }
    assertTrue(
        assertThrows(OptionException.class, () -> options("shards", "0"))
            .getMessage()
            .startsWith("-Dshards"));
    assertEquals("2/3", Sharding.of(options("shard", " 2/3 ")).label());
  }

  @Test
  void withoutEstimatesTrialsAreDealtRoundRobinAndEachLandsOnce() {
    List<PlannedTrial> plan = plan(7);
    Sharding.Assignment a =
        Sharding.assign(plan, 3, options(), DurationEstimates.read(root.resolve("none")));
    assertEquals("round-robin", a.basis());
    assertEquals(List.of(1, 2, 3, 1, 2, 3, 1), List.copyOf(a.shardOf().values()));
    List<String> all = new ArrayList<>();
    for (int k = 1; k <= 3; k++) {
      a.select(plan, k).forEach(t -> all.add(t.trialId()));
    }
    all.sort(null);
    assertEquals(plan.stream().map(PlannedTrial::trialId).sorted().toList(), all);
    assertEquals(
        a.shardOf(),
        Sharding.assign(plan, 3, options(), DurationEstimates.read(root.resolve("none"))).shardOf(),
        "deterministic");
  }

  @Test
  void earlierRunsBalanceTheShardsByDuration() throws Exception {
    // Earlier wall times: t0..t5 take 60, 50, 40, 30, 20, 10 s.
    List<PlannedTrial> plan = plan(6);
    Path run = root.resolve("results/earlier");
    Files.createDirectories(run);
    StringBuilder csv =
        new StringBuilder(
            "framework,dataset,model,device,epochs,batch_size,samples,threads,status,"
                + "wall_seconds\n");
    for (int i = 0; i < 6; i++) {
      PlannedTrial t = plan.get(i);
      csv.append(t.framework())
          .append(",mnist,mnist-cnn,cpu,")
          .append(t.epochs())
          .append(",64,0,2,OK,")
          .append(60 - 10 * i)
          .append('\n');
    }
    Files.writeString(run.resolve("trials.csv"), csv);
    // A merged run repeats its shards' rows (here with other times): it is not counted again.
    Path merged = root.resolve("results/earlier-merged");
    Files.createDirectories(merged);
    Files.writeString(merged.resolve("trials.csv"), csv.toString().replace(",OK,", ",OK,9"));
    Files.writeString(merged.resolve("run.properties"), "merge.runs=a,b\n");
    Sharding.Assignment a = Sharding.assign(plan, 2, options());
    assertTrue(a.basis().startsWith("estimates:"), a.basis());
    // Longest first to the least loaded: 60,30,20 | 50,40,10 -> 110 vs 100.
    assertEquals(List.of(1, 2, 2, 1, 1, 2), List.copyOf(a.shardOf().values()));
    assertEquals(110, a.estimate(1)[0], 1e-9);
    assertEquals(100, a.estimate(2)[0], 1e-9);
    // A run of the same plan (a sibling shard) does not move trials of the others.
    Files.writeString(
        run.resolve("run.properties"), "shard.plan_fingerprint=" + a.fingerprint() + "\n");
    assertEquals("round-robin", Sharding.assign(plan, 2, options()).basis());
  }

  @Test
  void fingerprintCoversTrialsAndOptionsButNotPathsOrTheShard() {
    List<PlannedTrial> plan = plan(3);
    String base = Sharding.fingerprint(plan, options());
    assertEquals(
        base, Sharding.fingerprint(plan, options("shard", "2/3", "datasets.dir", "/elsewhere")));
    assertNotEquals(base, Sharding.fingerprint(plan, options("seed", "7")));
    assertNotEquals(base, Sharding.fingerprint(plan(4), options()));
  }
}
