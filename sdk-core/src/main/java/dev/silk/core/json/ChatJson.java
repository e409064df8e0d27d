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
  static final Moshi MOSHI = new Moshi.Builder().add(new ChatJsonAdapters()).build();
  private static final JsonAdapter<Request> REQUEST = MOSHI.adapter(Request.class);
  private static final JsonAdapter<Completion> COMPLETION = MOSHI.adapter(Completion.class);
  private static final JsonAdapter<Models> MODELS = MOSHI.adapter(Models.class);

  private ChatJson() {}

  /**
   * A chat completion request. Properties Silk does not model are kept in {@link #extra} when
   * read and written back after the modelled ones, so a node hands an app's extras to its
   * upstream unchanged.
   */
  public static final class Request {
    /** The JSON names of the modelled fields, in the order {@link ChatJsonAdapters} reads them. */
    public static final List<String> MODELLED = java.util.Collections.unmodifiableList(java.util.Arrays.asList(
        "model", "messages", "temperature", "max_tokens", "stop", "tools", "tool_choice", "response_format",
        "stream", "stream_options", "top_p", "frequency_penalty", "presence_penalty", "seed"));

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
    @Json(name = "top_p") public Double topP;
    @Json(name = "frequency_penalty") public Double frequencyPenalty;
    @Json(name = "presence_penalty") public Double presencePenalty;
    public Long seed;
    /** Other top-level properties as JSON values (maps, lists, strings, doubles, booleans), or null. */
    public transient Map<String, Object> extra;
  }

  public static final class StreamOptions {
    @Json(name = "include_usage") public Boolean includeUsage;
  }

  /**
   * A message, in requests and in answers ({@code message} or {@code delta}). Its JSON
   * {@code content} is either a string ({@link #content}) or an array of parts ({@link #parts}).
   */
  public static final class Message {
    public String role;
    public String content;
    /** The content as parts (text and images), or null when it is a string. */
    public List<ContentPart> parts;
    @Json(name = "tool_calls") public List<ToolCall> toolCalls;
    @Json(name = "tool_call_id") public String toolCallId;

    /** The text: the string content, or the text parts joined by newlines; null if neither. */
    public String text() {
      if (parts == null) {
        return content;
      }
      StringBuilder text = new StringBuilder();
      for (ContentPart part : parts) {
        if (ContentPart.TEXT.equals(part.type)) {
          text.append(text.length() == 0 ? "" : "\n").append(part.text);
        }
      }
      return text.toString();
    }
  }

  /** One part of a message's content: {@code text} or {@code image_url}. */
  public static final class ContentPart {
    public static final String TEXT = "text";
    public static final String IMAGE_URL = "image_url";

    public String type;
    public String text;
    @Json(name = "image_url") public ImageUrl imageUrl;

    /** @throws com.squareup.moshi.JsonDataException for a part type Silk does not carry, or a part without its value */
    void check() {
      if (TEXT.equals(type) && text != null && imageUrl == null) {
        return;
      }
      if (IMAGE_URL.equals(type) && text == null && imageUrl != null && imageUrl.url != null) {
        return;
      }
      throw new com.squareup.moshi.JsonDataException("a content part must be text or image_url with its value");
    }
  }

  public static final class ImageUrl {
    public String url;
    /** {@code auto}, {@code low} or {@code high}; null for the default. */
    public String detail;
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

  /** {@code text}, {@code json_object}, or {@code json_schema} with its schema. */
  public static final class ResponseFormat {
    public String type;
    @Json(name = "json_schema") public JsonSchema jsonSchema;
  }

  public static final class JsonSchema {
    public String name;
    public String description;
    public Map<String, Object> schema;
    public Boolean strict;
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
