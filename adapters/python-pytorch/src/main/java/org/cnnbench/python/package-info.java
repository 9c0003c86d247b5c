/**
 * The Python PyTorch reference adapter: the SPI in Java, the network in a Python worker process fed
 * through a memory-mapped file.
 */
package org.cnnbench.python;
