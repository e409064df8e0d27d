package dev.silk.crypto.testing;

import dev.silk.crypto.attestation.DevAttestation;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.NodeDescriptor;
import dev.silk.crypto.descriptor.OperatorEndorsement;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPrivateKey;
import dev.silk.crypto.envelope.RequestOpener;
import dev.silk.crypto.signature.SigningPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** A node's keys and self-signed descriptor with dev attestation and its operator's endorsement, for tests. */
public final class TestNode {
  public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  public final SigningPrivateKey signingKey;
  /** The operator's stable key, which endorses {@link #descriptor}'s node key and epoch. */
  public final SigningPrivateKey operatorKey = SigningPrivateKey.generate();
  public final KemPrivateKey kemKey;
  /** Every HPKE key the descriptor lists and the opener holds: {@link #kemKey} first. */
  public final List<KemPrivateKey> kemKeys;
  public final SignedDescriptor descriptor;
  public final RequestOpener opener;

  public TestNode() {
    this(SigningPrivateKey.generate(), KemPrivateKey.generate(HpkeSuite.X25519_SHA256_AES128GCM));
  }

  public TestNode(SigningPrivateKey signingKey, KemPrivateKey kemKey, KemPrivateKey... moreKemKeys) {
    this.signingKey = signingKey;
    this.kemKey = kemKey;
    List<KemPrivateKey> keys = new ArrayList<>();
    keys.add(kemKey);
    keys.addAll(Arrays.asList(moreKemKeys));
    this.kemKeys = Collections.unmodifiableList(keys);
    this.descriptor = SignedDescriptor.sign(builder()
        .operator(OperatorEndorsement.sign(operatorKey, signingKey.publicKey(), 7, NOW.plus(Duration.ofHours(23))))
        .build(), signingKey);
    this.opener = RequestOpener.create(
        signingKey.publicKey().nodeId(), descriptor.hash(), kemKeys);
  }

  /** A descriptor builder for these keys with dev attestation bound to them. */
  public NodeDescriptor.Builder builder() {
    NodeDescriptor.Builder b = NodeDescriptor.builder()
        .signingKey(signingKey.publicKey())
        .epoch(7)
        .validity(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(23)))
        .addModel(ModelInfo.builder("echo", "echo").prices(1_000, 2_000).maxCompletionTokens(512).build())
        .payment(PaymentTerms.free());
    for (KemPrivateKey key : kemKeys) {
      b.addHpkeKey(key.publicKey());
    }
    return b.attestation(DevAttestation.evidence(b.keyBinding()));
  }
}
