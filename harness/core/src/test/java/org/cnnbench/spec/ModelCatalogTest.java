package org.cnnbench.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

  @Test
  void parameterCountsMatchTheSourceMaterial() {
    assertEquals(85_146, ModelCatalog.get("mnist-cnn").spec().parameterCount());
    assertEquals(123_222, ModelCatalog.get("lenet").spec().parameterCount());
    assertEquals(79_510, ModelCatalog.get("mlp").spec().parameterCount());
    assertEquals(7_850, ModelCatalog.get("logreg").spec().parameterCount());
    assertEquals(1_848_417, ModelCatalog.get("fruit-cnn").spec().parameterCount());
    for (CatalogEntry e : ModelCatalog.entries()) {
      assertEquals(e.expectedParameters(), e.spec().parameterCount(), e.name());
    }
  }

  @Test
  void mnistCnnSummaryHasKerasShapesAndCounts() {
    List<LayerSummary> rows = ModelCatalog.get("mnist-cnn").spec().summary();
    assertEquals(
        List.of(
            "(32, 26, 26)",
            "(32, 13, 13)",
            "(16, 12, 12)",
            "(16, 6, 6)",
            "(576)",
            "(128)",
            "(64)",
            "(10)"),
        rows.stream().map(r -> r.outputShape().toString()).collect(Collectors.toList()));
    assertEquals(
        List.of(320L, 0L, 2064L, 0L, 0L, 73_856L, 8_256L, 650L),
        rows.stream().map(LayerSummary::parameters).collect(Collectors.toList()));
  }

  @Test
  void fruitCnnFlattensTo28800() {
    List<LayerSummary> rows = ModelCatalog.get("fruit-cnn").spec().summary();
    assertEquals("(28800)", rows.get(4).outputShape().toString());
    assertEquals(1_843_264, rows.get(5).parameters());
  }

  @Test
  void lenetWithValidPaddingDoesNotFitAndSaysWhere() {
    SpecException e =
        assertThrows(
            SpecException.class,
            () ->
                ModelSpec.builder("lenet-valid")
                    .setInput(Shape.chw(1, 28, 28))
                    .add(Layer.Conv2D.of(16, 5, Padding.VALID, Activation.SIGMOID))
                    .add(Layer.MaxPool2D.of(2))
                    .add(Layer.Conv2D.of(32, 5, Padding.VALID, Activation.SIGMOID))
                    .add(Layer.MaxPool2D.of(2))
                    .add(Layer.Conv2D.of(64, 5, Padding.VALID, Activation.SIGMOID))
                    .add(Layer.MaxPool2D.of(2))
                    .add(new Layer.Flatten())
                    .add(new Layer.Dense(10, Activation.SOFTMAX))
                    .setLoss(Loss.CATEGORICAL_CROSSENTROPY)
                    .build());
    assertTrue(e.getMessage().contains("layer 4 (Conv2D)"), e.getMessage());
    assertTrue(e.getMessage().contains("does not fit input (32, 4, 4)"), e.getMessage());
  }

  @Test
  void impossibleSpecsAreRejectedWithAClearMessage() {
    SpecException noFlatten =
        assertThrows(
            SpecException.class,
            () ->
                ModelSpec.builder("x")
                    .setInput(Shape.chw(1, 28, 28))
                    .add(new Layer.Dense(10, Activation.SOFTMAX))
                    .setLoss(Loss.CATEGORICAL_CROSSENTROPY)
                    .build());
    assertTrue(noFlatten.getMessage().contains("add a Flatten layer"), noFlatten.getMessage());
    SpecException wrongHead =
        assertThrows(
            SpecException.class,
            () ->
                ModelSpec.builder("x")
                    .setInput(Shape.chw(1, 28, 28))
                    .add(new Layer.Flatten())
                    .add(new Layer.Dense(10, Activation.SIGMOID))
                    .setLoss(Loss.CATEGORICAL_CROSSENTROPY)
                    .build());
    assertTrue(wrongHead.getMessage().contains("softmax"), wrongHead.getMessage());
    assertThrows(SpecException.class, () -> new Layer.ActivationLayer(Activation.SOFTMAX));
    assertThrows(SpecException.class, () -> new Layer.Dropout(1.0));
    assertThrows(SpecException.class, () -> ModelCatalog.get("resnet"));
    SpecException unknown = assertThrows(SpecException.class, () -> ModelCatalog.get("resnet"));
    assertTrue(unknown.getMessage().contains("mnist-cnn, lenet, mlp, logreg, fruit-cnn"));
  }

  @Test
  void samePaddingFollowsKerasAsymmetricRule() {
    Layer.Conv2D fiveStrideTwo = new Layer.Conv2D(8, 5, 5, 2, Padding.SAME, Activation.RELU);
    assertEquals(new Pads(1, 2, 1, 2), fiveStrideTwo.pads(Shape.chw(3, 128, 128)));
    assertEquals(Shape.chw(8, 64, 64), fiveStrideTwo.outputShape(Shape.chw(3, 128, 128)));
    Layer.Conv2D threeStrideTwo = new Layer.Conv2D(8, 3, 3, 2, Padding.SAME, Activation.RELU);
    assertEquals(new Pads(0, 1, 0, 1), threeStrideTwo.pads(Shape.chw(1, 28, 28)));
    assertEquals(Shape.chw(8, 14, 14), threeStrideTwo.outputShape(Shape.chw(1, 28, 28)));
    assertEquals(new Pads(1, 1, 1, 1), threeStrideTwo.pads(Shape.chw(1, 27, 27)));
    Layer.Conv2D evenKernel = new Layer.Conv2D(8, 2, 2, 1, Padding.SAME, Activation.RELU);
    assertEquals(new Pads(0, 1, 0, 1), evenKernel.pads(Shape.chw(1, 28, 28)));
    assertEquals(
        new Pads(2, 2, 2, 2),
        Layer.Conv2D.of(8, 5, Padding.SAME, Activation.RELU).pads(Shape.chw(1, 28, 28)));
    assertEquals(
        Pads.NONE,
        Layer.Conv2D.of(8, 5, Padding.VALID, Activation.RELU).pads(Shape.chw(1, 28, 28)));
  }

  @Test
  void newLayersHaveKerasShapesAndNoParameters() {
    Shape in = Shape.chw(6, 10, 12);
    assertEquals(Shape.chw(6, 4, 5), new Layer.AvgPool2D(3, 2).outputShape(in));
    assertEquals(Shape.flat(6), new Layer.GlobalAvgPool2D().outputShape(in));
    assertEquals(in, new Layer.ActivationLayer(Activation.TANH).outputShape(in));
    assertEquals(0, new Layer.AvgPool2D(3, 2).parameterCount(in));
    assertEquals(0, new Layer.GlobalAvgPool2D().parameterCount(in));
  }

  @Test
  void withersKeepTheRestAndValidate() {
    ModelSpec spec = ModelCatalog.get("mnist-cnn").spec();
    ModelSpec changed = spec.withBatchSize(128).withEpochs(3).withSeed(7);
    assertEquals(128, changed.batchSize());
    assertEquals(3, changed.epochs());
    assertEquals(7, changed.seed());
    assertEquals(spec.layers(), changed.layers());
    assertThrows(SpecException.class, () -> spec.withBatchSize(0));
  }
}
