package org.cnnbench.nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;
import org.cnnbench.spi.Device;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Loads ND4J's backend in a trial's JVM, pins its thread pools and describes what loaded, for both
 * Deeplearning4j adapters.
 */
public final class Nd4jRuntime {

  private Nd4jRuntime() {}

  /**
   * Loads ND4J's natives (first use of {@link Nd4j}) and pins every thread pool it has: libnd4j's
   * OpenMP pool, its master threads and OpenBLAS.
   *
   * @param threads intra-op threads
   * @param device the device whose backend must have loaded
   * @return provenance of the loaded backend, in a stable order
   * @throws UnsupportedOperationException if a GPU trial got the CPU backend
   */
  public static Map<String, String> open(int threads, Device device) {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    String backend = Nd4j.getBackend().getClass().getSimpleName();
    boolean cuda = backend.contains("Cublas");
    if (device == Device.GPU && !cuda) {
      throw new UnsupportedOperationException(
          "ND4J loaded "
              + backend
              + ", not its CUDA backend: the"
              + " CUDA 11.6 backend found no usable GPU (NVIDIA driver R510+ needed; see the log above)");
    }
    if (device == Device.CPU && cuda) {
      throw new IllegalStateException(
          "ND4J loaded its CUDA backend for a CPU trial; BACKEND_PRIORITY_CPU"
              + " must be above BACKEND_PRIORITY_GPU in the trial's environment");
    }
    Environment env = Nd4j.getEnvironment();
    env.setMaxThreads(threads);
    env.setMaxMasterThreads(threads);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);

    Map<String, String> v = new LinkedHashMap<>();
    v.put("nd4j.version", mavenVersion("org.nd4j", cuda ? "nd4j-cuda-11.6" : "nd4j-native"));
    v.put(
        "backend",
        backend
            + " ("
            + (cuda ? "nd4j-cuda-11.6" : "nd4j-native")
            + ", "
            + System.getProperty("os.name", "?").toLowerCase(Locale.ROOT)
            + "-"
            + System.getProperty("os.arch", "?")
            + ")");
    v.put("device", device.id());
    String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
    info = info == null ? "?" : info.replaceAll("\\s+", " ").trim();
    if (!cuda) {
      v.put("native_build", loadedBuild());
      // isUseONEDNN() is true by default even in builds without oneDNN; the build info says whether
      // oneDNN is linked in.
      v.put(
          "onednn",
          String.valueOf(
              info.contains("HAVE_ONEDNN")
                  && org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance()
                      .isUseONEDNN()));
    }
    v.put("libnd4j.build", info);
    // libnd4j reports BLAS version 0.0.0 for OpenBLAS; the JavaCPP preset's version names it:
    // 0.3.19-1.5.7 is OpenBLAS 0.3.19 packaged for JavaCPP 1.5.7.
    String openblas = mavenVersion("org.bytedeco", "openblas");
    int dash = openblas.indexOf('-');
    v.put(
        "blas",
        String.valueOf(Nd4j.factory().blas().getBlasVendor()).toLowerCase(Locale.ROOT)
            + " "
            + (dash > 0 ? openblas.substring(0, dash) : openblas));
    v.put("openblas.artifact", "org.bytedeco:openblas:" + openblas);
    v.put("javacpp.version", mavenVersion("org.bytedeco", "javacpp"));
    v.put(
        "threads",
        env.maxThreads()
            + " omp / "
            + env.maxMasterThreads()
            + " master / "
            + Nd4j.factory().blas().getMaxThreads()
            + " blas");
    v.put("dtype", Nd4j.defaultFloatingPointType().name().toLowerCase(Locale.ROOT));
    return v;
  }

  /**
   * Which libnd4j build JavaCPP loaded, read from the path it loaded {@code libnd4jcpu} from, so
   * the recorded build is the one that ran, not the one that was asked for.
   *
   * @return e.g. {@code onednn-avx2 (nd4j-native linux-x86_64-onednn-avx2)}
   */
  public static String loadedBuild() {
    for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
      String path = e.getValue();
      if (path != null && path.contains("libnd4jcpu")) {
        Nd4jNativeBuild b = Nd4jNativeBuild.ofLoadedLibrary(path);
        return b == null
            ? "unknown (" + path + ")"
            : b.id() + " (nd4j-native " + b.classifier() + ")";
      }
    }
    return "unknown";
  }

  /**
   * @param group Maven group
   * @param artifact Maven artifact
   * @return the version in the jar's pom.properties, or {@code unknown}
   */
  public static String mavenVersion(String group, String artifact) {
    String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = Nd4jRuntime.class.getClassLoader().getResourceAsStream(resource)) {
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
