package org.cnnbench.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code jmh.json} in the tests: the runner itself never parses JMH's JSON. */
final class JmhJson {

  private JmhJson() {}

  /**
   * @param json a JMH JSON result file
   * @return its results
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> results(String json) {
    Object parsed = Json.parse(json);
    if (!(parsed instanceof List<?> list)) {
      throw new IllegalArgumentException("not a JSON array");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : list) {
      out.add((Map<String, Object>) o);
    }
    return out;
  }

  /** Timed calls in a sample-time histogram: forks, then iterations, then [value, count] pairs. */
  static long sampleCount(Object histogram) {
    long n = 0;
    if (histogram instanceof List<?> forks) {
      for (Object fork : forks) {
        for (Object iteration : (List<?>) fork) {
          for (Object pair : (List<?>) iteration) {
            n += ((Number) ((List<?>) pair).get(1)).longValue();
          }
        }
      }
    }
    return n;
  }

  /**
   * A minimal JSON reader, for the tests only, that checks what JMH's own JSON writer produced:
   * objects become ordered maps, arrays lists, numbers doubles, and the strings {@code "NaN"},
   * {@code "Infinity"} and {@code "-Infinity"} (how JMH writes non-finite scores) doubles too.
   */
  static final class Json {
    private final String s;
    private int at;

    private Json(String s) {
      this.s = s;
    }

    /**
     * @param text JSON text
     * @return the value
     * @throws IllegalArgumentException on malformed input
     */
    static Object parse(String text) {
      Json j = new Json(text);
      Object v = j.value();
      j.skipSpace();
      if (j.at != text.length()) {
        throw j.error("trailing characters");
      }
      return v;
    }

    private Object value() {
      skipSpace();
      if (at >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(at);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          String str = string();
          return switch (str) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> str;
          };
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", null);
        default:
          return number();
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      at++;
      skipSpace();
      if (peek() == '}') {
        at++;
        return m;
      }
      while (true) {
        skipSpace();
        if (peek() != '"') {
          throw error("expected a key");
        }
        String key = string();
        skipSpace();
        expect(':');
        m.put(key, value());
        skipSpace();
        char c = next();
        if (c == '}') {
          return m;
        }
        if (c != ',') {
          throw error("expected , or }");
        }
      }
    }

    private List<Object> array() {
      List<Object> l = new ArrayList<>();
      at++;
      skipSpace();
      if (peek() == ']') {
        at++;
        return l;
      }
      while (true) {
        l.add(value());
        skipSpace();
        char c = next();
        if (c == ']') {
          return l;
        }
        if (c != ',') {
          throw error("expected , or ]");
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return b.toString();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            if (at + 4 > s.length()) {
              throw error("bad \\u escape");
            }
            b.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
            at += 4;
          }
          default -> b.append(e);
        }
      }
    }

    private Double number() {
      int start = at;
      while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) {
        at++;
      }
      if (start == at) {
        throw error("unexpected character '" + s.charAt(at) + "'");
      }
      try {
        return Double.valueOf(s.substring(start, at));
      } catch (NumberFormatException e) {
        throw error("bad number " + s.substring(start, at));
      }
    }

    private Object literal(String word, Object value) {
      if (!s.startsWith(word, at)) {
        throw error("expected " + word);
      }
      at += word.length();
      return value;
    }

    private void skipSpace() {
      while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
        at++;
      }
    }

    private char peek() {
      if (at >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(at);
    }

    private char next() {
      char c = peek();
      at++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        throw error("expected '" + c + "'");
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("JSON " + what + " at offset " + at);
    }
  }
}
