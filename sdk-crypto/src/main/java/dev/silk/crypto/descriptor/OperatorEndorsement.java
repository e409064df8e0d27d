package dev.silk.crypto.descriptor;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.signature.NodeId;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.signature.SigningPublicKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A node operator's signed statement "this node key, in this epoch, until then, is run by me"
 * (spec-v1 §7.4, tag 8, {@code "silk/1 operator-endorsement"}), carried in the descriptor. In a
 * TEE the node's keys are new at each boot, so its {@link NodeId} changes; the operator key is
 * kept by the operator outside the TD and stays, so clients can recognise the same operator
 * across reboots (and quarantine a cheating one for good). It carries identity only: it cannot
 * sign receipts or read prompts. Immutable and thread-safe.
 *
 * <pre>
 * body = u16 version || fixed[32] operator_key || fixed[32] signing_key || u64 epoch || u64 not_after_s
 * </pre>
 */
public final class OperatorEndorsement {
  /** Longest encoding: a tag-8 frame of this body. */
  static final int MAX_BYTES = 1 + 4 + 2 + 32 + 32 + 8 + 8 + 64;

  private final byte[] bytes;
  private final SigningPublicKey operatorKey;
  private final SigningPublicKey nodeKey;
  private final long epoch;
  private final Instant notAfter;

  private OperatorEndorsement(byte[] bytes, SigningPublicKey operatorKey, SigningPublicKey nodeKey, long epoch,
      Instant notAfter) {
    this.bytes = bytes;
    this.operatorKey = operatorKey;
    this.nodeKey = nodeKey;
    this.epoch = epoch;
    this.notAfter = notAfter;
  }

  /** The operator endorses {@code nodeKey} for {@code epoch} until {@code notAfter} (whole seconds). */
  public static OperatorEndorsement sign(SigningPrivateKey operator, SigningPublicKey nodeKey, long epoch,
      Instant notAfter) {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(nodeKey, "nodeKey");
    if (epoch < 0 || notAfter.getEpochSecond() < 0) {
      throw new IllegalArgumentException("epoch and expiry must not be negative");
    }
    if (operator.publicKey().equals(nodeKey)) {
      throw new IllegalArgumentException("the operator key must be separate from the node's signing key");
    }
    byte[] body = new ByteWriter(82).u16(ProtocolVersion.V1).fixed(operator.publicKey().toBytes())
        .fixed(nodeKey.toBytes()).u64(epoch).u64(notAfter.getEpochSecond()).toByteArray();
    return SignedFrame.signAndParse(SignedType.OPERATOR_ENDORSEMENT, body, operator, OperatorEndorsement::parse);
  }

  /**
   * Parses an endorsement and checks its signature under the operator key it names.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED}, {@link ErrorCode#UNSUPPORTED_VERSION},
   *     {@link ErrorCode#UNEXPECTED_TYPE} or {@link ErrorCode#BAD_SIGNATURE}
   */
  public static OperatorEndorsement parse(byte[] framed) throws SilkCryptoException {
    SignedFrame frame = SignedFrame.parse(framed, SignedType.OPERATOR_ENDORSEMENT);
    ByteReader in = frame.bodyReader();
    SigningPublicKey operator = SigningPublicKey.fromBytes(in.fixed(SigningPublicKey.LENGTH, "operator key"));
    SigningPublicKey node = SigningPublicKey.fromBytes(in.fixed(SigningPublicKey.LENGTH, "signing key"));
    long epoch = in.u64("epoch");
    long notAfter = in.u64("not after");
    in.expectEnd();
    frame.verify(operator);
    if (operator.equals(node)) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "operator key equals the node's signing key");
    }
    return new OperatorEndorsement(framed.clone(), operator, node, epoch, Instant.ofEpochSecond(notAfter));
  }

  /**
   * Checks that this endorsement covers {@code descriptor}: its signing key and epoch, for at
   * least its whole validity.
   *
   * @throws SilkCryptoException {@link ErrorCode#BAD_SIGNATURE} if it endorses another key,
   *     epoch or a shorter time
   */
  void checkCovers(SigningPublicKey signingKey, long descriptorEpoch, Instant descriptorNotAfter)
      throws SilkCryptoException {
    if (!nodeKey.equals(signingKey) || epoch != descriptorEpoch || notAfter.isBefore(descriptorNotAfter)) {
      throw new SilkCryptoException(ErrorCode.BAD_SIGNATURE,
          "operator endorsement is for another node key, epoch or a shorter time than the descriptor");
    }
  }

  public SigningPublicKey operatorKey() {
    return operatorKey;
  }

  /** SHA-256 of the operator key: the operator's identity across its nodes' reboots. */
  public NodeId operatorId() {
    return operatorKey.nodeId();
  }

  public SigningPublicKey nodeKey() {
    return nodeKey;
  }

  public long epoch() {
    return epoch;
  }

  public Instant notAfter() {
    return notAfter;
  }

  /** The signed frame's bytes (a copy). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "OperatorEndorsement[operator " + operatorId().toHex() + " for " + nodeKey.nodeId().toHex() + ", epoch "
        + epoch + ", until " + notAfter + "]";
  }
}
