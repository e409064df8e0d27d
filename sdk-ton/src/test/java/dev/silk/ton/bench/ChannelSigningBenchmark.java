package dev.silk.ton.bench;

import com.iwebpp.crypto.TweetNaclFast;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.SecretAccess;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.ton.java.address.Address;
import org.ton.java.smartcontract.payments.PaymentChannel;
import org.ton.java.smartcontract.types.ChannelConfig;

/**
 * What the client pays per request to sign its channel state (build the state cell, hash it,
 * Ed25519-sign): Silk's signer with its default engine and with BouncyCastle, against ton4j's
 * own TweetNaCl path as the baseline in the same run. Target: Silk at most 150 µs. Writes
 * {@code sdk-ton/target/channel-signing.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChannelSigningBenchmark {
  private ChannelSigner silk;
  private PaymentChannel ton4j;
  private long seqno;

  @Setup
  public void setUp() {
    TonSecretKey client = TonSecretKey.fromSeed(new byte[32], SecretAccess.grant());
    byte[] nodeKey = TonSecretKey.generate().publicKey();
    TonAddress a = TonAddress.of(0, new byte[32]);
    PaymentChannelConfig channel = PaymentChannelConfig.builder().channelId(BigInteger.valueOf(42))
        .publicKeyA(client.publicKey()).publicKeyB(nodeKey).addressA(a).addressB(a).build();
    silk = ChannelSigner.of(channel, Side.A, client);
    ton4j = PaymentChannel.builder().isA(true)
        .myKeyPair(TweetNaclFast.Signature.keyPair_fromSeed(new byte[32])).hisPublicKey(nodeKey)
        .channelConfig(ChannelConfig.builder().channelId(BigInteger.valueOf(42)).addressA(Address.of(a.toRaw()))
            .addressB(Address.of(a.toRaw())).initBalanceA(BigInteger.ZERO).initBalanceB(BigInteger.ZERO).build())
        .build();
  }

  @Benchmark
  public byte[] silkSignState() {
    seqno++;
    return silk.sign(ChannelState.of(seqno, TonAmount.ofNanoton(1_000_000 + seqno), 1, TonAmount.ZERO));
  }

  @Benchmark
  public byte[] ton4jTweetNaclSignState() {
    seqno++;
    return ton4j.createSignedSemiChannelState(BigInteger.valueOf(seqno), BigInteger.valueOf(1_000_000 + seqno),
        BigInteger.ONE, BigInteger.ZERO).getSignature();
  }

  public static void main(String[] args) throws RunnerException, IOException {
    StringBuilder report = new StringBuilder("| engine | benchmark | µs/op | ± error |\n|---|---|---|---|\n");
    Map<String, Double> silk = new LinkedHashMap<>();
    double baseline = 0;
    for (String engine : new String[] {"tink", "bouncycastle"}) {
      Options options = new OptionsBuilder()
          .include(ChannelSigningBenchmark.class.getName() + "\\.")
          .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
          .measurementIterations(5).measurementTime(TimeValue.seconds(2))
          .jvmArgsAppend("-Dsilk.crypto.bouncycastle=" + "bouncycastle".equals(engine))
          .build();
      Collection<RunResult> results = new Runner(options).run();
      for (RunResult r : results) {
        String name = r.getParams().getBenchmark();
        name = name.substring(name.lastIndexOf('.') + 1);
        double score = r.getPrimaryResult().getScore();
        report.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f |%n", engine, name, score,
            r.getPrimaryResult().getScoreError()));
        if (name.startsWith("silk")) {
          silk.put(engine, score);
        } else if ("tink".equals(engine)) {
          baseline = score;
        }
      }
    }
    for (Map.Entry<String, Double> e : silk.entrySet()) {
      report.append(String.format(Locale.ROOT, "%nSilk (%s): %.1f µs per state (target <= 150), %.1fx faster than "
          + "ton4j's TweetNaCl path (%.1f µs) in the same run", e.getKey(), e.getValue(), baseline / e.getValue(),
          baseline));
    }
    System.out.println(report);
    Files.createDirectories(Paths.get("target"));
    Files.write(Paths.get("target/channel-signing.md"), report.toString().getBytes(StandardCharsets.UTF_8));
  }
}
