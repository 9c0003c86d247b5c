/** Datasets: MNIST from IDX files, splits, and the seeded data order shared by every framework. */
package org.cnnbench.data;
