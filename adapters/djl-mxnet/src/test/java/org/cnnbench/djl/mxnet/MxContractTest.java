package org.cnnbench.djl.mxnet;

import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.testkit.FrameworkContractTest;

/** The DJL MXNet adapter passes the framework contract. */
class MxContractTest extends FrameworkContractTest {
  @Override
  protected FrameworkProvider provider() {
    return new MxProvider();
  }
}
