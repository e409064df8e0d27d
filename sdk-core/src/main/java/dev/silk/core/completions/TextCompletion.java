package dev.silk.core.completions;

import dev.silk.core.Verification;
import dev.silk.core.chat.Usage;
import dev.silk.core.payment.TonAmount;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** A legacy text completion and its {@link Verification}. Immutable and thread-safe. */
public final class TextCompletion {
  private final String id;
  private final String model;
  private final long created;
  private final List<Choice> choices;
  private final Usage usage;
  private final Verification verification;

  public TextCompletion(String id, String model, long created, List<Choice> choices, Usage usage,
      Verification verification) {
    this.id = id;
    this.model = model;
    this.created = created;
    this.choices = Collections.unmodifiableList(new ArrayList<>(choices));
    this.usage = usage;
    this.verification = Objects.requireNonNull(verification, "verification");
  }

  public String id() {
    return id;
  }

  public String model() {
    return model;
  }

  /** Unix seconds. */
  public long created() {
    return created;
  }

  public List<Choice> choices() {
    return choices;
  }

  /** The first choice's text, or null if there is none. */
  public String text() {
    return choices.isEmpty() ? null : choices.get(0).text();
  }

  public Usage usage() {
    return usage;
  }

  public Verification verification() {
    return verification;
  }

  public TonAmount cost() {
    return verification.cost();
  }

  @Override
  public String toString() {
    return "TextCompletion[" + id + ", model=" + model + ", " + choices.size() + " choices, " + usage + ", "
        + verification.level().description() + "]";
  }

  /** One alternative continuation. Immutable and thread-safe. */
  public static final class Choice {
    private final int index;
    private final String text;
    private final String finishReason;

    public Choice(int index, String text, String finishReason) {
      this.index = index;
      this.text = text;
      this.finishReason = finishReason;
    }

    public int index() {
      return index;
    }

    public String text() {
      return text;
    }

    /** {@code stop}, {@code length}, or null. */
    public String finishReason() {
      return finishReason;
    }
  }
}
