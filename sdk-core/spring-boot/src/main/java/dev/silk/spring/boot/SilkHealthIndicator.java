package dev.silk.spring.boot;

import dev.silk.core.SilkClient;
import dev.silk.crypto.attestation.AttestationResult;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code silk}: up when the client's node is reachable and its signed descriptor and attestation
 * verify under the client's policy (the check every request makes, cached as the client caches
 * it); down with the failure's code otherwise. A client of a registry or a COCOON runner has no
 * single node: it reports up with its kind. Never a key or a prompt in the details.
 */
public class SilkHealthIndicator extends AbstractHealthIndicator {
  private final SilkClient client;

  public SilkHealthIndicator(SilkClient client) {
    super("Silk node check failed");
    this.client = client;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    AttestationResult attestation;
    try {
      attestation = client.attestation();
    } catch (IllegalStateException noSingleNode) {
      builder.up().withDetail("node", "none (discovery or COCOON)");
      return;
    } catch (dev.silk.core.errors.SilkException e) {
      builder.down().withDetail("code", e.code());
      return;
    }
    builder.up()
        .withDetail("node", client.node().nodeId().toHex())
        .withDetail("attestation", attestation.format());
  }
}
