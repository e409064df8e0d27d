package dev.silk.crypto.cocoon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** TL as COCOON writes it: strings of every length class, padding, and a reader that refuses every malformation. */
class TlTest {
  @Test
  void bytesOfEveryLengthClassRoundTripWithPadding() throws Exception {
    for (int length : new int[] {0, 1, 2, 3, 4, 252, 253, 254, 255, 256, 1000, 65536}) {
      byte[] value = new byte[length];
      new Random(length).nextBytes(value);
      byte[] tl = new TlWriter().bytes(value).i32(7).toByteArray();
      assertThat(tl.length % 4).isZero();
      TlReader in = new TlReader(tl);
      assertThat(in.bytes()).isEqualTo(value);
      assertThat(in.i32()).isEqualTo(7);
      in.end();
    }
    assertThat(new TlWriter().bytes(new byte[3]).toByteArray()).containsExactly(3, 0, 0, 0);
    assertThat(new TlWriter().bytes(new byte[254]).toByteArray()).startsWith(254, 254, 0, 0);
  }

  @Test
  void integersBooleansAndInt256() throws Exception {
    byte[] key = new byte[32];
    key[31] = 9;
    byte[] tl = new TlWriter().i32(-2).i64(Long.MIN_VALUE).f64(1.5).bool(true).bool(false).i256(key).toByteArray();
    TlReader in = new TlReader(tl);
    assertThat(in.i32()).isEqualTo(-2);
    assertThat(in.i64()).isEqualTo(Long.MIN_VALUE);
    assertThat(in.f64()).isEqualTo(1.5);
    assertThat(in.bool()).isTrue();
    assertThat(in.bool()).isFalse();
    assertThat(in.i256()).isEqualTo(key);
    in.end();
  }

  @Test
  void theReaderRefusesMalformedTl() {
    assertThatThrownBy(() -> new TlReader(new byte[] {5, 1, 2}).bytes()).isInstanceOf(TlReader.TlException.class);
    assertThatThrownBy(() -> new TlReader(new byte[] {1, 7, 0, 1}).bytes()).as("non-zero padding")
        .isInstanceOf(TlReader.TlException.class);
    assertThatThrownBy(() -> new TlReader(new byte[] {(byte) 254, 3, 0, 0, 1, 2, 3, 0}).bytes()).as("long form, short")
        .isInstanceOf(TlReader.TlException.class);
    assertThatThrownBy(() -> new TlReader(new byte[] {(byte) 255, 0, 0, 0}).bytes())
        .isInstanceOf(TlReader.TlException.class);
    assertThatThrownBy(() -> new TlReader(new byte[] {1, 2}).i32()).isInstanceOf(TlReader.TlException.class);
    assertThatThrownBy(() -> new TlReader(new TlWriter().id(CocoonIds.VECTOR).i32(1_000_000).toByteArray()).vector(10))
        .isInstanceOf(TlReader.TlException.class);
    assertThatThrownBy(() -> new TlReader(new TlWriter().i32(12345).toByteArray()).bool())
        .isInstanceOf(TlReader.TlException.class);
    assertThatThrownBy(() -> new TlReader(new byte[8]).end()).isInstanceOf(TlReader.TlException.class);
  }
}
