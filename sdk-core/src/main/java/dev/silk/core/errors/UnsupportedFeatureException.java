package dev.silk.core.errors;

/**
 * The request asks for something the chosen transport cannot carry (for example tools on a
 * COCOON runner): {@code unsupported_feature}. Thrown before anything is sent.
 */
public class UnsupportedFeatureException extends BadRequestException {
  private static final long serialVersionUID = 1L;

  public UnsupportedFeatureException(String message) {
    super("unsupported_feature", message, null);
  }
}
