package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.SilkClient;
import dev.silk.core.VerificationLevel;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.discovery.DiscoveryOptions;
import dev.silk.core.discovery.NodeSource;
import dev.silk.core.errors.SilkIoException;
import dev.silk.core.errors.VerificationException;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.registry.RegistryList;
import dev.silk.crypto.signature.NodeId;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.HttpBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery through the reference node's registry role, in one process: nodes announce, the
 * client lists them under the pinned registry key, spreads requests, skips what it cannot reach,
 * avoids what is slow and quarantines what lies (spec-v1 §14).
 */
class DiscoveryTest {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private final List<LocalNode> nodes = new ArrayList<>();
  private LocalNode registry;

  @AfterEach
  void stop() throws Exception {
    for (LocalNode n : nodes) {
      n.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void aClientFindsNodesThroughThePinnedRegistryAndSpreadsItsRequests() throws Exception {
    startRegistry();
    for (int i = 0; i < 3; i++) {
      announcing(b -> b);
    }
    awaitListed(3);
    Map<NodeId, Integer> answeredBy = new HashMap<>();
    try (SilkClient client = client(DiscoveryOptions.builder().allowFreeNodes().build())) {
      assertThat(client.models().list()).extracting(m -> m.id()).containsExactly("echo");
      for (int i = 0; i < 60; i++) {
        ChatCompletion answer = ask(client, "spread " + i);
        assertThat(answer.verification().level()).isEqualTo(VerificationLevel.SILK_RECEIPT);
        answeredBy.merge(answer.receipt().receipt().nodeId(), 1, Integer::sum);
      }
    }
    assertThat(answeredBy.keySet()).as("nodes that answered").hasSizeGreaterThanOrEqualTo(2)
        .isSubsetOf(nodeIds());
  }

  @Test
  void aNodeThatWentAwayIsSkippedAfterAtMostOneRequest() throws Exception {
    startRegistry();
    for (int i = 0; i < 3; i++) {
      announcing(b -> b);
    }
    awaitListed(3);
    try (SilkClient client = client(DiscoveryOptions.builder().allowFreeNodes().build())) {
      for (int i = 0; i < 10; i++) {
        ask(client, "before " + i);
      }
      LocalNode gone = nodes.remove(0);
      NodeId goneId = gone.node.descriptor().nodeId();
      gone.close(); // still listed until the registry's TTL: connections are refused
      int failed = 0;
      for (int i = 0; i < 40; i++) {
        try {
          assertThat(ask(client, "after " + i).receipt().receipt().nodeId()).isNotEqualTo(goneId);
        } catch (SilkIoException onAConnectionTheNodeHadClosed) {
          // OkHttp 5 may write a request into a kept-alive connection the node had closed before
          // it notices: bytes left, so the client cannot know they did not arrive and does not
          // resend them elsewhere (OkHttp 3 checks the connection first and never gets here).
          failed++;
        }
      }
      boolean okHttp3 = !onClasspath("okhttp3.OkHttp"); // the version holder OkHttp 4 and 5 have
      assertThat(failed).as("requests surfaced instead of failed over").isLessThanOrEqualTo(okHttp3 ? 0 : 1);
    }
  }

  @Test
  void aSlowNodeGetsLittleOfTheTraffic() throws Exception {
    startRegistry();
    LocalNode slow = announcing(b -> b.echoDelay(Duration.ofMillis(150)));
    announcing(b -> b);
    announcing(b -> b);
    awaitListed(3);
    int bySlow = 0;
    try (SilkClient client = client(DiscoveryOptions.builder().allowFreeNodes().build())) {
      for (int i = 0; i < 60; i++) {
        if (ask(client, "latency " + i).receipt().receipt().nodeId().equals(slow.node.descriptor().nodeId())) {
          bySlow++;
        }
      }
    }
    // Power of two choices over latency: the slow node wins only when drawn against itself's
    // twin slot, never against a faster node once both have answered.
    assertThat(bySlow).as("answers from the slow node").isLessThanOrEqualTo(6);
  }

  @Test
  void aNodeWhoseReceiptsFailVerificationIsQuarantinedAfterOneAnswer() throws Exception {
    startRegistry();
    LocalNode liar = announcing(b -> b.injectFault(InjectedFault.BAD_RECEIPT));
    announcing(b -> b);
    announcing(b -> b);
    awaitListed(3);
    List<RuntimeException> failures = new ArrayList<>();
    int answered = 0;
    try (SilkClient client = client(DiscoveryOptions.builder().allowFreeNodes().build())) {
      for (int i = 0; i < 60; i++) {
        try {
          assertThat(ask(client, "trust " + i).receipt().receipt().nodeId()).isNotEqualTo(liar.node.descriptor().nodeId());
          answered++;
        } catch (VerificationException e) {
          failures.add(e);
        }
      }
    }
    // The request that met the liar fails (it may have been served: it is not sent elsewhere);
    // no later request goes to it.
    assertThat(failures).hasSizeLessThanOrEqualTo(1);
    assertThat(answered).isGreaterThanOrEqualTo(59);
  }

  @Test
  void freeNodesAreNotChosenUnlessTheClientAllowsThem() throws Exception {
    startRegistry();
    announcing(b -> b);
    awaitListed(1);
    try (SilkClient client = client(DiscoveryOptions.defaults())) {
      assertThatThrownBy(() -> ask(client, "free?")).isInstanceOfSatisfying(SilkIoException.class,
          e -> assertThat(e.code()).isEqualTo("no_node"));
    }
  }

  @Test
  void theRegistryRefusesForgedAnnouncementsAndClientsRefuseAnotherRegistrysList() throws Exception {
    startRegistry();
    LocalNode a = announcing(b -> b);
    awaitListed(1);
    SigningPrivateKey intruder = SigningPrivateKey.generate();
    byte[] body = new ByteWriter().u16(1).string("http://127.0.0.1:9").bytes(a.node.descriptor().toBytes())
        .u64(Instant.now().toEpochMilli()).toByteArray();
    assertThat(postAnnouncement(SignedFrame.sign(SignedType.NODE_ANNOUNCEMENT, body, intruder))).isEqualTo(401);
    assertThat(postAnnouncement(new byte[] {7, 0, 0})).isEqualTo(400);
    assertThat(listed().entries()).extracting(RegistryList.Entry::url).containsExactly(a.node.baseUrl());

    SilkClient pinnedElsewhere = SilkClient.builder()
        .discovery(NodeSource.registry(registry.node.baseUrl(), SigningPrivateKey.generate().publicKey()),
            DiscoveryOptions.builder().allowFreeNodes().build())
        .attestationPolicy(LocalNode.DEV).build();
    assertThatThrownBy(() -> ask(pinnedElsewhere, "whose list?")).isInstanceOfSatisfying(SilkIoException.class,
        e -> assertThat(e.code()).isEqualTo("no_node"));
  }

  @Test
  void aStaticListWorksWithoutARegistry() throws Exception {
    LocalNode a = node(b -> b);
    LocalNode b = node(c -> c);
    try (SilkClient client = SilkClient.builder()
        .discovery(NodeSource.staticUrls(a.node.baseUrl(), b.node.baseUrl()), DiscoveryOptions.builder()
            .allowFreeNodes().build())
        .attestationPolicy(LocalNode.DEV).build()) {
      for (int i = 0; i < 10; i++) {
        assertThat(nodeIds()).contains(ask(client, "static " + i).receipt().receipt().nodeId());
      }
    }
  }

  // ---- helpers ----

  private static boolean onClasspath(String className) {
    try {
      Class.forName(className);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private void startRegistry() throws Exception {
    registry = new LocalNode(b -> b.registry(Duration.ofMinutes(3)));
  }

  private LocalNode node(UnaryOperator<NodeConfig.Builder> settings) throws Exception {
    LocalNode n = new LocalNode(settings);
    nodes.add(n);
    return n;
  }

  private LocalNode announcing(UnaryOperator<NodeConfig.Builder> settings) throws Exception {
    return node(b -> settings.apply(b.announce(Collections.singletonList(registry.node.baseUrl()), null,
        Duration.ofSeconds(1))));
  }

  private List<NodeId> nodeIds() {
    List<NodeId> ids = new ArrayList<>();
    for (LocalNode n : nodes) {
      ids.add(n.node.descriptor().nodeId());
    }
    return ids;
  }

  private SilkClient client(DiscoveryOptions options) {
    return SilkClient.builder()
        .discovery(NodeSource.registry(registry.node.baseUrl(), registry.node.registryKey().get()), options)
        .attestationPolicy(LocalNode.DEV)
        .retryBackoff(Duration.ofMillis(10))
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  private static ChatCompletion ask(SilkClient client, String prompt) {
    return client.chat().completions().create(ChatCompletionCreateParams.builder().model("echo")
        .addMessage(ChatMessage.user(prompt)).maxTokens(16).build());
  }

  private RegistryList listed() throws Exception {
    return Registries.list(registry.node.baseUrl()).verify(registry.node.registryKey().get(), Instant.now());
  }

  private void awaitListed(int n) throws Exception {
    Registries.awaitListed(registry.node.baseUrl(), n);
  }

  private int postAnnouncement(byte[] bytes) throws Exception {
    try (Response r = HTTP.newCall(new Request.Builder().url(registry.node.baseUrl() + "/" + HttpBinding.REGISTRY_ANNOUNCE)
        .post(RequestBody.create(MediaType.get("application/vnd.silk.announcement"), bytes)).build()).execute()) {
      return r.code();
    }
  }
}
