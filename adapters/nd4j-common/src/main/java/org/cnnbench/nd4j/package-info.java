/**
 * What both Deeplearning4j adapters share: which x86-64 build of libnd4j a trial gets ({@link
 * org.cnnbench.nd4j.Nd4jNativeBuild}), the trial JVM's settings ({@link
 * org.cnnbench.nd4j.Nd4jChildSettings}), the pinned threads and provenance of the loaded backend
 * ({@link org.cnnbench.nd4j.Nd4jRuntime}), the base provider and session each adapter extends
 * ({@link org.cnnbench.nd4j.Nd4jProvider}, {@link org.cnnbench.nd4j.Nd4jSession}) and the batch
 * arrays ({@link org.cnnbench.nd4j.Nd4jBatches}).
 */
package org.cnnbench.nd4j;
