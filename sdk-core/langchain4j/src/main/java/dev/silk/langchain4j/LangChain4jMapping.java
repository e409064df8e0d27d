package dev.silk.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
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
  static ChatCompletionCreateParams params(ChatRequest request, String defaultModel) {
    ChatRequestParameters p = request.parameters();
    refuse(p.topP(), "topP");
    refuse(p.topK(), "topK");
    refuse(p.frequencyPenalty(), "frequencyPenalty");
    refuse(p.presencePenalty(), "presencePenalty");
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
      if (format.jsonSchema() != null) {
        throw new UnsupportedFeatureException("Silk carries JSON mode (ResponseFormat.JSON) but not yet a JSON schema");
      }
      b.jsonObjectResponse(true);
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
      if (!user.hasSingleText()) {
        throw new UnsupportedFeatureException("Silk carries text messages; image, audio and other parts are not "
            + "supported yet");
      }
      return ChatMessage.user(user.singleText());
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

  /** The tool's parameters as the JSON Schema object OpenAI's wire format takes. */
  private static Map<String, Object> schema(ToolSpecification spec) {
    if (spec.parameters() == null) {
      Map<String, Object> none = new LinkedHashMap<>();
      none.put("type", "object");
      none.put("properties", new LinkedHashMap<>());
      return none;
    }
    // LangChain4j's own JSON Schema writer (the one its OpenAI model uses).
    return JsonSchemaElementUtils.toMap(spec.parameters());
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
