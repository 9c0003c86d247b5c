package org.cnnbench.python;

import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkContext;
import org.cnnbench.spi.FrameworkDescription;
import org.cnnbench.spi.FrameworkNeeds;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.OptionSpec;

/**
 * Python PyTorch, the reference the Java frameworks are compared with: the network lives in a
 * Python worker process ({@code python3} with torch and numpy, or {@code -Dpython=}); the harness
 * keeps the data, the order and the clock. Its capabilities come from one cached question to the
 * interpreter.
 */
public final class PythonProvider implements FrameworkProvider {

  /** {@code -Dpython}: the interpreter to use ({@link PythonProbe}), a place of this machine. */
  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.of(
            PythonProbe.PROPERTY,
            OptionSpec.Type.PATH,
            "",
            "the Python interpreter"
                + " whose torch the python-pytorch adapter runs; not given: python3 on the PATH, then"
                + " /usr/bin/python3"));
  }

  @Override
  public String name() {
    return "python-pytorch";
  }

  @Override
  public String displayName() {
    return "Python PyTorch";
  }

  @Override
  public FrameworkDescription description() {
    return new FrameworkDescription(
        "Python PyTorch, the reference: torch in a Python worker process,"
            + " batches handed over through a memory-mapped file",
        "torch.nn and torch.optim",
        "Python",
        true);
  }

  /**
   * Train, infer and CPU when an interpreter imports torch and numpy; GPU when its torch sees CUDA.
   */
  @Override
  public Set<Capability> capabilities() {
    PythonProbe.Result probe = PythonProbe.current();
    if (!probe.usable()) {
      return EnumSet.noneOf(Capability.class);
    }
    Set<Capability> c = EnumSet.of(Capability.TRAIN, Capability.INFER, Capability.DEVICE_CPU);
    if (probe.cuda()) {
      c.add(Capability.DEVICE_GPU);
    }
    return c;
  }

  @Override
  public String missingCapabilityReason(Capability capability) {
    PythonProbe.Result probe = PythonProbe.current();
    if (!probe.usable()) {
      return probe.problem();
    }
    if (capability == Capability.DEVICE_GPU) {
      return "torch "
          + probe.torchVersion()
          + " at "
          + probe.interpreter()
          + " sees no CUDA GPU; point"
          + " -Dpython= at a venv with a CUDA build of torch ('pip install torch')";
    }
    return FrameworkProvider.super.missingCapabilityReason(capability);
  }

  /** The interpreter the runner found travels to the trial's JVM, so both use the same Python. */
  @Override
  public Map<String, String> childSystemProperties(int threads) {
    Map<String, String> p = new LinkedHashMap<>();
    PythonProbe.Result probe = PythonProbe.current();
    if (probe.usable()) {
      p.put(PythonProbe.PROPERTY, probe.interpreter());
    }
    return p;
  }

  @Override
  public Map<String, String> childEnvironment(int threads) {
    return Map.of(
        "OMP_NUM_THREADS", String.valueOf(threads), "MKL_NUM_THREADS", String.valueOf(threads));
  }

  /**
   * A scratch folder in memory where the machine has one: the worker's script and the file this JVM
   * and the worker memory-map to pass batches.
   */
  @Override
  public FrameworkNeeds needs() {
    return FrameworkNeeds.none().withScratch(FrameworkNeeds.Scratch.MEMORY);
  }

  @Override
  public FrameworkSession open(Device device, int threads, FrameworkContext context) {
    String given = System.getProperty(PythonProbe.PROPERTY, "").trim();
    PythonProbe.Result probe = null;
    String interpreter = given;
    if (given.isEmpty() || device == Device.GPU) {
      probe = PythonProbe.current();
      if (!probe.usable()) {
        throw new UnsupportedOperationException(probe.problem());
      }
      interpreter = probe.interpreter();
    }
    if (device == Device.GPU && !probe.cuda()) {
      throw new UnsupportedOperationException(missingCapabilityReason(Capability.DEVICE_GPU));
    }
    PythonWorker worker;
    try {
      worker = new PythonWorker(interpreter, threads, device.id(), context.scratch());
    } catch (IllegalStateException | UncheckedIOException e) {
      // an interpreter that cannot start or has no torch is an environment to fix, not a crash
      PythonProbe.Result why = PythonProbe.current();
      if (!why.usable()) {
        throw new UnsupportedOperationException(why.problem(), e);
      }
      throw e;
    }
    try {
      return new PythonSession(worker, interpreter, threads);
    } catch (RuntimeException e) {
      worker.close();
      throw e;
    }
  }
}
