/**
 * The HTML report and slide deck of a run, generated from its CSV files alone: charts as SVG with
 * JFreeChart and JFreeSVG, statistics with Apache Commons Statistics, pages with JMustache.
 */
package org.cnnbench.report;
