package org.cnnbench.dl4j.samediff;

import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.testkit.FrameworkContractTest;

/** Runs the framework contract against the Deeplearning4j SameDiff adapter. */
class SameDiffContractTest extends FrameworkContractTest {

  @Override
  protected FrameworkProvider provider() {
    return new SameDiffProvider();
  }

  /** ND4J chooses CPU or CUDA once, when it loads; this JVM has the CPU backend. */
  @Override
  protected boolean gpuSessionInSameProcess() {
    return false;
  }
}
