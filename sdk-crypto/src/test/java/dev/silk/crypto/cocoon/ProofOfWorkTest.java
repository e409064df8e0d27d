package dev.silk.crypto.cocoon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.encoding.Hex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/**
 * COCOON's proof of work. The vector is from a real exchange with COCOON's router
 * ({@code ../shared/cocoon/capture}): salt {@code 92c902b6c7dfb78fd7060501c4734076}, difficulty 20,
 * the C++ client's nonce 2308588, whose hash starts {@code 629010ad51030000}: read as a
 * little-endian u64 that is 0x00000351ad109062, 22 leading zero bits (COCOON's
 * {@code leading_zero_bits}: {@code count_leading_zeroes64(as<uint64>(hash))}).
 */
class ProofOfWorkTest {
  private static final byte[] SALT = Hex.decode("92c902b6c7dfb78fd7060501c4734076");

  @Test
  void theCapturedNonceSolvesTheCapturedChallengeAsCocoonCountsIt() throws Exception {
    byte[] input = new byte[24];
    System.arraycopy(SALT, 0, input, 0, 16);
    long nonce = 2308588;
    for (int i = 0; i < 8; i++) {
      input[16 + i] = (byte) (nonce >>> (8 * i));
    }
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(input);
    assertThat(Hex.encode(java.util.Arrays.copyOf(hash, 8))).isEqualTo("629010ad51030000");
    assertThat(ProofOfWork.leadingZeroBits(hash)).isEqualTo(22);
    assertThat(ProofOfWork.solves(SALT, nonce, 20)).isTrue();
    assertThat(ProofOfWork.solves(SALT, nonce, 22)).isTrue();
    assertThat(ProofOfWork.solves(SALT, nonce, 23)).isFalse();
    assertThat(ProofOfWork.solves(SALT, nonce + 1, 20)).as("a neighbour").isFalse();
  }

  @Test
  void aClientAnswersAChallengeTheServerAccepts() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int difficulty = ProofOfWork.answer(new ByteArrayInputStream(ProofOfWork.challenge(16, SALT)), out, 28);
    assertThat(difficulty).isEqualTo(16);
    byte[] answer = out.toByteArray();
    assertThat(answer).hasSize(12);
    assertThat(ProofOfWork.accepts(SALT, 16, answer)).isTrue();
    answer[4] ^= 1;
    assertThat(ProofOfWork.accepts(SALT, 16, answer)).as("another nonce").isFalse();
  }

  @Test
  void aChallengeAboveTheBoundOrMalformedIsRefusedBeforeAnyWork() {
    assertThatThrownBy(() -> ProofOfWork.answer(new ByteArrayInputStream(ProofOfWork.challenge(29, SALT)),
        new ByteArrayOutputStream(), 28)).isInstanceOf(ProofOfWork.Refused.class).hasMessageContaining("29");
    assertThatThrownBy(() -> ProofOfWork.answer(new ByteArrayInputStream(ProofOfWork.challenge(-1, SALT)),
        new ByteArrayOutputStream(), 28)).isInstanceOf(ProofOfWork.Refused.class);
    byte[] wrongMagic = ProofOfWork.challenge(10, SALT);
    wrongMagic[0] ^= 1;
    assertThatThrownBy(() -> ProofOfWork.answer(new ByteArrayInputStream(wrongMagic), new ByteArrayOutputStream(), 28))
        .isInstanceOf(ProofOfWork.Refused.class);
    assertThatThrownBy(() -> ProofOfWork.answer(new ByteArrayInputStream(new byte[10]), new ByteArrayOutputStream(),
        28)).isInstanceOf(java.io.EOFException.class);
  }
}
