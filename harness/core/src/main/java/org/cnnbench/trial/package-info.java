/**
 * One trial in its own process: loads data and a framework, trains with the harness's data order
 * and clock, and streams per-epoch metrics to the runner over standard output.
 */
package org.cnnbench.trial;
