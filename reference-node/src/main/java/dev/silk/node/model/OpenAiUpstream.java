package dev.silk.node.model;

import dev.silk.core.json.ChatJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Forwards requests to an OpenAI-compatible upstream ({@code POST /v1/chat/completions} of a
 * llama.cpp server, vLLM, Ollama, …), as COCOON workers forward to vLLM. Streaming uses the
 * upstream's SSE with {@code stream_options.include_usage}; usage comes from the upstream. The
 * upstream sees the plaintext: in {@code tdx} mode it must run inside the same TD. Thread-safe.
 */
public final class OpenAiUpstream implements ModelBackend {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final HttpUrl completionsUrl;
  private final String servedModel;
  private final String upstreamModel;
  private final String apiKey;

  /**
   * @param baseUrl the upstream's base, for example {@code http://127.0.0.1:8000} (the path
   *     {@code /v1/chat/completions} is appended)
   * @param apiKey a bearer token for the upstream, or null
   */
  public OpenAiUpstream(String baseUrl, String servedModel, String upstreamModel, String apiKey, Duration timeout) {
    HttpUrl base = HttpUrl.parse(baseUrl);
    if (base == null) {
      throw new IllegalArgumentException("upstream URL is not http(s): " + baseUrl);
    }
    this.completionsUrl = base.newBuilder().addPathSegments("v1/chat/completions").build();
    this.servedModel = servedModel;
    this.upstreamModel = upstreamModel;
    this.apiKey = apiKey;
    this.http = new OkHttpClient.Builder()
        .callTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .build();
  }

  @Override
  public String model() {
    return servedModel;
  }

  @Override
  public String kind() {
    return "openai";
  }

  @Override
  public Answer generate(ChatJson.Request request, Consumer<String> onDelta) throws InterruptedException {
    boolean stream = Boolean.TRUE.equals(request.stream);
    request.model = upstreamModel;
    if (stream) {
      request.streamOptions = new ChatJson.StreamOptions();
      request.streamOptions.includeUsage = true;
    }
    Request.Builder call = new Request.Builder().url(completionsUrl).post(RequestBody.create(JSON, ChatJson.write(request)));
    if (apiKey != null) {
      call.header("Authorization", "Bearer " + apiKey);
    }
    try (Response response = http.newCall(call.build()).execute()) {
      if (!response.isSuccessful()) {
        // The upstream's body may echo the prompt: it is not logged or passed on.
        throw new UpstreamException("upstream answered HTTP " + response.code());
      }
      return stream ? readStream(response, onDelta) : readWhole(response);
    } catch (InterruptedIOException e) {
      throw new UpstreamException("upstream timed out");
    } catch (IOException e) {
      throw new UpstreamException("upstream failed: " + e.getClass().getSimpleName());
    }
  }

  private static Answer readWhole(Response response) throws IOException {
    ChatJson.Completion c = ChatJson.readCompletion(response.body().string());
    if (c.choices == null || c.choices.isEmpty() || c.choices.get(0).message == null) {
      throw new UpstreamException("upstream answer has no choice");
    }
    ChatJson.Choice choice = c.choices.get(0);
    long prompt = c.usage != null && c.usage.promptTokens != null ? c.usage.promptTokens : 0;
    long completion = c.usage != null && c.usage.completionTokens != null ? c.usage.completionTokens : 0;
    return new Answer(choice.message.content, choice.message.toolCalls, choice.finishReason, prompt, completion);
  }

  private static Answer readStream(Response response, Consumer<String> onDelta) throws IOException {
    StringBuilder text = new StringBuilder();
    Map<Integer, ChatJson.ToolCall> calls = new TreeMap<>();
    String finish = null;
    long prompt = 0;
    long completion = 0;
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.startsWith("data:")) {
          continue;
        }
        String data = line.substring(5).trim();
        if (data.equals("[DONE]")) {
          break;
        }
        ChatJson.Completion chunk = ChatJson.readCompletion(data);
        if (chunk.usage != null) {
          prompt = chunk.usage.promptTokens != null ? chunk.usage.promptTokens : prompt;
          completion = chunk.usage.completionTokens != null ? chunk.usage.completionTokens : completion;
        }
        if (chunk.choices == null || chunk.choices.isEmpty()) {
          continue;
        }
        ChatJson.Choice choice = chunk.choices.get(0);
        if (choice.finishReason != null) {
          finish = choice.finishReason;
        }
        if (choice.delta == null) {
          continue;
        }
        if (choice.delta.content != null && !choice.delta.content.isEmpty()) {
          text.append(choice.delta.content);
          onDelta.accept(choice.delta.content);
        }
        if (choice.delta.toolCalls != null) {
          mergeToolCalls(calls, choice.delta.toolCalls);
        }
      }
    }
    List<ChatJson.ToolCall> toolCalls = new ArrayList<>(calls.values());
    for (ChatJson.ToolCall call : toolCalls) {
      call.index = null;
    }
    return new Answer(text.length() == 0 && !toolCalls.isEmpty() ? null : text.toString(), toolCalls,
        finish == null ? "stop" : finish, prompt, completion);
  }

  /** OpenAI streams tool calls as fragments keyed by index: the first carries id and name. */
  private static void mergeToolCalls(Map<Integer, ChatJson.ToolCall> calls, List<ChatJson.ToolCall> deltas) {
    for (ChatJson.ToolCall d : deltas) {
      int index = d.index == null ? 0 : d.index;
      ChatJson.ToolCall call = calls.computeIfAbsent(index, i -> {
        ChatJson.ToolCall c = new ChatJson.ToolCall();
        c.type = "function";
        c.function = new ChatJson.FunctionCall();
        c.function.arguments = "";
        return c;
      });
      if (d.id != null) {
        call.id = d.id;
      }
      if (d.function != null) {
        if (d.function.name != null) {
          call.function.name = d.function.name;
        }
        if (d.function.arguments != null) {
          call.function.arguments += d.function.arguments;
        }
      }
    }
  }

  /** The upstream failed; the node answers with a signed {@code internal} error. */
  static final class UpstreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UpstreamException(String message) {
      super(message);
    }
  }
}
