package org.cnnbench.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnnbench.process.ChildProcess;
import org.cnnbench.process.ChildResult;
import org.cnnbench.process.ChildSpec;
import org.cnnbench.process.Output;
import org.cnnbench.text.Splits;

/**
 * What the machine says about its NVIDIA GPUs: whether one is present (device nodes or the driver's
 * proc file) and, through {@code nvidia-smi}, its name, driver, CUDA version and memory, and the
 * GPU memory a process uses.
 */
final class GpuInfo {

  private GpuInfo() {}

  /**
   * @param root the file-system root to look under ({@code /} outside tests)
   * @return true if an NVIDIA GPU and its driver are visible
   */
  static boolean present(Path root) {
    return Files.exists(root.resolve("dev/nvidia0"))
        || Files.exists(root.resolve("proc/driver/nvidia/version"));
  }

  /**
   * @return name, driver, CUDA version and memory of each GPU, keyed {@code gpu.<i>.<field>}; empty
   *     without nvidia-smi
   */
  static Map<String, String> describe() {
    Map<String, String> info = new LinkedHashMap<>();
    List<String> lines =
        smi("--query-gpu=name,driver_version,memory.total", "--format=csv,noheader");
    for (int i = 0; i < lines.size(); i++) {
      String[] f = Splits.dropTrailingEmpty(lines.get(i), ",\\s*");
      if (f.length == 3) {
        info.put("gpu." + i + ".name", f[0]);
        info.put("gpu." + i + ".driver", f[1]);
        info.put("gpu." + i + ".memory", f[2]);
      }
    }
    for (String line : smi()) {
      int at = line.indexOf("CUDA Version:");
      if (at >= 0) {
        info.put("gpu.cuda_driver_version", line.substring(at + 13).replace("|", "").trim());
      }
    }
    return info;
  }

  /**
   * @param pids processes to count (a trial's JVM and its children)
   * @return GPU memory in MiB those processes use now, per nvidia-smi; 0 when unknown
   */
  static long usedMb(Set<Long> pids) {
    long total = 0;
    for (String line :
        smi("--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits")) {
      String[] f = Splits.dropTrailingEmpty(line, ",\\s*");
      try {
        if (f.length == 2 && pids.contains(Long.parseLong(f[0].trim()))) {
          total += Long.parseLong(f[1].trim());
        }
      } catch (NumberFormatException ignored) {
        // a header or a message, not a row
      }
    }
    return total;
  }

  private static List<String> smi(String... args) {
    List<String> cmd = new ArrayList<>(List.of("nvidia-smi"));
    cmd.addAll(List.of(args));
    try {
      ChildResult smi =
          ChildProcess.capture(
              ChildSpec.builder()
                  .setCommand(cmd)
                  .optStderr(Output.MERGE)
                  .optTimeout(Duration.ofSeconds(20))
                  .build());
      if (!smi.succeeded()) {
        return List.of();
      }
      return smi.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }
}
