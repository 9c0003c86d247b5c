package org.cnnbench.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The report's words in one language: titles, captions and sentence patterns with {0}, {1}...
 * slots.
 */
final class Labels {

  private final String language;
  private final Map<String, String> words = new LinkedHashMap<>();

  private Labels(String language, Properties english, Properties chosen) {
    this.language = language;
    english
        .stringPropertyNames()
        .forEach(k -> words.put(k, chosen.getProperty(k, english.getProperty(k))));
  }

  /**
   * @param language {@code en} or {@code fr}; anything else reads as English
   * @return the labels, English where a translation is missing
   */
  static Labels of(String language) {
    String lang = "fr".equals(language) ? "fr" : "en";
    Properties en = load("labels_en.properties");
    return new Labels(lang, en, lang.equals("en") ? en : load("labels_" + lang + ".properties"));
  }

  private static Properties load(String name) {
    Properties p = new Properties();
    try (InputStream in = Labels.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /**
   * @return {@code en} or {@code fr}
   */
  String language() {
    return language;
  }

  /**
   * @return every label, for the templates ({@code {{t.key}}})
   */
  Map<String, String> all() {
    return words;
  }

  /**
   * @param key label key
   * @param args values for the {0}, {1}... slots, already formatted
   * @return the text
   */
  String get(String key, Object... args) {
    String text = words.get(key);
    if (text == null) {
      throw new IllegalArgumentException("no label '" + key + "'");
    }
    for (int i = 0; i < args.length; i++) {
      text = text.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return text;
  }
}
