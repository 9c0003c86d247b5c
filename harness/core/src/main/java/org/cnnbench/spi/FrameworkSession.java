package org.cnnbench.spi;

import java.util.Map;
import org.cnnbench.spec.ModelSpec;

/** A framework loaded on one device in the trial's process: natives loaded, threads set. */
public interface FrameworkSession extends AutoCloseable {

  /**
   * Versions for provenance, e.g. {@code framework.version}, {@code native.version}, {@code
   * engine}.
   *
   * @return key to version, in a stable order
   */
  Map<String, String> versions();

  /**
   * @return the version of the framework to show in results, e.g. {@code DJL 0.35.1 / PyTorch
   *     2.7.1}
   */
  String frameworkVersion();

  /**
   * Builds a network with the spec's layers, loss and optimizer, with weights to be loaded by the
   * caller.
   *
   * @param spec the model
   * @return the network
   */
  TrainableNetwork build(ModelSpec spec);

  /** Releases what the session holds. */
  @Override
  void close();
}
