package dev.silk.core.errors;

/**
 * The COCOON client runner reported a failure ({@code {"error_code","error","proxy","worker"}}
 * with HTTP 500 or 502). {@link #code()} is {@code cocoon_unavailable} for 502 (no proxy or
 * worker could take the request) and {@code cocoon_error} otherwise; the runner's own fields
 * are kept as it sent them. Timeouts (504) are {@link SilkTimeoutException}s, refused fields
 * {@link BadRequestException}s.
 */
public class CocoonRunnerException extends NodeErrorException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String runnerErrorCode;
  private final String proxy;
  private final String worker;

  public CocoonRunnerException(String code, String message, int status, String runnerErrorCode, String proxy,
      String worker) {
    super(code, message, null);
    this.status = status;
    this.runnerErrorCode = runnerErrorCode;
    this.proxy = proxy;
    this.worker = worker;
  }

  /** The runner's HTTP status. */
  public int status() {
    return status;
  }

  /** The runner's {@code error_code}, or null. */
  public String runnerErrorCode() {
    return runnerErrorCode;
  }

  /** The proxy the runner names, or null. */
  public String proxy() {
    return proxy;
  }

  /** The worker the runner names, or null. */
  public String worker() {
    return worker;
  }
}
