package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnnbench.data.Idx;
import org.cnnbench.runner.store.ResultsStore;
import org.cnnbench.spec.LayerSummary;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.FrameworkDescription;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.cnnbench.text.Splits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run writes what the report says about its frameworks and models into the run folder, and the
 * report shows it from there: a provider's description reaches the HTML.
 */
class RunDescriptionTest {

  @TempDir Path root;

  @Test
  void aProvidersDescriptionAndTheModelSummaryReachTheReportThroughTheRunFolder() throws Exception {
    Path dir = root.resolve("datasets/mnist");
    Files.createDirectories(dir);
    Idx.write(
        BenchIsolationTest.random(200, 1),
        dir.resolve("train-images-idx3-ubyte"),
        dir.resolve("train-labels-idx1-ubyte"));
    Idx.write(
        BenchIsolationTest.random(40, 2),
        dir.resolve("t10k-images-idx3-ubyte"),
        dir.resolve("t10k-labels-idx1-ubyte"));
    ExitCodeTest.Outcome outcome = ExitCodeTest.run(root, "frameworks", "fake", "models", "logreg");
    assertEquals(0, outcome.code(), outcome::toString);
    String runId = ResultsStore.latest(root.resolve("results"));
    Path run = root.resolve("results").resolve(runId);
    FrameworkProvider fake = Frameworks.get("fake");
    FrameworkDescription d = fake.description();

    List<String> frameworks = Files.readAllLines(run.resolve(RunDescription.FRAMEWORKS));
    assertEquals(String.join(",", org.cnnbench.results.FrameworkColumn.HEADERS), frameworks.get(0));
    assertEquals(2, frameworks.size(), frameworks::toString);
    assertTrue(
        frameworks
            .get(1)
            .startsWith(
                "fake,"
                    + fake.displayName()
                    + ","
                    + d.drivenBy()
                    + ","
                    + d.api()
                    + ","
                    + d.language()
                    + ",false,"),
        frameworks.get(1));
    ModelSpec spec = ModelCatalog.get("logreg").spec();
    List<String> models = Files.readAllLines(run.resolve(RunDescription.MODELS));
    assertEquals(String.join(",", org.cnnbench.results.ModelColumn.HEADERS), models.get(0));
    assertEquals(spec.summary().size() + 2, models.size(), models::toString);
    assertTrue(models.get(models.size() - 1).startsWith("logreg,total,"), models.toString());
    assertTrue(
        models.get(models.size() - 1).endsWith("," + spec.parameterCount()), models.toString());

    String html = Files.readString(root.resolve("reports").resolve(runId).resolve("index.html"));
    String slides = Files.readString(root.resolve("reports").resolve(runId).resolve("slides.html"));
    assertTrue(
        html.contains(
            "<td>" + d.drivenBy() + "</td><td>" + d.api() + "</td><td>" + d.language() + "</td>"),
        "the provider's description in the frameworks table");
    assertTrue(slides.contains("<td>" + d.drivenBy() + "</td>"), "and on the frameworks slide");
    LayerSummary first = spec.summary().get(0);
    assertTrue(
        html.contains(
            "<td>"
                + first.kind()
                + "</td><td>"
                + first.description()
                + "</td><td>"
                + first.outputShape()
                + "</td>"),
        "the model summary from models.csv");
    assertTrue(html.contains(String.format(Locale.ROOT, "%,d", spec.parameterCount())));

    // -Dbench=report on the folder alone gives the same tables
    Files.delete(root.resolve("reports").resolve(runId).resolve("index.html"));
    org.cnnbench.report.HtmlReport.generate(run, root.resolve("again"));
    assertTrue(
        Files.readString(root.resolve("again/index.html"))
            .contains("<td>" + d.drivenBy() + "</td>"));
  }

  @Test
  void theThreadSweepsCsvBecomesATableOfTheReport() throws Exception {
    Path dir = root.resolve("datasets/mnist");
    Files.createDirectories(dir);
    Idx.write(
        BenchIsolationTest.random(200, 1),
        dir.resolve("train-images-idx3-ubyte"),
        dir.resolve("train-labels-idx1-ubyte"));
    Idx.write(
        BenchIsolationTest.random(40, 2),
        dir.resolve("t10k-images-idx3-ubyte"),
        dir.resolve("t10k-labels-idx1-ubyte"));
    ExitCodeTest.Outcome outcome = ExitCodeTest.run(root, "bench", "threads", "frameworks", "fake");
    assertEquals(0, outcome.code(), outcome::toString);
    String runId = ResultsStore.latest(root.resolve("results"));
    List<String> sweep =
        Files.readAllLines(root.resolve("results").resolve(runId).resolve("threads.csv"));
    assertEquals(String.join(",", org.cnnbench.results.ThreadColumn.HEADERS), sweep.get(0));
    assertTrue(sweep.size() > 1, sweep::toString);
    String[] first = Splits.dropTrailingEmpty(sweep.get(1), ",");
    String html = Files.readString(root.resolve("reports").resolve(runId).resolve("index.html"));
    assertTrue(html.contains("id=\"threads\""), "the thread sweep's section");
    assertTrue(
        html.contains(
            "<td>"
                + first[0]
                + "</td><td>"
                + first[1]
                + "</td><td class=\"num\">"
                + first[2]
                + "</td><td class=\"num\">"
                + first[3]
                + "</td><td class=\"num\">"
                + first[4]
                + "</td>"),
        "the first row of threads.csv in the table");
    assertTrue(
        Files.isRegularFile(
            root.resolve("reports").resolve(runId).resolve("thread-sweep-throughput.svg")));
  }

  @Test
  void adapterCodeCountsEachModuleOnTheClassPath() throws Exception {
    Path repo = root.resolve("repo");
    Path own = repo.resolve("adapters/zz/src/main/java/Zz.java");
    Path shared = repo.resolve("adapters/zz-common/src/main/java/Common.java");
    Path worker = repo.resolve("adapters/zz/src/main/python/worker.py");
    for (Path p : List.of(own, shared, worker)) {
      Files.createDirectories(p.getParent());
    }
    Files.writeString(own, "class Zz {\n\n  int a;\n}\n  \n");
    Files.writeString(shared, "class Common {\n}\n");
    Files.writeString(worker, "import torch\n\nprint(1)\n");
    List<String> classpath =
        List.of(
            repo.resolve("adapters/zz/target/classes").toString(),
            "/m2/org/cnnbench/cnn-bench-zz-common/0.1.0-SNAPSHOT/cnn-bench-zz-common-0.1.0-SNAPSHOT.jar",
            "/m2/org/cnnbench/cnn-bench-core/0.1.0-SNAPSHOT/cnn-bench-core-0.1.0-SNAPSHOT.jar",
            "/m2/x/api-0.35.1.jar");
    assertEquals(
        List.of(new AdapterCode.Module("zz", 3 + 2), new AdapterCode.Module("zz-common", 2)),
        AdapterCode.modules(repo, "zz", classpath));
    assertEquals(List.of(), AdapterCode.modules(root.resolve("no-repo"), "zz", classpath));
  }

  @Test
  void aMergedRunHasEveryShardsModelsAndEachFrameworkOnce() throws Exception {
    Path a = Files.createDirectories(root.resolve("a"));
    Path b = Files.createDirectories(root.resolve("b"));
    Path none = Files.createDirectories(root.resolve("none"));
    Path merged = Files.createDirectories(root.resolve("merged"));
    List<FrameworkProvider> fake = List.of(Frameworks.get("fake"));
    RunDescription.write(a, fake, Map.of("logreg", ModelCatalog.get("logreg").spec()), root);
    RunDescription.write(b, fake, Map.of("mlp", ModelCatalog.get("mlp").spec()), root);
    RunDescription.merge(List.of(none, a, b), merged);
    List<String> frameworks = Files.readAllLines(merged.resolve(RunDescription.FRAMEWORKS));
    assertEquals(Files.readAllLines(a.resolve(RunDescription.FRAMEWORKS)), frameworks);
    List<String> models = Files.readAllLines(merged.resolve(RunDescription.MODELS));
    List<String> expected = new ArrayList<>(Files.readAllLines(a.resolve(RunDescription.MODELS)));
    List<String> fromB = Files.readAllLines(b.resolve(RunDescription.MODELS));
    expected.addAll(fromB.subList(1, fromB.size()));
    assertEquals(expected, models);
  }
}
