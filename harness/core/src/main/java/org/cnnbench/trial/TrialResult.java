package org.cnnbench.trial;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnnbench.results.CsvNumbers;
import org.cnnbench.results.TrialColumn;
import org.cnnbench.results.Verdict;

/**
 * The fields of a trial's {@code result} message, named by {@link TrialColumn} and with numbers as
 * the CSV files write them ({@link CsvNumbers}).
 */
public final class TrialResult {

  private final Map<String, String> fields = new LinkedHashMap<>();

  /**
   * @param column the column
   * @param text its text
   * @return this
   */
  public TrialResult put(TrialColumn column, String text) {
    fields.put(column.header(), text);
    return this;
  }

  /**
   * @param column the column
   * @param value a metric, NaN for none
   * @return this
   */
  public TrialResult metric(TrialColumn column, double value) {
    return put(column, CsvNumbers.metric(value));
  }

  /**
   * @param column the column
   * @param nanos a duration in nanoseconds, written in seconds
   * @return this
   */
  public TrialResult seconds(TrialColumn column, long nanos) {
    return put(column, CsvNumbers.seconds(nanos));
  }

  /**
   * @param column the column
   * @param count a whole number
   * @return this
   */
  public TrialResult count(TrialColumn column, long count) {
    return put(column, Long.toString(count));
  }

  /**
   * @param verdict status and reason
   * @return this
   */
  public TrialResult verdict(Verdict verdict) {
    put(TrialColumn.STATUS, verdict.status().name());
    return put(TrialColumn.REASON, verdict.reason());
  }

  /**
   * @return the fields in the order they were put
   */
  public Map<String, String> fields() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }
}
