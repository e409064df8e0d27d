package dev.silk.core;

/** The one definition of "loopback" for the client's and the node's plain-HTTP rules. */
public final class Loopback {
  private Loopback() {}

  /** Whether {@code host} (a name or literal address, IPv6 with or without brackets) is loopback. */
  public static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("::1") || host.equals("[::1]")
        || host.matches("127(\\.\\d{1,3}){3}");
  }

  /** Whether {@code url} is an absolute URL whose host is loopback (false for anything unparsable). */
  public static boolean isLoopbackUrl(String url) {
    try {
      String host = java.net.URI.create(url).getHost();
      return host != null && isLoopback(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
