package dev.silk.crypto.envelope;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.internal.Padding;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.testing.TestNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Length hiding (spec §4.3, flag bit 1): a request that asks for it is padded to a length bucket
 * and so is every chunk of its answer; one that does not keeps 256-byte padding both ways.
 */
class LengthBucketsTest {
  @Test
  void bucketsArePowersOfTwoFrom256To64KiBThenMultiplesOf64KiB() {
    int[][] cases = {{0, 256}, {1, 256}, {256, 256}, {257, 512}, {1000, 1024}, {4097, 8192}, {65536, 65536},
        {65537, 131072}, {131072, 131072}, {200_000, 262_144}, {4 << 20, 4 << 20}};
    for (int[] c : cases) {
      assertThat(Padding.bucket(c[0])).as("bucket(%d)", c[0]).isEqualTo(c[1]);
    }
    Set<Integer> sizes = new HashSet<>();
    for (int n = 0; n <= 65536; n += 7) {
      int b = Padding.bucket(n);
      assertThat(b).isGreaterThanOrEqualTo(Math.max(256, n)).isLessThan(Math.max(512, 2 * n));
      assertThat(b % Padding.BLOCK).isZero();
      sizes.add(b);
    }
    assertThat(sizes).hasSize(9); // 256 … 65,536
  }

  @Test
  void aRequestAskingForBucketsAndItsAnswerShowOnlyTheirBuckets() throws Exception {
    TestNode node = new TestNode();
    for (int bodyLength : new int[] {10, 300, 700, 5000}) {
      byte[] body = new byte[bodyLength];
      Arrays.fill(body, (byte) 'x');
      for (boolean buckets : new boolean[] {false, true}) {
        SealedRequest sealed = RequestSealer.seal(RequestPayload.builder().model("echo").body(body)
            .lengthBuckets(buckets).build(), node.descriptor.recipient());
        int payloadLength = sealed.envelope().length - 72 - 2 - 32 - 16;
        int unpadded = 2 + 16 + 8 + 32 + 4 + 4 + 1 + 4 + bodyLength + 4;
        assertThat(payloadLength).as("payload of a %d-byte body, buckets %s", bodyLength, buckets)
            .isEqualTo(buckets ? Padding.bucket(unpadded) : Math.max(256, (unpadded + 255) / 256 * 256));
        OpenedRequest opened = node.opener.open(sealed.envelope());
        assertThat(opened.payload().lengthBuckets()).isEqualTo(buckets);

        byte[] answer = new byte[bodyLength];
        Arrays.fill(answer, (byte) 'a');
        ResponseWriter writer = opened.responseWriter(node.signingKey);
        byte[] chunk = writer.chunk(answer);
        byte[] last = writer.finish("end".getBytes(UTF_8),
            Receipt.builder().usage(1, 1).costNanoton(0).issuedAt(Instant.EPOCH));
        int chunkPlain = chunk.length - 7 - 16;
        assertThat(chunkPlain).isEqualTo(buckets ? Padding.bucket(4 + bodyLength + 4)
            : Math.max(256, (4 + bodyLength + 4 + 255) / 256 * 256));
        if (buckets) {
          assertThat(Integer.bitCount(last.length - 7 - 16)).as("the final chunk is a bucket too").isEqualTo(1);
        }
        ResponseReader reader = sealed.responseReader(node.descriptor.signingKey());
        assertThat(reader.read(chunk).data()).isEqualTo(answer);
        assertThat(reader.read(last).data()).isEqualTo("end".getBytes(UTF_8));
        assertThat(reader.isComplete()).isTrue();
      }
    }
  }

  @Test
  void bitOneIsTheOnlyNewFlagAndTheRestStayRefused() throws Exception {
    byte[] plaintext = RequestPayload.builder().model("echo").body(new byte[3]).lengthBuckets(true).build().encode();
    int flags = 2 + 16 + 8 + 32 + 4 + 4; // after version, request id, timestamp, response key, model
    assertThat(plaintext[flags]).isEqualTo((byte) 2);
    assertThat(RequestPayload.decode(plaintext).lengthBuckets()).isTrue();
    for (int bit = 2; bit < 8; bit++) {
      byte[] changed = plaintext.clone();
      changed[flags] |= (byte) (1 << bit);
      dev.silk.crypto.SilkCryptoException e = org.assertj.core.api.Assertions.catchThrowableOfType(
          () -> RequestPayload.decode(changed), dev.silk.crypto.SilkCryptoException.class);
      assertThat(e.code()).as("flag bit %d", bit).isEqualTo(dev.silk.crypto.ErrorCode.MALFORMED);
    }
  }
}
