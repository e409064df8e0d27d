package dev.silk.ton.payment;

import dev.silk.ton.TonAddress;
import java.io.IOException;
import java.util.Optional;

/**
 * Durable memory of the client's channels. {@link #save} returns only once the record would
 * survive a crash or power loss: the provider saves before a signed state leaves the process.
 * {@link FileChannelStore} is the default; a backend may store records in its own database.
 * Implementations are thread-safe.
 */
public interface ChannelStore {
  Optional<ChannelRecord> load(TonAddress channel) throws IOException;

  void save(TonAddress channel, ChannelRecord record) throws IOException;
}
