package dev.silk.crypto.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.signature.SigningPrivateKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignedReceiptTest {
  private final SigningPrivateKey key = SigningPrivateKey.generate();

  private Receipt receipt() {
    return Receipt.builder()
        .nodeId(key.publicKey().nodeId())
        .descriptorHash(new byte[32])
        .model("echo")
        .requestId(RequestId.random())
        .requestHash(new byte[32])
        .responseHash(new byte[32])
        .usage(10, 20)
        .costNanoton(30)
        .payment(new byte[] {7}, 2, 300)
        .issuedAt(Instant.parse("2026-11-25T12:00:00.123Z"))
        .build();
  }

  @Test
  void roundTripsThroughBytesAndExportString() throws Exception {
    SignedReceipt signed = SignedReceipt.sign(receipt(), key);
    SignedReceipt fromBytes = SignedReceipt.parse(signed.toBytes());
    SignedReceipt fromText = SignedReceipt.fromExportString(signed.toExportString());
    assertThat(fromBytes).isEqualTo(signed);
    assertThat(fromText).isEqualTo(signed);
    assertThat(fromText.receipt()).isEqualTo(signed.receipt());
    assertThat(fromText.receipt().issuedAt()).isEqualTo(Instant.parse("2026-11-25T12:00:00.123Z"));
    fromText.verify(key.publicKey());
    assertThat(signed.toExportString()).startsWith("silk-receipt-v1.");
  }

  @Test
  void rejectsOtherKeysAndOtherNodes() throws Exception {
    SignedReceipt signed = SignedReceipt.sign(receipt(), key);
    assertCode(() -> signed.verify(SigningPrivateKey.generate().publicKey()), ErrorCode.BAD_SIGNATURE);
    // Signed correctly, but by a node that is not the one the receipt names.
    SigningPrivateKey other = SigningPrivateKey.generate();
    SignedReceipt misnamed = SignedReceipt.sign(receipt(), other);
    assertCode(() -> misnamed.verify(other.publicKey()), ErrorCode.RECEIPT_MISMATCH);
  }

  @Test
  void rejectsBadExportStrings() {
    assertCode(() -> SignedReceipt.fromExportString("silk-receipt-v2.AAAA"), ErrorCode.MALFORMED);
    assertCode(() -> SignedReceipt.fromExportString("silk-receipt-v1.!!"), ErrorCode.MALFORMED);
    assertCode(() -> SignedReceipt.fromExportString("silk-receipt-v1."), ErrorCode.MALFORMED);
  }

  @Test
  void builderRejectsMissingAndNegativeFields() {
    assertThatIllegalArgumentException().isThrownBy(() -> Receipt.builder().model("echo").build());
    assertThatIllegalArgumentException().isThrownBy(() -> receipt().toBuilder().costNanoton(-1));
    assertThatIllegalArgumentException().isThrownBy(() -> receipt().toBuilder().requestHash(new byte[31]));
    assertThatIllegalArgumentException().isThrownBy(() -> receipt().toBuilder().payment(new byte[65], 0, 0));
  }

  static void assertCode(Call call, ErrorCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  interface Call {
    void run() throws Exception;
  }
}
