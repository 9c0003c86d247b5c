package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.cnnbench.spi.Frameworks;
import org.cnnbench.spi.OptionSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The one option registry: the runner's, the datasets' and the adapters' options, declared once and
 * read by the parser, resume, sharding, the near-miss check and the docs' options table.
 */
class OptionRegistryTest {

  /** Where the docs' options table lies, between these markers. */
  static final String BEGIN = "<!-- options-table:begin -->";

  static final String END = "<!-- options-table:end -->";

  @Test
  void theAdaptersDeclareTheirEngineOptionsThroughTheSpi() {
    OptionRegistry r = OptionRegistry.installed();
    List<String> framework = r.frameworkOptions().stream().map(OptionSpec::key).toList();
    assertTrue(
        framework.containsAll(
            List.of(
                "tensorflow.onednn",
                "tensorflow.grappler",
                "tensorflow.xla",
                "tensorflow.feed",
                "mxnet.engine",
                "mxnet.mkldnn",
                "pytorch.interop_threads",
                "dl4j.native",
                "samediff.layout")),
        framework.toString());
    assertTrue(r.keys().containsAll(framework));
  }

  @Test
  void placesAndFingerprintAreTheDeclaredScopes() {
    OptionRegistry r = OptionRegistry.installed();
    assertEquals(
        Set.of(
            "results.dir",
            "reports.dir",
            "datasets.dir",
            "fruits.dir",
            "fruits.test.dir",
            "python"),
        r.keys().stream().filter(r::place).collect(Collectors.toSet()));
    assertEquals(
        Set.of(
            "shard",
            "shards",
            "results.dir",
            "reports.dir",
            "datasets.dir",
            "fruits.dir",
            "fruits.test.dir",
            "python",
            "resume",
            "run",
            "baseline",
            "report.lang",
            "runs",
            "merge.mixed",
            "compare.fail",
            "model.print",
            "verbose"),
        r.keys().stream().filter(k -> !r.inFingerprint(k)).collect(Collectors.toSet()));
    assertTrue(
        r.inFingerprint("tensorflow.onednn")
            && r.inFingerprint("lr")
            && r.inFingerprint("a.key.of.another.version"));
  }

  @Test
  void anUnknownEngineValueStopsParsingListingTheValidOnes() {
    Properties p = new Properties();
    p.setProperty("tensorflow.onednn", "maybe");
    OptionException e =
        assertThrows(
            OptionException.class, () -> BenchOptions.parse(p, List.of("pytorch"), Path.of(".")));
    assertEquals(
        "-Dtensorflow.onednn=maybe is not valid; valid: on, off (default on)", e.getMessage());
    p.setProperty("tensorflow.onednn", "OFF");
    p.setProperty("samediff.layout", "NCHW");
    BenchOptions o = BenchOptions.parse(p, List.of("pytorch"), Path.of("."));
    assertEquals("off", o.given().get("tensorflow.onednn"), "recorded as declared");
    assertEquals("nchw", o.given().get("samediff.layout"));
    p.setProperty("samediff.layout", "chw");
    assertTrue(
        assertThrows(
                OptionException.class,
                () -> BenchOptions.parse(p, List.of("pytorch"), Path.of(".")))
            .getMessage()
            .contains("valid: nhwc, nchw"));
  }

  @Test
  void aMisspeltEngineOptionIsANearMiss() {
    Properties p = new Properties();
    p.setProperty("tensorflow.onedn", "off");
    p.setProperty("mxnet.engin", "NaiveEngine");
    p.setProperty("verbose", "true");
    assertEquals(
        List.of(
            "-Dmxnet.engin is not a cnn-bench option and is ignored; did you mean -Dmxnet.engine?",
            "-Dtensorflow.onedn is not a cnn-bench option and is ignored; did you mean -Dtensorflow.onednn?"),
        OptionKeys.nearMisses(p));
  }

  @Test
  void aCommandOnlyOptionIsNotRecorded() {
    Properties p = new Properties();
    p.setProperty("verbose", "true");
    p.setProperty("report.lang", "fr");
    BenchOptions o = BenchOptions.parse(p, List.of("pytorch"), Path.of("."));
    assertEquals(Map.of("report.lang", "fr"), o.given());
  }

  @Test
  void aKeyDeclaredTwiceDifferentlyIsRefused() {
    FrameworkProviderStub a =
        new FrameworkProviderStub("a", OptionSpec.choice("shared.knob", "a knob", "x", "y"));
    FrameworkProviderStub b =
        new FrameworkProviderStub("b", OptionSpec.choice("shared.knob", "a knob", "y", "x"));
    FrameworkProviderStub c =
        new FrameworkProviderStub("c", OptionSpec.choice("shared.knob", "a knob", "x", "y"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> OptionRegistry.of(List.of(a, b)));
    assertTrue(
        e.getMessage().contains("-Dshared.knob is declared twice, differently, by a and b"),
        e.getMessage());
    assertTrue(
        OptionRegistry.of(List.of(a, c)).markdownTable().contains("| `-Dshared.knob` | a, c |"));
  }

  @Test
  void theTableRendersEveryOptionOnce() {
    String table = OptionRegistry.installed().markdownTable();
    List<String> rows = table.lines().skip(2).toList();
    assertEquals(OptionRegistry.installed().keys().size(), rows.size());
    assertTrue(table.contains("| `-Dtensorflow.onednn` | tensorflow | on, off | `on` |"), table);
    assertTrue(
        table.contains(
            "| `-Ddl4j.native` | dl4j, dl4j-samediff | generic, avx2, onednn-avx2 | – |"),
        table);
  }

  /**
   * The table in {@code docs/options.md} is the registry's rendering. Regenerate it with {@code
   * -Dcnnbench.options.write=true} on this test (or print it with {@link OptionRegistry#main}).
   */
  @Test
  void theDocsOptionsTableIsTheRegistrysRendering() throws IOException {
    Path doc = BenchMain.root().resolve("docs/options.md");
    for (Path dir = Path.of("").toAbsolutePath();
        dir != null && !Files.exists(doc);
        dir = dir.getParent()) {
      doc = dir.resolve("docs/options.md");
    }
    Assumptions.assumeTrue(Files.exists(doc), "no docs/options.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    Assumptions.assumeTrue(
        begin >= 0 && end > begin, doc + " has no " + BEGIN + " ... " + END + " markers");
    String rendered = "\n" + OptionRegistry.installed().markdownTable();
    String current = text.substring(begin + BEGIN.length(), end);
    if (Boolean.getBoolean("cnnbench.options.write") && !current.equals(rendered)) {
      Files.writeString(
          doc,
          text.substring(0, begin + BEGIN.length()) + rendered + text.substring(end),
          StandardCharsets.UTF_8);
      current = rendered;
    }
    assertEquals(
        rendered,
        current,
        doc
            + ": the options table differs from the registry; regenerate it with"
            + " mvn -o -pl harness/runner -am test -Dtest=OptionRegistryTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dcnnbench.options.write=true");
  }

  /** A provider with options only. */
  private static final class FrameworkProviderStub extends TestAdapters.Fake {
    private final String name;
    private final OptionSpec option;

    FrameworkProviderStub(String name, OptionSpec option) {
      this.name = name;
      this.option = option;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<OptionSpec> options() {
      return List.of(option);
    }
  }

  @Test
  void everyInstalledAdapterIsInTheRegistry() {
    assertEquals(
        OptionRegistry.installed().keys(), OptionRegistry.of(Frameworks.available()).keys());
  }
}
