package dev.silk.node.payment;

import dev.silk.ton.TonAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Channels as the chain shows them, read so that nobody can make the node wait on the chain by
 * naming channels: at most {@code concurrency} reads run at once, at most four times as many
 * wait for a turn (more are refused at once), a caller waits at most {@code deadline} in all,
 * concurrent reads of one address share one call, and "not a channel with this node" is remembered for {@code unknownTtl}. Keys
 * and channel id never change for an address (the address is a hash of them), so a known channel
 * is never read again for them; its balance is re-read on demand. No lock is held while the chain
 * answers. Thread-safe.
 */
final class ChannelDirectory implements AutoCloseable {
  /** The chain could not be read in time, or too many reads are under way: the request is refused, retry later. */
  static final class ChainUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    ChainUnavailableException(String message) {
      super(message);
    }
  }

  /** How many unknown addresses are remembered at most. */
  static final int MAX_UNKNOWN = 100_000;

  private final ChainView chain;
  private final Semaphore reads;
  private final Semaphore queue;
  private final Duration deadline;
  private final Duration unknownTtl;
  private final Clock clock;
  private final ExecutorService executor;
  private final Map<String, CompletableFuture<Optional<OnChainChannel>>> pending = new ConcurrentHashMap<>();
  private final Map<String, OnChainChannel> known = new ConcurrentHashMap<>();
  private final Map<String, Instant> unknownUntil = new ConcurrentHashMap<>();

  ChannelDirectory(ChainView chain, int concurrency, Duration deadline, Duration unknownTtl, Clock clock) {
    this.chain = chain;
    this.reads = new Semaphore(concurrency);
    this.queue = new Semaphore(4 * concurrency);
    this.deadline = deadline;
    this.unknownTtl = unknownTtl;
    this.clock = clock;
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "silk-chain-read");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The channel at {@code address} as last read (its keys are final; its balances may be old),
   * or a read if it was never seen open. The result may be a channel that is not open (yet, or
   * any more); empty if no channel contract is there.
   */
  Optional<OnChainChannel> lookup(TonAddress address) throws ChainUnavailableException {
    String key = address.toRaw();
    OnChainChannel seen = known.get(key);
    if (seen != null) {
      return Optional.of(seen);
    }
    Instant until = unknownUntil.get(key);
    if (until != null) {
      if (clock.instant().isBefore(until)) {
        return Optional.empty();
      }
      unknownUntil.remove(key, until);
    }
    return read(address);
  }

  /** A new read of the channel (balances, state), within the same bounds. */
  Optional<OnChainChannel> read(TonAddress address) throws ChainUnavailableException {
    String key = address.toRaw();
    long remaining = deadline.toNanos();
    CompletableFuture<Optional<OnChainChannel>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<OnChainChannel>> shared = pending.putIfAbsent(key, mine);
    if (shared == null) {
      shared = mine;
      long start = System.nanoTime();
      try {
        takeTurn();
      } catch (ChainUnavailableException e) {
        pending.remove(key, mine);
        mine.completeExceptionally(e);
        throw e;
      }
      remaining = deadline.toNanos() - (System.nanoTime() - start);
      executor.execute(() -> {
        Optional<OnChainChannel> found = null;
        RuntimeException failure = null;
        try {
          found = chain.channel(address);
          if (found.isPresent() && found.get().open()) {
            known.put(key, found.get());
          } else {
            remember(key);
          }
        } catch (RuntimeException e) {
          failure = e;
        } finally {
          // Free the slot before anyone waiting hears the answer: the next read may start at once.
          pending.remove(key, mine);
          reads.release();
        }
        if (failure != null) {
          mine.completeExceptionally(failure);
        } else {
          mine.complete(found);
        }
      });
    }
    try {
      return shared.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new ChainUnavailableException("the chain did not answer within " + deadline.toMillis() + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ChainUnavailableException) {
        throw (ChainUnavailableException) e.getCause();
      }
      throw new ChainUnavailableException("the chain read failed: " + e.getCause().getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainUnavailableException("interrupted");
    }
  }

  /** Waits (within the deadline) for one of the read slots, if the queue for them has room. */
  private void takeTurn() throws ChainUnavailableException {
    if (reads.tryAcquire()) {
      return;
    }
    if (!queue.tryAcquire()) {
      throw new ChainUnavailableException("too many chain reads under way");
    }
    try {
      if (!reads.tryAcquire(deadline.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new ChainUnavailableException("the chain did not answer within " + deadline.toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainUnavailableException("interrupted");
    } finally {
      queue.release();
    }
  }

  /** Remembers an address that is no open channel, keeping the memory an attacker can fill bounded. */
  private void remember(String key) {
    Instant now = clock.instant();
    if (unknownUntil.size() >= MAX_UNKNOWN) {
      unknownUntil.values().removeIf(until -> !now.isBefore(until));
      if (unknownUntil.size() >= MAX_UNKNOWN) {
        unknownUntil.clear();
      }
    }
    unknownUntil.put(key, now.plus(unknownTtl));
  }

  /** Forgets that an address was no channel of this node's (it may be opened now). */
  void forgetUnknown(TonAddress address) {
    unknownUntil.remove(address.toRaw());
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
