package dev.silk.core.internal.cocoon;

import dev.silk.core.RequestOptions;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.ResponseFormat;
import dev.silk.core.chat.Role;
import dev.silk.core.errors.BadRequestException;
import dev.silk.core.errors.UnsupportedFeatureException;

/** What COCOON's runner refuses, refused before anything is sent (runner and native alike). */
final class CocoonRefusals {
  private CocoonRefusals() {}

  static void check(ChatCompletionCreateParams params, RequestOptions options) {
    if (!params.tools().isEmpty() || params.toolChoice() != null) {
      throw unsupported("tools and tool_choice");
    }
    if (params.responseFormat() != null && params.responseFormat().type() != ResponseFormat.Type.TEXT) {
      throw unsupported("response_format (JSON mode and JSON schemas)");
    }
    if (params.topP() != null || params.frequencyPenalty() != null || params.presencePenalty() != null
        || params.seed() != null) {
      throw unsupported("top_p, penalties and seed");
    }
    if (!options.extraBody().isEmpty() || !options.additionalHeaders().isEmpty()) {
      throw unsupported("extra body properties and additional headers");
    }
    for (ChatMessage m : params.messages()) {
      if (!m.parts().isEmpty()) {
        throw unsupported("content parts (images)");
      }
      if (m.role() == Role.TOOL || !m.toolCalls().isEmpty()) {
        throw unsupported("tool messages and tool calls in the conversation");
      }
      if (m.content() == null) {
        throw new BadRequestException("invalid_request", "every message needs text content on COCOON", null);
      }
    }
  }

  static UnsupportedFeatureException unsupported(String what) {
    return new UnsupportedFeatureException(what + " are not available on COCOON (the runner refuses them); "
        + "nothing was sent");
  }
}
