/** Small text helpers shared by the harness and the adapters. */
package org.cnnbench.text;
