package org.cnnbench.report;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The report's Mustache templates and their strict compiler: a tag naming a key that no record of
 * the model has (a misspelt key) throws while rendering instead of rendering blank, and so does a
 * section over a missing key. An empty string counts as false in a section, so optional text is an
 * empty string.
 */
final class Templates {

  /** The full report page. */
  static final String INDEX = "index.html.mustache";

  /** The slide deck. */
  static final String SLIDES = "slides.html.mustache";

  /** Every template the report renders. */
  static final List<String> ALL = List.of(INDEX, SLIDES);

  private Templates() {}

  /**
   * @return the compiler every template is compiled with: HTML escaping, no default value, strict
   *     sections
   */
  static Mustache.Compiler compiler() {
    return Mustache.compiler().escapeHTML(true).emptyStringIsFalse(true).strictSections(true);
  }

  /**
   * @param name one of {@link #ALL}
   * @return the compiled template
   * @throws IOException if it is missing from the class path or cannot be read
   */
  static Template compile(String name) throws IOException {
    try (InputStream in = Templates.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("template " + name + " is missing from the class path");
      }
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return compiler().compile(r);
      }
    }
  }
}
