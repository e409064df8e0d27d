package dev.silk.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoudWarningsTest {
  @Test
  void loudEveryTimeUnlessAskedForOncePerKind() {
    String before = System.getProperty(LoudWarnings.PROPERTY);
    try {
      System.clearProperty(LoudWarnings.PROPERTY);
      assertThat(LoudWarnings.shouldLog("test-kind-a")).isTrue();
      assertThat(LoudWarnings.shouldLog("test-kind-a")).as("a real run: every time").isTrue();
      System.setProperty(LoudWarnings.PROPERTY, "once");
      assertThat(LoudWarnings.shouldLog("test-kind-b")).isTrue();
      assertThat(LoudWarnings.shouldLog("test-kind-b")).as("tests: once per kind").isFalse();
      assertThat(LoudWarnings.shouldLog("test-kind-c")).as("another kind").isTrue();
    } finally {
      if (before == null) {
        System.clearProperty(LoudWarnings.PROPERTY);
      } else {
        System.setProperty(LoudWarnings.PROPERTY, before);
      }
    }
  }
}
