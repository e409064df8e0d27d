package dev.silk.core.internal.node;

import dev.silk.core.errors.VerificationException;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.SignedDescriptor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import okhttp3.ResponseBody;
import retrofit2.Response;

/**
 * Fetches the node's descriptor, verifies it (signature, validity, attestation under the
 * policy) and keeps it until shortly before it or its attestation expires (Intel's collateral
 * may end first) or until a node error shows it is outdated. Thread-safe.
 */
public final class DescriptorCache {
  private static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);
  private static final int MAX_DESCRIPTOR = 2 << 20;

  private final NodeConnection api;
  private final AttestationPolicy policy;
  private final Clock clock;
  private VerifiedNode current;

  public DescriptorCache(NodeConnection api, AttestationPolicy policy, Clock clock) {
    this.api = api;
    this.policy = policy;
    this.clock = clock;
  }

  public synchronized VerifiedNode current() {
    Instant now = clock.instant();
    if (current == null || !now.plus(REFRESH_MARGIN).isBefore(current.expires())) {
      current = fetch(now);
    }
    return current;
  }

  /** Forgets the cached descriptor if it is still {@code stale}. */
  public synchronized void invalidate(VerifiedNode stale) {
    if (current == stale) {
      current = null;
    }
  }

  private VerifiedNode fetch(Instant now) {
    Response<ResponseBody> response;
    byte[] bytes;
    try {
      try {
        response = api.descriptor().execute();
      } catch (IOException | NoSuchElementException h2c) {
        // OkHttp 3 throws NoSuchElementException when its retry of a failed h2c connection runs
        // out of routes.
        if (!api.triesH2c() || h2c instanceof SurfacedFailure) {
          throw h2c; // (a typed failure, such as a lying OHTTP relay's, says nothing about h2c)
        }
        // The first contact tells whether a plain-HTTP node speaks h2c: if HTTP/1.1 reaches it
        // where h2c did not, it does not.
        try {
          response = api.withoutPriorKnowledge().descriptor().execute();
        } catch (IOException unreachable) {
          throw h2c instanceof IOException ? (IOException) h2c : new IOException("h2c failed", h2c);
        }
        api.h2cRefused();
      }
      try (ResponseBody body = response.isSuccessful() ? response.body() : response.errorBody()) {
        bytes = Failures.readCapped(body, MAX_DESCRIPTOR);
      }
    } catch (IOException e) {
      throw Failures.io(e);
    }
    if (!response.isSuccessful()) {
      throw new dev.silk.core.errors.NodeErrorException(
          "unexpected_status", "GET /v1/node answered HTTP " + response.code(), null);
    }
    try {
      SignedDescriptor descriptor = SignedDescriptor.parse(bytes);
      return new VerifiedNode(descriptor, descriptor.verify(policy, now));
    } catch (SilkCryptoException e) {
      throw new VerificationException(e.code().wireName(), "node descriptor rejected: " + e.getMessage(), e);
    }
  }
}
