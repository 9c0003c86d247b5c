/**
 * A plain-Java forward pass of a ModelSpec from canonical weights: the yardstick for layout
 * conversions.
 */
package org.cnnbench.reference;
