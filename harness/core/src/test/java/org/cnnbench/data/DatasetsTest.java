package org.cnnbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.junit.jupiter.api.Test;

class DatasetsTest {

  @Test
  void theProvidersAreFoundWithTheirServicesLines() {
    assertEquals(List.of("mnist", "fruits", "fashion-mnist"), Datasets.names());
    assertEquals(
        List.of("mnist", "fruits"), Datasets.defaults(), "-Dbench=all keeps its two datasets");
    assertEquals(
        List.of("fruits.dir", "fruits.test.dir", "augment", "split.seed"), Datasets.optionKeys());
  }

  @Test
  void anUnknownDatasetListsTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Datasets.prepare("cifar", new DataLocations(Path.of("x"), "npm", Map.of())));
    assertEquals(
        "unknown dataset 'cifar'; known datasets: mnist, fruits, fashion-mnist", e.getMessage());
  }

  @Test
  void everyProviderNamesCatalogueModelsOfOneInputShapeAndOneOutputSize() {
    for (DatasetProvider p : Datasets.all()) {
      assertFalse(p.models().isEmpty(), p.name());
      assertEquals(p.models().get(0), p.defaultModel(), p.name());
      ModelSpec first = ModelCatalog.get(p.defaultModel()).spec();
      for (String m : p.models()) {
        ModelSpec spec = ModelCatalog.get(m).spec();
        assertEquals(first.input(), spec.input(), p.name() + " " + m);
        assertEquals(first.outputUnits(), spec.outputUnits(), p.name() + " " + m);
      }
      assertFalse(p.description().isBlank(), p.name());
    }
    assertEquals("mnist-cnn", Datasets.get("fashion-mnist").defaultModel());
    assertEquals("fruit-cnn", Datasets.get("fruits").defaultModel());
    assertTrue(Datasets.get("fashion-mnist").models().containsAll(Datasets.get("mnist").models()));
  }
}
