package dev.silk.crypto.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node announcements and registry lists: round trips, and each way a forged or stale one is refused. */
class DiscoveryObjectsTest {
  private static final Instant NOW = TestNode.NOW;

  private final TestNode a = new TestNode();
  private final TestNode b = new TestNode();
  private final SigningPrivateKey registry = SigningPrivateKey.generate();

  @Test
  void anAnnouncementRoundTripsAndBindsTheUrlToTheNodesKey() throws Exception {
    NodeAnnouncement sent = NodeAnnouncement.sign(a.signingKey, "https://a.example:8443", a.descriptor, NOW);
    NodeAnnouncement got = NodeAnnouncement.parse(sent.toBytes()).checkFresh(NOW.plusSeconds(60));

    assertThat(got.url()).isEqualTo("https://a.example:8443");
    assertThat(got.descriptor()).isEqualTo(a.descriptor);
    assertThat(got.issuedAt()).isEqualTo(NOW);
  }

  @Test
  void anAnnouncementSignedByAnotherKeyThanItsDescriptorsIsRefused() {
    // b tries to point a's identity at its own address.
    byte[] body = new ByteWriter().u16(ProtocolVersion.V1).string("https://evil.example").bytes(a.descriptor.toBytes())
        .u64(NOW.toEpochMilli()).toByteArray();
    byte[] forged = SignedFrame.sign(SignedType.NODE_ANNOUNCEMENT, body, b.signingKey);

    assertThatThrownBy(() -> NodeAnnouncement.parse(forged))
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
    assertThatThrownBy(() -> NodeAnnouncement.sign(b.signingKey, "https://b.example", a.descriptor, NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyByteOfAnAnnouncementIsCovered() throws Exception {
    byte[] good = NodeAnnouncement.sign(a.signingKey, "https://a.example", a.descriptor, NOW).toBytes();
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      assertThatThrownBy(() -> NodeAnnouncement.parse(bad)).as("flip at %d", i).isInstanceOf(SilkCryptoException.class);
    }
    assertThatThrownBy(() -> NodeAnnouncement.parse(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(SilkCryptoException.class);
  }

  @Test
  void aStaleAnnouncementOrDescriptorIsRefused() throws Exception {
    NodeAnnouncement old = NodeAnnouncement.sign(a.signingKey, "https://a.example", a.descriptor, NOW);
    assertThatThrownBy(() -> old.checkFresh(NOW.plus(Duration.ofMinutes(6))))
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_REQUEST));
    NodeAnnouncement late = NodeAnnouncement.sign(a.signingKey, "https://a.example", a.descriptor,
        NOW.plus(Duration.ofHours(24)));
    assertThatThrownBy(() -> late.checkFresh(NOW.plus(Duration.ofHours(24))))
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_DESCRIPTOR));
  }

  @Test
  void urlsMustBeAbsoluteHttpOfPrintableAscii() {
    for (String url : new String[] {"", "ftp://a", "https://", "//a.example", "https://a b", "https://a\n", "http://ü"}) {
      assertThatThrownBy(() -> NodeAnnouncement.sign(a.signingKey, url, a.descriptor, NOW))
          .as(url).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aListRoundTripsUnderThePinnedKeyAndItsEntriesCheckTheirOwnSignatures() throws Exception {
    RegistryList list = RegistryList.sign(registry, List.of(RegistryList.Entry.of("http://127.0.0.1:1", a.descriptor),
        RegistryList.Entry.of("http://127.0.0.1:2", b.descriptor)), NOW, NOW.plusSeconds(300));
    RegistryList got = RegistryList.parse(list.toBytes()).verify(registry.publicKey(), NOW.plusSeconds(10));

    assertThat(got.entries()).extracting(RegistryList.Entry::url).containsExactly("http://127.0.0.1:1", "http://127.0.0.1:2");
    assertThat(got.entries().get(1).descriptor()).isEqualTo(b.descriptor);
    assertThat(got.notAfter()).isEqualTo(NOW.plusSeconds(300));
  }

  @Test
  void aListOfAnotherRegistryOrPastItsExpiryOrTamperedIsRefused() throws Exception {
    RegistryList list = RegistryList.sign(registry, List.of(RegistryList.Entry.of("http://127.0.0.1:1", a.descriptor)),
        NOW, NOW.plusSeconds(300));
    SigningPrivateKey other = SigningPrivateKey.generate();

    assertThatThrownBy(() -> RegistryList.parse(list.toBytes()).verify(other.publicKey(), NOW))
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
    assertThatThrownBy(() -> RegistryList.parse(list.toBytes()).verify(registry.publicKey(), NOW.plusSeconds(300)))
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_DESCRIPTOR));
    assertThatThrownBy(() -> RegistryList.parse(list.toBytes()).verify(registry.publicKey(), NOW.minus(Duration.ofMinutes(6))))
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_DESCRIPTOR));
    byte[] good = list.toBytes();
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      int at = i;
      assertThatThrownBy(() -> RegistryList.parse(bad).verify(registry.publicKey(), NOW)).as("flip at %d", at)
          .isInstanceOf(SilkCryptoException.class);
    }
  }

  @Test
  void aForgedDescriptorInsideAGenuineListIsRefusedOnItsOwn() throws Exception {
    byte[] forged = a.descriptor.toBytes();
    forged[forged.length - 1] ^= 0x01; // a's self-signature no longer verifies
    byte[] body = new ByteWriter().u16(ProtocolVersion.V1).fixed(registry.publicKey().toBytes()).u64(NOW.toEpochMilli())
        .u64(NOW.plusSeconds(60).toEpochMilli()).count(2).string("http://127.0.0.1:1").bytes(forged)
        .string("http://127.0.0.1:2").bytes(b.descriptor.toBytes()).toByteArray();
    RegistryList list = RegistryList.parse(SignedFrame.sign(SignedType.REGISTRY_LIST, body, registry))
        .verify(registry.publicKey(), NOW);

    assertThatThrownBy(() -> list.entries().get(0).descriptor())
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
    assertThat(list.entries().get(1).descriptor()).isEqualTo(b.descriptor);
  }
}
