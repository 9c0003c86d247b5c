package org.cnnbench.data.fashion;

import java.util.List;
import org.cnnbench.data.DataLocations;
import org.cnnbench.data.DatasetProvider;
import org.cnnbench.data.DatasetSplits;
import org.cnnbench.spec.ModelSpec;

/**
 * Fashion-MNIST as a {@link DatasetProvider}, in {@code datasets/fashion-mnist}; not part of {@code
 * -Dbench=all}, so the default run stays short.
 */
public final class FashionMnistProvider implements DatasetProvider {

  /** The dataset's name in {@code -Dbench=}. */
  public static final String NAME = "fashion-mnist";

  /** Creates the provider. */
  public FashionMnistProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Fashion-MNIST (Zalando), 28x28 grey, 10 classes; apt-get download "
        + FashionMnist.DEB_PACKAGE
        + ", SHA-256 verified";
  }

  @Override
  public boolean isDefault() {
    return false;
  }

  /** The MNIST-shaped catalogue models: 28x28x1 input, 10 softmax outputs. */
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
    FashionMnist.ensure(locations.dir(NAME), "apt-get", "dpkg-deb");
    return null;
  }

  /** Takes the first {@code samples} training examples and then splits them (Keras' order). */
  @Override
  public DatasetSplits load(DataLocations locations, ModelSpec spec, int samples) {
    return FashionMnist.splits(locations.dir(NAME), spec.validationSplit(), samples);
  }
}
