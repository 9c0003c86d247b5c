package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.report.AccuracyAgreement.ModelAccuracy;
import org.cnnbench.report.SteadyState.VariantKey;
import org.junit.jupiter.api.Test;

/**
 * Test accuracy checked against a tolerance from the test set's size and the repetitions: no race.
 */
class AccuracyAgreementTest {

  @Test
  void theFixtureFrameworksAgreeWithinTheDerivedTolerance() throws IOException {
    List<ModelAccuracy> checks = AccuracyAgreement.of(RunData.read(Fixtures.run("run-3-repeats")));
    assertEquals(1, checks.size());
    ModelAccuracy m = checks.get(0);
    assertEquals(10000, m.testExamples());
    assertEquals(
        0.98,
        m.reference(),
        1e-12,
        "median of 0.98 (pytorch cpu), 0.975 (mxnet), 0.98 (pytorch gpu)");
    assertEquals(0.005, m.spread(), 1e-12);
    assertEquals(0.001, m.repetitionSd(), 1e-9);
    // z = 2.9352 for 1 % shared by 3 frameworks; sqrt(2 × 0.98 × 0.02 / 10000 + 2 × 0.001²)
    assertEquals(2.935199 * Math.sqrt(2 * 0.98 * 0.02 / 10000 + 2e-6), m.tolerance(), 1e-6);
    assertTrue(m.agree());
    assertEquals(List.of(), m.likelyDefects());
    assertEquals(3, m.frameworks().size(), "the FAILED dl4j trial is left out");
  }

  @Test
  void aFrameworkFarOutsideIsALikelyDefectAndTheOthersAreNotRanked() {
    ModelAccuracy m =
        AccuracyAgreement.check(
            "mnist",
            "mnist-cnn",
            10000,
            Map.of(
                key("a"),
                List.of(0.980),
                key("b"),
                List.of(0.981),
                key("c"),
                List.of(0.979),
                key("d"),
                List.of(0.90)));
    assertFalse(m.agree());
    assertEquals(
        List.of("d"), m.likelyDefects().stream().map(f -> f.variant().framework()).toList());
  }

  @Test
  void aSmallTestSetToleratesLargerGaps() {
    Map<VariantKey, List<Double>> fruits = new LinkedHashMap<>();
    fruits.put(key("a"), List.of(0.80, 0.80));
    fruits.put(key("b"), List.of(0.83, 0.83));
    fruits.put(key("c"), List.of(0.78, 0.78));
    ModelAccuracy small = AccuracyAgreement.check("fruits", "fruit-cnn", 500, fruits);
    assertTrue(small.agree(), "5 pp on 500 test images is noise: tolerance " + small.tolerance());
    ModelAccuracy large = AccuracyAgreement.check("fruits", "fruit-cnn", 50000, fruits);
    assertFalse(large.agree(), "but not on 50000: tolerance " + large.tolerance());
  }

  @Test
  void withoutTheTestSetSizeNothingIsFlaggedAndNothingIsSaidToAgree() {
    ModelAccuracy m =
        AccuracyAgreement.check(
            "mnist", "mnist-cnn", 0, Map.of(key("a"), List.of(0.98), key("b"), List.of(0.5)));
    assertTrue(Double.isNaN(m.tolerance()));
    assertFalse(m.agree());
    assertEquals(List.of(), m.likelyDefects());
  }

  private static VariantKey key(String framework) {
    return new VariantKey("mnist", "mnist-cnn", framework, "cpu");
  }
}
