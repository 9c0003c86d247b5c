/** The HTML report, generated from a run's CSV files alone: charts with JFreeChart, pages with JMustache. */
package org.cnnbench.report;
