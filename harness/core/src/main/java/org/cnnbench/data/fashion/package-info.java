/** Fashion-MNIST from Debian's {@code dataset-fashion-mnist} package, behind a dataset provider. */
package org.cnnbench.data.fashion;
