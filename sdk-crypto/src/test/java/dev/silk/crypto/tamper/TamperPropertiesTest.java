package dev.silk.crypto.tamper;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPrivateKey;
import dev.silk.crypto.envelope.OpenedRequest;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseWriter;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.error.NodeError;
import dev.silk.crypto.payment.ChannelStatus;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.crypto.registry.NodeAnnouncement;
import dev.silk.crypto.registry.RegistryList;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.testing.ByteChanges;
import dev.silk.crypto.testing.TestNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Any single-bit flip, truncation or extension of an envelope, a response chunk, a receipt, a
 * signed error, a quote, a channel status, a descriptor, a node announcement or a registry list
 * is rejected with the typed error that the spec assigns to the damaged field,
 * never accepted and never an unchecked exception.
 */
class TamperPropertiesTest {
  /** The objects under test, each with the code the spec assigns to damage at each offset. */
  enum Target {
    ENVELOPE {
      @Override
      void open(byte[] bytes) throws Exception {
        FIXTURE.node.opener.open(bytes);
      }

      @Override
      Set<ErrorCode> flipCodes(int offset, int bit) {
        return envelopeFlipCodes(offset);
      }

      @Override
      Set<ErrorCode> truncationCodes(int length) {
        return cutAtBlock(length, 106); // header, enc length, X25519 enc
      }
    },
    /** The same envelope sealed with the post-quantum suite: its 1,120-byte X-Wing enc. */
    ENVELOPE_XWING {
      @Override
      void open(byte[] bytes) throws Exception {
        FIXTURE.xwingNode.opener.open(bytes);
      }

      @Override
      Set<ErrorCode> flipCodes(int offset, int bit) {
        return envelopeFlipCodes(offset);
      }

      @Override
      Set<ErrorCode> truncationCodes(int length) {
        return cutAtBlock(length, 74 + 1120); // header, enc length, X-Wing enc
      }
    },
    CHUNK {
      @Override
      void open(byte[] bytes) throws Exception {
        FIXTURE.sealed.responseReader(FIXTURE.node.descriptor.signingKey()).read(bytes);
      }

      @Override
      Set<ErrorCode> flipCodes(int offset, int bit) {
        if (offset < 2) {
          return EnumSet.of(ErrorCode.UNSUPPORTED_VERSION);
        } else if (offset < 6) {
          return EnumSet.of(ErrorCode.STREAM_OUT_OF_ORDER);
        } else if (offset == 6) {
          // The final flag is a valid flag but bound into the AAD; other bits are unknown flags.
          return EnumSet.of(bit == 0 ? ErrorCode.DECRYPTION_FAILED : ErrorCode.MALFORMED);
        }
        return EnumSet.of(ErrorCode.DECRYPTION_FAILED);
      }

      @Override
      Set<ErrorCode> truncationCodes(int length) {
        return cutAtBlock(length, 7);
      }
    },
    RECEIPT {
      @Override
      void open(byte[] bytes) throws Exception {
        SignedReceipt.parse(bytes).verify(FIXTURE.node.descriptor.signingKey());
      }
    },
    SIGNED_ERROR {
      @Override
      void open(byte[] bytes) throws Exception {
        NodeError.parse(bytes).verify(FIXTURE.node.descriptor.signingKey());
      }
    },
    PAYMENT_QUOTE {
      @Override
      void open(byte[] bytes) throws Exception {
        PaymentQuote.parse(bytes).verify(FIXTURE.node.descriptor.signingKey());
      }
    },
    CHANNEL_STATUS {
      @Override
      void open(byte[] bytes) throws Exception {
        ChannelStatus.parse(bytes).verify(FIXTURE.node.descriptor.signingKey());
      }
    },
    DESCRIPTOR {
      @Override
      void open(byte[] bytes) throws Exception {
        SignedDescriptor.parse(bytes);
      }
    },
    ANNOUNCEMENT {
      @Override
      void open(byte[] bytes) throws Exception {
        NodeAnnouncement.parse(bytes);
      }

      /** The descriptor inside is parsed (and its own frame checked) before the outer signature. */
      @Override
      Set<ErrorCode> flipCodes(int offset, int bit) {
        byte[] descriptor = FIXTURE.node.descriptor.toBytes();
        int at = indexOf(bytes(), descriptor);
        return offset >= at && offset < at + descriptor.length
            ? EnumSet.of(ErrorCode.MALFORMED, ErrorCode.BAD_SIGNATURE, ErrorCode.UNEXPECTED_TYPE,
                ErrorCode.UNSUPPORTED_VERSION)
            : super.flipCodes(offset, bit);
      }
    },
    REGISTRY_LIST {
      @Override
      void open(byte[] bytes) throws Exception {
        RegistryList.parse(bytes).verify(FIXTURE.registryKey.publicKey(), FIXTURE.listIssuedAt.plusSeconds(1));
      }
    };

    abstract void open(byte[] bytes) throws Exception;

    /** Where a flipped bit lands decides the code; signed frames by default, sealed objects override. */
    Set<ErrorCode> flipCodes(int offset, int bit) {
      return signedFrameCodes(offset, bytes().length);
    }

    /** Envelopes: version, suite, recipient, enc length, then HPKE's authentication. */
    static Set<ErrorCode> envelopeFlipCodes(int offset) {
      if (offset < 2) {
        return EnumSet.of(ErrorCode.UNSUPPORTED_VERSION);
      } else if (offset < 8) {
        return EnumSet.of(ErrorCode.UNSUPPORTED_SUITE);
      } else if (offset < 72) {
        return EnumSet.of(ErrorCode.WRONG_RECIPIENT);
      } else if (offset < 74) {
        return EnumSet.of(ErrorCode.MALFORMED);
      }
      return EnumSet.of(ErrorCode.DECRYPTION_FAILED);
    }

    /** Signed frames: {@code u8 tag || u32 length || body (u16 version first) || signature[64]}. */
    static Set<ErrorCode> signedFrameCodes(int offset, int total) {
      if (offset == 0) {
        return EnumSet.of(ErrorCode.UNEXPECTED_TYPE);
      } else if (offset < 5) {
        return EnumSet.of(ErrorCode.MALFORMED);
      } else if (offset < 7) {
        return EnumSet.of(ErrorCode.UNSUPPORTED_VERSION);
      } else if (offset < total - 64) {
        return EnumSet.of(ErrorCode.MALFORMED, ErrorCode.BAD_SIGNATURE);
      }
      return EnumSet.of(ErrorCode.BAD_SIGNATURE);
    }

    /**
     * A sealed object cut so that its ciphertext still has a valid length (a positive multiple of
     * the 256-byte padding block plus the 16-byte tag) can only be caught by authentication.
     */
    static Set<ErrorCode> cutAtBlock(int length, int header) {
      int ciphertext = length - header - 16;
      return ciphertext > 0 && ciphertext % 256 == 0 ? EnumSet.of(ErrorCode.DECRYPTION_FAILED)
          : EnumSet.of(ErrorCode.MALFORMED);
    }

    /** Every object's length is checked before any crypto: cuts are MALFORMED. */
    Set<ErrorCode> truncationCodes(int length) {
      return EnumSet.of(ErrorCode.MALFORMED);
    }

    /** Appended bytes (up to a padding block) are MALFORMED: trailing data or a ragged ciphertext. */
    Set<ErrorCode> extensionCodes() {
      return EnumSet.of(ErrorCode.MALFORMED);
    }

    byte[] bytes() {
      switch (this) {
        case ENVELOPE:
          return FIXTURE.sealed.envelope();
        case ENVELOPE_XWING:
          return FIXTURE.xwingSealed.envelope();
        case CHUNK:
          return FIXTURE.chunk.clone();
        case RECEIPT:
          return FIXTURE.receipt.toBytes();
        case SIGNED_ERROR:
          return FIXTURE.error.toBytes();
        case PAYMENT_QUOTE:
          return FIXTURE.quote.toBytes();
        case CHANNEL_STATUS:
          return FIXTURE.status.toBytes();
        case ANNOUNCEMENT:
          return FIXTURE.announcement.toBytes();
        case REGISTRY_LIST:
          return FIXTURE.list.toBytes();
        default:
          return FIXTURE.node.descriptor.toBytes();
      }
    }
  }

  /** One valid instance of each object, built once. */
  static final class Fixture {
    final TestNode node = new TestNode();
    final TestNode xwingNode =
        new TestNode(SigningPrivateKey.generate(), KemPrivateKey.generate(HpkeSuite.XWING_SHA256_AES128GCM));
    final SealedRequest sealed;
    final SealedRequest xwingSealed;
    final byte[] chunk;
    final SignedReceipt receipt;
    final NodeError error;
    final PaymentQuote quote;
    final ChannelStatus status;
    final NodeAnnouncement announcement;
    final SigningPrivateKey registryKey = SigningPrivateKey.generate();
    final Instant listIssuedAt = Instant.parse("2026-12-01T00:00:00Z");
    final RegistryList list;

    Fixture() {
      try {
        sealed = RequestSealer.seal(
            RequestPayload.builder().model("echo").body("{\"messages\":[]}".getBytes(UTF_8)).build(),
            node.descriptor.recipient());
        xwingSealed = RequestSealer.seal(
            RequestPayload.builder().model("echo").body("{\"messages\":[]}".getBytes(UTF_8)).build(),
            xwingNode.descriptor.recipient());
        OpenedRequest opened = node.opener.open(sealed.envelope());
        ResponseWriter writer = opened.responseWriter(node.signingKey);
        chunk = writer.finish("answer".getBytes(UTF_8),
            Receipt.builder().usage(3, 1).costNanoton(5).payment(new byte[] {1}, 1, 5).issuedAt(Instant.EPOCH));
        receipt = writer.receipt();
        error = NodeError.sign(node.signingKey, ErrorCode.RATE_LIMITED, null, java.time.Duration.ofSeconds(2),
            "slow down", Instant.EPOCH);
        quote = PaymentQuote.sign(node.signingKey, opened.payload().requestId(), new byte[33], 4, 1000, 200, 300,
            Instant.EPOCH);
        status = ChannelStatus.sign(node.signingKey, new byte[33], 4, 1500, 1000, 200, Instant.EPOCH);
        announcement = NodeAnnouncement.sign(node.signingKey, "https://node.example", node.descriptor, Instant.EPOCH);
        list = RegistryList.sign(registryKey, List.of(RegistryList.Entry.of("https://node.example", node.descriptor)),
            listIssuedAt, listIssuedAt.plusSeconds(3600));
      } catch (SilkCryptoException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static final Fixture FIXTURE = new Fixture();

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new IllegalStateException("not found");
  }

  /** Every bit of every object, flipped one at a time (exhaustive, so deterministic). */
  @Test
  void untouchedObjectsAreAcceptedAndAnyBitFlipIsRejected() throws Exception {
    for (Target target : Target.values()) {
      target.open(target.bytes()); // the control: the original is accepted
      for (int bit = 0; bit < target.bytes().length * 8; bit++) {
        byte[] damaged = target.bytes();
        damaged[bit / 8] ^= (byte) (1 << (bit % 8));
        assertRejected(target, damaged, target.flipCodes(bit / 8, bit % 8));
      }
    }
  }

  /** Every bit of the endorsement nested in the descriptor (found by a random seed in CI): its frame header too. */
  @Test
  void everyBitOfTheNestedOperatorEndorsementIsCovered() {
    byte[] descriptor = Target.DESCRIPTOR.bytes();
    byte[] endorsement = FIXTURE.node.descriptor.descriptor().operator().get().toBytes();
    int at = descriptor.length - 64 - endorsement.length;
    assertThat(Arrays.copyOfRange(descriptor, at, at + endorsement.length)).isEqualTo(endorsement);
    for (int bit = 0; bit < endorsement.length * 8; bit++) {
      byte[] damaged = descriptor.clone();
      damaged[at + bit / 8] ^= (byte) (1 << (bit % 8));
      assertRejected(Target.DESCRIPTOR, damaged, EnumSet.of(ErrorCode.MALFORMED, ErrorCode.BAD_SIGNATURE));
    }
  }

  @Test
  void everyTruncationIsRejected() {
    for (Target target : Target.values()) {
      for (int length = 0; length < target.bytes().length; length++) {
        assertRejected(target, Arrays.copyOf(target.bytes(), length), target.truncationCodes(length));
      }
    }
  }

  /** The cut a random search found once: a whole block fewer still has a valid length. */
  @Test
  void aCutOnABlockBoundaryFailsAuthentication() {
    for (Target target : new Target[] {Target.CHUNK, Target.ENVELOPE, Target.ENVELOPE_XWING}) {
      int header = target == Target.CHUNK ? 7 : target == Target.ENVELOPE ? 106 : 74 + 1120;
      for (int length = header + 16 + 256; length < target.bytes().length; length += 256) {
        assertRejected(target, Arrays.copyOf(target.bytes(), length), EnumSet.of(ErrorCode.DECRYPTION_FAILED));
      }
    }
  }

  @Test
  void anyExtensionIsRejected() {
    for (Target target : Target.values()) {
      for (byte[] suffix : ByteChanges.suffixes(40)) {
        byte[] original = target.bytes();
        byte[] damaged = Arrays.copyOf(original, original.length + suffix.length);
        System.arraycopy(suffix, 0, damaged, original.length, suffix.length);
        assertRejected(target, damaged, target.extensionCodes());
      }
    }
  }

  private static void assertRejected(Target target, byte[] damaged, Set<ErrorCode> expected) {
    Throwable thrown = catchThrowable(() -> target.open(damaged));
    assertThat(thrown).as("%s must be rejected", target).isInstanceOf(SilkCryptoException.class);
    assertThat(((SilkCryptoException) thrown).code()).as("%s: %s", target, thrown.getMessage()).isIn(expected);
  }
}
