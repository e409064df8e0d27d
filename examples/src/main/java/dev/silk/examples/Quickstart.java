package dev.silk.examples;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.SpendingCaps;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.faketon.FakeTonServer;
import dev.silk.node.NodeConfig;
import dev.silk.node.SilkNode;
import dev.silk.node.payment.TonChannelTerms;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.channel.ChannelOpener;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.payment.ChannelPaymentProvider;
import dev.silk.ton.payment.FileChannelStore;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * The whole path on one machine: a local chain (the fake-TON chain, loudly not the real one), a
 * reference node that charges in TON, a client wallet that opens a payment channel with the
 * node, and a chat completion that is sealed end to end, paid over the channel and returned
 * only after its signed receipt verified. Prints the answer, what it cost, a streamed answer
 * and the receipt.
 *
 * <p>Run: {@code ./mvnw -q -pl examples -am compile exec:java}
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Files.createTempDirectory("silk-quickstart");
    try (FakeTonServer chain = FakeTonServer.start(0)) {
      TonCenterClient ton = TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build();

      // The node: echo model, dev attestation, paid over TON channels read from the local chain.
      TonWallet nodeWallet = TonWallet.of(TonSecretKey.generate(), WalletVersion.V4R2, Network.TESTNET);
      NodeConfig config = NodeConfig.builder().dataDir(dataDir.resolve("node")).port(0)
          .tonChannelPayment(new TonChannelTerms(chain.tonCenterUrl(), null, nodeWallet.address(),
              1_000_000, 3_000_000, TonAmount.ofTon("0.1"), 4))
          .build();
      try (SilkNode node = SilkNode.start(config)) {
        // The client: a fresh wallet funded by the local faucet, and a channel with the node.
        TonSecretKey clientKey = TonSecretKey.generate();
        TonWallet clientWallet = TonWallet.of(clientKey, WalletVersion.V5R1, Network.TESTNET);
        chain.chain().give(clientWallet.address().toRaw(), TonAmount.ofTon("2").nanoton());
        PaymentTerms terms = node.descriptor().descriptor().payment();
        PaymentChannelConfig channel = PaymentChannelConfig.builder()
            .channelId(new BigInteger(128, new SecureRandom()))
            .publicKeyA(clientKey.publicKey()).publicKeyB(terms.counterpartyKey())
            .addressA(clientWallet.address()).addressB(TonAddress.parse(terms.address()))
            .build();
        TonAmount deposit = TonAmount.ofTon("0.5");
        ChannelOpener.open(ton, clientWallet, channel, ChannelSigner.of(channel, Side.A, clientKey), deposit,
            Duration.ofSeconds(30));

        ChannelPaymentProvider payments = ChannelPaymentProvider.builder()
            .channel(channel).key(clientKey).deposit(deposit)
            .store(new FileChannelStore(dataDir.resolve("client-channels")))
            .build();
        try (SilkClient client = SilkClient.builder()
            .baseUrl(node.baseUrl())
            // The local node proves nothing with "dev" attestation: accept it by name, for local use only.
            .attestationPolicy(AttestationPolicy.builder().allowInsecureDevAttestation().build())
            .paymentProvider(payments)
            .budget(Budget.of(SpendingCaps.builder().maxPerRequest(TonAmount.ofTon("0.01"))
                .maxTotalSpend(TonAmount.ofTon("0.1")).build()))
            .build()) {
          ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
              .model("echo")
              .addMessage(ChatMessage.user("Hello Silk, is this private?"))
              .maxTokens(64)
              .build();

          ChatCompletion answer = client.chat().completions().create(params);
          System.out.println("node        " + node.descriptor().nodeId().toHex() + " at " + node.baseUrl());
          System.out.println("channel     " + channel.address().toFriendly(true, true) + " holding " + deposit
              + " (on the local fake-TON chain)");
          System.out.println("attestation " + answer.attestation());
          System.out.println("answer      " + answer.content());
          System.out.println("usage       " + answer.usage());
          System.out.println("paid        " + answer.cost() + " (" + answer.cost().nanoton() + " nanoTON, charged on "
              + "the channel so far: " + answer.receipt().receipt().cumulativeChargedNanoton() + " nanoTON)");
          System.out.println("receipt     " + answer.receipt().receipt());

          StringBuilder streamed = new StringBuilder();
          try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            while (stream.hasNext()) {
              streamed.append(stream.next().delta());
            }
            System.out.println("streamed    " + streamed + " (receipt verified: "
                + stream.receipt().receipt().requestId().toHex() + ", paid " + stream.cost() + ")");
          }
          System.out.println("export      " + answer.receipt().toExportString());
        }
      }
    }
  }
}
