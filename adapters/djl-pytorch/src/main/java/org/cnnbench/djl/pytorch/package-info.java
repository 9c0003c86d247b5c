/** The DJL PyTorch engine adapter (CPU natives from the classifier jar, offline). */
package org.cnnbench.djl.pytorch;
