package dev.silk.core.internal;

import dev.silk.core.Verification;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.ContentPart;
import dev.silk.core.chat.ResponseFormat;
import dev.silk.core.chat.Role;
import dev.silk.core.chat.Tool;
import dev.silk.core.chat.ToolCall;
import dev.silk.core.chat.Usage;
import dev.silk.core.json.ChatJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Converts between the public chat types and their wire DTOs. */
public final class Mapping {
  private Mapping() {}

  public static ChatJson.Request toWire(ChatCompletionCreateParams params, boolean stream) {
    ChatJson.Request r = new ChatJson.Request();
    r.model = params.model();
    r.messages = new ArrayList<>();
    for (ChatMessage m : params.messages()) {
      r.messages.add(toWire(m));
    }
    r.temperature = params.temperature();
    r.maxTokens = params.maxTokens();
    r.stop = params.stop().isEmpty() ? null : params.stop();
    if (!params.tools().isEmpty()) {
      r.tools = new ArrayList<>();
      for (Tool t : params.tools()) {
        ChatJson.ToolSpec spec = new ChatJson.ToolSpec();
        spec.type = "function";
        spec.function = new ChatJson.Function();
        spec.function.name = t.name();
        spec.function.description = t.description();
        spec.function.parameters = t.parameters();
        r.tools.add(spec);
      }
    }
    r.toolChoice = params.toolChoice();
    r.topP = params.topP();
    r.frequencyPenalty = params.frequencyPenalty();
    r.presencePenalty = params.presencePenalty();
    r.seed = params.seed();
    r.responseFormat = responseFormat(params.responseFormat());
    r.stream = stream ? Boolean.TRUE : null;
    return r;
  }

  /** The request with the caller's extra body properties, which travel sealed like the rest. */
  public static ChatJson.Request toWire(ChatCompletionCreateParams params, boolean stream,
      java.util.Map<String, Object> extraBody) {
    ChatJson.Request r = toWire(params, stream);
    r.extra = extraBody.isEmpty() ? null : extraBody;
    return r;
  }

  private static ChatJson.ResponseFormat responseFormat(ResponseFormat format) {
    if (format == null) {
      return null;
    }
    ChatJson.ResponseFormat w = new ChatJson.ResponseFormat();
    w.type = format.type().wireName();
    if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
      w.jsonSchema = new ChatJson.JsonSchema();
      w.jsonSchema.name = format.name();
      w.jsonSchema.description = format.description();
      w.jsonSchema.schema = format.schema();
      w.jsonSchema.strict = format.strict();
    }
    return w;
  }

  private static ChatJson.Message toWire(ChatMessage m) {
    ChatJson.Message w = new ChatJson.Message();
    w.role = m.role().wireName();
    if (m.parts().isEmpty()) {
      w.content = m.content();
    } else {
      w.parts = new ArrayList<>();
      for (ContentPart p : m.parts()) {
        ChatJson.ContentPart wp = new ChatJson.ContentPart();
        if (p.type() == ContentPart.Type.TEXT) {
          wp.type = ChatJson.ContentPart.TEXT;
          wp.text = p.text();
        } else {
          wp.type = ChatJson.ContentPart.IMAGE_URL;
          wp.imageUrl = new ChatJson.ImageUrl();
          wp.imageUrl.url = p.url();
          wp.imageUrl.detail = p.detail();
        }
        w.parts.add(wp);
      }
    }
    w.toolCallId = m.toolCallId();
    if (!m.toolCalls().isEmpty()) {
      w.toolCalls = new ArrayList<>();
      for (ToolCall c : m.toolCalls()) {
        ChatJson.ToolCall wc = new ChatJson.ToolCall();
        wc.id = c.id();
        wc.type = "function";
        wc.function = new ChatJson.FunctionCall();
        wc.function.name = c.name();
        wc.function.arguments = c.arguments();
        w.toolCalls.add(wc);
      }
    }
    return w;
  }

  public static ChatMessage fromWire(ChatJson.Message w) throws IOException {
    if (w == null || w.role == null) {
      throw new IOException("message without a role");
    }
    List<ToolCall> calls = new ArrayList<>();
    if (w.toolCalls != null) {
      for (ChatJson.ToolCall c : w.toolCalls) {
        if (c.id == null || c.function == null || c.function.name == null) {
          throw new IOException("tool call without id or function name");
        }
        calls.add(ToolCall.of(c.id, c.function.name, c.function.arguments == null ? "{}" : c.function.arguments));
      }
    }
    try {
      return ChatMessage.of(Role.fromWireName(w.role), w.content, calls, w.toolCallId);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage());
    }
  }

  public static ChatCompletion completion(ChatJson.Completion c, Verification verification) throws IOException {
    List<ChatCompletion.Choice> choices = new ArrayList<>();
    if (c.choices != null) {
      for (ChatJson.Choice ch : c.choices) {
        choices.add(new ChatCompletion.Choice(ch.index == null ? 0 : ch.index, fromWire(ch.message), ch.finishReason));
      }
    }
    return new ChatCompletion(c.id, c.model, c.created == null ? 0 : c.created, choices, usage(c.usage),
        verification);
  }

  public static List<ChatCompletionChunk> chunks(String ndjson) throws IOException {
    if (ndjson.isEmpty()) {
      return Collections.emptyList();
    }
    List<ChatCompletionChunk> out = new ArrayList<>();
    for (String line : ndjson.split("\n")) {
      if (!line.isEmpty()) {
        out.add(chunk(ChatJson.readCompletion(line)));
      }
    }
    return out;
  }

  public static ChatCompletionChunk chunk(ChatJson.Completion c) throws IOException {
    String delta = "";
    String finish = null;
    List<ToolCall> calls = Collections.emptyList();
    if (c.choices != null && !c.choices.isEmpty()) {
      ChatJson.Choice first = c.choices.get(0);
      if (first.delta != null && first.delta.content != null) {
        delta = first.delta.content;
      }
      if (first.delta != null && first.delta.toolCalls != null) {
        first.delta.role = "assistant";
        calls = fromWire(first.delta).toolCalls();
      }
      finish = first.finishReason;
    }
    return new ChatCompletionChunk(c.id, c.model, delta, finish, c.usage == null ? null : usage(c.usage), calls);
  }

  public static Usage usage(ChatJson.Usage u) {
    if (u == null) {
      return new Usage(0, 0);
    }
    return new Usage(u.promptTokens == null ? 0 : u.promptTokens, u.completionTokens == null ? 0 : u.completionTokens);
  }
}
