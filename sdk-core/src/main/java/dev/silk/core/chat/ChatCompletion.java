package dev.silk.core.chat;

import dev.silk.core.Verification;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.receipt.SignedReceipt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An answer: the OpenAI-style completion and its {@link Verification} — from a Silk node, the
 * signed receipt (already checked against this request and answer) and what the node's
 * attestation established; from a COCOON runner, only the runner's word and cost. Immutable
 * and thread-safe.
 */
public final class ChatCompletion {
  private final String id;
  private final String model;
  private final long created;
  private final List<Choice> choices;
  private final Usage usage;
  private final Verification verification;

  public ChatCompletion(String id, String model, long created, List<Choice> choices, Usage usage,
      Verification verification) {
    this.id = id;
    this.model = model;
    this.created = created;
    this.choices = Collections.unmodifiableList(new ArrayList<>(choices));
    this.usage = usage;
    this.verification = java.util.Objects.requireNonNull(verification, "verification");
  }

  public String id() {
    return id;
  }

  public String model() {
    return model;
  }

  /** Unix seconds when the node created the answer. */
  public long created() {
    return created;
  }

  public List<Choice> choices() {
    return choices;
  }

  /** The first choice's message text (null if it only called tools). */
  public String content() {
    return choices.isEmpty() ? null : choices.get(0).message().content();
  }

  public Usage usage() {
    return usage;
  }

  /** What was verified about this answer, and what it cost. */
  public Verification verification() {
    return verification;
  }

  /** What this answer cost, in the same money type for every transport. */
  public TonAmount cost() {
    return verification.cost();
  }

  /**
   * The verified receipt.
   *
   * @throws IllegalStateException if the answer has none (from a COCOON runner)
   */
  public SignedReceipt receipt() {
    return verification.requireReceipt();
  }

  /**
   * What the node's attestation established (format, measurement, or insecure dev).
   *
   * @throws IllegalStateException if Silk checked none (answers from a COCOON runner)
   */
  public AttestationResult attestation() {
    return verification.requireAttestation();
  }

  @Override
  public String toString() {
    return "ChatCompletion[" + id + ", model=" + model + ", " + choices.size() + " choices, " + usage + ", "
        + verification.level().description() + "]";
  }

  /** One alternative answer. Immutable and thread-safe. */
  public static final class Choice {
    private final int index;
    private final ChatMessage message;
    private final String finishReason;

    public Choice(int index, ChatMessage message, String finishReason) {
      this.index = index;
      this.message = message;
      this.finishReason = finishReason;
    }

    public int index() {
      return index;
    }

    public ChatMessage message() {
      return message;
    }

    /** {@code "stop"}, {@code "length"}, {@code "tool_calls"}, … */
    public String finishReason() {
      return finishReason;
    }
  }
}
