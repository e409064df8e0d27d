package dev.silk.core.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two places where OpenAI's chat JSON is not one fixed shape: a message's {@code content}
 * is a string or an array of parts, and a request may carry properties Silk does not model
 * (an app's per-call extras, which a node must hand to its upstream unchanged). Both are read
 * in one pass; everything else stays with Moshi's own adapters. Free-form JSON values (schemas,
 * extras) are read with doubles for numbers, so integral ones are written back as integers:
 * {@code "seed": 42} stays 42, never 42.0.
 */
final class ChatJsonAdapters implements JsonAdapter.Factory {
  @Override
  public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
    if (!annotations.isEmpty()) {
      return null;
    }
    if (type == ChatJson.Message.class) {
      return new MessageAdapter(moshi).nullSafe();
    }
    if (type == Object.class) {
      return new IntegralNumbers(moshi.nextAdapter(this, type, annotations));
    }
    if (type == ChatJson.Request.class) {
      return new RequestAdapter(moshi.nextAdapter(this, type, annotations), moshi).nullSafe();
    }
    return null;
  }

  private static final class IntegralNumbers extends JsonAdapter<Object> {
    /** Doubles hold every integer up to 2^53 exactly. */
    private static final double EXACT = 9_007_199_254_740_992d;
    private final JsonAdapter<Object> values;

    IntegralNumbers(JsonAdapter<Object> values) {
      this.values = values;
    }

    @Override
    public Object fromJson(JsonReader reader) throws IOException {
      return values.fromJson(reader);
    }

    @Override
    public void toJson(JsonWriter writer, Object value) throws IOException {
      if (value instanceof Double) {
        double d = (Double) value;
        if (d == Math.rint(d) && Math.abs(d) <= EXACT) {
          writer.value((long) d);
          return;
        }
      }
      values.toJson(writer, value);
    }
  }

  /** {@code content} as a string, or as an array of text and image parts; nothing else. */
  private static final class MessageAdapter extends JsonAdapter<ChatJson.Message> {
    private static final JsonReader.Options NAMES = JsonReader.Options.of("role", "content", "tool_calls",
        "tool_call_id");
    private final JsonAdapter<List<ChatJson.ToolCall>> toolCalls;
    private final JsonAdapter<List<ChatJson.ContentPart>> parts;

    MessageAdapter(Moshi moshi) {
      this.toolCalls = moshi.adapter(Types.newParameterizedType(List.class, ChatJson.ToolCall.class));
      this.parts = moshi.adapter(Types.newParameterizedType(List.class, ChatJson.ContentPart.class));
    }

    @Override
    public ChatJson.Message fromJson(JsonReader reader) throws IOException {
      ChatJson.Message m = new ChatJson.Message();
      reader.beginObject();
      while (reader.hasNext()) {
        switch (reader.selectName(NAMES)) {
          case 0:
            m.role = string(reader);
            break;
          case 1:
            readContent(reader, m);
            break;
          case 2:
            m.toolCalls = toolCalls.fromJson(reader);
            break;
          case 3:
            m.toolCallId = string(reader);
            break;
          default:
            reader.skipName();
            reader.skipValue();
        }
      }
      reader.endObject();
      return m;
    }

    private void readContent(JsonReader reader, ChatJson.Message m) throws IOException {
      JsonReader.Token token = reader.peek();
      if (token == JsonReader.Token.BEGIN_ARRAY) {
        m.parts = parts.fromJson(reader);
        for (ChatJson.ContentPart part : m.parts) {
          part.check();
        }
      } else {
        m.content = string(reader);
      }
    }

    @Override
    public void toJson(JsonWriter writer, ChatJson.Message m) throws IOException {
      writer.beginObject();
      writer.name("role").value(m.role);
      if (m.parts != null) {
        writer.name("content");
        parts.toJson(writer, m.parts);
      } else {
        writer.name("content").value(m.content);
      }
      if (m.toolCalls != null) {
        writer.name("tool_calls");
        toolCalls.toJson(writer, m.toolCalls);
      }
      writer.name("tool_call_id").value(m.toolCallId);
      writer.endObject();
    }

    private static String string(JsonReader reader) throws IOException {
      if (reader.peek() == JsonReader.Token.NULL) {
        return reader.nextNull();
      }
      if (reader.peek() != JsonReader.Token.STRING) {
        throw new JsonDataException("expected a string at " + reader.getPath());
      }
      return reader.nextString();
    }
  }

  /**
   * The modelled fields read one by one with Moshi's adapters and written through Moshi's own
   * adapter of the class; any other property kept, in order, as a JSON value.
   */
  private static final class RequestAdapter extends JsonAdapter<ChatJson.Request> {
    private static final JsonReader.Options NAMES = JsonReader.Options.of(ChatJson.Request.MODELLED.toArray(
        new String[0]));
    private final JsonAdapter<ChatJson.Request> modelled;
    private final JsonAdapter<Object> values;
    private final JsonAdapter<String> string;
    private final JsonAdapter<Double> number;
    private final JsonAdapter<Long> integer;
    private final JsonAdapter<Boolean> bool;
    private final JsonAdapter<List<ChatJson.Message>> messages;
    private final JsonAdapter<List<String>> strings;
    private final JsonAdapter<List<ChatJson.ToolSpec>> tools;
    private final JsonAdapter<ChatJson.ResponseFormat> format;
    private final JsonAdapter<ChatJson.StreamOptions> streamOptions;

    RequestAdapter(JsonAdapter<ChatJson.Request> modelled, Moshi moshi) {
      this.modelled = modelled;
      this.values = moshi.adapter(Object.class);
      this.string = moshi.adapter(String.class);
      this.number = moshi.adapter(Double.class);
      this.integer = moshi.adapter(Long.class);
      this.bool = moshi.adapter(Boolean.class);
      this.messages = moshi.adapter(Types.newParameterizedType(List.class, ChatJson.Message.class));
      this.strings = moshi.adapter(Types.newParameterizedType(List.class, String.class));
      this.tools = moshi.adapter(Types.newParameterizedType(List.class, ChatJson.ToolSpec.class));
      this.format = moshi.adapter(ChatJson.ResponseFormat.class);
      this.streamOptions = moshi.adapter(ChatJson.StreamOptions.class);
    }

    @Override
    public ChatJson.Request fromJson(JsonReader reader) throws IOException {
      ChatJson.Request r = new ChatJson.Request();
      reader.beginObject();
      while (reader.hasNext()) {
        // The order of ChatJson.Request.MODELLED.
        switch (reader.selectName(NAMES)) {
          case 0:
            r.model = string.fromJson(reader);
            break;
          case 1:
            r.messages = messages.fromJson(reader);
            break;
          case 2:
            r.temperature = number.fromJson(reader);
            break;
          case 3:
            r.maxTokens = integer.fromJson(reader);
            break;
          case 4:
            r.stop = strings.fromJson(reader);
            break;
          case 5:
            r.tools = tools.fromJson(reader);
            break;
          case 6:
            r.toolChoice = string.fromJson(reader);
            break;
          case 7:
            r.responseFormat = format.fromJson(reader);
            break;
          case 8:
            r.stream = bool.fromJson(reader);
            break;
          case 9:
            r.streamOptions = streamOptions.fromJson(reader);
            break;
          case 10:
            r.topP = number.fromJson(reader);
            break;
          case 11:
            r.frequencyPenalty = number.fromJson(reader);
            break;
          case 12:
            r.presencePenalty = number.fromJson(reader);
            break;
          case 13:
            r.seed = integer.fromJson(reader);
            break;
          default:
            String name = reader.nextName();
            if (r.extra == null) {
              r.extra = new LinkedHashMap<>();
            }
            if (r.extra.put(name, reader.readJsonValue()) != null) {
              throw new JsonDataException("duplicate property at " + reader.getPath());
            }
        }
      }
      reader.endObject();
      return r;
    }

    @Override
    public void toJson(JsonWriter writer, ChatJson.Request r) throws IOException {
      writer.beginObject();
      int token = writer.beginFlatten();
      modelled.toJson(writer, r);
      writer.endFlatten(token);
      if (r.extra != null) {
        for (Map.Entry<String, Object> e : r.extra.entrySet()) {
          writer.name(e.getKey());
          values.toJson(writer, e.getValue());
        }
      }
      writer.endObject();
    }
  }
}
