package dev.silk.ton.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChannelStoreTest {
  private static final TonAddress CHANNEL = TonAddress.of(0, new byte[32]);

  private static ChannelRecord record(long seqno) {
    return new ChannelRecord(seqno, TonAmount.ofNanoton(seqno * 100), TonAmount.ofNanoton(seqno * 90));
  }

  @Test
  void theLastSavedRecordSurvivesReopening(@TempDir Path dir) throws IOException {
    try (FileChannelStore store = new FileChannelStore(dir)) {
      assertThat(store.load(CHANNEL)).isEmpty();
      for (long i = 1; i <= 5; i++) {
        store.save(CHANNEL, record(i));
      }
    }
    try (FileChannelStore reopened = new FileChannelStore(dir)) {
      assertThat(reopened.load(CHANNEL)).contains(record(5));
    }
  }

  @Test
  void aTornLastLineFallsBackToThePreviousRecord(@TempDir Path dir) throws IOException {
    try (FileChannelStore store = new FileChannelStore(dir)) {
      store.save(CHANNEL, record(7));
      store.save(CHANNEL, record(8));
    }
    Path log = Files.list(dir).filter(p -> p.toString().endsWith(".log")).findFirst().get();
    String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    Files.write(log, text.substring(0, text.length() - 4).getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.TRUNCATE_EXISTING);
    try (FileChannelStore reopened = new FileChannelStore(dir)) {
      assertThat(reopened.load(CHANNEL)).contains(record(7));
    }
    Files.write(log, "garbage\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.TRUNCATE_EXISTING);
    try (FileChannelStore broken = new FileChannelStore(dir)) {
      assertThatThrownBy(() -> broken.load(CHANNEL)).isInstanceOf(IOException.class)
          .hasMessageContaining("refusing to guess");
    }
  }

  @Test
  void aLongLogIsCompactedToItsLastRecord(@TempDir Path dir) throws IOException {
    try (FileChannelStore store = new FileChannelStore(dir)) {
      for (long i = 1; i <= 3000; i++) {
        store.save(CHANNEL, record(i));
      }
      assertThat(store.load(CHANNEL)).contains(record(3000));
    }
    Path log = Files.list(dir).filter(p -> p.toString().endsWith(".log")).findFirst().get();
    assertThat(Files.size(log)).isLessThan(70 * 1024);
  }
}
