package org.cnnbench.python;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.TrainableNetwork;

/** One Python worker on one device; every network of the session lives in it. */
final class PythonSession implements FrameworkSession {

  private final PythonWorker worker;
  private final Map<String, String> versions = new LinkedHashMap<>();
  private int nextId = 1;

  PythonSession(PythonWorker worker, String interpreter, int threads) {
    this.worker = worker;
    versions.put("python.interpreter", interpreter);
    versions.put("python.worker", "pid " + worker.pid() + ", shared file in " + worker.scratch());
    versions.put("threads", String.valueOf(threads));
    versions.putAll(worker.hello());
  }

  /**
   * @return the worker process of this session
   */
  PythonWorker worker() {
    return worker;
  }

  @Override
  public Map<String, String> versions() {
    return Collections.unmodifiableMap(versions);
  }

  @Override
  public String frameworkVersion() {
    return "Python "
        + versions.getOrDefault("python.version", "?")
        + " / PyTorch "
        + versions.getOrDefault("torch.version", "?");
  }

  @Override
  public TrainableNetwork build(ModelSpec spec) {
    return new PythonNetwork(worker, spec, nextId++);
  }

  @Override
  public void close() {
    worker.close();
  }
}
