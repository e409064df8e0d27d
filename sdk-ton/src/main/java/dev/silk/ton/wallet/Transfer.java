package dev.silk.ton.wallet;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import java.util.Objects;

/**
 * One outgoing transfer: destination, amount, and optionally a message body and a StateInit
 * (to deploy a contract, such as a payment channel, with the transfer). Immutable.
 *
 * <pre>{@code
 * Transfer t = Transfer.builder(destination, TonAmount.ofTon("1.5")).comment("thanks").build();
 * }</pre>
 */
public final class Transfer {
  private final TonAddress destination;
  private final TonAmount amount;
  private final boolean bounce;
  private final byte[] body;
  private final String comment;
  private final byte[] stateInit;

  private Transfer(Builder b) {
    this.destination = b.destination;
    this.amount = b.amount;
    this.bounce = b.bounce;
    this.body = b.body;
    this.comment = b.comment;
    this.stateInit = b.stateInit;
  }

  public static Builder builder(TonAddress destination, TonAmount amount) {
    return new Builder(destination, amount);
  }

  public TonAddress destination() {
    return destination;
  }

  public TonAmount amount() {
    return amount;
  }

  public boolean bounce() {
    return bounce;
  }

  /** The body BOC, or null. */
  public byte[] body() {
    return body == null ? null : body.clone();
  }

  /** A text comment (sent as a body with op 0), or null. */
  public String comment() {
    return comment;
  }

  /** The StateInit BOC to deploy at the destination, or null. */
  public byte[] stateInit() {
    return stateInit == null ? null : stateInit.clone();
  }

  @Override
  public String toString() {
    return "Transfer[" + amount + " to " + destination + (stateInit != null ? ", deploying" : "") + "]";
  }

  /** Builds a {@link Transfer}; not thread-safe. */
  public static final class Builder {
    private final TonAddress destination;
    private final TonAmount amount;
    private boolean bounce = true;
    private byte[] body;
    private String comment;
    private byte[] stateInit;

    private Builder(TonAddress destination, TonAmount amount) {
      this.destination = Objects.requireNonNull(destination, "destination");
      this.amount = Objects.requireNonNull(amount, "amount");
    }

    /** Whether an undeliverable transfer comes back; default true (false for a fresh wallet as destination). */
    public Builder bounce(boolean bounce) {
      this.bounce = bounce;
      return this;
    }

    public Builder body(byte[] bodyBoc) {
      this.body = Objects.requireNonNull(bodyBoc, "bodyBoc").clone();
      this.comment = null;
      return this;
    }

    public Builder comment(String comment) {
      this.comment = Objects.requireNonNull(comment, "comment");
      this.body = null;
      return this;
    }

    public Builder stateInit(byte[] stateInitBoc) {
      this.stateInit = Objects.requireNonNull(stateInitBoc, "stateInitBoc").clone();
      return this;
    }

    public Transfer build() {
      return new Transfer(this);
    }
  }
}
