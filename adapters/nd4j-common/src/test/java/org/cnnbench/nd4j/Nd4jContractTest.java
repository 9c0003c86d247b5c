package org.cnnbench.nd4j;

import org.cnnbench.testkit.FrameworkContractTest;

/**
 * The framework contract as both Deeplearning4j adapters run it (shipped in this module's test
 * jar): each adapter's test names only its provider.
 */
public abstract class Nd4jContractTest extends FrameworkContractTest {

  /** ND4J chooses CPU or CUDA once, when it loads; this JVM has the CPU backend. */
  @Override
  protected boolean gpuSessionInSameProcess() {
    return false;
  }
}
