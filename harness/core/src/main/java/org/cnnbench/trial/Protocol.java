package org.cnnbench.trial;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.cnnbench.results.MessageType;
import org.cnnbench.text.Splits;

/**
 * The line protocol from a trial process to the runner: {@code @@cnnbench TYPE key=value ...}, the
 * type one of {@link MessageType}, values URL-encoded so a line never breaks. Other output of the
 * process (framework logs), and a line of a type this version does not know, is not a message.
 */
public final class Protocol {

  /** Every protocol line starts with this. */
  public static final String PREFIX = "@@cnnbench ";

  private Protocol() {}

  /**
   * One decoded line.
   *
   * @param type the message's type
   * @param fields key to value, in order
   */
  public record Message(MessageType type, Map<String, String> fields) {
    /**
     * @param key field name
     * @return the value, or an empty string if absent
     */
    public String get(String key) {
      return fields.getOrDefault(key, "");
    }
  }

  /**
   * @param type message type
   * @param fields key to value
   * @return the line, without newline
   */
  public static String encode(MessageType type, Map<String, String> fields) {
    StringBuilder sb = new StringBuilder(PREFIX).append(type.wire());
    fields.forEach(
        (k, v) ->
            sb.append(' ')
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
    return sb.toString();
  }

  /**
   * @param line a line of the trial's output
   * @return the message, or empty if the line is not a protocol line of a known type
   */
  public static Optional<Message> decode(String line) {
    if (!line.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] parts = Splits.dropTrailingEmpty(line.substring(PREFIX.length()).trim(), " ");
    Optional<MessageType> type = MessageType.fromWire(parts[0]);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq > 0) {
        fields.put(
            parts[i].substring(0, eq),
            URLDecoder.decode(parts[i].substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.of(new Message(type.get(), fields));
  }
}
