package org.cnnbench.data.fruits;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.cnnbench.data.DataLocations;
import org.cnnbench.data.DatasetProvider;
import org.cnnbench.data.DatasetSplits;
import org.cnnbench.spec.ModelSpec;

/** The fresh-vs-rotten fruit ImageFolder as a {@link DatasetProvider}; see {@link Fruits}. */
public final class FruitsProvider implements DatasetProvider {

  /** Creates the provider. */
  public FruitsProvider() {}

  @Override
  public String name() {
    return "fruits";
  }

  @Override
  public String description() {
    return "fresh-vs-rotten fruit ImageFolder (-D"
        + Fruits.DIR_OPTION
        + ", datasets/fruits or the"
        + " shared 1,200-image sample), RGB, split seeded and group-aware";
  }

  @Override
  public boolean isDefault() {
    return true;
  }

  @Override
  public List<String> models() {
    return List.of("fruit-cnn");
  }

  @Override
  public List<String> options() {
    return List.of(
        Fruits.DIR_OPTION, Fruits.TEST_DIR_OPTION, Fruits.AUGMENT_OPTION, Fruits.SEED_OPTION);
  }

  @Override
  public String prepare(DataLocations locations, List<ModelSpec> models) {
    return Fruits.prepare(locations, models.stream().map(ModelSpec::input).toList());
  }

  /**
   * The fruit set splits first and then keeps a stratified {@code samples} of the training side.
   */
  @Override
  public DatasetSplits load(DataLocations locations, ModelSpec spec, int samples) {
    return Fruits.load(locations, spec, samples);
  }

  @Override
  public boolean writeSplit(DataLocations locations, ModelSpec spec, int samples, Path file)
      throws IOException {
    Fruits.split(locations, spec, samples).writeCsv(file);
    return true;
  }
}
