package dev.silk.core.json;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI chat wire format that travels inside sealed envelopes and answers, as Moshi DTOs.
 * Shared by the client and the reference node so that both speak exactly one format. Unknown
 * fields are ignored when reading (forward compatibility); nulls are omitted when writing.
 */
public final class ChatJson {
  /** The one Moshi of the wire formats (it caches adapters). */
  static final Moshi MOSHI = new Moshi.Builder().build();
  private static final JsonAdapter<Request> REQUEST = MOSHI.adapter(Request.class);
  private static final JsonAdapter<Completion> COMPLETION = MOSHI.adapter(Completion.class);
  private static final JsonAdapter<Models> MODELS = MOSHI.adapter(Models.class);

  private ChatJson() {}

  /** A chat completion request. */
  public static final class Request {
    public String model;
    public List<Message> messages;
    public Double temperature;
    @Json(name = "max_tokens") public Long maxTokens;
    public List<String> stop;
    public List<ToolSpec> tools;
    @Json(name = "tool_choice") public String toolChoice;
    @Json(name = "response_format") public ResponseFormat responseFormat;
    public Boolean stream;
    /** Only towards OpenAI-compatible upstreams: ask for usage in the last streamed chunk. */
    @Json(name = "stream_options") public StreamOptions streamOptions;
  }

  public static final class StreamOptions {
    @Json(name = "include_usage") public Boolean includeUsage;
  }

  /** A message, in requests and in answers ({@code message} or {@code delta}). */
  public static final class Message {
    public String role;
    public String content;
    @Json(name = "tool_calls") public List<ToolCall> toolCalls;
    @Json(name = "tool_call_id") public String toolCallId;
  }

  public static final class ToolCall {
    /** Position of a streamed tool call delta (OpenAI streaming); absent otherwise. */
    public Integer index;
    public String id;
    public String type;
    public FunctionCall function;
  }

  public static final class FunctionCall {
    public String name;
    public String arguments;
  }

  public static final class ToolSpec {
    public String type;
    public Function function;
  }

  public static final class Function {
    public String name;
    public String description;
    public Map<String, Object> parameters;
  }

  public static final class ResponseFormat {
    public String type;
  }

  /** A {@code chat.completion} or one {@code chat.completion.chunk}. */
  public static final class Completion {
    public String id;
    public String object;
    public Long created;
    public String model;
    public List<Choice> choices;
    public Usage usage;
  }

  public static final class Choice {
    public Integer index;
    public Message message;
    public Message delta;
    /** Legacy text completions ({@code /v1/completions}, COCOON runner) only. */
    public String text;
    @Json(name = "finish_reason") public String finishReason;
  }

  public static final class Usage {
    @Json(name = "prompt_tokens") public Long promptTokens;
    @Json(name = "completion_tokens") public Long completionTokens;
    @Json(name = "total_tokens") public Long totalTokens;
    /** COCOON runner only: costs in nanoTON (absent from Silk answers, whose receipt states the cost). */
    @Json(name = "prompt_total_cost") public Long promptTotalCost;
    @Json(name = "completion_total_cost") public Long completionTotalCost;
    @Json(name = "total_cost") public Long totalCost;
  }

  /** {@code GET /v1/models}. */
  public static final class Models {
    public String object;
    public List<Model> data;
  }

  public static final class Model {
    public String id;
    public String object;
    @Json(name = "owned_by") public String ownedBy;
  }

  public static byte[] write(Request request) {
    return REQUEST.toJson(request).getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] write(Completion completion) {
    return COMPLETION.toJson(completion).getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] write(Models models) {
    return MODELS.toJson(models).getBytes(StandardCharsets.UTF_8);
  }

  /** @throws IOException if the bytes are not a JSON request */
  public static Request readRequest(byte[] json) throws IOException {
    return requireNonNull(REQUEST.fromJson(new String(json, StandardCharsets.UTF_8)));
  }

  /** @throws IOException if the text is not a JSON completion */
  public static Completion readCompletion(String json) throws IOException {
    return requireNonNull(COMPLETION.fromJson(json));
  }

  static <T> T requireNonNull(T value) throws IOException {
    if (value == null) {
      throw new IOException("JSON null where an object was expected");
    }
    return value;
  }
}
