/**
 * What the harness makes for an adapter in the process that hosts it (a trial, the parity probe, a
 * JMH fork, the contract test), from the provider's {@link org.cnnbench.spi.FrameworkNeeds}: the
 * scratch folder, removed afterwards, and the bundles unpacked once into a shared cache.
 */
package org.cnnbench.host;
