/**
 * The TensorFlow adapter: trains a {@link org.cnnbench.spec.ModelSpec} with TensorFlow Java in
 * graph mode (TensorFlow 2.18) and evaluates the trained model, exported as a SavedModel, through
 * DJL's TensorFlow engine (TensorFlow 2.16.1) in a second JVM, because the two native builds cannot
 * share one process.
 */
package org.cnnbench.tensorflow;
