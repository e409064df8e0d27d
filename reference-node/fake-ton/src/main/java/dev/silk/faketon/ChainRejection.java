package dev.silk.faketon;

/** The chain refused a message: an external one is not accepted, an internal one aborts and bounces. */
public final class ChainRejection extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The contract's exit code (the payment-channel contract's own error numbers), or -1. */
  public final int exitCode;

  ChainRejection(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }
}
