package org.cnnbench.spi;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a trial runs. */
public enum Device {
  /** The host processor. */
  CPU,
  /** The first CUDA GPU. */
  GPU;

  /**
   * @return the lower-case name used on the command line and in results
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @return the capability an adapter needs to run on this device
   */
  public Capability capability() {
    return this == CPU ? Capability.DEVICE_CPU : Capability.DEVICE_GPU;
  }

  /**
   * Parses a device name.
   *
   * @param name {@code cpu} or {@code gpu}
   * @return the device
   * @throws IllegalArgumentException listing the valid names if unknown
   */
  public static Device of(String name) {
    for (Device d : values()) {
      if (d.id().equalsIgnoreCase(name.trim())) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown device '"
            + name
            + "'; valid: "
            + Arrays.stream(values()).map(Device::id).collect(Collectors.joining(", ")));
  }
}
