package org.cnnbench.spec.json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cnnbench.spec.Activation;
import org.cnnbench.spec.CatalogEntry;
import org.cnnbench.spec.Layer;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Shape;
import org.cnnbench.spec.SpecException;

/**
 * The models one invocation can name: the catalogue's and those of the model files it was given
 * ({@code -Dmodel.file}). Immutable; the runner and each trial's process build the same set from
 * the same files, and a trial checks the file's SHA-256 against the runner's.
 */
public final class ModelSet {

  /** Input shape of MNIST and Fashion-MNIST. */
  public static final Shape MNIST_INPUT = Shape.chw(1, 28, 28);

  private final Map<String, ModelFile> files;
  private final Map<String, Path> paths;

  private ModelSet(Map<String, ModelFile> files, Map<String, Path> paths) {
    this.files = files;
    this.paths = paths;
  }

  /**
   * @return the catalogue alone
   */
  public static ModelSet catalogue() {
    return new ModelSet(Map.of(), Map.of());
  }

  /**
   * Reads model files. A model's name is its file's name without {@code .json} (a spec file's own
   * {@code name}); it must differ from the catalogue's and the other files'.
   *
   * @param modelFiles the files, in order
   * @return the catalogue and the files' models
   * @throws ModelFileException naming the file and what is wrong with it
   */
  public static ModelSet of(List<Path> modelFiles) {
    Map<String, ModelFile> files = new LinkedHashMap<>();
    Map<String, Path> paths = new LinkedHashMap<>();
    for (Path path : modelFiles) {
      Path absolute = path.toAbsolutePath().normalize();
      ModelFile f = withDataDefaults(ModelFiles.read(absolute), absolute);
      String name = f.spec().name();
      if (ModelCatalog.names().contains(name)) {
        throw new ModelFileException(
            absolute
                + ": the model is named '"
                + name
                + "' like a catalogue model;"
                + " rename the file (catalogue: "
                + String.join(", ", ModelCatalog.names())
                + ")");
      }
      if (files.containsKey(name)) {
        throw new ModelFileException(
            absolute
                + ": a model named '"
                + name
                + "' is already given by "
                + paths.get(name)
                + "; give each model file a different name");
      }
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new ModelFileException(
            absolute
                + ": the model name '"
                + name
                + "' may hold letters, digits,"
                + " '.', '_' and '-' only (it names trials and files); rename the file");
      }
      files.put(name, f);
      paths.put(name, absolute);
    }
    // Unmodifiable views of insertion-ordered maps: the files' order is the plan's (Map.copyOf has
    // none).
    return new ModelSet(Collections.unmodifiableMap(files), Collections.unmodifiableMap(paths));
  }

  /**
   * A Keras file says nothing about the validation split, which the fruit images also use as their
   * test set: it takes the split of its data's default catalogue model (MNIST: mnist-cnn's 0.3,
   * Keras' {@code validation_split} of the source article; fruits: fruit-cnn's 0.2, the talk's
   * 80/20 split), recorded with the file's other defaults. The model must fit a dataset by its
   * shapes.
   */
  private static ModelFile withDataDefaults(ModelFile f, Path file) {
    String kind;
    try {
      kind = dataKind(f.spec());
    } catch (SpecException e) {
      throw new ModelFileException(file + ": " + e.getMessage());
    }
    if (f.format() == ModelFormat.CNN_BENCH) {
      return f;
    }
    ModelSpec s = f.spec();
    String model = kind.equals("mnist") ? "mnist-cnn" : "fruit-cnn";
    double split = ModelCatalog.get(model).spec().validationSplit();
    List<String> defaults = new ArrayList<>(f.defaults());
    defaults.add("validation split " + split + " (" + model + "'s; a Keras model file has none)");
    return new ModelFile(
        new ModelSpec(
            s.name(),
            s.input(),
            s.layers(),
            s.loss(),
            s.optimizer(),
            s.batchSize(),
            s.epochs(),
            s.seed(),
            split),
        f.format(),
        f.fileName(),
        f.sha256(),
        defaults);
  }

  /**
   * The set a trial's process builds from the runner's references: each file read again, which must
   * still have the SHA-256 the runner read (the model that trains is the model recorded).
   *
   * @param references {@code path#sha256} each
   * @return the catalogue and those files' models
   * @throws ModelFileException if a file changed since the runner read it
   */
  public static ModelSet fromReferences(List<String> references) {
    List<Path> paths = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    for (String ref : references) {
      int hash = ref.lastIndexOf('#');
      if (hash < 0) {
        throw new ModelFileException("model file reference '" + ref + "' is not path#sha256");
      }
      paths.add(Path.of(ref.substring(0, hash)));
      hashes.add(ref.substring(hash + 1));
    }
    ModelSet set = of(paths);
    for (int i = 0; i < paths.size(); i++) {
      Path absolute = paths.get(i).toAbsolutePath().normalize();
      String name =
          set.paths.entrySet().stream()
              .filter(e -> e.getValue().equals(absolute))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow();
      String now = set.files.get(name).sha256();
      if (!now.equals(hashes.get(i))) {
        throw new ModelFileException(
            paths.get(i)
                + " changed since the run started (SHA-256 "
                + hashes.get(i)
                + " then, "
                + now
                + " now); run again");
      }
    }
    return set;
  }

  /**
   * @param name a file model's name
   * @return {@code path#sha256}, what a trial's process gets to read the same file again
   */
  public String reference(String name) {
    return path(name) + "#" + files.get(name).sha256();
  }

  /**
   * @return the names of the file models, in the order given
   */
  public List<String> fileModels() {
    return List.copyOf(paths.keySet());
  }

  /**
   * @param name a model name
   * @return the file the model came from, if it is a file model
   */
  public Optional<ModelFile> file(String name) {
    return Optional.ofNullable(files.get(name));
  }

  /**
   * @param name a file model's name
   * @return the file's absolute path
   */
  public Path path(String name) {
    Path p = paths.get(name);
    if (p == null) {
      throw new SpecException("'" + name + "' is not a file model");
    }
    return p;
  }

  /**
   * @return every name: the catalogue's, then the files'
   */
  public List<String> names() {
    List<String> names = new ArrayList<>(ModelCatalog.names());
    names.addAll(paths.keySet());
    return names;
  }

  /**
   * A model with its quick settings. A file model's quick settings are those of the catalogue model
   * of its data: mnist-cnn's for 28x28x1 models, fruit-cnn's for the others.
   *
   * @param name a model name
   * @return the entry
   * @throws SpecException listing the known names if unknown
   */
  public CatalogEntry entry(String name) {
    ModelFile f = files.get(name);
    if (f == null) {
      if (!ModelCatalog.names().contains(name)) {
        throw new SpecException(
            "unknown model '" + name + "'; known models: " + String.join(", ", names()));
      }
      return ModelCatalog.get(name);
    }
    ModelSpec spec = f.spec();
    CatalogEntry like =
        ModelCatalog.get(spec.input().equals(MNIST_INPUT) ? "mnist-cnn" : "fruit-cnn");
    return new CatalogEntry(
        spec,
        like.quickEpochs(),
        like.quickSamples(),
        spec.parameterCount(),
        "model file "
            + f.describe()
            + (f.defaults().isEmpty() ? "" : "; " + String.join("; ", f.defaults())));
  }

  /**
   * Which kind of data a model fits, by its input shape and its output layer: 28x28x1 with 10
   * softmax units fits MNIST and Fashion-MNIST; HxWx3 with 1 sigmoid unit or 2 softmax units fits
   * the fruit images (decoded at HxW).
   *
   * @param spec a model
   * @return {@code mnist} (the 28x28 grey sets) or {@code fruits}
   * @throws SpecException naming the model's shapes and what each dataset needs
   */
  public static String dataKind(ModelSpec spec) {
    Layer.Dense last = (Layer.Dense) spec.layers().get(spec.layers().size() - 1);
    String out = "(" + last.units() + " " + last.activation().id() + ")";
    boolean binary =
        (last.units() == 1 && last.activation() == Activation.SIGMOID)
            || (last.units() == 2 && last.activation() == Activation.SOFTMAX);
    if (spec.input().equals(MNIST_INPUT)
        && last.units() == 10
        && last.activation() == Activation.SOFTMAX) {
      return "mnist";
    }
    if (spec.input().channels() == 3 && binary) {
      return "fruits";
    }
    throw new SpecException(
        "model '"
            + spec.name()
            + "' with input "
            + spec.input()
            + " and output "
            + out
            + " fits no dataset: MNIST and Fashion-MNIST need input (1, 28, 28) [28x28x1 in Keras] and output"
            + " (10 softmax); the fruit images need input (3, H, W) [HxWx3] and output (1 sigmoid) or"
            + " (2 softmax)");
  }
}
