package dev.silk.crypto.descriptor;

import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationEvidence;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.envelope.KemPublicKey;
import dev.silk.crypto.signature.NodeId;
import dev.silk.crypto.signature.SigningPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a node publishes about itself (spec-v1 §7): its signing key (hence its {@link NodeId}),
 * HPKE keys with their suites, models and prices, payment terms, attestation evidence, a
 * validity window within an epoch, and optionally its operator's endorsement. Published as a self-signed {@link SignedDescriptor}.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * NodeDescriptor.Builder b = NodeDescriptor.builder()
 *     .signingKey(nodeKey.publicKey())
 *     .epoch(1)
 *     .validity(now, now.plus(Duration.ofHours(24)))
 *     .addHpkeKey(kemKey.publicKey())
 *     .addModel(ModelInfo.builder("echo", "echo").build())
 *     .payment(PaymentTerms.free());
 * b.attestation(DevAttestation.evidence(b.keyBinding()));
 * SignedDescriptor signed = SignedDescriptor.sign(b.build(), nodeKey);
 * }</pre>
 */
public final class NodeDescriptor {
  static final int MAX_KEYS = 16;
  static final int MAX_MODELS = 1024;
  /** The smallest envelope limit a node may state: a minimal envelope (header, key, one padded block) fits. */
  public static final int MIN_ENVELOPE_LIMIT = 1024;
  /** The limit a builder states when none is given: the largest payload of spec-v1 §4.3 with its envelope. */
  public static final int DEFAULT_ENVELOPE_LIMIT = (4 << 20) + (64 << 10) + 4096;

  private final SigningPublicKey signingKey;
  private final long epoch;
  private final Instant notBefore;
  private final Instant notAfter;
  private final List<ListedKey> listedKeys;
  private final List<ModelInfo> models;
  private final int maxEnvelopeBytes;
  private final PaymentTerms payment;
  private final AttestationEvidence attestation;
  private final OperatorEndorsement operator;

  private NodeDescriptor(Builder b) {
    this.signingKey = b.signingKey;
    this.epoch = b.epoch;
    this.notBefore = b.notBefore;
    this.notAfter = b.notAfter;
    this.listedKeys = Collections.unmodifiableList(new ArrayList<>(b.keys));
    this.models = Collections.unmodifiableList(new ArrayList<>(b.models));
    this.maxEnvelopeBytes = (int) b.maxEnvelopeBytes;
    this.payment = b.payment;
    this.attestation = b.attestation;
    this.operator = b.operator;
  }

  public static Builder builder() {
    return new Builder();
  }

  public SigningPublicKey signingKey() {
    return signingKey;
  }

  public NodeId nodeId() {
    return signingKey.nodeId();
  }

  /** The attestation epoch; a node starts a new one (new keys, new quote) at each boot in a TEE. */
  public long epoch() {
    return epoch;
  }

  public Instant notBefore() {
    return notBefore;
  }

  public Instant notAfter() {
    return notAfter;
  }

  /** The HPKE keys of suites this version supports, in listed order. */
  public List<KemPublicKey> hpkeKeys() {
    List<KemPublicKey> out = new ArrayList<>();
    for (ListedKey key : listedKeys) {
      if (key.supported != null) {
        out.add(key.supported);
      }
    }
    return Collections.unmodifiableList(out);
  }

  public List<ModelInfo> models() {
    return models;
  }

  /**
   * The largest envelope (HTTP request body) the node reads: a client refuses to send a larger
   * one rather than meet a 413.
   */
  public int maxEnvelopeBytes() {
    return maxEnvelopeBytes;
  }

  public PaymentTerms payment() {
    return payment;
  }

  public AttestationEvidence attestation() {
    return attestation;
  }

  /**
   * The operator's endorsement of this node key and epoch, if the node has an operator key: a
   * stable identity across the node's reboots (spec-v1 §7.4), already checked against this
   * descriptor.
   */
  public java.util.Optional<OperatorEndorsement> operator() {
    return java.util.Optional.ofNullable(operator);
  }

  /** The report data this descriptor's attestation must carry: see {@link KeyBinding}. */
  public byte[] keyBinding() {
    return KeyBinding.reportData(signingKey.toBytes(), listedKeys, epoch, notAfter);
  }

  byte[] encode() {
    ByteWriter out = new ByteWriter(512 + attestation.evidence().length + attestation.collateral().length)
        .u16(ProtocolVersion.V1)
        .fixed(signingKey.toBytes())
        .u64(epoch)
        .u64(notBefore.getEpochSecond())
        .u64(notAfter.getEpochSecond())
        .count(listedKeys.size());
    for (ListedKey key : listedKeys) {
      key.writeTo(out);
    }
    out.count(models.size());
    for (ModelInfo m : models) {
      out.string(m.name()).string(m.backend()).bytes(m.weightsHash())
          .u64(m.promptNanotonPer1k()).u64(m.completionNanotonPer1k()).u32(m.maxCompletionTokens());
    }
    out.u32(maxEnvelopeBytes);
    out.string(payment.scheme()).bytes(payment.counterpartyKey()).string(payment.address())
        .u64(payment.minDepositNanoton()).u32(payment.maxInFlight()).u64(payment.maxCreditNanoton());
    out.string(attestation.format()).bytes(attestation.evidence()).bytes(attestation.collateral());
    out.bytes(operator == null ? new byte[0] : operator.toBytes());
    return out.toByteArray();
  }

  /** Reads the fields after the version, which the caller has checked. */
  static NodeDescriptor decode(ByteReader in) throws SilkCryptoException {
    Builder b = new Builder();
    b.signingKey = SigningPublicKey.fromBytes(in.fixed(SigningPublicKey.LENGTH, "signing key"));
    b.epoch = in.u64("epoch");
    long notBefore = in.u64("not before");
    long notAfter = in.u64("not after");
    int keyCount = in.count(MAX_KEYS, "hpke keys");
    for (int i = 0; i < keyCount; i++) {
      b.keys.add(ListedKey.readFrom(in));
    }
    int modelCount = in.count(MAX_MODELS, "models");
    try {
      b.validity(Instant.ofEpochSecond(notBefore), Instant.ofEpochSecond(notAfter));
      for (int i = 0; i < modelCount; i++) {
        ModelInfo.Builder m = ModelInfo.builder(
            in.string(ModelInfo.MAX_NAME, "model name"), in.string(ModelInfo.MAX_BACKEND, "backend"));
        byte[] weights = in.bytes(32, "weights hash");
        if (weights.length != 0) {
          m.weightsHash(weights);
        }
        b.models.add(m.prices(in.u64("prompt price"), in.u64("completion price"))
            .maxCompletionTokens(in.u32("max completion tokens")).build());
      }
      b.maxEnvelopeBytes(in.u32("max envelope bytes"));
      b.payment = PaymentTerms.decoded(
          in.string(32, "payment scheme"), in.bytes(PaymentTerms.MAX_KEY, "counterparty key"),
          in.string(PaymentTerms.MAX_ADDRESS, "address"), in.u64("min deposit"), in.u32("max in flight"),
          in.u64("max credit"));
      b.attestation = AttestationEvidence.of(
          in.string(AttestationEvidence.MAX_FORMAT, "attestation format"),
          in.bytes(AttestationEvidence.MAX_EVIDENCE, "evidence"),
          in.bytes(AttestationEvidence.MAX_COLLATERAL, "collateral"));
      byte[] endorsement = in.bytes(OperatorEndorsement.MAX_BYTES, "operator endorsement");
      in.expectEnd();
      if (endorsement.length != 0) {
        try {
          b.operator = OperatorEndorsement.parse(endorsement);
        } catch (dev.silk.crypto.SilkCryptoException e) {
          // Inside a descriptor, a damaged endorsement is a malformed field (spec-v1 §7.4).
          if (e.code() == dev.silk.crypto.ErrorCode.BAD_SIGNATURE) {
            throw e;
          }
          throw in.malformed("operator endorsement: " + e.getMessage());
        }
        b.operator.checkCovers(b.signingKey, b.epoch, b.notAfter);
      }
      return b.build();
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw in.malformed(e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeDescriptor && Arrays.equals(encode(), ((NodeDescriptor) o).encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "NodeDescriptor[" + nodeId().toHex() + ", epoch=" + epoch + ", valid " + notBefore + " to " + notAfter
        + ", keys=" + hpkeKeys().size() + "/" + listedKeys.size() + ", models=" + models + ", " + payment + ", "
        + attestation + (operator == null ? "" : ", operator " + operator.operatorId().toHex()) + "]";
  }

  /** Builds a {@link NodeDescriptor}; not thread-safe. */
  public static final class Builder {
    private SigningPublicKey signingKey;
    private long epoch;
    private Instant notBefore;
    private Instant notAfter;
    private final List<ListedKey> keys = new ArrayList<>();
    private final List<ModelInfo> models = new ArrayList<>();
    private long maxEnvelopeBytes = DEFAULT_ENVELOPE_LIMIT;
    private PaymentTerms payment;
    private AttestationEvidence attestation;
    private OperatorEndorsement operator;

    private Builder() {}

    public Builder signingKey(SigningPublicKey signingKey) {
      this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
      return this;
    }

    public Builder epoch(long epoch) {
      if (epoch < 0) {
        throw new IllegalArgumentException("epoch must not be negative");
      }
      this.epoch = epoch;
      return this;
    }

    /** The validity window, in whole seconds; {@code notBefore} must precede {@code notAfter}. */
    public Builder validity(Instant notBefore, Instant notAfter) {
      Objects.requireNonNull(notBefore, "notBefore");
      Objects.requireNonNull(notAfter, "notAfter");
      if (notBefore.getEpochSecond() < 0 || !notBefore.isBefore(notAfter)) {
        throw new IllegalArgumentException("validity must satisfy 0 <= notBefore < notAfter");
      }
      this.notBefore = Instant.ofEpochSecond(notBefore.getEpochSecond());
      this.notAfter = Instant.ofEpochSecond(notAfter.getEpochSecond());
      return this;
    }

    public Builder addHpkeKey(KemPublicKey key) {
      Objects.requireNonNull(key, "key");
      if (keys.size() == MAX_KEYS) {
        throw new IllegalArgumentException("at most " + MAX_KEYS + " HPKE keys");
      }
      keys.add(ListedKey.of(key));
      return this;
    }

    public Builder addModel(ModelInfo model) {
      Objects.requireNonNull(model, "model");
      if (models.size() == MAX_MODELS) {
        throw new IllegalArgumentException("at most " + MAX_MODELS + " models");
      }
      models.add(model);
      return this;
    }

    /**
     * The largest envelope the node reads, {@value #MIN_ENVELOPE_LIMIT}..2^31-1 bytes; default
     * {@value #DEFAULT_ENVELOPE_LIMIT}.
     */
    public Builder maxEnvelopeBytes(long maxEnvelopeBytes) {
      if (maxEnvelopeBytes < MIN_ENVELOPE_LIMIT || maxEnvelopeBytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("max envelope bytes must be " + MIN_ENVELOPE_LIMIT + "..2^31-1");
      }
      this.maxEnvelopeBytes = maxEnvelopeBytes;
      return this;
    }

    public Builder payment(PaymentTerms payment) {
      this.payment = Objects.requireNonNull(payment, "payment");
      return this;
    }

    public Builder attestation(AttestationEvidence attestation) {
      this.attestation = Objects.requireNonNull(attestation, "attestation");
      return this;
    }

    /**
     * The operator's endorsement of this descriptor's signing key and epoch, for at least its
     * validity (optional): see {@link OperatorEndorsement#sign}.
     */
    public Builder operator(OperatorEndorsement endorsement) {
      this.operator = Objects.requireNonNull(endorsement, "endorsement");
      return this;
    }

    /**
     * The key binding of the keys, epoch and expiry set so far: the report data to request the
     * attestation for.
     *
     * @throws IllegalStateException if the signing key or validity is not set yet
     */
    public byte[] keyBinding() {
      if (signingKey == null || notAfter == null) {
        throw new IllegalStateException("set the signing key, keys, epoch and validity first");
      }
      return KeyBinding.reportData(signingKey.toBytes(), keys, epoch, notAfter);
    }

    /** @throws IllegalArgumentException if a required part is missing or names collide */
    public NodeDescriptor build() {
      if (signingKey == null || notAfter == null || payment == null || attestation == null) {
        throw new IllegalArgumentException("signing key, validity, payment terms and attestation are required");
      }
      boolean anySupported = false;
      for (ListedKey key : keys) {
        anySupported |= key.supported != null;
      }
      if (!anySupported) {
        throw new IllegalArgumentException("at least one HPKE key of a supported suite is required");
      }
      if (models.isEmpty()) {
        throw new IllegalArgumentException("at least one model is required");
      }
      if (operator != null) {
        try {
          operator.checkCovers(signingKey, epoch, notAfter);
        } catch (dev.silk.crypto.SilkCryptoException e) {
          throw new IllegalArgumentException(e.getMessage());
        }
      }
      for (int i = 0; i < models.size(); i++) {
        for (int j = i + 1; j < models.size(); j++) {
          if (models.get(i).name().equals(models.get(j).name())) {
            throw new IllegalArgumentException("model listed twice: " + models.get(i).name());
          }
        }
      }
      return new NodeDescriptor(this);
    }
  }
}
