/**
 * The contract every framework adapter passes, YCSB-style: one abstract test, one subclass per
 * adapter.
 */
package org.cnnbench.testkit;
