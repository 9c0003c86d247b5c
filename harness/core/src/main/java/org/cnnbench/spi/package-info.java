/**
 * The adapter SPI: what a framework binding implements. Adapters do no timing, no file I/O and no
 * shuffling; the harness owns the data order and times around every call.
 */
package org.cnnbench.spi;
