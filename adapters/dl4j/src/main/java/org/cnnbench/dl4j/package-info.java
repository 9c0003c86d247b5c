/**
 * The Deeplearning4j adapter: translates a {@link org.cnnbench.spec.ModelSpec} into a DL4J {@code
 * MultiLayerNetwork} on NCHW float32 input, converts weights between cnn-bench's canonical layout
 * and DL4J's parameter views, and trains one minibatch per call on ND4J's native CPU backend
 * (OpenBLAS). The provider itself touches no ND4J class, so the runner can ask its name and child
 * settings without loading natives.
 */
package org.cnnbench.dl4j;
