package org.cnnbench.data.fruits;

/**
 * Examples whose uint8 pixels can be read directly (the value {@code copyFeatures} scales by
 * 1/255).
 */
interface ByteSource {

  /**
   * @return true if {@link #copyBytes} works
   */
  boolean hasBytes();

  /**
   * @param index example index
   * @param target destination
   * @param offset where the example starts in {@code target}
   */
  void copyBytes(int index, byte[] target, int offset);
}
