package dev.silk.crypto.payment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.envelope.OpenedRequest;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.error.NodeError;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.testing.TestNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signed payment quote (402) and channel status: round trips, binding, and every way to spoil them. */
class PaymentObjectsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final byte[] CHANNEL = new byte[33];

  private final TestNode node = new TestNode();

  @Test
  void aQuoteRoundTripsAndIsBoundToItsRequestAndNode() throws Exception {
    RequestId id = RequestId.random();
    PaymentQuote quote = PaymentQuote.sign(node.signingKey, id, CHANNEL, 7, 1_000, 300, 250, NOW);
    PaymentQuote parsed = PaymentQuote.parse(quote.toBytes()).verify(node.signingKey.publicKey());

    assertThat(parsed.concerns(id)).isTrue();
    assertThat(parsed.concerns(RequestId.random())).isFalse();
    assertThat(parsed.lastSeqno()).isEqualTo(7);
    assertThat(parsed.requiredCumulativeNanoton()).isEqualTo(1_550);
    assertThat(parsed.channel()).hasSize(33);
    assertThat(parsed.issuedAt()).isEqualTo(NOW);

    assertThatThrownBy(() -> PaymentQuote.parse(quote.toBytes()).verify(SigningPrivateKey.generate().publicKey()))
        .isInstanceOf(SilkCryptoException.class).extracting("code").isEqualTo(ErrorCode.BAD_SIGNATURE);
    byte[] tampered = quote.toBytes();
    tampered[tampered.length - 70] ^= 1;
    assertThatThrownBy(() -> PaymentQuote.parse(tampered).verify(node.signingKey.publicKey()))
        .isInstanceOf(SilkCryptoException.class);
    assertThatThrownBy(() -> NodeError.parse(quote.toBytes()))
        .isInstanceOf(SilkCryptoException.class).extracting("code").isEqualTo(ErrorCode.UNEXPECTED_TYPE);
  }

  @Test
  void aStatusRoundTripsAndRefusesAnotherType() throws Exception {
    ChannelStatus status = ChannelStatus.sign(node.signingKey, CHANNEL, 9, 5_000, 4_200, 0, NOW);
    ChannelStatus parsed = ChannelStatus.parse(status.toBytes()).verify(node.signingKey.publicKey());
    assertThat(parsed.lastSeqno()).isEqualTo(9);
    assertThat(parsed.lastSentNanoton()).isEqualTo(5_000);
    assertThat(parsed.chargedNanoton()).isEqualTo(4_200);
    assertThatThrownBy(() -> PaymentQuote.parse(status.toBytes()))
        .isInstanceOf(SilkCryptoException.class).extracting("code").isEqualTo(ErrorCode.UNEXPECTED_TYPE);
    byte[] truncated = java.util.Arrays.copyOf(status.toBytes(), status.toBytes().length - 1);
    assertThatThrownBy(() -> ChannelStatus.parse(truncated).verify(node.signingKey.publicKey()))
        .isInstanceOf(SilkCryptoException.class);
  }

  @Test
  void aQuoteEndsTheSealedAnswerAndTheReaderReportsIt() throws Exception {
    SealedRequest sealed = RequestSealer.seal(RequestPayload.builder().model("echo").body("{}".getBytes(UTF_8))
        .build(), node.descriptor.recipient());
    OpenedRequest opened = node.opener.open(sealed.envelope());
    byte[] chunk = opened.responseWriter(node.signingKey).quote(
        PaymentQuote.sign(node.signingKey, opened.payload().requestId(), new byte[0], 0, 0, 0, 99, NOW));

    ResponseReader reader = sealed.responseReader(node.signingKey.publicKey());
    reader.read(chunk);
    assertThat(reader.isComplete()).isTrue();
    assertThat(reader.paymentQuote().maxCostNanoton()).isEqualTo(99);
    assertThatThrownBy(reader::receipt).isInstanceOf(SilkCryptoException.class)
        .extracting("code").isEqualTo(ErrorCode.PAYMENT_REQUIRED);
  }

  @Test
  void aQuoteForAnotherRequestIsRefusedByTheWriterAndTheReader() throws Exception {
    SealedRequest sealed = RequestSealer.seal(RequestPayload.builder().model("echo").body("{}".getBytes(UTF_8))
        .build(), node.descriptor.recipient());
    OpenedRequest opened = node.opener.open(sealed.envelope());
    PaymentQuote other = PaymentQuote.sign(node.signingKey, RequestId.random(), new byte[0], 0, 0, 0, 1, NOW);
    assertThatThrownBy(() -> opened.responseWriter(node.signingKey).quote(other))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
