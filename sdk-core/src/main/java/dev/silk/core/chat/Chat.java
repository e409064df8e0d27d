package dev.silk.core.chat;

/** The chat resource of a {@code SilkClient}: {@code client.chat().completions()}. */
public interface Chat {
  Completions completions();
}
