/**
 * The benchmark runner: reads {@code -D} options, expands the plan into trials, runs each trial in its
 * own JVM with a timeout, and writes results per epoch so a crash never loses finished work.
 */
package org.cnnbench.runner;
