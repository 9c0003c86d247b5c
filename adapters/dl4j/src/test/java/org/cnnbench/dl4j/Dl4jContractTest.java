package org.cnnbench.dl4j;

import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.testkit.FrameworkContractTest;

/** Runs the framework contract against the Deeplearning4j adapter. */
class Dl4jContractTest extends FrameworkContractTest {

  @Override
  protected FrameworkProvider provider() {
    return new Dl4jProvider();
  }

  /** ND4J chooses CPU or CUDA once, when it loads; this JVM has the CPU backend. */
  @Override
  protected boolean gpuSessionInSameProcess() {
    return false;
  }
}
