package org.cnnbench.spi;

/**
 * The trainable parameters a framework reports for one layer of the spec.
 *
 * @param layerIndex index of the layer in the spec
 * @param parameters number of trainable values the framework allocated for it
 */
public record LayerParameters(int layerIndex, long parameters) {}
