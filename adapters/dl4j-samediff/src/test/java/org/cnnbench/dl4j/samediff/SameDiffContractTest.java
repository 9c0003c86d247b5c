package org.cnnbench.dl4j.samediff;

import org.cnnbench.nd4j.Nd4jContractTest;
import org.cnnbench.spi.FrameworkProvider;

/** Runs the framework contract against the Deeplearning4j SameDiff adapter. */
class SameDiffContractTest extends Nd4jContractTest {

  @Override
  protected FrameworkProvider provider() {
    return new SameDiffProvider();
  }
}
