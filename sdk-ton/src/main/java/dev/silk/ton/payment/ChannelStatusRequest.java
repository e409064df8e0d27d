package dev.silk.ton.payment;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * A channel-status request (spec-v1 §13.4), signed by the channel's key A:
 * {@code fixed[33] channel || u64 timestamp_ms || fixed[64] signature} over
 * {@code "silk/1 channel-status-request" || 0x00 || channel || timestamp_ms}. Immutable.
 */
public final class ChannelStatusRequest {
  /** Encoded length. */
  public static final int LENGTH = 33 + 8 + 64;
  /** How far the timestamp may be from the node's clock. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);
  private static final byte[] CONTEXT = "silk/1 channel-status-request\0".getBytes(StandardCharsets.UTF_8);

  private final TonAddress channel;
  private final long timestampMs;
  private final byte[] signature;

  private ChannelStatusRequest(TonAddress channel, long timestampMs, byte[] signature) {
    this.channel = channel;
    this.timestampMs = timestampMs;
    this.signature = signature;
  }

  /** Signs a request for {@code channel} at {@code now} with A's key. */
  public static ChannelStatusRequest sign(TonAddress channel, Instant now, TonSecretKey keyA) {
    long ms = now.toEpochMilli();
    return new ChannelStatusRequest(channel, ms, keyA.sign(signedBytes(ChannelPayment.channelReference(channel), ms)));
  }

  /** Parses a request; the signature is checked by {@link #signedBy}. */
  public static ChannelStatusRequest parse(byte[] bytes) throws SilkCryptoException {
    ByteReader in = new ByteReader(bytes, "channel status request");
    TonAddress channel = ChannelPayment.channelAddress(in.fixed(33, "channel"), in);
    long timestamp = in.u64("timestamp");
    byte[] signature = in.fixed(64, "signature");
    in.expectEnd();
    return new ChannelStatusRequest(channel, timestamp, signature);
  }

  public byte[] toBytes() {
    return new ByteWriter(LENGTH).fixed(ChannelPayment.channelReference(channel)).u64(timestampMs).fixed(signature)
        .toByteArray();
  }

  public TonAddress channel() {
    return channel;
  }

  /** Whether the timestamp is within {@link #MAX_SKEW} of {@code now}. */
  public boolean freshAt(Instant now) {
    return Math.abs(Math.subtractExact(now.toEpochMilli(), timestampMs)) <= MAX_SKEW.toMillis();
  }

  /** Whether {@code keyA} signed it. */
  public boolean signedBy(byte[] keyA) {
    return TonSecretKey.verify(keyA, signedBytes(ChannelPayment.channelReference(channel), timestampMs), signature);
  }

  private static byte[] signedBytes(byte[] ref, long timestampMs) {
    byte[] signed = Arrays.copyOf(CONTEXT, CONTEXT.length + 33 + 8);
    System.arraycopy(new ByteWriter(41).fixed(ref).u64(timestampMs).toByteArray(), 0, signed, CONTEXT.length, 41);
    return signed;
  }
}
