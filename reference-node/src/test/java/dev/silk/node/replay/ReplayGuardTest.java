package dev.silk.node.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.RequestId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
  @Test
  void idsAndKeysAreRememberedAcrossReopening() throws Exception {
    Path dir = Files.createTempDirectory("silk-replay");
    RequestId id = RequestId.random();
    byte[] enc = new byte[32];
    enc[0] = 7;
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    try (ReplayGuard guard = ReplayGuard.open(dir, Duration.ofMinutes(5))) {
      assertThat(guard.firstSeen(id, enc, now)).isTrue();
      assertThat(guard.firstSeen(id, new byte[32], now)).as("same request id").isFalse();
      assertThat(guard.firstSeen(RequestId.random(), enc, now)).as("same encapsulated key").isFalse();
    }
    try (ReplayGuard reopened = ReplayGuard.open(dir, Duration.ofMinutes(5))) {
      assertThat(reopened.firstSeen(id, new byte[] {1}, now.plusSeconds(60))).isFalse();
      assertThat(reopened.firstSeen(RequestId.random(), enc, now.plusSeconds(60))).isFalse();
      assertThat(reopened.firstSeen(RequestId.random(), new byte[] {2}, now.plusSeconds(60))).isTrue();
    }
  }

  @Test
  void entriesOlderThanTwoWindowsArePurged() throws Exception {
    Path dir = Files.createTempDirectory("silk-replay");
    RequestId id = RequestId.random();
    Instant then = Instant.parse("2026-11-25T12:00:00Z");
    try (ReplayGuard guard = ReplayGuard.open(dir, Duration.ofMinutes(5))) {
      assertThat(guard.firstSeen(id, new byte[] {3}, then)).isTrue();
      // Eleven minutes later the request would be refused by its timestamp anyway.
      assertThat(guard.firstSeen(id, new byte[] {3}, then.plus(Duration.ofMinutes(11)))).isTrue();
    }
  }
}
