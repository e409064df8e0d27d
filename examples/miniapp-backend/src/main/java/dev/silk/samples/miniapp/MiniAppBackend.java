package dev.silk.samples.miniapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.SilkException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * A small Telegram Mini App backend: {@code POST /ask} with the Mini App's {@code initData} in the
 * {@code X-Telegram-Init-Data} header and the user's question as the body. The initData is
 * validated with the bot token before anything else; then the question goes to a Silk node,
 * encrypted end to end, paid and verified, and the answer comes back as plain text. It logs
 * neither questions nor answers.
 */
public final class MiniAppBackend implements AutoCloseable {
  private static final int MAX_QUESTION = 16 * 1024;

  private final HttpServer server;
  private final SilkClient silk;
  private final String botToken;
  private final Clock clock;

  private MiniAppBackend(HttpServer server, SilkClient silk, String botToken, Clock clock) {
    this.server = server;
    this.silk = silk;
    this.botToken = botToken;
    this.clock = clock;
  }

  /** Starts on 127.0.0.1:{@code port} (0: a free port). */
  public static MiniAppBackend start(int port, SilkClient silk, String botToken, Clock clock) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    MiniAppBackend backend = new MiniAppBackend(server, silk, botToken, clock);
    server.createContext("/ask", backend::ask);
    server.start();
    return backend;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void ask(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, "POST only");
        return;
      }
      InitData user;
      try {
        String initData = exchange.getRequestHeaders().getFirst("X-Telegram-Init-Data");
        user = InitData.validate(initData == null ? "" : initData, botToken, Duration.ofHours(1), clock.instant());
      } catch (InitData.InvalidInitData e) {
        reply(exchange, 401, "initData refused: " + e.getMessage());
        return;
      }
      String question;
      try (InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readNBytes(MAX_QUESTION + 1);
        if (body.length > MAX_QUESTION) {
          reply(exchange, 413, "question too long");
          return;
        }
        question = new String(body, StandardCharsets.UTF_8);
      }
      try {
        ChatCompletion answer = silk.chat().completions().create(ChatCompletionCreateParams.builder()
            .model("echo")
            .addMessage(ChatMessage.system("You answer a Telegram user of this Mini App."))
            .addMessage(ChatMessage.user(question))
            .maxTokens(256)
            .build());
        exchange.getResponseHeaders().add("X-Silk-Receipt", answer.receipt().toExportString());
        reply(exchange, 200, answer.content());
      } catch (SilkException e) {
        // The user sees that it failed, not why; the code is enough for the operator.
        reply(exchange, 502, "the private AI is unavailable (" + e.code() + ")");
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
