package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
  @Test
  void controlCharactersCannotStartALineOrRepaintATerminal() {
    assertThat(LogSafe.text("a\nb\r\nc\u001b[2Jd\u0007\u202eevil\\")).isEqualTo(
        "a\\u000ab\\u000d\\u000ac\\u001b[2Jd\\u0007\\u202eevil\\u005c");
    assertThat(LogSafe.text("plain text, ünïcödé")).isEqualTo("plain text, ünïcödé");
    assertThat(LogSafe.text(null)).isEqualTo("null");
  }

  @Test
  void longTextIsCut() {
    String cut = LogSafe.text("x".repeat(10_000));
    assertThat(cut).hasSize(LogSafe.MAX + 3).endsWith("...");
    assertThat(LogSafe.text("x".repeat(LogSafe.MAX))).hasSize(LogSafe.MAX);
  }
}
