package dev.silk.core.chat;

import java.util.Locale;

/** Who wrote a chat message, as in the OpenAI chat API. */
public enum Role {
  SYSTEM, USER, ASSISTANT, TOOL;

  /** The JSON name, for example {@code "user"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role with this JSON name; unknown names are rejected. */
  public static Role fromWireName(String name) {
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role: " + name);
  }
}
