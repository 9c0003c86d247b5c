/**
 * The framework-neutral model description: layers, loss, optimizer, shapes and the model catalogue.
 */
package org.cnnbench.spec;
