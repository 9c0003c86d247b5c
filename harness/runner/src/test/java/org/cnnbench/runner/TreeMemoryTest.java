package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cnnbench.process.ChildProcess;
import org.cnnbench.process.ChildSpec;
import org.cnnbench.process.ExitReason;
import org.junit.jupiter.api.Test;

/**
 * The runner's memory sampler: what it reads from /proc, and that it counts a trial's whole tree.
 */
class TreeMemoryTest {

  /**
   * A shell command that starts a child JVM holding at least 128 MiB (its heap, committed and
   * touched at start) for {@code millis}; the shell, the tree's root, holds a few MiB.
   */
  private static String holds128Mib(long millis) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return "'"
        + java
        + "' -Xms128m -Xmx128m -XX:+UseSerialGC -XX:+AlwaysPreTouch -cp '"
        + System.getProperty("java.class.path")
        + "' "
        + SleepMain.class.getName()
        + " "
        + millis;
  }

  /** Sleeps for the milliseconds given. */
  public static final class SleepMain {
    public static void main(String[] args) throws InterruptedException {
      Thread.sleep(Long.parseLong(args[0]));
    }
  }

  @Test
  void parsesTheStatusFileInKib() {
    TreeMemory.Status s =
        TreeMemory.parse(
            "Name:\tpython3\nUmask:\t0022\nState:\tS (sleeping)\nPPid:\t4242\n"
                + "VmHWM:\t  812300 kB\nVmRSS:\t  800000 kB\nRssAnon:\t  700000 kB\nRssFile:\t   90000 kB\n"
                + "RssShmem:\t   10000 kB\nVmSwap:\t       0 kB\n");
    assertEquals(new TreeMemory.Status("python3", 4242, 800_000, 700_000, 100_000, 812_300), s);
  }

  @Test
  void aZombieHasNoMemoryToCount() {
    assertNull(TreeMemory.parse("Name:\tjava\nState:\tZ (zombie)\nPPid:\t1\n"));
  }

  private static ChildSpec shell(String script) {
    return ChildSpec.builder()
        .setCommand(List.of("sh", "-c", script))
        .optTimeout(Duration.ofSeconds(60))
        .optName("tree-memory-test")
        .build();
  }

  @Test
  void sumsTheWholeTreeNotJustItsRoot() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux's /proc");
    ChildProcess child = ChildProcess.start(shell(holds128Mib(2000) + "; sleep 0.5"));
    TreeMemory sampler = TreeMemory.start(child::pids, 50, 0, child::kill, "test");
    child.waitFor();
    TreeMemory.Summary record = sampler.stop();
    double peak = record.peak().orElseThrow().rssMb();
    TreeMemory.ProcessPeak root = record.processes().get(0);
    assertEquals(child.pid(), root.pid());
    assertTrue(root.peakRssMb() < 50, "the shell itself holds little: " + root);
    assertTrue(
        peak >= 128,
        "the tree's peak counts the child JVM's heap: " + peak + " MiB, " + record.processes());
    assertTrue(
        record.processes().size() >= 2, "the root and its descendants: " + record.processes());
    assertTrue(
        record.processes().stream().anyMatch(p -> p.name().equals("java") && p.vmHwmMb() >= 128),
        "the child JVM's own VmHWM is recorded: " + record.processes());
    // each sample is the sum of its processes: never more than the sum of their own peaks
    double sumOfPeaks =
        record.processes().stream().mapToDouble(TreeMemory.ProcessPeak::peakRssMb).sum();
    assertTrue(peak <= sumOfPeaks + 1e-9, peak + " > " + sumOfPeaks);
    assertEquals(0, record.overCapMb());
  }

  @Test
  void aTreeOverTheCapIsKilled() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux's /proc");
    ChildProcess child = ChildProcess.start(shell(holds128Mib(30_000) + "; sleep 2"));
    TreeMemory sampler = TreeMemory.start(child::pids, 50, 100, child::kill, "test");
    long start = System.nanoTime();
    var ended = child.waitFor();
    TreeMemory.Summary record = sampler.stop();
    assertEquals(ExitReason.KILLED, ended.reason());
    assertTrue(record.overCapMb() > 100, "recorded over the cap: " + record.overCapMb());
    assertTrue(System.nanoTime() - start < 20e9, "killed at the cap, not after the child's 30 s");
  }
}
