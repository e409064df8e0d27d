package dev.silk.crypto.registry;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import java.nio.charset.StandardCharsets;

/** The URL rule both discovery objects share (spec-v1 §14): an absolute http(s) URL, no spaces. */
final class NodeUrls {
  static final int MAX_URL = 2048;

  private NodeUrls() {}

  static boolean valid(String url) {
    if (url == null || url.isEmpty() || url.getBytes(StandardCharsets.UTF_8).length > MAX_URL) {
      return false;
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    return (url.startsWith("https://") && url.length() > 8) || (url.startsWith("http://") && url.length() > 7);
  }

  static String require(String url) {
    if (!valid(url)) {
      throw new IllegalArgumentException("a node URL is an absolute http(s) URL of printable ASCII, at most 2048 bytes");
    }
    return url;
  }

  static String read(ByteReader in) throws SilkCryptoException {
    String url = in.string(MAX_URL, "url");
    if (!valid(url)) {
      throw in.malformed("url is not an absolute http(s) URL of printable ASCII");
    }
    return url;
  }
}
