/**
 * The DJL side of the TensorFlow adapter: a small server that runs in its own JVM with DJL's
 * TensorFlow engine (TensorFlow 2.16.1) and evaluates batches on an exported SavedModel. Nothing
 * here may use TensorFlow Java 1.1.0 or cnn-bench's core classes; its JVM has neither.
 */
package org.cnnbench.tensorflow.djl;
