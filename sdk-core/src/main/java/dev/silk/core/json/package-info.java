/**
 * The OpenAI-compatible JSON that travels inside sealed requests and answers
 * ({@link dev.silk.core.json.ChatJson}) and the COCOON runner's dialect of it
 * ({@link dev.silk.core.json.CocoonJson}): one home for the wire shapes, used by the client and by
 * the reference node. Apps use the typed API in {@code dev.silk.core.chat} instead; these mutable
 * shapes exist for servers that speak the protocol.
 */
package dev.silk.core.json;
