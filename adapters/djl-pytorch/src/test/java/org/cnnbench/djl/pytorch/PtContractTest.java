package org.cnnbench.djl.pytorch;

import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.testkit.FrameworkContractTest;

/** The DJL PyTorch adapter passes the framework contract. */
class PtContractTest extends FrameworkContractTest {
  @Override
  protected FrameworkProvider provider() {
    return new PtProvider();
  }
}
