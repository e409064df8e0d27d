package dev.silk.core.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TonAmountTest {
  @Test
  void parsesAndPrintsExactDecimalTon() {
    assertThat(TonAmount.ofTon("1.5").nanoton()).isEqualTo(1_500_000_000L);
    assertThat(TonAmount.ofTon("0.000000001").nanoton()).isEqualTo(1);
    assertThat(TonAmount.ofTon("9223372036.854775807").nanoton()).isEqualTo(Long.MAX_VALUE);
    assertThat(TonAmount.ofNanoton(2_500).toTonString()).isEqualTo("0.0000025");
    assertThat(TonAmount.ofNanoton(2_000_000_000L)).hasToString("2 TON");
    assertThat(TonAmount.ofTon("0")).isSameAs(TonAmount.ZERO);
  }

  @Test
  void refusesWhatIsNotAnAmount() {
    assertThatIllegalArgumentException().isThrownBy(() -> TonAmount.ofTon("0.0000000001"))
        .withMessageContaining("finer than 1 nanoTON");
    assertThatIllegalArgumentException().isThrownBy(() -> TonAmount.ofTon("9223372036.854775808"))
        .withMessageContaining("64-bit");
    assertThatIllegalArgumentException().isThrownBy(() -> TonAmount.ofTon("-1"));
    assertThatIllegalArgumentException().isThrownBy(() -> TonAmount.ofTon("1 TON"));
    assertThatIllegalArgumentException().isThrownBy(() -> TonAmount.ofNanoton(-1));
  }

  @Test
  void arithmeticNeverOverflowsOrGoesNegative() {
    TonAmount a = TonAmount.ofNanoton(7);
    assertThat(a.plus(TonAmount.ofNanoton(3))).isEqualTo(TonAmount.ofNanoton(10));
    assertThat(a.minus(a)).isEqualTo(TonAmount.ZERO);
    assertThat(a.max(TonAmount.ofNanoton(9)).nanoton()).isEqualTo(9);
    assertThat(a.compareTo(TonAmount.ofNanoton(8))).isNegative();
    assertThatThrownBy(() -> a.minus(TonAmount.ofNanoton(8))).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> TonAmount.ofNanoton(Long.MAX_VALUE).plus(a)).isInstanceOf(ArithmeticException.class);
  }
}
