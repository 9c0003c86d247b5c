package org.cnnbench.spec;

/**
 * One row of a Keras-style model summary.
 *
 * @param index position of the layer in the spec, from 0
 * @param kind the layer kind, e.g. {@code Conv2D}
 * @param description settings, e.g. {@code 32 3x3 relu valid}
 * @param outputShape shape after the layer, without the batch dimension
 * @param parameters trainable parameters of the layer
 */
public record LayerSummary(
    int index, String kind, String description, Shape outputShape, long parameters) {}
