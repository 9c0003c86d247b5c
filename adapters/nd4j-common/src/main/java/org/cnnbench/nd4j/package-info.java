/**
 * ND4J's native CPU backend as both Deeplearning4j adapters load it: which x86-64 build of libnd4j a
 * trial gets ({@link org.cnnbench.nd4j.Nd4jNativeBuild}), and the pinned threads and provenance of the
 * loaded backend ({@link org.cnnbench.nd4j.Nd4jRuntime}).
 */
package org.cnnbench.nd4j;
