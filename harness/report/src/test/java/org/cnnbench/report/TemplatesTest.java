package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.samskivert.mustache.MustacheException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every template rendered with the strict compiler against a model in which every optional section
 * is present, so that each tag of each template is looked up on a record: a misspelt key fails
 * here.
 */
class TemplatesTest {

  @TempDir Path dir;

  /**
   * @return a run with every section: Python reference, parity, JMH, thread sweep, memory over time
   *     and the batch-size sweep, a bad row, a baseline
   */
  private ReportModel.Page fullModel() throws IOException {
    Path run = Fixtures.withMemory(dir.resolve("run"));
    Files.writeString(
        run.resolve(Benchmarks.JMH),
        String.join(
            "\n",
            "framework,benchmark,batch,mode,unit,samples,median,p99,mean,error,model,threads,reason",
            "pytorch,trainStep,64,sample,ms/op,40,30.0,40.0,31.0,1.25,mnist-cnn,2,",
            "mxnet,inferOne,64,sample,ms/op,,,,,,mnist-cnn,2,\"benchmark failed: forked VM exited, code 3\"",
            ""));
    Files.writeString(
        run.resolve(Benchmarks.THREADS),
        String.join(
            "\n",
            "framework,model,threads,images_per_second,ms_per_step,batch_size,repetitions,best",
            "pytorch,mnist-cnn,1,812.5,78.77,64,2,false",
            "pytorch,mnist-cnn,2,1390.0,46.04,64,2,true",
            ""));
    // a row that cannot be read: the warnings section
    Files.writeString(
        run.resolve("epochs.csv"), Files.readString(run.resolve("epochs.csv")) + "cut,short\n");
    Path report = Files.createDirectories(dir.resolve("report"));
    RunData data = RunData.read(run);
    return ReportModel.build(
        run,
        data,
        RunDescriptions.read(run),
        Labels.of("en"),
        new Charts(report, true),
        RunData.read(Fixtures.run("baseline")),
        HarnessOverhead.rows(data, HarnessOverhead.jmhCsv(run, null)));
  }

  @Test
  void theFullModelHasEverySection() throws IOException {
    ReportModel.Page page = fullModel();
    assertTrue(page.hasWarnings());
    assertNotNull(page.comparison());
    assertFalse(page.comparison().rows().isEmpty());
    assertFalse(page.comparison().differences().isEmpty());
    assertNotNull(page.parity());
    assertNotNull(page.overhead());
    assertTrue(
        page.overhead().rows().get(0).epochMean(), "the fixture has no step medians: epoch means");
    assertNotNull(page.jmh());
    assertNotNull(page.threads());
    assertNotNull(page.threads().chart());
    assertNotNull(page.memory().models().get(0).chart());
    assertFalse(page.memory().models().get(0).peaks().isEmpty());
    assertNotNull(page.memory().sweep().memory());
    assertNotNull(page.memory().sweep().throughput());
    assertFalse(page.memory().sweep().stops().isEmpty());
    assertFalse(
        page.trials().isEmpty()
            || page.weights().isEmpty()
            || page.environment().isEmpty()
            || page.frameworks().isEmpty());
    assertEquals(1, page.groups().size());
    ReportModel.GroupSection g = page.groups().get(0);
    assertTrue(g.hasPairs() && g.hasJavaVsPython() && g.hasSummary() && g.hasDataFacts());
    assertFalse(g.conclusions().isEmpty());
    assertNotNull(g.accuracy());
    assertTrue(g.commonAccuracy().hasRows());
    assertEquals(g.variants().size(), g.slide().rows().size());
    GroupCharts c = g.charts();
    for (Chart chart :
        new Chart[] {
          c.accuracy(), c.loss(), c.time(), c.throughput(), c.breakdown(), c.tta(), c.memory()
        }) {
      assertNotNull(chart);
      assertFalse(chart.png().isEmpty());
    }
  }

  @Test
  void everyTemplateRendersTheFullModelWithTheStrictCompiler() throws IOException {
    ReportModel.Page page = fullModel();
    for (String name : Templates.ALL) {
      StringWriter out = new StringWriter();
      Templates.compile(name).execute(page, out); // throws on a key no record has
      assertTrue(out.toString().contains("</html>"), name);
    }
  }

  @Test
  void aMisspeltKeyOrSectionFails() throws IOException {
    ReportModel.Page page = fullModel();
    assertThrows(
        MustacheException.class, () -> Templates.compiler().compile("{{titel}}").execute(page));
    assertThrows(
        MustacheException.class,
        () -> Templates.compiler().compile("{{t.no_such_label}}").execute(page));
    assertThrows(
        MustacheException.class,
        () ->
            Templates.compiler()
                .compile("{{#groups}}{{#pairz}}x{{/pairz}}{{/groups}}")
                .execute(page));
    assertThrows(
        MustacheException.class,
        () ->
            Templates.compiler()
                .compile("{{#groups}}{{#fairness}}{{verdictt}}{{/fairness}}{{/groups}}")
                .execute(page));
    assertEquals("20260101-120000", Templates.compiler().compile("{{runId}}").execute(page));
    assertEquals(List.of("index.html.mustache", "slides.html.mustache"), Templates.ALL);
  }
}
