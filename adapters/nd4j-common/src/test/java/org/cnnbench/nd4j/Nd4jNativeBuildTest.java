package org.cnnbench.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Nd4jNativeBuildTest {

  private static final Set<String> HASWELL = Set.of("sse4_2", "avx", "avx2", "fma");
  private static final Set<String> SANDY_BRIDGE = Set.of("sse4_2", "avx");
  private static final String M2 = "/m2/org/nd4j/nd4j-native/1.0.0-M2.1/";
  private static final List<String> CLASSPATH =
      List.of(
          "/repo/adapters/dl4j/target/classes",
          M2 + "nd4j-native-1.0.0-M2.1.jar",
          M2 + "nd4j-native-1.0.0-M2.1-linux-x86_64.jar",
          M2 + "nd4j-native-1.0.0-M2.1-linux-x86_64-avx2.jar",
          M2 + "nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx2.jar",
          "/m2/org/nd4j/nd4j-native-preset/1.0.0-M2.1/nd4j-native-preset-1.0.0-M2.1-linux-x86_64.jar",
          "/m2/org/bytedeco/openblas/0.3.19-1.5.7/openblas-0.3.19-1.5.7-linux-x86_64.jar");

  @Test
  void anAvx2CpuGetsTheOneDnnBuildAndAnOlderOneTheGenericBuild() {
    assertEquals(Nd4jNativeBuild.ONEDNN_AVX2, Nd4jNativeBuild.choose(HASWELL, null));
    assertEquals(Nd4jNativeBuild.ONEDNN_AVX2, Nd4jNativeBuild.choose(HASWELL, " "));
    assertEquals(Nd4jNativeBuild.GENERIC, Nd4jNativeBuild.choose(SANDY_BRIDGE, null));
    assertEquals(Nd4jNativeBuild.GENERIC, Nd4jNativeBuild.choose(Set.of(), null), "unknown CPU");
    assertEquals(
        Nd4jNativeBuild.GENERIC, Nd4jNativeBuild.choose(Set.of("avx2"), null), "AVX2 without FMA");
  }

  @Test
  void aForcedBuildIsCheckedAgainstTheCpu() {
    assertEquals(Nd4jNativeBuild.AVX2, Nd4jNativeBuild.choose(HASWELL, "avx2"));
    assertEquals(Nd4jNativeBuild.GENERIC, Nd4jNativeBuild.choose(HASWELL, "GENERIC"));
    IllegalArgumentException sigill =
        assertThrows(
            IllegalArgumentException.class,
            () -> Nd4jNativeBuild.choose(SANDY_BRIDGE, "onednn-avx2"));
    assertTrue(
        sigill.getMessage().contains("[avx2, fma]") && sigill.getMessage().contains("SIGILL"),
        sigill.getMessage());
  }

  @Test
  void anUnknownBuildListsTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Nd4jNativeBuild.choose(HASWELL, "avx512"));
    assertTrue(e.getMessage().contains("-Ddl4j.native=avx512"), e.getMessage());
    assertTrue(e.getMessage().contains("generic, avx2, onednn-avx2"), e.getMessage());
  }

  @Test
  void theClassPathKeepsOnlyTheChosenPlatformJar() {
    List<String> kept = Nd4jNativeBuild.ONEDNN_AVX2.keepOnly(CLASSPATH);
    assertEquals(
        List.of(
            CLASSPATH.get(0),
            CLASSPATH.get(1),
            CLASSPATH.get(4),
            CLASSPATH.get(5),
            CLASSPATH.get(6)),
        kept);
    List<String> generic = Nd4jNativeBuild.GENERIC.keepOnly(CLASSPATH);
    assertTrue(
        generic.contains(CLASSPATH.get(2))
            && !generic.contains(CLASSPATH.get(3))
            && !generic.contains(CLASSPATH.get(4)),
        generic.toString());
    assertEquals(CLASSPATH.size() - 2, generic.size());
    assertThrows(
        IllegalStateException.class,
        () -> Nd4jNativeBuild.AVX2.keepOnly(List.of(CLASSPATH.get(1), CLASSPATH.get(2))));
  }

  @Test
  void flagsComeFromTheFirstFlagsLineOfCpuinfo() {
    List<String> cpuinfo =
        List.of(
            "processor\t: 0",
            "model name\t: Intel Xeon",
            "flags\t\t: fpu sse4_2 AVX2 fma",
            "processor\t: 1",
            "flags\t\t: fpu");
    assertEquals(Set.of("fpu", "sse4_2", "avx2", "fma"), Nd4jNativeBuild.cpuFlags(cpuinfo));
    assertEquals(Set.of(), Nd4jNativeBuild.cpuFlags(List.of("processor : 0")));
  }

  @Test
  void theLoadedBuildIsReadFromTheLibraryPath() {
    assertEquals(
        Nd4jNativeBuild.ONEDNN_AVX2,
        Nd4jNativeBuild.ofLoadedLibrary(
            "/root/.javacpp/cache/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx2.jar/org/nd4j/linalg/cpu/"
                + "nativecpu/bindings/linux-x86_64-onednn-avx2/libnd4jcpu.so"));
    assertEquals(
        Nd4jNativeBuild.GENERIC,
        Nd4jNativeBuild.ofLoadedLibrary(
            "/c/org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libnd4jcpu.so"));
    assertNull(Nd4jNativeBuild.ofLoadedLibrary("/usr/lib/libnd4jcpu.so"));
  }
}
