/** Initial weights in one canonical layout, generated once per model and seed and hashed. */
package org.cnnbench.weights;
