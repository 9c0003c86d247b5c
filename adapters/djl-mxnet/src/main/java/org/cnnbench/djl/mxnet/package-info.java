/** The DJL MXNet engine adapter (MKL CPU natives from the classifier jar, offline). */
package org.cnnbench.djl.mxnet;
