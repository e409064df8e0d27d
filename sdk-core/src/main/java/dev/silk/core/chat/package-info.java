/**
 * OpenAI-style chat types and the {@link dev.silk.core.chat.Completions} service.
 *
 * <pre>{@code
 * ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
 *     .model("echo").addMessage(ChatMessage.user("Hello")).build());
 * }</pre>
 */
package dev.silk.core.chat;
