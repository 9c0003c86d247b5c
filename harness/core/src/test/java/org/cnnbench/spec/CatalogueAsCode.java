package org.cnnbench.spec;

import static org.cnnbench.spec.Activation.RELU;
import static org.cnnbench.spec.Activation.SIGMOID;
import static org.cnnbench.spec.Activation.SOFTMAX;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.spec.Layer.Conv2D;
import org.cnnbench.spec.Layer.Dense;
import org.cnnbench.spec.Layer.Flatten;
import org.cnnbench.spec.Layer.MaxPool2D;

/**
 * The catalogue as it was written in Java before the models became spec files: the spec files must
 * load into exactly these specs.
 */
final class CatalogueAsCode {

  private static final Map<String, CatalogEntry> ENTRIES = new LinkedHashMap<>();

  static {
    Shape mnist = Shape.chw(1, 28, 28);
    // Source: R keras3 MNIST article: Adam, batch 64, 30 epochs, validation split 0.3
    add(
        new CatalogEntry(
            ModelSpec.builder("mnist-cnn")
                .setInput(mnist)
                .add(Conv2D.of(32, 3, Padding.VALID, RELU))
                .add(MaxPool2D.of(2))
                .add(Conv2D.of(16, 2, Padding.VALID, RELU))
                .add(MaxPool2D.of(2))
                .add(new Flatten())
                .add(new Dense(128, RELU))
                .add(new Dense(64, RELU))
                .add(new Dense(10, SOFTMAX))
                .setLoss(Loss.CATEGORICAL_CROSSENTROPY)
                .optOptimizer(Optimizer.Adam.kerasDefaults())
                .optBatchSize(64)
                .optEpochs(30)
                .optValidationSplit(0.3)
                .build(),
            3,
            6_000,
            85_146,
            "R keras3 MNIST article: Adam, batch 64, 30 epochs, validation split 0.3"));
    // LeNet-like network of the TP. With 'valid' padding the third 5x5 block does not fit 28x28
    // (28 -> 24 -> 12 -> 8 -> 4 -> 0), so the convolutions use 'same' padding, as the TP's own
    // example
    // layer does: 28 -> 28 -> 14 -> 14 -> 7 -> 7 -> 3.
    // Source: TP LeNet-like: SGD lr 0.5, batch 300, 10 epochs; 'same' padding so the third block
    // fits 28x28;
    // validation split 0.2 chosen by cnn-bench
    add(
        new CatalogEntry(
            ModelSpec.builder("lenet")
                .setInput(mnist)
                .add(Conv2D.of(16, 5, Padding.SAME, SIGMOID))
                .add(MaxPool2D.of(2))
                .add(Conv2D.of(32, 5, Padding.SAME, SIGMOID))
                .add(MaxPool2D.of(2))
                .add(Conv2D.of(64, 5, Padding.SAME, SIGMOID))
                .add(MaxPool2D.of(2))
                .add(new Flatten())
                .add(new Dense(100, SIGMOID))
                .add(new Dense(10, SOFTMAX))
                .setLoss(Loss.CATEGORICAL_CROSSENTROPY)
                .optOptimizer(new Optimizer.Sgd(0.5))
                .optBatchSize(300)
                .optEpochs(10)
                .optValidationSplit(0.2)
                .build(),
            3,
            6_000,
            123_222,
            "TP LeNet-like: SGD lr 0.5, batch 300, 10 epochs; with 'valid' padding the third 5x5 block does not fit 28x28 (28 -> 24 -> 12 -> 8 -> 4 -> 0), so the convolutions use 'same' padding, as the TP's own example layer does: 28 -> 28 -> 14 -> 14 -> 7 -> 7 -> 3; validation split 0.2 chosen by cnn-bench"));
    // Source: TP multi-layer perceptron: SGD lr 0.5, batch 300, 10 epochs; validation split 0.2
    // chosen by
    // cnn-bench
    add(
        new CatalogEntry(
            ModelSpec.builder("mlp")
                .setInput(mnist)
                .add(new Flatten())
                .add(new Dense(100, SIGMOID))
                .add(new Dense(10, SOFTMAX))
                .setLoss(Loss.CATEGORICAL_CROSSENTROPY)
                .optOptimizer(new Optimizer.Sgd(0.5))
                .optBatchSize(300)
                .optEpochs(10)
                .optValidationSplit(0.2)
                .build(),
            3,
            6_000,
            79_510,
            "TP multi-layer perceptron: SGD lr 0.5, batch 300, 10 epochs; validation split 0.2 chosen by cnn-bench"));
    // Source: TP logistic regression: SGD lr 0.5, batch 300, 10 epochs; validation split 0.2 chosen
    // by
    // cnn-bench
    add(
        new CatalogEntry(
            ModelSpec.builder("logreg")
                .setInput(mnist)
                .add(new Flatten())
                .add(new Dense(10, SOFTMAX))
                .setLoss(Loss.CATEGORICAL_CROSSENTROPY)
                .optOptimizer(new Optimizer.Sgd(0.5))
                .optBatchSize(300)
                .optEpochs(10)
                .optValidationSplit(0.2)
                .build(),
            3,
            6_000,
            7_850,
            "TP logistic regression: SGD lr 0.5, batch 300, 10 epochs; validation split 0.2 chosen by cnn-bench"));
    // Source: fresh-vs-rotten talk: Adam lr 1e-3, binary cross-entropy, batch 32, 10 epochs, 80/20
    // split
    add(
        new CatalogEntry(
            ModelSpec.builder("fruit-cnn")
                .setInput(Shape.chw(3, 128, 128))
                .add(Conv2D.of(16, 3, Padding.VALID, RELU))
                .add(MaxPool2D.of(2))
                .add(Conv2D.of(32, 3, Padding.VALID, RELU))
                .add(MaxPool2D.of(2))
                .add(new Flatten())
                .add(new Dense(64, RELU))
                .add(new Dense(1, SIGMOID))
                .setLoss(Loss.BINARY_CROSSENTROPY)
                .optOptimizer(Optimizer.Adam.kerasDefaults())
                .optBatchSize(32)
                .optEpochs(10)
                .optValidationSplit(0.2)
                .build(),
            3,
            600,
            1_848_417,
            "fresh-vs-rotten talk: Adam lr 1e-3, binary cross-entropy, batch 32, 10 epochs, 80/20 split"));
  }

  private CatalogueAsCode() {}

  private static void add(CatalogEntry entry) {
    ENTRIES.put(entry.name(), entry);
  }

  /**
   * @return every entry, in catalogue order
   */
  static List<CatalogEntry> entries() {
    return List.copyOf(ENTRIES.values());
  }
}
