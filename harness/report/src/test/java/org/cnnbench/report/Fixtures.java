package org.cnnbench.report;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixed result folders under {@code src/test/resources/report-fixture} and helpers to read
 * pages.
 */
final class Fixtures {

  private static final Pattern LINK = Pattern.compile("(?:src|href)=\"([^\"#][^\"]*)\"");

  private Fixtures() {}

  /**
   * @return a fixture run folder, e.g. {@code run-3-repeats} (10 trials, 3 repetitions)
   */
  static Path run(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/report-fixture/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @return every local {@code src} and {@code href} of a page, in order
   */
  static List<String> localLinks(Path page) throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = LINK.matcher(Files.readString(page));
    while (m.find()) {
      if (!m.group(1).contains(":")) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /**
   * Copies a run folder keeping only the rows of repetition 1.
   *
   * @return the copy
   */
  static Path firstRepetitionOnly(Path run, Path into) throws IOException {
    Files.createDirectories(into);
    for (String file : List.of("trials.csv", "epochs.csv")) {
      List<String> lines = Files.readAllLines(run.resolve(file));
      int col = List.of(lines.get(0).split(",")).indexOf("repetition");
      List<String> kept = new ArrayList<>(List.of(lines.get(0)));
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",", -1);
        if (cells.length > col && cells[col].equals("1")) {
          kept.add(line);
        }
      }
      Files.write(into.resolve(file), kept);
    }
    Files.copy(run.resolve("environment.csv"), into.resolve("environment.csv"));
    return into;
  }

  /**
   * Copies {@code run-3-repeats} adding three Python PyTorch repetitions on the CPU, the reference
   * of the Java vs Python table, with their harness and in-worker ms per step.
   *
   * @param run the folder to write
   * @return the folder
   */
  static Path withPython(Path run) throws IOException {
    Path fixture = run("run-3-repeats");
    Files.createDirectories(run);
    List<String> lines = Files.readAllLines(fixture.resolve("trials.csv"));
    List<String> out = new ArrayList<>();
    out.add(lines.get(0) + ",step_ms,worker_step_ms,transfer_overhead");
    String pytorchCpu = null;
    for (String line : lines.subList(1, lines.size())) {
      boolean cpuPytorch = line.contains(",pytorch,") && line.contains(",cpu,");
      out.add(line + (cpuPytorch ? ",36.0,," : ",,,"));
      if (cpuPytorch && pytorchCpu == null) {
        pytorchCpu = line;
      }
    }
    double[] train = {9.0, 9.2, 8.9};
    for (int r = 1; r <= 3; r++) {
      String row =
          pytorchCpu
              .replace("-pytorch-cpu-r1", "-python-pytorch-cpu-r" + r)
              .replace(
                  ",pytorch,DJL 0.35.1 / PyTorch 2.7.1,",
                  ",python-pytorch,Python 3.11.2 / PyTorch 1.13.1,")
              .replace(",cpu,1,OK,", ",cpu," + r + ",OK,");
      String[] cells = row.split(",", -1);
      cells[List.of(lines.get(0).split(",")).indexOf("train_seconds")] =
          String.valueOf(train[r - 1]);
      out.add(String.join(",", cells) + "," + (32.5 + 0.5 * (r - 1)) + ",32.0,0.03125");
    }
    Files.write(run.resolve("trials.csv"), out);
    Files.copy(fixture.resolve("epochs.csv"), run.resolve("epochs.csv"));
    Files.copy(fixture.resolve("environment.csv"), run.resolve("environment.csv"));
    Files.copy(fixture.resolve("parity.csv"), run.resolve("parity.csv"));
    Files.copy(fixture.resolve(RunDescriptions.MODELS), run.resolve(RunDescriptions.MODELS));
    List<String> frameworks =
        new ArrayList<>(Files.readAllLines(fixture.resolve(RunDescriptions.FRAMEWORKS)));
    frameworks.add(
        "python-pytorch,Python PyTorch,\"the reference, in a worker process\",torch.nn,Python,true,"
            + "python-pytorch=300");
    Files.write(run.resolve(RunDescriptions.FRAMEWORKS), frameworks);
    return run;
  }

  /**
   * Copies {@link #withPython} adding the memory the runner measures: the process-tree columns of
   * {@code trials.csv} (python-pytorch's tree holds its worker: 900 MiB beside a JVM's 470) and
   * {@code memory.csv} and {@code memory-sweep.csv} from {@code report-fixture/memory}. Samples
   * exist for repetition 1 of pytorch, mxnet and python-pytorch on the CPU and for the FAILED dl4j
   * trial; the sweep stops mxnet at 1024 (TIMEOUT) and python-pytorch at 512 (over the cap);
   * pytorch runs every size.
   *
   * @param run the folder to write
   * @return the folder
   */
  static Path withMemory(Path run) throws IOException {
    withPython(run);
    List<String> lines = Files.readAllLines(run.resolve("trials.csv"));
    List<String> out = new ArrayList<>();
    out.add(
        lines.get(0)
            + ",peak_tree_rss_mb,peak_tree_anon_mb,tree_hwm_sum_mb,tree_processes,memory_sample_ms");
    for (String line : lines.subList(1, lines.size())) {
      boolean ok = line.contains(",OK,");
      boolean python = line.contains(",python-pytorch,");
      int repetition =
          Integer.parseInt(
              line.split(",", -1)[List.of(lines.get(0).split(",")).indexOf("repetition")]);
      double tree = python ? 900 + 10 * repetition : 470 + 5 * repetition;
      out.add(
          line
              + (ok
                  ? ","
                      + tree
                      + ","
                      + (tree * 0.85)
                      + ","
                      + (tree + 40)
                      + ","
                      + (python ? 2 : 1)
                      + ",200"
                  : ",,,,,200"));
    }
    Files.write(run.resolve("trials.csv"), out);
    Path memory = run("memory");
    Files.copy(memory.resolve(MemoryData.SAMPLES_FILE), run.resolve(MemoryData.SAMPLES_FILE));
    Files.copy(memory.resolve(MemoryData.SWEEP_FILE), run.resolve(MemoryData.SWEEP_FILE));
    return run;
  }
}
