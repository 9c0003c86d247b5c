package org.cnnbench.python;

import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.testkit.FrameworkContractTest;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python PyTorch adapter passes the framework contract. Without a Python that imports torch the
 * contract is skipped with the reason, except in CI ({@code CI=true}), where it fails: CI installs
 * {@code python3-torch}, so a missing torch there is a broken environment, not a choice.
 */
class PythonPytorchContractTest extends FrameworkContractTest {

  /** Called first by the contract's session set-up, so a missing torch skips (or fails) every check. */
  private static void torchIsThere() {
    PythonProbe.Result probe = PythonProbe.current();
    if (!probe.usable()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail("CI=true but " + probe.problem());
      }
      Assumptions.abort("skipped: " + probe.problem());
    }
  }

  @Override
  protected FrameworkProvider provider() {
    torchIsThere();
    return new PythonProvider();
  }
}
