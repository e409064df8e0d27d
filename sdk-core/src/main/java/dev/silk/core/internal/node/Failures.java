package dev.silk.core.internal.node;

import dev.silk.core.errors.BadRequestException;
import dev.silk.core.errors.NodeErrorException;
import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.errors.RateLimitedException;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.SilkIoException;
import dev.silk.core.errors.SilkTimeoutException;
import dev.silk.core.errors.VerificationException;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.error.NodeError;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import okhttp3.ResponseBody;

/** Maps node answers and transport failures to the client's typed exceptions. */
public final class Failures {
  private Failures() {}

  /** A failure the node signed: its code decides the exception; its Retry-After is trusted. */
  public static SilkException fromNodeError(NodeError error) {
    String code = error.code().wireName();
    String message = "node: " + error.message();
    switch (error.code()) {
      case RATE_LIMITED:
      case OVERLOADED:
        return new RateLimitedException(code, message, error.retryAfter());
      case PAYMENT_REQUIRED:
      case COMMIT_REQUIRED:
      case CHANNEL_CLOSED:
        return new PaymentRequiredException(code, message, null);
      case INTERNAL:
        return new NodeErrorException(code, message, null);
      case WRONG_RECIPIENT:
      case STALE_DESCRIPTOR:
      case DECRYPTION_FAILED:
        return new StaleDescriptorException(code, message);
      default:
        return new BadRequestException(code, message, null);
    }
  }

  /**
   * A non-200 answer: trusted only if it carries an error signed by the node; otherwise only its
   * HTTP status is used, and no Retry-After advice.
   */
  public static SilkException fromStatus(VerifiedNode node, int status, byte[] body) {
    try {
      return fromNodeError(NodeError.parse(body).verify(node.descriptor.signingKey()));
    } catch (SilkCryptoException unsigned) {
      String message = "HTTP " + status + " without a valid signed error";
      if (status == 421) {
        // Misdirected: possibly a node with new keys, whose errors our cached key cannot verify.
        // Refetching is safe: the new descriptor is verified like the first one.
        return new StaleDescriptorException("wrong_recipient", message);
      } else if (status == 429 || status == 503) {
        return new RateLimitedException(status == 429 ? "rate_limited" : "overloaded", message, Duration.ZERO);
      } else if (status == 401 || status == 403) {
        return new dev.silk.core.errors.UnauthorizedException("unauthorized", message, null);
      } else if (status == 402) {
        return new PaymentRequiredException("payment_required", message, null);
      } else if (status >= 400 && status < 500) {
        return new BadRequestException("http_" + status, message, null);
      }
      return new NodeErrorException("http_" + status, message, null);
    }
  }

  /** A client-side check of the answer failed. */
  public static VerificationException verification(SilkCryptoException e) {
    return new VerificationException(e.code().wireName(), "answer rejected: " + e.getMessage(), e);
  }

  public static VerificationException truncated() {
    return new VerificationException(ErrorCode.STREAM_TRUNCATED.wireName(), "answer ended without its final chunk", null);
  }

  public static SilkException io(IOException e) {
    if (e instanceof SurfacedFailure) {
      return ((SurfacedFailure) e).failure();
    }
    if (e instanceof InterruptedIOException) {
      return new SilkTimeoutException("timeout", "the call timed out", e);
    }
    String what = e.getClass().getSimpleName();
    if ((e instanceof java.net.UnknownHostException || e instanceof java.net.ConnectException
        || e instanceof java.net.NoRouteToHostException) && e.getMessage() != null) {
      what += " (" + e.getMessage() + ")"; // the host and port, so the user sees which one
    }
    return new SilkIoException("io", "connection failed: " + what, e);
  }

  /** Whether another attempt may succeed: transport failures, load shedding, a changed descriptor. */
  public static boolean retriable(SilkException e) {
    return e instanceof SilkIoException || e instanceof RateLimitedException || e instanceof StaleDescriptorException;
  }

  /** The body of an answer (or its error body), at most {@code max} bytes. */
  public static byte[] body(retrofit2.Response<ResponseBody> response, int max) {
    try (ResponseBody b = response.isSuccessful() ? response.body() : response.errorBody()) {
      return readCapped(b, max);
    } catch (IOException e) {
      throw io(e);
    }
  }

  /** Reads at most {@code max} bytes of a body; more is a node error. */
  public static byte[] readCapped(ResponseBody body, int max) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    try (InputStream in = body.byteStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
        if (out.size() > max) {
          throw new IOException("answer larger than " + max + " bytes");
        }
      }
      return out.toByteArray();
    }
  }

  /** The node no longer serves the descriptor the request was sealed to: refetch and retry. */
  public static final class StaleDescriptorException extends NodeErrorException {
    private static final long serialVersionUID = 1L;

    StaleDescriptorException(String code, String message) {
      super(code, message, null);
    }
  }
}
