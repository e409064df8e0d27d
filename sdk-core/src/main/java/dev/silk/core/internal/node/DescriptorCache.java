package dev.silk.core.internal.node;

import dev.silk.core.errors.VerificationException;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.SignedDescriptor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

  private final NodeApi api;
  private final AttestationPolicy policy;
  private final Clock clock;
  private VerifiedNode current;

  public DescriptorCache(NodeApi api, AttestationPolicy policy, Clock clock) {
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
      response = api.descriptor().execute();
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
