package dev.silk.ton.payment;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * A {@link ChannelStore} in a directory: one small properties file per channel, replaced
 * atomically (write a temporary file, fsync it, rename over the old one, fsync the directory),
 * so a crash leaves either the old or the new record, never a torn one. Thread-safe.
 */
public final class FileChannelStore implements ChannelStore {
  private final Path directory;

  public FileChannelStore(Path directory) throws IOException {
    this.directory = Files.createDirectories(Objects.requireNonNull(directory, "directory"));
  }

  private Path file(TonAddress channel) {
    return directory.resolve("channel-" + channel.toRaw().replace(':', '_') + ".properties");
  }

  @Override
  public synchronized Optional<ChannelRecord> load(TonAddress channel) throws IOException {
    Path file = file(channel);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (java.io.Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    try {
      return Optional.of(new ChannelRecord(Long.parseLong(p.getProperty("last_seqno")),
          TonAmount.ofNanoton(Long.parseLong(p.getProperty("last_sent_nanoton"))),
          TonAmount.ofNanoton(Long.parseLong(p.getProperty("charged_nanoton")))));
    } catch (RuntimeException e) {
      throw new IOException("corrupt channel record " + file + ": refusing to guess what was signed", e);
    }
  }

  @Override
  public synchronized void save(TonAddress channel, ChannelRecord record) throws IOException {
    String text = "# Silk payment channel " + channel.toRaw() + ": never edit by hand\n"
        + "last_seqno=" + record.lastSeqno() + "\n"
        + "last_sent_nanoton=" + record.lastSent().nanoton() + "\n"
        + "charged_nanoton=" + record.charged().nanoton() + "\n";
    Path target = file(channel);
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      out.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException notSupported) {
      // Some platforms cannot fsync a directory; the rename itself is still atomic there.
    }
  }
}
