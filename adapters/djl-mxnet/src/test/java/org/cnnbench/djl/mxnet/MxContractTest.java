package org.cnnbench.djl.mxnet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cnnbench.spi.Capability;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.testkit.FrameworkContractTest;
import org.junit.jupiter.api.Test;

/** The DJL MXNet adapter passes the framework contract. */
class MxContractTest extends FrameworkContractTest {
  @Override
  protected FrameworkProvider provider() {
    return new MxProvider();
  }

  /** No build of this adapter has CUDA natives (none on Maven Central); a GPU trial says so. */
  @Test
  void noBuildRunsOnAGpuAndTheReasonSaysWhy() {
    MxProvider p = new MxProvider();
    assertFalse(p.hasCapability(Capability.DEVICE_GPU));
    assertTrue(
        p.missingCapabilityReason(Capability.DEVICE_GPU)
            .contains("no CUDA natives on Maven Central"));
  }
}
