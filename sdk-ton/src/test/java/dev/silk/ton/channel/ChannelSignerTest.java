package dev.silk.ton.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.iwebpp.crypto.TweetNaclFast;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.SecretAccess;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellSlice;
import org.ton.java.smartcontract.payments.ClosingConfig;
import org.ton.java.smartcontract.payments.PaymentChannel;
import org.ton.java.smartcontract.types.ChannelConfig;

/** Silk's channel signing against ton4j's own (TweetNaCl) implementation of the same contract. */
class ChannelSignerTest {
  private static final TonSecretKey CLIENT = TonSecretKey.fromSeed(seed(1), SecretAccess.grant());
  private static final TonSecretKey NODE = TonSecretKey.fromSeed(seed(2), SecretAccess.grant());
  private static final TonAddress WALLET_A = TonAddress.of(0, seed(3));
  private static final TonAddress WALLET_B = TonAddress.of(0, seed(4));
  private static final BigInteger ID = new BigInteger("1234567890abcdef1234567890abcdef", 16);
  private static final PaymentChannelConfig CHANNEL = PaymentChannelConfig.builder().channelId(ID)
      .publicKeyA(CLIENT.publicKey()).publicKeyB(NODE.publicKey()).addressA(WALLET_A).addressB(WALLET_B)
      .quarantineDuration(Duration.ofMinutes(30)).misbehaviorFine(TonAmount.ofTon("0.1"))
      .conditionalCloseDuration(Duration.ofMinutes(10)).build();
  private static final ChannelState STATE = ChannelState.of(7, TonAmount.ofNanoton(123_456_789), 1, TonAmount.ZERO);

  private static byte[] seed(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  private static PaymentChannel ton4j(Side side) {
    TonSecretKey mine = side == Side.A ? CLIENT : NODE;
    TonSecretKey his = side == Side.A ? NODE : CLIENT;
    return PaymentChannel.builder().isA(side == Side.A)
        .myKeyPair(TweetNaclFast.Signature.keyPair_fromSeed(mine.seed(SecretAccess.grant())))
        .hisPublicKey(his.publicKey())
        .channelConfig(ChannelConfig.builder().channelId(ID).addressA(org.ton.java.address.Address.of(WALLET_A.toRaw()))
            .addressB(org.ton.java.address.Address.of(WALLET_B.toRaw())).initBalanceA(BigInteger.ZERO)
            .initBalanceB(BigInteger.ZERO).build())
        .closingChannelConfig(ClosingConfig.builder().quarantineDuration(1800)
            .misbehaviorFine(BigInteger.valueOf(100_000_000)).conditionalCloseDuration(600).build())
        .build();
  }

  @Test
  void signaturesAndCellsAreByteIdenticalToTon4jsForBothSides() {
    for (Side side : Side.values()) {
      ChannelSigner signer = ChannelSigner.of(CHANNEL, side, side == Side.A ? CLIENT : NODE);
      BigInteger my = BigInteger.valueOf(STATE.seqno(side));
      BigInteger his = BigInteger.valueOf(STATE.seqno(side.other()));
      org.ton.java.smartcontract.payments.Signature expected = ton4j(side).createSignedSemiChannelState(my,
          BigInteger.valueOf(STATE.sent(side).nanoton()), his, BigInteger.valueOf(STATE.sent(side.other()).nanoton()));

      assertThat(signer.sign(STATE)).isEqualTo(expected.getSignature());
      assertThat(signer.signedStateBoc(STATE)).isEqualTo(expected.getCell().toBoc());
    }
  }

  @Test
  void theChannelAddressIsTon4jsForTheSameContract() {
    assertThat(CHANNEL.address().toRaw()).isEqualTo(ton4j(Side.A).getAddress().toRaw());
    assertThat(CHANNEL.address().toRaw()).isEqualTo(ton4j(Side.B).getAddress().toRaw());
    PaymentChannelConfig otherRules = PaymentChannelConfig.builder().channelId(ID).publicKeyA(CLIENT.publicKey())
        .publicKeyB(NODE.publicKey()).addressA(WALLET_A).addressB(WALLET_B).build();
    assertThat(otherRules.address()).isNotEqualTo(CHANNEL.address());
    Cell stateInit = Cell.fromBoc(CHANNEL.stateInitBoc());
    assertThat(stateInit.getRefs()).hasSize(2);
  }

  @Test
  void verifyAcceptsTheSignersStateOnly() {
    byte[] signature = ChannelSigner.of(CHANNEL, Side.A, CLIENT).sign(STATE);
    assertThat(ChannelSigner.verify(CHANNEL, Side.A, STATE, signature)).isTrue();

    assertThat(ChannelSigner.verify(CHANNEL, Side.B, STATE, signature)).as("other side").isFalse();
    assertThat(ChannelSigner.verify(CHANNEL, Side.A,
        ChannelState.of(7, TonAmount.ofNanoton(123_456_788), 1, TonAmount.ZERO), signature)).as("amount").isFalse();
    assertThat(ChannelSigner.verify(CHANNEL, Side.A,
        ChannelState.of(8, TonAmount.ofNanoton(123_456_789), 1, TonAmount.ZERO), signature)).as("seqno").isFalse();
    PaymentChannelConfig otherChannel = PaymentChannelConfig.builder().channelId(ID.add(BigInteger.ONE))
        .publicKeyA(CLIENT.publicKey()).publicKeyB(NODE.publicKey()).addressA(WALLET_A).addressB(WALLET_B).build();
    assertThat(ChannelSigner.verify(otherChannel, Side.A, STATE, signature)).as("channel").isFalse();
    for (int bit = 0; bit < 512; bit += 37) {
      byte[] flipped = signature.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(ChannelSigner.verify(CHANNEL, Side.A, STATE, flipped)).isFalse();
    }
    assertThat(ChannelSigner.verify(CHANNEL, Side.A, STATE, Arrays.copyOf(signature, 63))).isFalse();
    assertThat(ChannelSigner.verify(CHANNEL, Side.A, STATE, null)).isFalse();
  }

  @Test
  void aSignerNeedsItsSidesKey() {
    assertThatIllegalArgumentException().isThrownBy(() -> ChannelSigner.of(CHANNEL, Side.B, CLIENT))
        .withMessageContaining("side B");
    assertThat(CLIENT.toString()).doesNotContain("01");
  }

  @Test
  void theSignedCellCarriesSignatureThenState() {
    byte[] signature = ChannelSigner.of(CHANNEL, Side.A, CLIENT).sign(STATE);
    CellSlice slice = CellSlice.beginParse(Cell.fromBoc(ChannelSigner.of(CHANNEL, Side.A, CLIENT).signedStateBoc(STATE)));
    assertThat(slice.loadBytes(512)).isEqualTo(signature);
    assertThat(slice.loadUint(32).longValue()).isEqualTo(0x43685374L);
    assertThat(slice.loadUint(128)).isEqualTo(ID);
    assertThat(slice.loadUint(64).longValue()).isEqualTo(7);
    assertThat(slice.loadCoins().longValue()).isEqualTo(123_456_789L);
  }

  @Test
  void configRefusesBadInput() {
    assertThatIllegalArgumentException().isThrownBy(() -> PaymentChannelConfig.builder()
        .channelId(BigInteger.ONE.shiftLeft(128)));
    assertThatIllegalArgumentException().isThrownBy(() -> PaymentChannelConfig.builder().publicKeyA(new byte[31]));
    assertThatIllegalArgumentException().isThrownBy(() -> PaymentChannelConfig.builder()
        .quarantineDuration(Duration.ofMillis(1500)));
    assertThatIllegalArgumentException().isThrownBy(() -> PaymentChannelConfig.builder().build());
    assertThatIllegalArgumentException().isThrownBy(() -> ChannelState.of(-1, TonAmount.ZERO, 0, TonAmount.ZERO));
  }

  /** spec-v1 §13.1 bit by bit: the cell Silk signs, and the other form of an empty B side, which must not verify. */
  @Test
  void theStateCellIsTheSpecsBitForBitAndTheOtherFormOfAnEmptyBSideDoesNotVerify() {
    ChannelState state = ChannelState.of(7, TonAmount.ofNanoton(123_456_789), 0, TonAmount.ZERO);
    Cell bBody = org.ton.java.cell.CellBuilder.beginCell().storeUint(0, 64).storeCoins(BigInteger.ZERO).storeBit(false)
        .endCell();
    Cell spelled = org.ton.java.cell.CellBuilder.beginCell().storeUint(0x43685374L, 32).storeUint(ID, 128)
        .storeUint(7, 64).storeCoins(BigInteger.valueOf(123_456_789)).storeBit(false)
        .storeBit(true).storeRef(bBody).endCell();
    byte[] signature = CLIENT.sign(spelled.hash());
    assertThat(ChannelSigner.of(CHANNEL, Side.A, CLIENT).sign(state)).isEqualTo(signature);
    assertThat(ChannelSigner.verify(CHANNEL, Side.A, state, signature)).isTrue();

    Cell withoutB = org.ton.java.cell.CellBuilder.beginCell().storeUint(0x43685374L, 32).storeUint(ID, 128)
        .storeUint(7, 64).storeCoins(BigInteger.valueOf(123_456_789)).storeBit(false).storeBit(false).endCell();
    assertThat(ChannelSigner.verify(CHANNEL, Side.A, state, CLIENT.sign(withoutB.hash()))).isFalse();
  }
}
