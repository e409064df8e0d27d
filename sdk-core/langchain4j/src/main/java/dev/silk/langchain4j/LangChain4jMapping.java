package dev.silk.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.ContentPart;
import dev.silk.core.chat.Role;
import dev.silk.core.chat.Tool;
import dev.silk.core.chat.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** LangChain4j's chat request and response, to and from Silk's (both models share it). */
final class LangChain4jMapping {
  private LangChain4jMapping() {}

  /** Silk's parameters for {@code request}; what Silk cannot carry is refused, never dropped. */
  static ChatCompletionCreateParams params(ChatRequest request, String defaultModel, boolean strictJsonSchema) {
    ChatRequestParameters p = request.parameters();
    refuse(p.topK(), "topK");
    String model = p.modelName() != null ? p.modelName() : defaultModel;
    if (model == null) {
      throw new IllegalArgumentException("no model: give SilkChatModel.builder().modelName(...) or the request one");
    }
    ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder().model(model);
    for (dev.langchain4j.data.message.ChatMessage m : request.messages()) {
      b.addMessage(message(m));
    }
    if (p.temperature() != null) {
      b.temperature(p.temperature());
    }
    if (p.topP() != null) {
      b.topP(p.topP());
    }
    if (p.frequencyPenalty() != null) {
      b.frequencyPenalty(p.frequencyPenalty());
    }
    if (p.presencePenalty() != null) {
      b.presencePenalty(p.presencePenalty());
    }
    if (p.maxOutputTokens() != null) {
      b.maxTokens(p.maxOutputTokens());
    }
    if (p.stopSequences() != null) {
      p.stopSequences().forEach(b::addStop);
    }
    if (p.toolSpecifications() != null) {
      for (ToolSpecification spec : p.toolSpecifications()) {
        b.addTool(Tool.function(spec.name(), spec.description(), schema(spec)));
      }
      if (p.toolChoice() != null && !p.toolSpecifications().isEmpty()) {
        b.toolChoice(p.toolChoice().name().toLowerCase(Locale.ROOT));
      }
    }
    ResponseFormat format = p.responseFormat();
    if (format != null && format.type() == ResponseFormatType.JSON) {
      JsonSchema schema = format.jsonSchema();
      if (schema == null) {
        b.jsonObjectResponse(true);
      } else {
        String name = schema.name() == null ? "answer" : schema.name();
        b.responseFormat(dev.silk.core.chat.ResponseFormat.jsonSchema(name,
            LangChain4jSchemas.toMap(schema.rootElement()), strictJsonSchema));
      }
    }
    return b.build();
  }

  /** LangChain4j's response for a verified Silk answer; its metadata carries the verification. */
  static ChatResponse response(ChatCompletion answer) {
    ChatCompletion.Choice choice = answer.choices().get(0);
    List<ToolExecutionRequest> requests = new ArrayList<>();
    for (ToolCall call : choice.message().toolCalls()) {
      requests.add(ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(call.arguments()).build());
    }
    String text = choice.message().content();
    AiMessage message = requests.isEmpty() ? AiMessage.from(text == null ? "" : text)
        : text == null || text.isEmpty() ? AiMessage.from(requests) : AiMessage.from(text, requests);
    return ChatResponse.builder()
        .aiMessage(message)
        .metadata(SilkChatResponseMetadata.builder()
            .id(answer.id())
            .modelName(answer.model())
            .tokenUsage(new TokenUsage((int) answer.usage().promptTokens(), (int) answer.usage().completionTokens()))
            .finishReason(finishReason(choice.finishReason()))
            .verification(answer.verification())
            .build())
        .build();
  }

  private static ChatMessage message(dev.langchain4j.data.message.ChatMessage m) {
    if (m instanceof SystemMessage) {
      return ChatMessage.system(((SystemMessage) m).text());
    } else if (m instanceof UserMessage) {
      UserMessage user = (UserMessage) m;
      return user.hasSingleText() ? ChatMessage.user(user.singleText()) : ChatMessage.user(parts(user));
    } else if (m instanceof AiMessage) {
      AiMessage ai = (AiMessage) m;
      List<ToolCall> calls = new ArrayList<>();
      if (ai.hasToolExecutionRequests()) {
        for (ToolExecutionRequest r : ai.toolExecutionRequests()) {
          calls.add(ToolCall.of(r.id(), r.name(), r.arguments()));
        }
      }
      return ChatMessage.of(Role.ASSISTANT, ai.text(), calls, null);
    } else if (m instanceof ToolExecutionResultMessage) {
      ToolExecutionResultMessage result = (ToolExecutionResultMessage) m;
      return ChatMessage.tool(result.id(), result.text());
    }
    throw new UnsupportedFeatureException("Silk does not carry LangChain4j messages of type " + m.type());
  }

  private static List<ContentPart> parts(UserMessage user) {
    List<ContentPart> parts = new ArrayList<>();
    for (Content content : user.contents()) {
      if (content instanceof TextContent) {
        parts.add(ContentPart.text(((TextContent) content).text()));
      } else if (content instanceof ImageContent) {
        parts.add(image((ImageContent) content));
      } else {
        throw new UnsupportedFeatureException("Silk carries text and image parts, not " + content.type());
      }
    }
    return parts;
  }

  private static ContentPart image(ImageContent content) {
    Image image = content.image();
    String url;
    if (image.url() != null) {
      url = image.url().toString();
    } else if (image.base64Data() != null && image.mimeType() != null) {
      url = "data:" + image.mimeType() + ";base64," + image.base64Data();
    } else {
      throw new UnsupportedFeatureException("an image part needs a URL, or base64 data with its MIME type");
    }
    if (content.detailLevel() == null) {
      return ContentPart.imageUrl(url);
    }
    try {
      return ContentPart.imageUrl(url, content.detailLevel().name().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UnsupportedFeatureException("OpenAI's image detail is AUTO, LOW or HIGH, not "
          + content.detailLevel());
    }
  }

  /** The tool's parameters as the JSON Schema object OpenAI's wire format takes. */
  private static Map<String, Object> schema(ToolSpecification spec) {
    if (spec.parameters() == null) {
      Map<String, Object> none = new LinkedHashMap<>();
      none.put("type", "object");
      none.put("properties", new LinkedHashMap<>());
      return none;
    }
    return LangChain4jSchemas.toMap(spec.parameters());
  }

  private static FinishReason finishReason(String reason) {
    if (reason == null) {
      return null;
    }
    switch (reason) {
      case "stop":
        return FinishReason.STOP;
      case "length":
        return FinishReason.LENGTH;
      case "tool_calls":
        return FinishReason.TOOL_EXECUTION;
      case "content_filter":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.OTHER;
    }
  }

  private static void refuse(Object value, String name) {
    if (value != null) {
      throw new UnsupportedFeatureException("Silk does not carry the chat parameter '" + name + "' yet");
    }
  }
}
