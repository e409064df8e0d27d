package dev.silk.core.errors;

/** The node failed while serving an authenticated request ({@code internal}, HTTP 5xx) or answered with an unexpected status. */
public class NodeErrorException extends SilkException {
  private static final long serialVersionUID = 1L;

  public NodeErrorException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
