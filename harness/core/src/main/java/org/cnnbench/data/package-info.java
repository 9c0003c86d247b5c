/**
 * Datasets: the {@link org.cnnbench.data.DatasetProvider} SPI and its registry, MNIST from IDX
 * files, splits, and the seeded data order shared by every framework. Providers of other datasets
 * live in sub-packages; this package names none of them.
 */
package org.cnnbench.data;
