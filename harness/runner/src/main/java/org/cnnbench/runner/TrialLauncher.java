package org.cnnbench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.cnnbench.host.AdapterWorkspace;
import org.cnnbench.process.ChildLogException;
import org.cnnbench.process.ChildProcess;
import org.cnnbench.process.ChildResult;
import org.cnnbench.process.ChildSpec;
import org.cnnbench.process.Output;
import org.cnnbench.process.Signals;
import org.cnnbench.results.MessageType;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.runner.store.ResultsWriteException;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.trial.Protocol;
import org.cnnbench.trial.TrialConfig;
import org.cnnbench.trial.TrialMain;

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
   * @param memory the resident memory of the trial's process tree as the runner sampled it
   */
  record Outcome(
      TrialStatus status,
      String reason,
      Map<String, String> result,
      int epochsReceived,
      double wallSeconds,
      TreeMemory.Summary memory) {

    /** An outcome without memory samples (the trial never started). */
    Outcome(
        TrialStatus status,
        String reason,
        Map<String, String> result,
        int epochsReceived,
        double wallSeconds) {
      this(status, reason, result, epochsReceived, wallSeconds, TreeMemory.Summary.NONE);
    }
  }

  private final String heap;
  private final long timeoutMillis;
  private final double memoryCapMb;

  TrialLauncher(String heap, long timeoutMillis) {
    this(heap, timeoutMillis, 0);
  }

  private TrialLauncher(String heap, long timeoutMillis, double memoryCapMb) {
    this.heap = heap;
    this.timeoutMillis = timeoutMillis;
    this.memoryCapMb = memoryCapMb;
  }

  /**
   * @param capMb a resident set of the trial's process tree, MiB, over which the trial is killed
   *     and FAILED; 0 for none
   * @return a launcher like this one with that cap
   */
  TrialLauncher withMemoryCap(double capMb) {
    return new TrialLauncher(heap, timeoutMillis, capMb);
  }

  /**
   * The child JVM of a trial or probe: the adapter's class path, system properties and environment,
   * the heap cap, crash files next to the configuration, the command line and output in the log
   * (standard error appended by the operating system), and the timeout.
   */
  ChildSpec spec(
      FrameworkProvider provider,
      int threads,
      String mainClass,
      Path configFile,
      Path log,
      Device device) {
    List<String> jvmOptions = new ArrayList<>();
    jvmOptions.add("-Xmx" + heap);
    jvmOptions.add("-Djava.awt.headless=true");
    jvmOptions.addAll(CrashReport.jvmOptions(configFile));
    return ChildSpec.builder()
        .setJavaMain(mainClass, provider.childClasspath())
        .optJvmOptions(jvmOptions)
        .optSystemProperties(provider.childSystemProperties(threads))
        .optArguments(List.of(configFile.toString()))
        .optEnvironment(childEnvironment(provider, threads, device))
        .optLog(log)
        .optStderr(Output.LOG)
        .optTimeout(Duration.ofMillis(Math.max(1, timeoutMillis)))
        .optName("trial-" + log.getFileName())
        .build();
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
    return run(
        provider,
        config.threads(),
        TrialMain.class.getName(),
        configFile,
        trialDir.resolve(config.trialId() + ".log"),
        listener,
        config.device());
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
  Outcome run(
      FrameworkProvider provider,
      int threads,
      String mainClass,
      Path configFile,
      Path log,
      Listener listener)
      throws IOException, InterruptedException {
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
  static Map<String, String> childEnvironment(
      FrameworkProvider provider, int threads, Device device) {
    Map<String, String> env = new LinkedHashMap<>(provider.childEnvironment(threads, device));
    if (device == Device.CPU) {
      env.put("CUDA_VISIBLE_DEVICES", "");
    }
    return env;
  }

  /**
   * Tells the memory sampler where the trial is; messages before the sampler starts are not needed.
   */
  private static void mark(TreeMemory memory, Protocol.Message message) {
    if (memory == null) {
      return;
    }
    try {
      switch (message.type()) {
        case START -> memory.trainingStarted(Integer.parseInt(message.get("epochs")));
        case STEP ->
            memory.step(
                Integer.parseInt(message.get("epoch")), Integer.parseInt(message.get("step")));
        case EPOCH -> memory.epochFinished(Integer.parseInt(message.get("epoch")));
        default -> {}
      }
    } catch (NumberFormatException e) {
      // a marker is a label on the samples; a malformed one leaves the previous label
    }
  }

  Outcome run(
      FrameworkProvider provider,
      int threads,
      String mainClass,
      Path configFile,
      Path log,
      Listener listener,
      Device device)
      throws IOException, InterruptedException {
    boolean sampleGpu = device == Device.GPU;
    ChildSpec spec = spec(provider, threads, mainClass, configFile, log, device);
    Map<String, String> result = new LinkedHashMap<>();
    int[] epochs = {0};
    AtomicReference<TreeMemory> memory = new AtomicReference<>();
    ChildProcess process;
    try {
      // Protocol lines go to the listener, everything else to the log. A listener that throws (the
      // runner cannot record what the trial sends: a full disk) ends the trial: it is cut short.
      process =
          ChildProcess.start(
              spec,
              (source, line) -> {
                var message = Protocol.decode(line);
                if (message.isEmpty()) {
                  return false;
                }
                if (message.get().type() == MessageType.RESULT) {
                  synchronized (result) {
                    result.putAll(message.get().fields());
                  }
                } else if (message.get().type() == MessageType.EPOCH) {
                  epochs[0]++;
                }
                mark(memory.get(), message.get());
                listener.onMessage(message.get());
                return true;
              });
    } catch (ChildLogException e) {
      throw new ResultsWriteException(e.log(), e.getCause());
    }
    // The resident memory of the whole tree (this JVM, a worker, another engine's process) is
    // sampled
    // from the start, before the trial has loaded anything and sent its first marker.
    memory.set(
        TreeMemory.start(
            process::pids, TreeMemory.INTERVAL_MS, memoryCapMb, process::kill, spec.name()));
    // On a GPU, the peak GPU memory of the trial's processes is sampled while it runs.
    long[] peakGpuMb = {0};
    Thread gpuSampler = null;
    if (sampleGpu) {
      gpuSampler =
          new Thread(
              () -> {
                while (process.isAlive()) {
                  peakGpuMb[0] = Math.max(peakGpuMb[0], GpuInfo.usedMb(process.pids()));
                  try {
                    Thread.sleep(500);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "gpu-sampler");
      gpuSampler.setDaemon(true);
      gpuSampler.start();
    }
    ChildResult ended;
    TreeMemory.Summary sampled;
    try {
      ended = process.waitFor();
    } finally {
      sampled = memory.get().stop();
      // A trial killed before it closed its workspace (a timeout, a signal, a crash) leaves its
      // scratch
      // folders, in /dev/shm too: they go with it.
      AdapterWorkspace.removeLeftovers(
          process.pid(),
          configFile.resolveSibling(
              configFile.getFileName().toString().replaceFirst("\\.properties$", "") + ".scratch"));
    }
    double wall = ended.wallSeconds();
    Map<String, String> fields;
    synchronized (result) {
      fields = new LinkedHashMap<>(result);
    }
    if (gpuSampler != null) {
      gpuSampler.interrupt();
      fields.put("peak_gpu_mb", String.valueOf(peakGpuMb[0]));
    }
    if (process.listenerFailure() != null) {
      return new Outcome(
          TrialStatus.INTERRUPTED,
          "cut short because the runner could not record it: "
              + process.listenerFailure().getMessage(),
          fields,
          epochs[0],
          wall,
          sampled);
    }
    if (sampled.overCapMb() > 0) {
      return new Outcome(
          TrialStatus.FAILED,
          String.format(
              Locale.ROOT,
              "the resident set of the"
                  + " trial's processes reached %.0f MiB, over the memory cap of %.0f MiB (-Dmemory.cap); killed after"
                  + " %d epoch(s)",
              sampled.overCapMb(),
              memoryCapMb,
              epochs[0]),
          fields,
          epochs[0],
          wall,
          sampled);
    }
    if (ended.reason().timedOut()) {
      return new Outcome(
          TrialStatus.TIMEOUT,
          String.format(
              Locale.ROOT,
              "no result after the %.1f-minute timeout (-Dtimeout); process killed after %d epoch(s)%s;"
                  + " last log lines: %s",
              timeoutMillis / 60000.0,
              epochs[0],
              CrashReport.stoppedNote(ended.reason()),
              ended.lastLinesText()),
          fields,
          epochs[0],
          wall,
          sampled);
    }
    String status = fields.get(TrialColumn.STATUS.header());
    if (status == null || status.isEmpty()) {
      int code = ended.exitCode();
      String signal = Signals.note(code);
      String crash = CrashReport.summary(log);
      return new Outcome(
          TrialStatus.FAILED,
          crash
              + "process exited with code "
              + code
              + signal
              + " before reporting a result; last log lines: "
              + ended.lastLinesText(),
          fields,
          epochs[0],
          wall,
          sampled);
    }
    Optional<TrialStatus> reported = TrialStatus.find(status);
    if (reported.isEmpty()) {
      return new Outcome(
          TrialStatus.FAILED,
          "the trial reported status \""
              + status
              + "\", which is not one of "
              + TrialStatus.valid(),
          fields,
          epochs[0],
          wall,
          sampled);
    }
    return new Outcome(
        reported.get(),
        fields.getOrDefault(TrialColumn.REASON.header(), ""),
        fields,
        epochs[0],
        wall,
        sampled);
  }
}
