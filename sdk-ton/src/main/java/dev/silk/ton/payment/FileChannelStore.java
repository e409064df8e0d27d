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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A {@link ChannelStore} in a directory: one append-only log per channel, one checksummed line
 * per record, each save synced to disk before it returns (one flush per request). A crash can
 * at worst tear the last line, which fails its checksum and is ignored, leaving the previous
 * record. Logs are compacted (rewritten with their last record, fsync, atomic rename) when they
 * grow past 64 KiB. Thread-safe.
 */
public final class FileChannelStore implements ChannelStore, AutoCloseable {
  private static final long COMPACT_AT = 64 * 1024;

  private final Path directory;
  private final Map<String, FileChannel> open = new HashMap<>();

  public FileChannelStore(Path directory) throws IOException {
    this.directory = Files.createDirectories(Objects.requireNonNull(directory, "directory"));
  }

  private Path file(TonAddress channel) {
    return directory.resolve("channel-" + channel.toRaw().replace(':', '_') + ".log");
  }

  @Override
  public synchronized Optional<ChannelRecord> load(TonAddress channel) throws IOException {
    Path file = file(channel);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      ChannelRecord record = parse(lines.get(i));
      if (record != null) {
        return Optional.of(record);
      }
    }
    if (!lines.isEmpty()) {
      throw new IOException("no intact record in " + file + ": refusing to guess what was signed");
    }
    return Optional.empty();
  }

  @Override
  public synchronized void save(TonAddress channel, ChannelRecord record) throws IOException {
    FileChannel log = open.get(channel.toRaw());
    if (log == null) {
      log = FileChannel.open(file(channel), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
      open.put(channel.toRaw(), log);
    }
    if (log.size() > COMPACT_AT) {
      log = compact(channel, log, record);
      return;
    }
    log.write(ByteBuffer.wrap(line(record).getBytes(StandardCharsets.UTF_8)));
    log.force(false);
  }

  /** Rewrites the log with {@code record} alone, atomically. */
  private FileChannel compact(TonAddress channel, FileChannel old, ChannelRecord record) throws IOException {
    Path target = file(channel);
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(ByteBuffer.wrap(line(record).getBytes(StandardCharsets.UTF_8)));
      out.force(true);
    }
    old.close();
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException notSupported) {
      // Some platforms cannot fsync a directory; the rename itself is still atomic there.
    }
    FileChannel log = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    open.put(channel.toRaw(), log);
    return log;
  }

  static String line(ChannelRecord r) {
    String body = r.lastSeqno() + " " + r.lastSent().nanoton() + " " + r.charged().nanoton();
    return body + " " + crc(body) + "\n";
  }

  /** The record of an intact line, or null for a torn or foreign one. */
  static ChannelRecord parse(String line) {
    String[] f = line.trim().split(" ");
    if (f.length != 4) {
      return null;
    }
    String body = f[0] + " " + f[1] + " " + f[2];
    try {
      if (Long.parseLong(f[3]) != crc(body)) {
        return null;
      }
      return new ChannelRecord(Long.parseLong(f[0]), TonAmount.ofNanoton(Long.parseLong(f[1])),
          TonAmount.ofNanoton(Long.parseLong(f[2])));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static long crc(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  @Override
  public synchronized void close() throws IOException {
    for (FileChannel c : open.values()) {
      c.close();
    }
    open.clear();
  }
}
