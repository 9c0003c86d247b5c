package org.cnnbench.report;

/**
 * One chart of a page: its SVG file, its PNG copy and its alternative text.
 *
 * @param svg the SVG file's name
 * @param png the PNG copy's name, empty when none is written
 * @param alt the alternative text (the chart's title)
 */
record Chart(String svg, String png, String alt) {

  /**
   * @param charts where the chart was drawn
   * @param svg the SVG file's name
   * @param base the file name without extension
   * @param alt the alternative text
   * @return the chart
   */
  static Chart of(Charts charts, String svg, String base, String alt) {
    return new Chart(svg, charts.png() ? base + ".png" : "", alt);
  }
}
