package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed sections of the fixture run's report, asserted on the records rather than on the HTML.
 */
class SectionsTest {

  @TempDir Path dir;

  private ReportModel.Page page;
  private ReportModel.GroupSection group;

  @BeforeEach
  void build() throws IOException {
    Path run = Fixtures.run("run-3-repeats");
    page =
        ReportModel.build(
            run,
            RunData.read(run),
            RunDescriptions.read(run),
            Labels.of("en"),
            new Charts(Files.createDirectories(dir.resolve("report")), false),
            null,
            List.of());
    group = page.groups().get(0);
  }

  @Test
  void conclusionsRankOnlyWhereTwoVariantsHaveOkTrials() {
    Conclusion gpu =
        group.conclusions().stream()
            .filter(c -> c.question().equals("Fastest training (gpu)"))
            .findFirst()
            .orElseThrow();
    assertEquals("not drawn", gpu.answer());
    assertEquals(
        "Only pytorch (gpu) has an OK trial: a ranking needs at least two.", gpu.evidence());
    Conclusion cpu =
        group.conclusions().stream()
            .filter(c -> c.question().equals("Fastest training (cpu)"))
            .findFirst()
            .orElseThrow();
    assertEquals("pytorch (cpu)", cpu.answer());
    assertTrue(
        cpu.evidence()
            .startsWith(
                "Its steady-state step time is 0.82× [0.77, 0.88] (95 % CI) of mxnet (cpu)'s"),
        cpu.evidence());
    assertTrue(
        group.conclusions().stream().anyMatch(c -> c.question().contains("dl4j")),
        "dl4j's failed trials are a conclusion of their own");
    assertEquals(
        6,
        Conclusions.RULES.size(),
        "notDrawn, fastest, accuracyAgreement, timeToCommonAccuracy, timeToTarget, notOk");
  }

  @Test
  void pairsFairnessModelAndParity() {
    Pair pair =
        group.pairs().stream()
            .filter(p -> p.first().equals("pytorch (cpu)") && p.second().equals("mxnet (cpu)"))
            .findFirst()
            .orElseThrow();
    assertEquals("3 / 3", pair.n());
    assertEquals("0.82×", pair.ratio());
    assertEquals("[0.77, 0.88]", pair.interval());
    assertEquals("pytorch (cpu) faster than mxnet (cpu)", pair.verdict());
    assertEquals("ok", pair.verdictClass());
    assertEquals("bad", group.fairness().verdictClass());
    assertTrue(
        group.fairness().verdict().endsWith("thread environment."), group.fairness().verdict());
    Fairness.Variant dl4j =
        group.fairness().rows().stream()
            .filter(r -> r.variant().equals("dl4j (cpu)"))
            .findFirst()
            .orElseThrow();
    int threadEnvironment = group.fairness().headers().indexOf("thread environment");
    assertEquals(
        new Fairness.Cell("{OMP_NUM_THREADS=1}", "differs"), dl4j.cells().get(threadEnvironment));
    assertEquals("bad", group.paramCheck().cls());
    assertTrue(group.paramCheck().text().contains("Failed it: dl4j"), group.paramCheck().text());
    assertTrue(
        group.summary().contains(new Layer("Dense", "128 units relu", "(128)", "73,856")),
        "a layer of models.csv");
    assertEquals("1 parity check(s) failed.", page.parity().verdict());
    assertEquals(
        "0.9740", group.target(), "the quick profile's target: the common validation accuracy");
  }

  @Test
  void optionalSectionsAreNullWithoutTheirFiles() {
    assertNull(page.comparison());
    assertNull(page.overhead());
    assertNull(page.jmh());
    assertNull(page.threads());
    assertEquals("", page.frameworksNote());
    assertEquals(10, page.trials().size());
    assertEquals("ok", page.weights().get(0).cls());
  }
}
