/**
 * The Deeplearning4j adapter on DL4J's SameDiff graph API: the spec as SameDiff ops (libnd4j's
 * native conv2d, max-pooling, matmul), gradients from SameDiff's autodiff, Keras' Adam and SGD
 * applied with libnd4j's updater ops.
 */
package org.cnnbench.dl4j.samediff;
