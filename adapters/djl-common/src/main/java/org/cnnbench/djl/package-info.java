/** Translates a ModelSpec into a DJL block and trains it; shared by the DJL engine adapters. */
package org.cnnbench.djl;
