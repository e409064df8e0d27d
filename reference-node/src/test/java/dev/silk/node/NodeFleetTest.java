package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.node.store.Database;
import dev.silk.node.store.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Three replicas of one node (separate processes, the same keys) behind a round-robin balancer,
 * sharing one real PostgreSQL, sixteen clients; one replica is killed with SIGKILL mid-load.
 * Every call still gets its verified answer, and every answered request is in the shared replay
 * cache, so no replica would serve it again.
 */
class NodeFleetTest {
  private static final int CLIENTS = 16;
  private static final int CALLS_PER_CLIENT = 25;

  @Test
  void aReplicaKilledMidLoadLosesNothing() throws Exception {
    try (PostgresCluster cluster = PostgresCluster.startOrSkip()) {
      Database db = cluster.newDatabase();
      try (FleetProcesses fleet = FleetProcesses.start(3, db)) {
        byte[] descriptor = descriptor(fleet.replica(0));
        assertThat(descriptor(fleet.replica(1))).as("one identity: the same descriptor").isEqualTo(descriptor);
        assertThat(descriptor(fleet.replica(2))).as("one identity: the same descriptor").isEqualTo(descriptor);
        ConcurrentLinkedQueue<dev.silk.crypto.RequestId> answeredIds = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch thirdDone = new CountDownLatch(CLIENTS * CALLS_PER_CLIENT / 3);
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          clients.add(threads.submit(() -> {
            // No idle connection kept: every call opens one, so the balancer spreads calls over replicas.
            OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .build();
            try (SilkClient silk = SilkClient.builder().baseUrl(fleet.balancerUrl()).okHttpClient(http)
                .attestationPolicy(LocalNode.DEV).maxRetries(6).retryBackoff(Duration.ofMillis(50)).build()) {
              for (int i = 0; i < CALLS_PER_CLIENT; i++) {
                String prompt = "client " + client + " call " + i;
                ChatCompletion answer = silk.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("echo").addMessage(ChatMessage.user(prompt)).build());
                assertThat(answer.content()).isEqualTo(prompt);
                answeredIds.add(answer.receipt().receipt().requestId());
                done.incrementAndGet();
                thirdDone.countDown();
              }
            }
            return null;
          }));
        }
        assertThat(thirdDone.await(120, TimeUnit.SECONDS)).isTrue();
        int beforeKill = done.get();
        fleet.replica(1).kill();
        for (Future<?> f : clients) {
          f.get(180, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(beforeKill).as("killed mid-load").isLessThan(CLIENTS * CALLS_PER_CLIENT);
        assertThat(done.get()).isEqualTo(CLIENTS * CALLS_PER_CLIENT);
        long answeredBy0 = NodeMetrics.sealedRequests(fleet.replica(0).baseUrl, "answered");
        long answeredBy2 = NodeMetrics.sealedRequests(fleet.replica(2).baseUrl, "answered");
        assertThat(answeredBy0 + answeredBy2).as("the survivors served the rest")
            .isGreaterThanOrEqualTo(CLIENTS * CALLS_PER_CLIENT - beforeKill);
        assertThat(answeredBy0).as("spread over replicas").isPositive();
        assertThat(answeredBy2).as("spread over replicas").isPositive();
        assertThat(answeredIds).doesNotHaveDuplicates();
        assertThat(recorded(db, answeredIds)).as("answered requests in the shared replay cache")
            .isEqualTo(answeredIds.size());
      }
    }
  }

  private static byte[] descriptor(NodeProcess replica) throws Exception {
    try (okhttp3.Response r = new OkHttpClient().newCall(new okhttp3.Request.Builder().url(replica.baseUrl + "/v1/node")
        .build()).execute()) {
      return r.body().bytes();
    }
  }

  private static int recorded(Database db, Iterable<dev.silk.crypto.RequestId> requestIds) throws Exception {
    int found = 0;
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), null);
        PreparedStatement q = c.prepareStatement("SELECT 1 FROM silk_seen_request WHERE request_id = ?")) {
      for (dev.silk.crypto.RequestId id : requestIds) {
        q.setBytes(1, id.toBytes());
        try (ResultSet r = q.executeQuery()) {
          found += r.next() ? 1 : 0;
        }
      }
    }
    return found;
  }
}
