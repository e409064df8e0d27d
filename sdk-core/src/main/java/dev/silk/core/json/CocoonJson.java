package dev.silk.core.json;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The COCOON client runner's HTTP API. The request type holds exactly the fields the runner
 * accepts, so a refused field ({@code tools}, {@code seed}, {@code user} …) cannot be sent.
 */
public final class CocoonJson {
  private static final JsonAdapter<ChatRequest> CHAT_REQUEST = ChatJson.MOSHI.adapter(ChatRequest.class);
  private static final JsonAdapter<TextRequest> TEXT_REQUEST = ChatJson.MOSHI.adapter(TextRequest.class);
  private static final JsonAdapter<Error> ERROR = ChatJson.MOSHI.adapter(Error.class);
  private static final JsonAdapter<Models> MODELS = ChatJson.MOSHI.adapter(Models.class);

  private CocoonJson() {}

  /** {@code POST /v1/chat/completions}: the OpenAI subset plus COCOON's own fields. */
  public static final class ChatRequest {
    public String model;
    public List<Message> messages;
    public Double temperature;
    @Json(name = "max_tokens") public Long maxTokens;
    public List<String> stop;
    public Boolean stream;
    @Json(name = "stream_options") public ChatJson.StreamOptions streamOptions;
    @Json(name = "max_coefficient") public Long maxCoefficient;
    /** Seconds. */
    public Double timeout;
    @Json(name = "request_guid") public String requestGuid;
  }

  /** {@code POST /v1/completions}: a prompt to continue, plus COCOON's own fields. */
  public static final class TextRequest {
    public String model;
    public String prompt;
    public Double temperature;
    @Json(name = "max_tokens") public Long maxTokens;
    public List<String> stop;
    @Json(name = "max_coefficient") public Long maxCoefficient;
    /** Seconds. */
    public Double timeout;
    @Json(name = "request_guid") public String requestGuid;
  }

  public static final class Message {
    public String role;
    public String content;
  }

  /** A failure: {@code {"error_code","error","proxy"?,"worker"?}}; codes and names kept as sent. */
  public static final class Error {
    @Json(name = "error_code") public Object errorCode;
    public Object error;
    public Object proxy;
    public Object worker;
  }

  /** {@code GET /v1/models}. */
  public static final class Models {
    public String object;
    public List<Model> data;
  }

  public static final class Model {
    public String id;
    public String object;
    public Long created;
    @Json(name = "owned_by") public String ownedBy;
    public List<Worker> workers;
  }

  public static final class Worker {
    public Long coefficient;
    @Json(name = "running_requests") public Integer runningRequests;
    @Json(name = "max_running_requests") public Integer maxRunningRequests;
  }

  public static byte[] write(ChatRequest request) {
    return CHAT_REQUEST.toJson(request).getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] write(TextRequest request) {
    return TEXT_REQUEST.toJson(request).getBytes(StandardCharsets.UTF_8);
  }

  /** @throws IOException if the bytes are not a runner error object */
  public static Error readError(byte[] json) throws IOException {
    return ChatJson.requireNonNull(ERROR.fromJson(new String(json, StandardCharsets.UTF_8)));
  }

  /** @throws IOException if the bytes are not a model list */
  public static Models readModels(byte[] json) throws IOException {
    Models m = MODELS.fromJson(new String(json, StandardCharsets.UTF_8));
    if (m == null || m.data == null) {
      throw new IOException("not a model list");
    }
    return m;
  }
}
