package org.cnnbench.dl4j;

import org.cnnbench.nd4j.Nd4jContractTest;
import org.cnnbench.spi.FrameworkProvider;

/** Runs the framework contract against the Deeplearning4j MultiLayerNetwork adapter. */
class Dl4jContractTest extends Nd4jContractTest {

  @Override
  protected FrameworkProvider provider() {
    return new Dl4jProvider();
  }
}
