package org.cnnbench.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.trial.Protocol;
import org.cnnbench.trial.TrialConfig;
import org.cnnbench.trial.TrialMain;
import org.cnnbench.results.MessageType;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;

/**
 * Runs one trial in its own JVM: only the adapter's class path, pinned threads, a heap cap and a
 * timeout. A process that crashes, exits without a result or runs past its time becomes a FAILED or
 * TIMEOUT outcome; the run goes on.
 */
final class TrialLauncher {

  /** Receives the trial's messages as they arrive. */
  interface Listener {
    void onMessage(Protocol.Message message);
  }

  /**
   * How a trial ended.
   *
   * @param status OK, FAILED, TIMEOUT, DIVERGED, or INTERRUPTED when the runner could not record it
   * @param reason why, for every status but OK
   * @param result the trial's result fields, empty if it sent none
   * @param epochsReceived epoch rows received
   * @param wallSeconds the process's wall time
   */
  record Outcome(TrialStatus status, String reason, Map<String, String> result, int epochsReceived,
      double wallSeconds) {}

  private final Path javaExecutable;
  private final String heap;
  private final long timeoutMillis;

  TrialLauncher(String heap, long timeoutMillis) {
    this.javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
    this.heap = heap;
    this.timeoutMillis = timeoutMillis;
  }

  List<String> command(FrameworkProvider provider, int threads, String mainClass, Path configFile) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable.toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-Djava.awt.headless=true");
    cmd.addAll(CrashReport.jvmOptions(configFile));
    provider.childSystemProperties(threads).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(String.join(java.io.File.pathSeparator, provider.childClasspath()));
    cmd.add(mainClass);
    cmd.add(configFile.toString());
    return cmd;
  }

  Outcome run(FrameworkProvider provider, TrialConfig config, Path trialDir, Listener listener)
      throws IOException, InterruptedException {
    Path configFile = trialDir.resolve(config.trialId() + ".properties");
    try {
      Files.createDirectories(trialDir);
      config.write(configFile);
    } catch (IOException e) {
      throw new ResultsWriteException(Files.isDirectory(trialDir) ? configFile : trialDir, e);
    }
    return run(provider, config.threads(), TrialMain.class.getName(), configFile,
        trialDir.resolve(config.trialId() + ".log"), listener, config.device());
  }

  /**
   * Runs any main class of the harness in the adapter's own JVM.
   *
   * @param provider the adapter whose class path and settings the JVM gets
   * @param threads pinned threads
   * @param mainClass the class to run
   * @param configFile its single argument
   * @param log where the command line and everything the process prints go
   * @param listener receives protocol messages
   * @return how it ended
   * @throws ResultsWriteException if the trial's own files cannot be written
   */
  Outcome run(FrameworkProvider provider, int threads, String mainClass, Path configFile, Path log,
      Listener listener) throws IOException, InterruptedException {
    return run(provider, threads, mainClass, configFile, log, listener, Device.CPU);
  }

  /**
   * The environment of a child process: the adapter's variables for the device, and on the CPU no
   * visible CUDA device, so that a GPU build of a framework cannot move a CPU trial onto a GPU.
   *
   * @param provider the adapter
   * @param threads pinned threads
   * @param device where the child runs
   * @return variable name to value
   */
  static Map<String, String> childEnvironment(FrameworkProvider provider, int threads, Device device) {
    Map<String, String> env = new LinkedHashMap<>(provider.childEnvironment(threads, device));
    if (device == Device.CPU) {
      env.put("CUDA_VISIBLE_DEVICES", "");
    }
    return env;
  }

  Outcome run(FrameworkProvider provider, int threads, String mainClass, Path configFile, Path log,
      Listener listener, Device device) throws IOException, InterruptedException {
    boolean sampleGpu = device == Device.GPU;
    List<String> cmd = command(provider, threads, mainClass, configFile);
    try {
      Files.writeString(log, "# " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ResultsWriteException(log, e);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(childEnvironment(provider, threads, device));
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long start = System.nanoTime();
    Process process = pb.start();
    Map<String, String> result = new LinkedHashMap<>();
    int[] epochs = {0};
    RuntimeException[] listenerFailure = {null};
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
          PrintWriter extra = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
              StandardOpenOption.APPEND), true)) {
        for (String line; (line = r.readLine()) != null; ) {
          var message = Protocol.decode(line);
          if (message.isEmpty()) {
            extra.println(line);
            continue;
          }
          if (message.get().type() == MessageType.RESULT) {
            synchronized (result) {
              result.putAll(message.get().fields());
            }
          } else if (message.get().type() == MessageType.EPOCH) {
            epochs[0]++;
          }
          try {
            listener.onMessage(message.get());
          } catch (RuntimeException e) {
            // the runner cannot record what the trial sends (a full disk): the trial is cut short
            listenerFailure[0] = e;
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return;
          }
        }
      } catch (IOException e) {
        // the process died; its exit status tells the rest
      }
    }, "trial-reader-" + log.getFileName());
    reader.setDaemon(true);
    reader.start();
    // On a GPU, the peak GPU memory of the trial's processes is sampled while it runs.
    long[] peakGpuMb = {0};
    Thread gpuSampler = null;
    if (sampleGpu) {
      gpuSampler = new Thread(() -> {
        while (process.isAlive()) {
          java.util.Set<Long> pids = new java.util.HashSet<>();
          pids.add(process.pid());
          process.descendants().forEach(h -> pids.add(h.pid()));
          peakGpuMb[0] = Math.max(peakGpuMb[0], GpuInfo.usedMb(pids));
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "gpu-sampler");
      gpuSampler.setDaemon(true);
      gpuSampler.start();
    }
    boolean finished = process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
    String stateAtTimeout = "";
    if (!finished) {
      stateAtTimeout = CrashReport.stoppedNote(process.pid());
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    reader.join(TimeUnit.SECONDS.toMillis(30));
    double wall = (System.nanoTime() - start) / 1e9;
    Map<String, String> fields;
    synchronized (result) {
      fields = new LinkedHashMap<>(result);
    }
    if (gpuSampler != null) {
      gpuSampler.interrupt();
      fields.put("peak_gpu_mb", String.valueOf(peakGpuMb[0]));
    }
    if (listenerFailure[0] != null) {
      return new Outcome(TrialStatus.INTERRUPTED, "cut short because the runner could not record it: "
          + listenerFailure[0].getMessage(), fields, epochs[0], wall);
    }
    if (!finished) {
      return new Outcome(TrialStatus.TIMEOUT, String.format(java.util.Locale.ROOT,
          "no result after the %.1f-minute timeout (-Dtimeout); process killed after %d epoch(s)%s;"
          + " last log lines: %s", timeoutMillis / 60000.0, epochs[0], stateAtTimeout, lastLines(log)), fields,
          epochs[0], wall);
    }
    String status = fields.get(TrialColumn.STATUS.header());
    if (status == null || status.isEmpty()) {
      int code = process.exitValue();
      String signal = code > 128 ? " (signal " + (code - 128) + CrashReport.signalName(code - 128) + ")" : "";
      String crash = CrashReport.summary(log);
      return new Outcome(TrialStatus.FAILED, crash + "process exited with code " + code + signal
          + " before reporting a result; last log lines: " + lastLines(log), fields, epochs[0], wall);
    }
    java.util.Optional<TrialStatus> reported = TrialStatus.find(status);
    if (reported.isEmpty()) {
      return new Outcome(TrialStatus.FAILED, "the trial reported status \"" + status + "\", which is not one of "
          + TrialStatus.valid(), fields, epochs[0], wall);
    }
    return new Outcome(reported.get(), fields.getOrDefault(TrialColumn.REASON.header(), ""), fields, epochs[0],
        wall);
  }

  private static String lastLines(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> last = new ArrayList<>();
      for (int i = lines.size() - 1; i >= 0 && last.size() < 3; i--) {
        String l = lines.get(i).strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          last.add(0, l.length() > 200 ? l.substring(0, 200) + "..." : l);
        }
      }
      return last.isEmpty() ? "(empty)" : String.join(" | ", last);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
