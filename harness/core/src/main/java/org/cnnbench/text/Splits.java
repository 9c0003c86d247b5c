package org.cnnbench.text;

import java.util.Arrays;

/**
 * Splitting with the rule of {@link String#split(String)} stated where it is used: callers that
 * index the parts or count them rely on trailing empty strings being dropped, so a line with an
 * empty last field or a list ending in a separator keeps behaving as it always did.
 */
public final class Splits {
  private Splits() {}

  /**
   * @param text the text to split
   * @param regex the separator, a regular expression as for {@link String#split(String, int)}
   * @return the parts, without the trailing empty strings (all of them when every part is empty),
   *     as {@code text.split(regex)} returns them
   */
  public static String[] dropTrailingEmpty(String text, String regex) {
    String[] parts = text.split(regex, -1);
    if (parts.length == 1) {
      return parts; // no separator found: the text itself, even when empty
    }
    int n = parts.length;
    while (n > 0 && parts[n - 1].isEmpty()) {
      n--;
    }
    return n == parts.length ? parts : Arrays.copyOf(parts, n);
  }
}
