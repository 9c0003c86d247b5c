import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.Frameworks;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.trial.ParityMain;
import org.cnnbench.weights.InitialWeights;
import org.cnnbench.weights.ModelWeights;

/**
 * Benchmark helper (not part of the build; run by {@code bench/step-cost.sh}): two measurements of
 * one adapter through the SPI, for A/B comparisons of an adapter's settings on a busy machine.
 *
 * <ul>
 *   <li>{@code step}: median CPU time and wall time of one training step of each model at its batch
 *       size, and the JVM's peak RSS after it. At one thread all of libnd4j's work runs on the
 *       calling thread, so its CPU time does not grow with the machine's load the way wall time
 *       does. {@code gc=true} runs a GC after each timed step, outside the timing, to see how much
 *       native memory waits for the garbage collector; {@code gc=timed} inside it.
 *   <li>{@code rss}: the RSS curve of the contract test's build/train/evaluate/close cycle
 *       (mnist-cnn, 32 examples) over many cycles, for tracing what a network keeps after {@code
 *       close()}: RSS and the JVM's committed non-heap memory every 10 cycles, after a GC, and the
 *       growth after 10 warm-up cycles. {@code fruitFirst=true} first runs two fruit-cnn steps as
 *       the contract class does.
 * </ul>
 *
 * <p>The measuring JVM is started like a trial's: the adapter's own class path, system properties
 * and environment ({@link FrameworkProvider#childClasspath}, {@code childSystemProperties}, {@code
 * childEnvironment}), so the settings measured are the ones a run uses. Extra {@code -D} options
 * given to this program go on to the measuring JVM (e.g. an adapter setting to compare).
 */
public final class StepCost {

  private StepCost() {}

  /**
   * @param args {@code launch FRAMEWORK key=value...} (from the script) or {@code measure ...} (in
   *     the measuring JVM); keys: {@code mode} (step, rss), {@code threads} (1), {@code steps}
   *     (30), {@code models} (mnist-cnn,fruit-cnn), {@code gc} (false, true, timed), {@code cycles}
   *     (200), {@code fruitFirst} (false)
   * @throws Exception on any failure, which ends the program with its stack trace
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2 || !(args[0].equals("launch") || args[0].equals("measure"))) {
      System.err.println(
          "usage: StepCost launch FRAMEWORK [mode=step|rss] [threads=N] [steps=N]"
              + " [models=a,b] [gc=false|true|timed] [cycles=N] [fruitFirst=true]");
      System.exit(2);
    }
    Map<String, String> o = new LinkedHashMap<>();
    o.put("mode", "step");
    o.put("threads", "1");
    o.put("steps", "30");
    o.put("models", "mnist-cnn,fruit-cnn");
    o.put("gc", "false");
    o.put("cycles", "200");
    o.put("fruitFirst", "false");
    for (String a : Arrays.copyOfRange(args, 2, args.length)) {
      int eq = a.indexOf('=');
      if (eq < 0 || !o.containsKey(a.substring(0, eq))) {
        System.err.println("unknown argument '" + a + "'; known: " + o.keySet() + " as key=value");
        System.exit(2);
      }
      o.put(a.substring(0, eq), a.substring(eq + 1));
    }
    FrameworkProvider provider = Frameworks.get(args[1]);
    int threads = Integer.parseInt(o.get("threads"));
    if (args[0].equals("launch")) {
      System.exit(launch(provider, threads, args));
    }
    try (FrameworkSession session = provider.open(Device.CPU, threads)) {
      System.out.println(
          "StepCost: "
              + provider.name()
              + " = "
              + session.frameworkVersion()
              + ", versions "
              + session.versions());
      switch (o.get("mode")) {
        case "step" ->
            step(
                provider,
                session,
                threads,
                Integer.parseInt(o.get("steps")),
                o.get("models").split(","),
                o.get("gc"));
        case "rss" ->
            rss(
                session,
                Integer.parseInt(o.get("cycles")),
                Boolean.parseBoolean(o.get("fruitFirst")));
        default ->
            throw new IllegalArgumentException("mode must be step or rss, got " + o.get("mode"));
      }
    }
  }

  /** Starts the measuring JVM as the runner starts a trial's, with this JVM's extra -D options. */
  private static int launch(FrameworkProvider provider, int threads, String[] args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + System.getProperty("stepcost.heap", "4g")); // a trial's default -Dchild.xmx
    provider.childSystemProperties(threads).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    for (String jvmArg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (jvmArg.startsWith("-D")) {
        cmd.add(jvmArg); // after the adapter's own: a later -D wins
      }
    }
    // This checkout's harness classes first, then what a trial of this adapter gets.
    String own = System.getProperty("java.class.path").split(File.pathSeparator)[0];
    cmd.add("-cp");
    cmd.add(own + File.pathSeparator + String.join(File.pathSeparator, provider.childClasspath()));
    cmd.add(Path.of(System.getProperty("stepcost.source", "bench/StepCost.java")).toString());
    cmd.add("measure");
    cmd.addAll(Arrays.asList(args).subList(1, args.length));
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    pb.environment().putAll(provider.childEnvironment(threads, Device.CPU));
    return pb.start().waitFor();
  }

  private static void step(
      FrameworkProvider provider,
      FrameworkSession session,
      int threads,
      int steps,
      String[] models,
      String gcMode)
      throws IOException {
    boolean gc = gcMode.equals("true");
    boolean gcTimed = gcMode.equals("timed");
    if (!gc && !gcTimed && !gcMode.equals("false")) {
      throw new IllegalArgumentException("gc must be false, true or timed, got " + gcMode);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (String model : models) {
      ModelSpec spec = ModelCatalog.get(model).spec();
      Batch batch = ParityMain.batch(spec, spec.batchSize(), 11);
      double[] cpu = new double[steps];
      double[] wall = new double[steps];
      try (TrainableNetwork net = session.build(spec)) {
        net.loadWeights(InitialWeights.glorotUniform(spec, 3));
        for (int i = 0; i < 3; i++) {
          net.trainBatch(batch);
        }
        for (int i = 0; i < steps; i++) {
          long c0 = mx.getCurrentThreadCpuTime();
          long w0 = System.nanoTime();
          net.trainBatch(batch);
          if (gcTimed) {
            System.gc();
          }
          wall[i] = (System.nanoTime() - w0) / 1e6;
          cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
          if (gc) {
            System.gc(); // diagnosis: how much native memory waits for the garbage collector
          }
        }
      }
      Arrays.sort(cpu);
      Arrays.sort(wall);
      System.out.printf(
          Locale.ROOT,
          "STEPCOST %s %s batch %d threads %d gc %s: cpu median %.1f ms"
              + " (min %.1f), wall median %.1f ms (min %.1f), peak RSS so far %.0f MiB%n",
          provider.name(),
          model,
          spec.batchSize(),
          threads,
          gcMode,
          cpu[steps / 2],
          cpu[0],
          wall[steps / 2],
          wall[0],
          status("VmHWM:"));
    }
  }

  private static void rss(FrameworkSession session, int cycles, boolean fruitFirst)
      throws IOException {
    ModelSpec spec = ModelCatalog.get("mnist-cnn").spec();
    Batch batch = ParityMain.batch(spec, 32, 4);
    ModelWeights weights = InitialWeights.glorotUniform(spec, 3);
    if (fruitFirst) {
      // what the contract runs before this cycle: two fruit-cnn steps on 8 examples (6 MB arrays)
      ModelSpec fruit = ModelCatalog.get("fruit-cnn").spec();
      try (TrainableNetwork net = session.build(fruit)) {
        net.loadWeights(InitialWeights.glorotUniform(fruit, 3));
        Batch b = ParityMain.batch(fruit, 8, 3);
        net.trainBatch(b);
        net.trainBatch(b);
      }
    }
    List<String> curve = new ArrayList<>();
    double baseline = 0;
    double worst = 0;
    for (int i = 1; i <= cycles; i++) {
      try (TrainableNetwork net = session.build(spec)) {
        net.loadWeights(weights);
        net.trainBatch(batch);
        net.evaluateBatch(batch);
      }
      if (i % 10 == 0) {
        System.gc();
        double rss = status("VmRSS:");
        if (i == 10) {
          baseline = rss;
        }
        worst = Math.max(worst, rss - baseline);
        curve.add(
            String.format(
                Locale.ROOT,
                "%d:%.1f/%.1f",
                i,
                rss,
                ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted()
                    / 1048576.0));
      }
    }
    System.out.println("RSS curve (cycle:RSS/JVM non-heap MiB) " + String.join(" ", curve));
    System.out.printf(Locale.ROOT, "RSS growth after 10 warm-up cycles: at most %.1f MiB%n", worst);
  }

  /**
   * @return a {@code /proc/self/status} line's value in MiB, e.g. {@code VmHWM:}
   */
  private static double status(String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no " + key + " in /proc/self/status");
  }
}
