import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.memory.Deallocatable;
import org.nd4j.linalg.api.memory.deallocation.DeallocatorService;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark helper (not part of the build; run by {@code bench/nd4j-allocations.sh}): a
 * per-allocation profile of ND4J's native buffers during a DL4J adapter's training steps.
 *
 * <p>Every data buffer ND4J's CPU backend creates registers itself with ND4J's {@link
 * DeallocatorService} ({@code pickObject}), which frees its native memory once the Java object is
 * collected, unless {@code close()} freed it first. This program replaces that service (the static
 * field {@code Nd4j.deallocatorService}, before the network is built) with a subclass that still
 * registers every buffer and also records its size and the call site that created it (the first
 * frames outside ND4J's buffer and array factories). It then follows each buffer with a weak
 * reference: a buffer seen {@code wasClosed()} was freed at once by its owner; one whose Java
 * object was collected before it was ever seen closed waited for the garbage collector. The buffers
 * are checked at every new allocation and after every step, so a buffer closed and collected
 * between two checks (no allocation between its close and a collection) would count as collected:
 * the "collected" column is an upper bound, by that margin.
 *
 * <p>Output: per call site, the bytes and buffers allocated per step, the share freed by {@code
 * close()}, the share left to the collector, and the share still open after the last step (the
 * working set: weights, optimiser state, caches); then the step's peak RSS. Buffers inside a
 * workspace (MultiLayerNetwork's) are marked: their memory is the workspace's, allocated once, so
 * their bytes are not native allocations; so are views of another buffer.
 */
public final class Nd4jAllocations {

  private Nd4jAllocations() {}

  /** Per call site: bytes and buffers by fate. */
  private static final class Site {
    long allocatedBytes;
    long allocated;
    long closedBytes;
    long collectedBytes;
    long collected;
  }

  private static final String NO_OWN_MEMORY = "[no own memory";

  private record Tracked(WeakReference<DataBuffer> ref, long bytes, String site) {}

  /** The service that records; registration itself is the original's. */
  private static final class RecordingService extends DeallocatorService {
    final List<Tracked> live = new ArrayList<>();
    final Map<String, Site> sites = new TreeMap<>();
    boolean recording;

    @Override
    public void pickObject(Deallocatable d) {
      super.pickObject(d);
      if (d instanceof DataBuffer b && recording) {
        synchronized (this) {
          check();
          long bytes = b.length() * b.getElementSize();
          // A buffer inside a workspace (MultiLayerNetwork's) or a view of another buffer has no
          // native memory of its own.
          String kind =
              b.isAttached()
                  ? NO_OWN_MEMORY + ": in a workspace] "
                  : b.originalDataBuffer() != null || b.underlyingDataBuffer() != null
                      ? NO_OWN_MEMORY + ": a view] "
                      : "";
          String site = kind + site();
          Site s = sites.computeIfAbsent(site, k -> new Site());
          s.allocatedBytes += bytes;
          s.allocated++;
          live.add(new Tracked(new WeakReference<>(b), bytes, site));
        }
      }
    }

    synchronized void check() {
      for (Iterator<Tracked> it = live.iterator(); it.hasNext(); ) {
        Tracked t = it.next();
        DataBuffer b = t.ref().get();
        if (b == null) {
          Site s = sites.get(t.site());
          s.collectedBytes += t.bytes();
          s.collected++;
          it.remove();
        } else if (b.wasClosed()) {
          sites.get(t.site()).closedBytes += t.bytes();
          it.remove();
        }
      }
    }

    private static String site() {
      return StackWalker.getInstance()
          .walk(
              frames ->
                  frames
                      .filter(f -> !internal(f.getClassName()))
                      .limit(5)
                      .map(
                          f ->
                              f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1)
                                  + "."
                                  + f.getMethodName()
                                  + ":"
                                  + f.getLineNumber())
                      .collect(Collectors.joining(" < ")));
    }

    private static boolean internal(String cls) {
      return cls.startsWith("Nd4jAllocations")
          || cls.startsWith("org.nd4j.linalg.api.memory.deallocation")
          || cls.startsWith("org.nd4j.linalg.api.buffer")
          || cls.startsWith("org.nd4j.linalg.cpu.nativecpu.buffer")
          || cls.startsWith("org.nd4j.linalg.cpu.nativecpu.NDArray")
          || cls.startsWith("org.nd4j.linalg.cpu.nativecpu.CpuNDArrayFactory")
          || cls.startsWith("org.nd4j.linalg.api.ndarray.BaseNDArray")
          || cls.startsWith("org.nd4j.linalg.factory.");
    }
  }

  /**
   * @param args {@code measure FRAMEWORK key=value...} from {@code StepCost launch}; keys: {@code
   *     threads} (1), {@code steps} (25), {@code models} (fruit-cnn), {@code gc} (false: the
   *     adapter as configured; true: a GC after each step, outside the profile's bookkeeping)
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("threads", "1");
    o.put("steps", "25");
    o.put("models", "fruit-cnn");
    o.put("gc", "false");
    o.put("mode", "step");
    o.put("cycles", "0");
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
    int steps =
        Integer.parseInt(o.get("cycles")) > 0
            ? Integer.parseInt(o.get("cycles"))
            : Integer.parseInt(o.get("steps"));
    boolean gc = Boolean.parseBoolean(o.get("gc"));
    try (FrameworkSession session = provider.open(Device.CPU, threads)) {
      RecordingService service = new RecordingService();
      Field f = Nd4j.class.getDeclaredField("deallocatorService");
      f.setAccessible(true);
      f.set(null, service);
      System.out.println("ALLOC " + provider.name() + " versions " + session.versions());
      for (String model : o.get("models").split(",")) {
        ModelSpec spec = ModelCatalog.get(model).spec();
        Batch batch = ParityMain.batch(spec, spec.batchSize(), 11);
        try (TrainableNetwork net = session.build(spec)) {
          net.loadWeights(InitialWeights.glorotUniform(spec, 3));
          for (int i = 0; i < 3; i++) {
            net.trainBatch(batch);
          }
          System.gc();
          service.check();
          synchronized (service) {
            service.sites.clear();
            service.live.clear();
            service.recording = true;
          }
          double rss0 = status("VmRSS:");
          double peak = 0;
          Batch evaluation = ParityMain.batch(spec, Math.max(spec.batchSize(), 256), 12);
          int evaluations = Integer.parseInt(o.get("cycles"));
          for (int i = 0; i < steps; i++) {
            if (evaluations > 0) {
              net.evaluateBatch(evaluation);
            } else {
              net.trainBatch(batch);
            }
            service.check();
            peak = Math.max(peak, status("VmRSS:"));
            if (gc) {
              System.gc();
            }
          }
          synchronized (service) {
            service.recording = false;
          }
          report(provider, spec, steps, gc, service, rss0, peak);
        }
      }
    }
  }

  private static void report(
      FrameworkProvider provider,
      ModelSpec spec,
      int steps,
      boolean gc,
      RecordingService service,
      double rss0,
      double peak)
      throws IOException {
    // Buffers still open now: sizes by site (the working set created during the steps).
    Map<String, Long> open = new TreeMap<>();
    for (Tracked t : service.live) {
      if (t.ref().get() != null) {
        open.merge(t.site(), t.bytes(), Long::sum);
      }
    }
    double mib = 1048576.0;
    long total = 0;
    long collected = 0;
    for (Map.Entry<String, Site> e : service.sites.entrySet()) {
      if (!e.getKey().startsWith(NO_OWN_MEMORY)) {
        total += e.getValue().allocatedBytes;
        collected += e.getValue().collectedBytes;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "ALLOC %s %s batch %d, %d steps, gc after step %s: %.1f MiB allocated per step in native"
            + " buffers with memory of their own, %.1f MiB per step left to the garbage collector; RSS %.0f MiB before the"
            + " steps, highest RSS after a step %.0f MiB%n",
        provider.name(),
        spec.name(),
        spec.batchSize(),
        steps,
        gc,
        total / mib / steps,
        collected / mib / steps,
        rss0,
        peak);
    System.out.println(
        "ALLOC site | MiB/step | buffers/step | closed MiB/step | collected MiB/step |"
            + " collected buffers/step | open at end MiB");
    service.sites.entrySet().stream()
        .sorted(
            Comparator.comparingLong((Map.Entry<String, Site> e) -> e.getValue().allocatedBytes)
                .reversed())
        .limit(40)
        .forEach(
            e -> {
              Site s = e.getValue();
              System.out.printf(
                  Locale.ROOT,
                  "ALLOC %s | %.2f | %.1f | %.2f | %.2f | %.1f | %.2f%n",
                  e.getKey(),
                  s.allocatedBytes / mib / steps,
                  s.allocated / (double) steps,
                  s.closedBytes / mib / steps,
                  s.collectedBytes / mib / steps,
                  s.collected / (double) steps,
                  open.getOrDefault(e.getKey(), 0L) / mib);
            });
  }

  private static double status(String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no " + key + " in /proc/self/status");
  }
}
