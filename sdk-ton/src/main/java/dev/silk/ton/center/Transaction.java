package dev.silk.ton.center;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** One transaction of an account, with its inbound and outbound messages. Immutable and thread-safe. */
public final class Transaction {
  private final long lt;
  private final String hash;
  private final long utime;
  private final TonAmount fee;
  private final Message inMessage;
  private final List<Message> outMessages;

  public Transaction(long lt, String hash, long utime, TonAmount fee, Message inMessage, List<Message> outMessages) {
    this.lt = lt;
    this.hash = hash;
    this.utime = utime;
    this.fee = fee;
    this.inMessage = inMessage;
    this.outMessages = Collections.unmodifiableList(new ArrayList<>(outMessages));
  }

  public long lt() {
    return lt;
  }

  /** Base64 transaction hash. */
  public String hash() {
    return hash;
  }

  public long utime() {
    return utime;
  }

  public TonAmount fee() {
    return fee;
  }

  public Optional<Message> inMessage() {
    return Optional.ofNullable(inMessage);
  }

  public List<Message> outMessages() {
    return outMessages;
  }

  @Override
  public String toString() {
    return "Transaction[lt " + lt + ", fee " + fee + ", " + outMessages.size() + " out]";
  }

  /** A message: where from and to (absent for external ones), value, and body BOC. Immutable. */
  public static final class Message {
    private final TonAddress source;
    private final TonAddress destination;
    private final TonAmount value;
    private final byte[] body;

    public Message(TonAddress source, TonAddress destination, TonAmount value, byte[] body) {
      this.source = source;
      this.destination = destination;
      this.value = value;
      this.body = body.clone();
    }

    /** Empty for an inbound external message. */
    public Optional<TonAddress> source() {
      return Optional.ofNullable(source);
    }

    /** Empty for an outbound external message. */
    public Optional<TonAddress> destination() {
      return Optional.ofNullable(destination);
    }

    public TonAmount value() {
      return value;
    }

    /** The body as raw bytes of its BOC, or empty. */
    public byte[] body() {
      return body.clone();
    }

    @Override
    public String toString() {
      return "Message[" + source + " -> " + destination + ", " + value + "]";
    }
  }
}
