package dev.silk.core.chat;

import dev.silk.core.Verification;
import dev.silk.core.errors.StructuredOutputException;
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

  /**
   * The first choice's text read as {@code type}: the answer to a request with
   * {@link ResponseFormat#jsonSchema(Class)} of the same type. A record needs every component
   * in the answer; a class takes what the JSON has.
   *
   * @throws StructuredOutputException if the answer was cut short, refused, only called tools,
   *     or is not JSON of {@code type} (the message never quotes the answer)
   */
  public <T> T parse(Class<T> type) {
    java.util.Objects.requireNonNull(type, "type");
    if (choices.isEmpty()) {
      throw new StructuredOutputException("the answer has no choice", null);
    }
    Choice first = choices.get(0);
    if ("length".equals(first.finishReason()) || "content_filter".equals(first.finishReason())) {
      throw new StructuredOutputException("the answer ended with finish reason '" + first.finishReason()
          + "' before its JSON was complete", first.finishReason());
    }
    String text = first.message().content();
    if (text == null) {
      throw new StructuredOutputException("the answer has no text (it called tools)", first.finishReason());
    }
    try {
      return dev.silk.core.internal.structured.StructuredJson.read(text, type);
    } catch (java.io.IOException e) {
      throw new StructuredOutputException(e.getMessage(), first.finishReason());
    }
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
