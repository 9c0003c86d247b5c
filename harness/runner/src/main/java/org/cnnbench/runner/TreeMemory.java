package org.cnnbench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Samples the resident memory of a trial's whole process tree from {@code /proc} at a fixed
 * interval, on a thread of the runner: at each sample the sum over the tree of {@code VmRSS}
 * (anonymous, file-backed and shared-memory pages alike), the anonymous part apart, the processes
 * present and the trial's phase; per process the largest {@code VmRSS} sampled and its own {@code
 * VmHWM}. Where {@code /proc} is absent it records nothing.
 */
public final class TreeMemory {

  /** Milliseconds between two samples. */
  static final long INTERVAL_MS = 200;

  /** What the trial is doing, as its messages tell. */
  public enum Phase {
    /** Loading data and the engine. */
    SETUP,
    /** Training. */
    TRAIN,
    /** Evaluating on the test split after the last epoch. */
    TEST;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One sample of the tree.
   *
   * @param tMs milliseconds since sampling started
   * @param rssMb sum of VmRSS, MiB
   * @param anonMb sum of RssAnon, MiB
   * @param fileMb sum of RssFile and RssShmem, MiB
   * @param processes processes read
   * @param phase the trial's phase
   * @param epoch the epoch in progress, 0 before training
   * @param step the last step reported in the epoch, 0 if none
   */
  public record Sample(
      long tMs,
      double rssMb,
      double anonMb,
      double fileMb,
      int processes,
      Phase phase,
      int epoch,
      int step) {}

  /**
   * One process of the tree over the samples that saw it.
   *
   * @param pid its id
   * @param parentPid its parent's id
   * @param name the kernel's name for it
   * @param peakRssMb the largest VmRSS sampled, MiB
   * @param vmHwmMb its VmHWM at the last sample that saw it, MiB
   * @param firstMs the first sample that saw it
   * @param lastMs the last sample that saw it
   */
  public record ProcessPeak(
      long pid,
      long parentPid,
      String name,
      double peakRssMb,
      double vmHwmMb,
      long firstMs,
      long lastMs) {}

  /**
   * Everything sampled over a trial.
   *
   * @param intervalMs the interval between samples
   * @param samples every sample, in order
   * @param processes every process seen, in order of appearance
   * @param overCapMb the tree's resident set at the sample that went over the cap, 0 if none did
   */
  public record Summary(
      long intervalMs, List<Sample> samples, List<ProcessPeak> processes, double overCapMb) {

    /** Nothing sampled (no {@code /proc}, or the trial never started). */
    static final Summary NONE = new Summary(INTERVAL_MS, List.of(), List.of(), 0);

    public Summary {
      samples = List.copyOf(samples);
      processes = List.copyOf(processes);
    }

    /**
     * @return the sample with the largest tree resident set, if any
     */
    Optional<Sample> peak() {
      Sample best = null;
      for (Sample s : samples) {
        if (best == null || s.rssMb() > best.rssMb()) {
          best = s;
        }
      }
      return Optional.ofNullable(best);
    }
  }

  /** One read of {@code /proc/<pid>/status}, sizes in KiB. */
  record Status(String name, long parentPid, long rssKb, long anonKb, long fileKb, long hwmKb) {}

  private final Supplier<Set<Long>> pids;
  private final long intervalMs;
  private final double capMb;
  private final Runnable onCap;
  private final List<Sample> samples = new ArrayList<>();
  private final Map<Long, ProcessPeak> processes = new LinkedHashMap<>();
  private final Thread thread;
  private final long startNanos = System.nanoTime();
  private Phase phase = Phase.SETUP;
  private int epochs;
  private int epoch;
  private int step;
  private double overCapMb;

  private TreeMemory(
      Supplier<Set<Long>> pids, long intervalMs, double capMb, Runnable onCap, String name) {
    this.pids = pids;
    this.intervalMs = intervalMs;
    this.capMb = capMb;
    this.onCap = onCap;
    this.thread = new Thread(this::loop, name + "-memory");
    thread.setDaemon(true);
  }

  /**
   * Starts sampling.
   *
   * @param pids the ids of the tree's processes now (the root first)
   * @param intervalMs milliseconds between samples
   * @param capMb a tree resident set (MiB) over which {@code onCap} runs once; 0 for none
   * @param onCap what to do over the cap (kill the tree)
   * @param name names the sampling thread
   * @return the running sampler
   */
  static TreeMemory start(
      Supplier<Set<Long>> pids, long intervalMs, double capMb, Runnable onCap, String name) {
    TreeMemory m = new TreeMemory(pids, intervalMs, capMb, onCap, name);
    m.thread.start();
    return m;
  }

  /** Training starts: {@code epochs} epochs. */
  synchronized void trainingStarted(int epochs) {
    this.epochs = epochs;
    phase = Phase.TRAIN;
    epoch = 1;
    step = 0;
  }

  /** The trial reported a step. */
  synchronized void step(int epoch, int step) {
    this.epoch = epoch;
    this.step = step;
  }

  /** The trial finished an epoch: the next one, or the test evaluation after the last. */
  synchronized void epochFinished(int finished) {
    if (finished >= epochs) {
      phase = Phase.TEST;
      epoch = finished;
    } else {
      epoch = finished + 1;
    }
    step = 0;
  }

  private void loop() {
    long next = System.nanoTime();
    while (!Thread.currentThread().isInterrupted()) {
      sample();
      next += intervalMs * 1_000_000L;
      long sleep = (next - System.nanoTime()) / 1_000_000L;
      if (sleep < 0) {
        // a slow sample (a busy machine): the next one is an interval from now, not a burst
        next = System.nanoTime();
        sleep = 0;
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    Set<Long> now;
    try {
      now = pids.get();
    } catch (RuntimeException e) {
      return;
    }
    long t = (System.nanoTime() - startNanos) / 1_000_000L;
    long rss = 0;
    long anon = 0;
    long file = 0;
    int read = 0;
    List<ProcessPeak> seen = new ArrayList<>();
    for (long pid : now) {
      Status s = read(pid);
      if (s == null) {
        continue;
      }
      read++;
      rss += s.rssKb();
      anon += s.anonKb();
      file += s.fileKb();
      seen.add(
          new ProcessPeak(
              pid, s.parentPid(), s.name(), s.rssKb() / 1024.0, s.hwmKb() / 1024.0, t, t));
    }
    if (read == 0) {
      return;
    }
    double rssMb = rss / 1024.0;
    boolean over;
    synchronized (this) {
      samples.add(new Sample(t, rssMb, anon / 1024.0, file / 1024.0, read, phase, epoch, step));
      for (ProcessPeak p : seen) {
        processes.merge(
            p.pid(),
            p,
            (a, b) ->
                new ProcessPeak(
                    a.pid(),
                    a.parentPid(),
                    a.name(),
                    Math.max(a.peakRssMb(), b.peakRssMb()),
                    Math.max(a.vmHwmMb(), b.vmHwmMb()),
                    a.firstMs(),
                    b.lastMs()));
      }
      over = capMb > 0 && rssMb > capMb && overCapMb == 0;
      if (over) {
        overCapMb = rssMb;
      }
    }
    if (over) {
      onCap.run();
    }
  }

  /**
   * Stops sampling (the tree has ended) and returns what was sampled.
   *
   * @return the record
   */
  Summary stop() {
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      return new Summary(intervalMs, samples, new ArrayList<>(processes.values()), overCapMb);
    }
  }

  /**
   * @return the process's memory, or null if it is gone or {@code /proc} is absent
   */
  static Status read(long pid) {
    try {
      return parse(
          Files.readString(
              Path.of("/proc", String.valueOf(pid), "status"), StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * @param status the text of {@code /proc/<pid>/status}
   * @return its name, parent and sizes; null for a process without memory of its own (a zombie)
   */
  static Status parse(String status) {
    String name = "";
    long ppid = 0;
    long rss = -1;
    long anon = 0;
    long file = 0;
    long hwm = 0;
    for (String line : status.split("\n", -1)) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "Name" -> name = value;
        case "PPid" -> ppid = Long.parseLong(value);
        case "VmRSS" -> rss = kb(value);
        case "RssAnon" -> anon = kb(value);
        case "RssFile", "RssShmem" -> file += kb(value);
        case "VmHWM" -> hwm = kb(value);
        default -> {}
      }
    }
    return rss < 0 ? null : new Status(name, ppid, rss, anon, file, hwm);
  }

  private static long kb(String value) {
    int space = value.indexOf(' ');
    return Long.parseLong(space < 0 ? value : value.substring(0, space));
  }
}
