/**
 * The adapter SPI: what a framework binding implements. Adapters do no timing, no shuffling, no
 * file I/O outside the folders the harness hands them and set no global state: a provider declares
 * what it needs ({@link org.cnnbench.spi.FrameworkProvider#needs()}: a scratch folder, bundles of
 * natives to unpack; {@link org.cnnbench.spi.FrameworkProvider#childSystemProperties(int)}: system
 * properties), the harness makes it and passes it to {@code open} as a {@link
 * org.cnnbench.spi.FrameworkContext}. The harness owns the data order and times around every call.
 */
package org.cnnbench.spi;
