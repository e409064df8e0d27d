package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.RequestOptions;
import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.ContentPart;
import dev.silk.core.chat.Tool;
import dev.silk.core.discovery.DiscoveryOptions;
import dev.silk.core.discovery.NodeSource;
import dev.silk.core.stream.StreamResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client logs through java.util.logging (see the observability guide for why). With every
 * logger at {@link Level#ALL}, a run through every path that logs (answers, streams, tools,
 * images, extras, forged receipts, server errors, dropped streams, quarantine in a pool) leaves
 * no prompt, answer (the echo model answers the prompt), tool argument, extra or image in any
 * record: message, parameters or thrown.
 */
class ClientLogsTellNoSecretsTest {
  private static final String SECRET = "zq7-secret-prompt";
  private static final byte[] IMAGE = "zq7-secret-image".getBytes(StandardCharsets.US_ASCII);

  private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Logger root;
  private Level rootLevel;
  private LocalNode a;
  private LocalNode b;

  @BeforeEach
  void start() throws Exception {
    root = Logger.getLogger("");
    rootLevel = root.getLevel();
    root.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
    for (String name : new String[] {"dev.silk", "okhttp3", "retrofit2"}) {
      Logger.getLogger(name).setLevel(Level.ALL);
    }
    a = new LocalNode(c -> c);
    b = new LocalNode(c -> c);
  }

  @AfterEach
  void stop() throws Exception {
    root.removeHandler(capture);
    root.setLevel(rootLevel);
    for (String name : new String[] {"dev.silk", "okhttp3", "retrofit2"}) {
      Logger.getLogger(name).setLevel(null);
    }
    a.close();
    b.close();
  }

  private static ChatCompletionCreateParams ask(String suffix) {
    return ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(SECRET + " " + suffix))
        .maxTokens(16).build();
  }

  @Test
  void noLogRecordCarriesAPromptAnAnswerOrAnImage() throws Exception {
    try (SilkClient client = a.client(new okhttp3.OkHttpClient(), c -> c.maxRetries(1))) {
      client.chat().completions().create(ask("sync"));
      client.chat().completions().createAsync(ask("async")).get(30, TimeUnit.SECONDS);
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("stream"))) {
        stream.forEachRemaining(chunk -> { });
      }
      client.chat().completions().create(ask("tool").toBuilder()
          .addTool(Tool.function("lookup", "Looks up", Map.of("type", "object"))).build());
      client.chat().completions().create(ChatCompletionCreateParams.builder().model("echo")
          .addMessage(ChatMessage.user(ContentPart.text(SECRET), ContentPart.image(IMAGE, "image/png"))).build(),
          RequestOptions.builder().putExtraBodyProperty("user", SECRET).build());
      for (InjectedFault fault : new InjectedFault[] {InjectedFault.BAD_RECEIPT, InjectedFault.SERVER_ERROR,
          InjectedFault.PAYMENT_REQUIRED, InjectedFault.USAGE_MISMATCH, InjectedFault.DROPPED_STREAM}) {
        a.node.faults().inject(fault);
        if (fault != InjectedFault.DROPPED_STREAM) {
          assertThatThrownBy(() -> client.chat().completions().create(ask(fault.name())));
        }
        assertThatThrownBy(() -> {
          try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(ask("s"))) {
            s.forEachRemaining(chunk -> { });
          }
        });
        a.node.faults().clear();
      }
    }
    // A pool quarantines the forging node and logs it.
    b.node.faults().inject(InjectedFault.BAD_RECEIPT);
    try (SilkClient pool = SilkClient.builder().attestationPolicy(LocalNode.DEV)
        .discovery(NodeSource.staticUrls(a.node.baseUrl(), b.node.baseUrl()),
            DiscoveryOptions.builder().allowFreeNodes().build()).build()) {
      for (int i = 0; i < 12; i++) {
        try {
          pool.chat().completions().create(ask("pool " + i));
        } catch (RuntimeException forgedOnce) {
          // the forging node is quarantined after its first forged answer
        }
      }
    }

    List<LogRecord> logged;
    synchronized (records) {
      logged = new ArrayList<>(records);
    }
    assertThat(logged).as("the client logged at some level (quarantine, dev attestation ...)")
        .anyMatch(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("dev.silk"));
    for (LogRecord record : logged) {
      String text = render(record);
      assertThat(text).as(record.getLoggerName() + " " + record.getLevel())
          .doesNotContain(SECRET).doesNotContain("zq7-secret-image")
          .doesNotContain(java.util.Base64.getEncoder().encodeToString(IMAGE));
    }
  }

  private static String render(LogRecord record) {
    StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
    if (record.getParameters() != null) {
      for (Object p : record.getParameters()) {
        text.append(' ').append(p);
      }
    }
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      text.append(' ').append(trace);
    }
    return text.toString();
  }
}
