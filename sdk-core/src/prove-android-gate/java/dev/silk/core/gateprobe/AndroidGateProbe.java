package dev.silk.core.gateprobe;

import java.util.HexFormat;

/**
 * Compiled only with {@code -Pprove-android-gate}: uses {@code HexFormat} (Android API 34) and
 * {@code String.strip} (API 33), neither of which D8 backports, so the Android API 26 check
 * must fail the build; .ci/run asserts that it does. (Methods that D8 backports to every API
 * level, such as {@code List.of}, are in the gummy-bears signature and pass.)
 */
final class AndroidGateProbe {
  private AndroidGateProbe() {}

  static String probe() {
    return HexFormat.of().formatHex(new byte[] {1}).strip();
  }
}
