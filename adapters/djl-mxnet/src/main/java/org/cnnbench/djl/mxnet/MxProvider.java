package org.cnnbench.djl.mxnet;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.cnnbench.djl.DjlSession;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;

/** Trains a ModelSpec with DJL's MXNet engine (a retired Apache project that DJL is deprecating). */
public final class MxProvider implements FrameworkProvider {

  /** The native artifact this module ships with. */
  static final String NATIVE_ARTIFACT = "ai.djl.mxnet:mxnet-native-mkl:1.9.1:linux-x86_64";

  @Override
  public String name() {
    return "mxnet";
  }

  @Override
  public String displayName() {
    return "DJL MXNet";
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.TRAIN, Capability.INFER, Capability.DEVICE_CPU);
  }

  @Override
  public Map<String, String> childSystemProperties(int threads) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ai.djl.offline", "true");
    return p;
  }

  @Override
  public Map<String, String> childEnvironment(int threads) {
    String n = String.valueOf(threads);
    return Map.of("OMP_NUM_THREADS", n, "MKL_NUM_THREADS", n, "MXNET_CPU_WORKER_NTHREADS", n);
  }

  @Override
  public FrameworkSession open(Device device, int threads) {
    System.setProperty("ai.djl.offline", "true");
    return new DjlSession("MXNet", device, Map.of("native.artifact", NATIVE_ARTIFACT,
        "threads.omp", String.valueOf(threads)));
  }
}
