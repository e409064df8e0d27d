package dev.silk.node.model;

import com.squareup.moshi.Moshi;
import dev.silk.core.json.ChatJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The echo reference model: a deterministic <b>test double</b>, not a language model. It lets
 * the whole protocol run and be tested on one machine:
 *
 * <ul>
 *   <li>answers with the last user message, word by word (a "token" is a whitespace-separated
 *       word), pausing {@code delay} between words when streaming;
 *   <li>honours {@code max_tokens} (finish reason {@code length}) and {@code stop} sequences;
 *   <li>with {@code response_format: json_object}, answers {@code {"echo": "<text>"}}; with a
 *       {@code json_schema}, answers an instance of the schema: every string the text (an enum
 *       its first value), every integer and number the text's word count, every boolean true,
 *       every array one item;
 *   <li>reads content parts: the text parts, and each image as {@code [image <media type>,
 *       <n> bytes]} or {@code [image <url>]};
 *   <li>with tools offered (and {@code tool_choice} not {@code none}) and a user turn last,
 *       calls the first tool with {@code {"input": "<text>"}}; after a tool turn, answers
 *       {@code "Tool result: <content>"}.
 * </ul>
 *
 * Prompt tokens are the words of all messages. Thread-safe.
 */
public final class EchoModel implements ModelBackend {
  private static final com.squareup.moshi.JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  private final Duration delay;
  private final AtomicLong calls = new AtomicLong();

  public EchoModel(Duration delay) {
    this.delay = delay;
  }

  @Override
  public String model() {
    return "echo";
  }

  @Override
  public String kind() {
    return "echo";
  }

  @Override
  public Answer generate(ChatJson.Request request, Consumer<String> onDelta) throws InterruptedException {
    List<ChatJson.Message> messages = request.messages == null ? Collections.emptyList() : request.messages;
    long promptTokens = 0;
    for (ChatJson.Message m : messages) {
      promptTokens += words(spoken(m)).size();
    }
    ChatJson.Message last = messages.isEmpty() ? new ChatJson.Message() : messages.get(messages.size() - 1);
    String lastText = spoken(last);

    boolean toolsOffered = request.tools != null && !request.tools.isEmpty() && !"none".equals(request.toolChoice);
    if (toolsOffered && "user".equals(last.role)) {
      ChatJson.ToolCall call = new ChatJson.ToolCall();
      call.id = "call_" + calls.incrementAndGet();
      call.type = "function";
      call.function = new ChatJson.FunctionCall();
      call.function.name = request.tools.get(0).function.name;
      call.function.arguments = JSON.toJson(Collections.singletonMap("input", lastText));
      List<ChatJson.ToolCall> toolCalls = new ArrayList<>();
      toolCalls.add(call);
      return new Answer(null, toolCalls, "tool_calls", promptTokens, 1);
    }

    String text = "tool".equals(last.role) ? "Tool result: " + lastText : lastText;
    if (request.responseFormat != null && "json_object".equals(request.responseFormat.type)) {
      text = JSON.toJson(Collections.singletonMap("echo", text));
    } else if (request.responseFormat != null && request.responseFormat.jsonSchema != null
        && "json_schema".equals(request.responseFormat.type)) {
      text = JSON.toJson(SchemaInstance.of(request.responseFormat.jsonSchema.schema, text));
    }
    String finish = "stop";
    if (request.stop != null) {
      for (String stop : request.stop) {
        int at = stop.isEmpty() ? -1 : text.indexOf(stop);
        if (at >= 0) {
          text = text.substring(0, at);
        }
      }
    }
    List<String> words = words(text);
    if (request.maxTokens != null && words.size() > request.maxTokens) {
      words = words.subList(0, (int) (long) request.maxTokens);
      finish = "length";
    }
    StringBuilder answer = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      if (i > 0 && !delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      String piece = i == 0 ? words.get(i) : " " + words.get(i);
      answer.append(piece);
      onDelta.accept(piece);
    }
    return new Answer(answer.toString(), null, finish, promptTokens, words.size());
  }

  /** What the echo hears of a message: its text, and a description of each image. */
  private static String spoken(ChatJson.Message m) {
    if (m.parts == null) {
      return m.content == null ? "" : m.content;
    }
    StringBuilder out = new StringBuilder();
    for (ChatJson.ContentPart part : m.parts) {
      out.append(out.length() == 0 ? "" : " ");
      if (ChatJson.ContentPart.TEXT.equals(part.type)) {
        out.append(part.text);
      } else {
        out.append(describe(part.imageUrl.url));
      }
    }
    return out.toString();
  }

  private static String describe(String url) {
    int comma = url.indexOf(',');
    if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
      String mediaType = url.substring(5, comma - ";base64".length());
      try {
        return "[image " + mediaType + ", " + java.util.Base64.getDecoder().decode(url.substring(comma + 1)).length
            + " bytes]";
      } catch (IllegalArgumentException notBase64) {
        return "[image " + mediaType + ", not base64]";
      }
    }
    return "[image " + url + "]";
  }

  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    if (text != null) {
      for (String w : text.trim().split("\\s+")) {
        if (!w.isEmpty()) {
          out.add(w);
        }
      }
    }
    return out;
  }
}
