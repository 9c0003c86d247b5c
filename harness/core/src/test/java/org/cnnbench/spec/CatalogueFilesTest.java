package org.cnnbench.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cnnbench.spec.json.ModelFiles;
import org.junit.jupiter.api.Test;

/** The catalogue's spec files load into exactly the models that were written in Java before. */
class CatalogueFilesTest {

  @Test
  void specFilesEqualTheCatalogueAsCode() {
    List<CatalogEntry> code = CatalogueAsCode.entries();
    List<CatalogEntry> files = ModelCatalog.entries();
    assertEquals(code.stream().map(CatalogEntry::name).toList(), ModelCatalog.names());
    for (int i = 0; i < code.size(); i++) {
      CatalogEntry c = code.get(i);
      CatalogEntry f = files.get(i);
      assertEquals(c, f, c.name());
      assertEquals(
          c.spec().summary(), f.spec().summary(), c.name() + ": per-layer shapes and counts");
    }
  }

  @Test
  void catalogueEntriesRoundTripThroughTheirJson() {
    for (CatalogEntry e : ModelCatalog.entries()) {
      String json = ModelFiles.toJson(e);
      assertEquals(
          e,
          ModelFiles.readCatalogEntry(json.getBytes(StandardCharsets.UTF_8), e.name()),
          e.name());
    }
  }
}
