package dev.silk.node.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/** The replay contract on a node's own SQLite file. */
class SqliteReplayGuardTest extends ReplayGuardContract {
  private Path dir;

  @BeforeEach
  void newDirectory() throws Exception {
    dir = Files.createTempDirectory("silk-replay");
  }

  @Override
  ReplayGuard open() throws Exception {
    return ReplayGuard.open(dir, Duration.ofMinutes(5));
  }
}
