package org.cnnbench.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.TrainableNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** ND4J's CPU (or, in a {@code -Pgpu} build, CUDA) backend loaded in this process with its thread pools pinned. */
public final class Dl4jSession implements FrameworkSession {

  private final int threads;
  private final Map<String, String> versions;
  private boolean closed;

  private Dl4jSession(int threads, Map<String, String> versions) {
    this.threads = threads;
    this.versions = versions;
  }

  /**
   * Loads ND4J's natives (first use of {@link Nd4j}) and pins every thread pool it has: libnd4j's
   * OpenMP pool, its master threads and OpenBLAS.
   *
   * @param threads intra-op threads
   * @param device the device whose backend must have loaded
   * @return the session
   * @throws UnsupportedOperationException if a GPU trial got the CPU backend
   */
  static Dl4jSession open(int threads, Device device) {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    String backend = Nd4j.getBackend().getClass().getSimpleName();
    boolean cuda = backend.contains("Cublas");
    if (device == Device.GPU && !cuda) {
      throw new UnsupportedOperationException("ND4J loaded " + backend + ", not its CUDA backend: the"
          + " CUDA 11.6 backend found no usable GPU (NVIDIA driver R510+ needed; see the log above)");
    }
    if (device == Device.CPU && cuda) {
      throw new IllegalStateException("ND4J loaded its CUDA backend for a CPU trial; BACKEND_PRIORITY_CPU"
          + " must be above BACKEND_PRIORITY_GPU in the trial's environment");
    }
    Environment env = Nd4j.getEnvironment();
    env.setMaxThreads(threads);
    env.setMaxMasterThreads(threads);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);

    Map<String, String> v = new LinkedHashMap<>();
    String dl4j = mavenVersion("org.deeplearning4j", "deeplearning4j-nn");
    v.put("framework.version", dl4j);
    v.put("nd4j.version", mavenVersion("org.nd4j", cuda ? "nd4j-cuda-11.6" : "nd4j-native"));
    v.put("backend", backend + " (" + (cuda ? "nd4j-cuda-11.6" : "nd4j-native") + ", "
        + System.getProperty("os.name", "?").toLowerCase(java.util.Locale.ROOT) + "-"
        + System.getProperty("os.arch", "?") + ")");
    v.put("device", device.id());
    // libnd4j reports BLAS version 0.0.0 for OpenBLAS; the JavaCPP preset's version names it:
    // 0.3.19-1.5.7 is OpenBLAS 0.3.19 packaged for JavaCPP 1.5.7.
    String openblas = mavenVersion("org.bytedeco", "openblas");
    int dash = openblas.indexOf('-');
    v.put("blas", String.valueOf(Nd4j.factory().blas().getBlasVendor()).toLowerCase(java.util.Locale.ROOT)
        + " " + (dash > 0 ? openblas.substring(0, dash) : openblas));
    v.put("openblas.artifact", "org.bytedeco:openblas:" + openblas);
    v.put("javacpp.version", mavenVersion("org.bytedeco", "javacpp"));
    v.put("threads", env.maxThreads() + " omp / " + env.maxMasterThreads() + " master / "
        + Nd4j.factory().blas().getMaxThreads() + " blas");
    v.put("dtype", Nd4j.defaultFloatingPointType().name().toLowerCase(java.util.Locale.ROOT));
    return new Dl4jSession(threads, Collections.unmodifiableMap(v));
  }

  @Override
  public Map<String, String> versions() {
    return versions;
  }

  @Override
  public String frameworkVersion() {
    return "DL4J " + versions.get("framework.version");
  }

  @Override
  public TrainableNetwork build(ModelSpec spec) {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
    return Dl4jNetwork.build(spec);
  }

  /** @return the intra-op threads this session pinned */
  public int threads() {
    return threads;
  }

  /** ND4J cannot be unloaded; closing frees this thread's workspaces and marks the session closed. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }
  }

  private static String mavenVersion(String group, String artifact) {
    String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = Dl4jSession.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
