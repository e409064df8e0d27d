package dev.silk.node;

/**
 * Makes text that came from outside safe to put in a log line: control characters (a newline
 * that would start a forged line, an escape sequence that would repaint a terminal) and
 * bidirectional overrides are written as {@code \\uXXXX}, and the text is cut at 120 characters.
 * Sealed fields (model names, prompts) are never logged at all, escaped or not.
 */
public final class LogSafe {
  static final int MAX = 120;

  private LogSafe() {}

  public static String text(String outside) {
    if (outside == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(Math.min(outside.length(), MAX) + 8);
    int i = 0;
    for (; i < outside.length() && b.length() < MAX; i++) {
      char c = outside.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
          || c == '\\') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (i < outside.length()) {
      b.append("...");
    }
    return b.toString();
  }
}
