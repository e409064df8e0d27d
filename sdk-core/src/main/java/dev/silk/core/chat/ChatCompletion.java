package dev.silk.core.chat;

import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.receipt.SignedReceipt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A verified answer: the OpenAI-style completion, the node's signed receipt (already checked
 * against this request and answer) and what the node's attestation established. Immutable and
 * thread-safe.
 */
public final class ChatCompletion {
  private final String id;
  private final String model;
  private final long created;
  private final List<Choice> choices;
  private final Usage usage;
  private final SignedReceipt receipt;
  private final AttestationResult attestation;

  public ChatCompletion(String id, String model, long created, List<Choice> choices, Usage usage,
      SignedReceipt receipt, AttestationResult attestation) {
    this.id = id;
    this.model = model;
    this.created = created;
    this.choices = Collections.unmodifiableList(new ArrayList<>(choices));
    this.usage = usage;
    this.receipt = receipt;
    this.attestation = attestation;
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

  /** The verified receipt. */
  public SignedReceipt receipt() {
    return receipt;
  }

  /** What the node's attestation established (format, measurement, or insecure dev). */
  public AttestationResult attestation() {
    return attestation;
  }

  @Override
  public String toString() {
    return "ChatCompletion[" + id + ", model=" + model + ", " + choices.size() + " choices, " + usage + "]";
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
