package org.cnnbench.djl.pytorch;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.cnnbench.djl.DjlSession;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;

/** Trains a ModelSpec with DJL's PyTorch engine. */
public final class PtProvider implements FrameworkProvider {

  /** The native artifact this module ships with. */
  static final String NATIVE_ARTIFACT = "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64";

  @Override
  public String name() {
    return "pytorch";
  }

  @Override
  public String displayName() {
    return "DJL PyTorch";
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.TRAIN, Capability.INFER, Capability.DEVICE_CPU);
  }

  @Override
  public Map<String, String> childSystemProperties(int threads) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ai.djl.offline", "true");
    p.put("ai.djl.pytorch.num_threads", String.valueOf(threads));
    p.put("ai.djl.pytorch.num_interop_threads", "1");
    return p;
  }

  @Override
  public Map<String, String> childEnvironment(int threads) {
    return Map.of("OMP_NUM_THREADS", String.valueOf(threads), "MKL_NUM_THREADS", String.valueOf(threads));
  }

  @Override
  public FrameworkSession open(Device device, int threads) {
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    return new DjlSession("PyTorch", device, Map.of("native.artifact", NATIVE_ARTIFACT,
        "threads.intra_op", String.valueOf(threads), "threads.inter_op", "1"));
  }
}
