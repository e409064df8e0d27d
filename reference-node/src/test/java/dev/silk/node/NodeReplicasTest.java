package dev.silk.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.error.NodeError;
import dev.silk.node.store.Database;
import dev.silk.node.store.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replicas of one node (one keys directory, so the same descriptor) sharing their replay cache in a
 * real PostgreSQL: an envelope served by one replica is refused by the other, and a database that
 * goes away gets signed 503s, nothing served, until it is back.
 */
class NodeReplicasTest {
  private static final MediaType ENVELOPE = MediaType.get("application/vnd.silk.envelope");
  @RegisterExtension
  static final PostgresExtension POSTGRES = new PostgresExtension();
  private final OkHttpClient http = new OkHttpClient();

  /** A replica on its own data directory, sharing {@code keys} (one identity) and {@code db}. */
  private static LocalNode replica(Path keys, Database db) throws Exception {
    return new LocalNode(b -> b.replicas(Replicas.builder().database(db).keysDir(keys).build()));
  }

  @Test
  void anEnvelopeServedByOneReplicaIsRefusedByTheOther() throws Exception {
    Database db = POSTGRES.cluster().newDatabase();
    Path keys = Files.createTempDirectory("silk-replica-keys");
    try (LocalNode a = replica(keys, db); LocalNode b = replica(keys, db)) {
      SignedDescriptor d = descriptor(a);
      assertThat(descriptor(b).hash()).as("replicas serve the same descriptor").isEqualTo(d.hash());

      SealedRequest first = seal(d, "to A");
      assertThat(answer(a, first, d)).isNull();
      assertThat(answer(b, first, d).code()).isEqualTo(ErrorCode.REPLAY);

      SealedRequest second = seal(d, "to B");
      assertThat(answer(b, second, d)).isNull();
      assertThat(answer(a, second, d).code()).isEqualTo(ErrorCode.REPLAY);
      assertThat(answer(b, second, d).code()).isEqualTo(ErrorCode.REPLAY);
    }
  }

  @Test
  void whileTheDatabaseIsDownRequestsGetSigned503sAndServiceResumesByItself() throws Exception {
    Database db = POSTGRES.cluster().newDatabase().withConnectionTimeout(Duration.ofMillis(500));
    try (LocalNode a = replica(Files.createTempDirectory("silk-replica-keys"), db)) {
      SignedDescriptor d = descriptor(a);
      assertThat(answer(a, seal(d, "before"), d)).isNull();
      POSTGRES.cluster().stop();
      try {
        for (int i = 0; i < 3; i++) {
          SealedRequest during = seal(d, "during " + i);
          try (Response r = post(a, during.envelope())) {
            assertThat(r.code()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isNotNull();
            assertThat(NodeError.parse(r.body().bytes()).verify(d.signingKey()).code()).isEqualTo(ErrorCode.OVERLOADED);
          }
        }
        assertThat(status(a, "/health/ready")).isEqualTo(503);
      } finally {
        POSTGRES.cluster().start();
      }
      // Back by itself, through a client that retries a signed 503 as it would against any node.
      try (SilkClient client = a.client(http, c -> c.maxRetries(20))) {
        assertThat(client.chat().completions().create(ChatCompletionCreateParams.builder().model("echo")
            .addMessage(ChatMessage.user("after")).build()).content()).isEqualTo("after");
      }
      assertThat(status(a, "/health/ready")).isEqualTo(200);
    }
  }

  /**
   * The database restarted under load (8 clients): calls made during the outage wait on signed
   * 503s and retry, none fails, and every answered request is in the replay cache.
   */
  @Test
  void aDatabaseRestartedUnderLoadLosesNoAnswerAndServesNothingUnrecorded() throws Exception {
    Database db = POSTGRES.cluster().newDatabase().withConnectionTimeout(Duration.ofMillis(500));
    try (LocalNode a = replica(Files.createTempDirectory("silk-replica-keys"), db)) {
      java.util.concurrent.ConcurrentLinkedQueue<dev.silk.crypto.RequestId> answered =
          new java.util.concurrent.ConcurrentLinkedQueue<>();
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
      java.util.List<java.util.concurrent.Future<?>> clients = new java.util.ArrayList<>();
      try (SilkClient client = a.client(http, c -> c.maxRetries(40))) {
        for (int t = 0; t < 8; t++) {
          int thread = t;
          clients.add(threads.submit(() -> {
            for (int i = 0; !stop.get(); i++) {
              String prompt = "thread " + thread + " call " + i;
              dev.silk.core.chat.ChatCompletion answer = client.chat().completions().create(
                  ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(prompt)).build());
              assertThat(answer.content()).isEqualTo(prompt);
              answered.add(answer.receipt().receipt().requestId());
            }
            return null;
          }));
        }
        awaitAnswers(answered, 50);
        POSTGRES.cluster().crash();
        Thread.sleep(1000);
        POSTGRES.cluster().start();
        int atRestart = answered.size();
        awaitAnswers(answered, atRestart + 50);
        stop.set(true);
        for (java.util.concurrent.Future<?> f : clients) {
          f.get(60, java.util.concurrent.TimeUnit.SECONDS); // a failed call fails the test here
        }
      } finally {
        threads.shutdownNow();
      }
      assertThat(NodeMetrics.sealedRequests(a.node.baseUrl(), "rejected_storage")).as("signed 503s during the outage")
          .isPositive();
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), null);
          java.sql.PreparedStatement q = c.prepareStatement("SELECT 1 FROM silk_seen_request WHERE request_id = ?")) {
        for (dev.silk.crypto.RequestId id : answered) {
          q.setBytes(1, id.toBytes());
          try (java.sql.ResultSet r = q.executeQuery()) {
            assertThat(r.next()).as("answered request %s recorded", id).isTrue();
          }
        }
      }
    }
  }

  /**
   * A slow database (its replay table locked by someone else) with a pool of one: the request
   * holding the connection waits, the ones behind it wait at most the connection timeout and get
   * a signed 503; once the lock goes, the node serves again. Nothing is answered unrecorded.
   */
  @Test
  void aSlowDatabaseGetsSigned503sFromABoundedPool() throws Exception {
    Database db = POSTGRES.cluster().newDatabase().withPoolSize(1).withConnectionTimeout(Duration.ofMillis(300));
    try (LocalNode a = replica(Files.createTempDirectory("silk-replica-keys"), db)) {
      SignedDescriptor d = descriptor(a);
      assertThat(answer(a, seal(d, "before"), d)).isNull();
      java.util.List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
      try (java.sql.Connection locker = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), null)) {
        locker.setAutoCommit(false);
        try (java.sql.Statement s = locker.createStatement()) {
          s.execute("LOCK TABLE silk_seen_request IN ACCESS EXCLUSIVE MODE");
        }
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
          java.util.List<java.util.concurrent.Future<?>> posts = new java.util.ArrayList<>();
          for (int i = 0; i < 4; i++) {
            SealedRequest sealed = seal(d, "while slow " + i);
            posts.add(threads.submit(() -> {
              try (Response r = post(a, sealed.envelope())) {
                statuses.add(r.code());
                if (r.code() == 503) {
                  assertThat(NodeError.parse(r.body().bytes()).verify(d.signingKey()).code())
                      .isEqualTo(ErrorCode.OVERLOADED);
                }
              }
              return null;
            }));
          }
          // The three behind the one holding the pool's connection time out waiting for it.
          for (int i = 0; i < 200 && statuses.size() < 3; i++) {
            Thread.sleep(50);
          }
          assertThat(statuses).hasSizeGreaterThanOrEqualTo(3).containsOnly(503);
          assertThat(status(a, "/health/ready")).as("busy, not down: still ready").isEqualTo(200);
          locker.rollback(); // the lock goes
          for (java.util.concurrent.Future<?> f : posts) {
            f.get(30, java.util.concurrent.TimeUnit.SECONDS);
          }
        } finally {
          threads.shutdownNow();
        }
      }
      assertThat(statuses).hasSize(4).containsOnly(200, 503);
      try (SilkClient client = a.client(http, c -> c.maxRetries(20))) {
        assertThat(client.chat().completions().create(ChatCompletionCreateParams.builder().model("echo")
            .addMessage(ChatMessage.user("after")).build()).content()).isEqualTo("after");
      }
    }
  }

  private static void awaitAnswers(java.util.Collection<?> answered, int atLeast) throws InterruptedException {
    for (int i = 0; i < 1200 && answered.size() < atLeast; i++) {
      Thread.sleep(50);
    }
    assertThat(answered.size()).isGreaterThanOrEqualTo(atLeast);
  }

  private SignedDescriptor descriptor(LocalNode local) throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(local.node.baseUrl() + "/v1/node").build()).execute()) {
      SignedDescriptor d = SignedDescriptor.parse(r.body().bytes());
      d.verify(LocalNode.DEV, java.time.Instant.now());
      return d;
    }
  }

  private static SealedRequest seal(SignedDescriptor d, String prompt) {
    return RequestSealer.seal(RequestPayload.builder().model("echo").body(("{\"model\":\"echo\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}").getBytes(UTF_8)).build(), d.recipient());
  }

  private Response post(LocalNode local, byte[] envelope) throws Exception {
    return http.newCall(new Request.Builder().url(local.node.baseUrl() + "/v1/sealed/chat/completions")
        .post(RequestBody.create(ENVELOPE, envelope)).build()).execute();
  }

  /** The node's signed error inside its sealed answer, or null for an answer. */
  private NodeError answer(LocalNode local, SealedRequest sealed, SignedDescriptor d) throws Exception {
    try (Response r = post(local, sealed.envelope())) {
      assertThat(r.code()).isEqualTo(200);
      ResponseReader reader = sealed.responseReader(d.signingKey());
      reader.read(r.body().bytes());
      assertThat(reader.isComplete()).isTrue();
      return reader.nodeError();
    }
  }

  private int status(LocalNode local, String path) throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(local.node.baseUrl() + path).build()).execute()) {
      return r.code();
    }
  }
}
