package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The exit-code table of docs/reliability-faults.md is the {@link ExitCode} enum, row for row. */
class ExitCodeDocTest {

  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*([A-Z_]+)\\s*\\|", Pattern.MULTILINE);

  @Test
  void theDocumentedTableListsEveryExitCode() throws IOException {
    Path doc = BenchMain.root().resolve("docs/reliability-faults.md");
    if (!Files.isRegularFile(doc)) {
      doc = Path.of("../../docs/reliability-faults.md"); // surefire runs in the module's folder
    }
    assertTrue(Files.isRegularFile(doc), doc.toAbsolutePath().toString());
    Map<String, Integer> documented = new TreeMap<>();
    Matcher m = ROW.matcher(Files.readString(doc, StandardCharsets.UTF_8));
    while (m.find()) {
      documented.put(m.group(2), Integer.parseInt(m.group(1)));
    }
    Map<String, Integer> codes = new TreeMap<>();
    for (ExitCode c : ExitCode.values()) {
      codes.put(c.name(), c.code());
    }
    assertEquals(codes, documented);
    assertEquals(130, ExitCode.INTERRUPTED.code());
  }
}
